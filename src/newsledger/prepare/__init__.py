"""Prepare a raw article for analysis: clean text, metadata, and the relevance gate's score."""

from .clean import Cleaned, clean, clean_html
from .metadata import describe, web_url
from .relevance import Gate, load_gate, score

__all__ = ["Cleaned", "Gate", "clean", "clean_html", "describe", "load_gate", "score", "web_url"]
