"""Read articles from files, folders, streams, feeds and WARC archives into `RawDocument`s.

`read_paths` is the stage function. `formats` is the registry of input formats (and the
`ReadFailure` every reader returns); `files` walks paths and streams, `parse` reads text,
JSON, JSONL and CSV, `feeds`, `warc` and `urls` read feeds, web archives and URLs, and
`encoding` is the byte-level decoding they share.
"""

from .files import iter_files, read_paths, read_stream
from .formats import ReadFailure

__all__ = ["ReadFailure", "iter_files", "read_paths", "read_stream"]
