"""Claims: who said what (statements, denials, accusations), and which claim reports each figure."""

from .extract import attribute, extract_claims

__all__ = ["attribute", "extract_claims"]
