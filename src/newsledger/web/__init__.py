"""The dashboard and HTTP API: `create_app(db_path)` builds the FastAPI app, `serve()` runs it.

    >>> from newsledger.web import serve
    >>> serve("karabakh.db", host="127.0.0.1", port=8000, allow_ingest=False)
"""

from .app import MAX_INGEST_BYTES, create_app, running, serve

__all__ = ["MAX_INGEST_BYTES", "create_app", "running", "serve"]
