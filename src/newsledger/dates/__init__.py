"""Dates: time expressions, the publication date, and the date of every event and figure."""

from .calendar import DatingTables
from .publication import Timex, normalize_timexes
from .records import date_records, with_publication_date

__all__ = ["DatingTables", "Timex", "date_records", "normalize_timexes", "with_publication_date"]
