"""Dates: time expressions, the publication date, and the date of every event and figure."""

from .calendar import DatingTables
from .publication import Timex, normalize_timexes
from .records import date_records, with_publication_date
from .timex import Found, find_timexes

__all__ = [
    "DatingTables", "Found", "Timex", "date_records", "find_timexes", "normalize_timexes", "with_publication_date",
]
