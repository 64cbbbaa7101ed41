"""Figures: casualty and displacement numbers with their kind, qualifier, victims, side and reporter."""

from .context import own_side
from .extract import extract_figures

__all__ = ["extract_figures", "own_side"]
