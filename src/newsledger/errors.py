"""The exception hierarchy of newsledger.

    NewsledgerError
    ├── InputError          an input could not be read or decoded (file, line, stdin)
    │   └── FormatError     the input was read but its format is malformed (JSON, CSV, HTML)
    ├── LedgerError         the ledger file is unusable (schema, migration, corruption)
    ├── ModelError          the pinned spaCy model is missing or not the pinned one
    └── GoldError           a gold file for `newsledger eval` is malformed

Each error carries a stable ``code`` so that reports and tests can refer to it.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""

    code = "NL000"


class InputError(NewsledgerError):
    """An input (file, line, stdin) could not be read or decoded."""

    code = "NL100"


class FormatError(InputError):
    """An input was read but its structure is malformed."""

    code = "NL101"


class LedgerError(NewsledgerError):
    """The ledger database is unusable."""

    code = "NL200"


class ModelError(NewsledgerError):
    """The pinned spaCy pipeline is missing or not the pinned version."""

    code = "NL300"


class GoldError(NewsledgerError):
    """A gold file for evaluation is malformed."""

    code = "NL400"
