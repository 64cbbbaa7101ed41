"""Read articles from files, folders, streams, feeds and WARC archives into `RawDocument`s.

`read_paths` is the stage function; `files` holds the registry of input formats, `feeds` the
feed and WARC readers, `encoding` the byte-level decoding they share.
"""

from .files import ReadFailure, iter_files, read_paths, read_stream

__all__ = ["ReadFailure", "iter_files", "read_paths", "read_stream"]
