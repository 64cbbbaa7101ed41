"""The ledger: SQLite storage of documents and records, migrations, and the export contract.

`Ledger` stores and reads records; `newsledger.ledger.export.export` writes the
LEDGER.md files; `newsledger.ledger.contract` validates them.
"""

from .store import TABLES, Ledger, SearchHit

__all__ = ["TABLES", "Ledger", "SearchHit"]
