"""The words a claim is about: content words and names, stemmed alike.

The claims stage links a denial to the claim it answers inside one document by the words
they share (`claims.extract.link_denials`); linking compares claims of different documents
with the same words (`linking.contradictions`). Both read them here, so the two agree on
what a word is and neither imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[\w][\w\-]*")
_NAME = re.compile(r"\b[A-Z][\w\-]+")


def keywords(text: str) -> set[str]:
    """The content words of a text, lowercased and stemmed: no stop words, no short words unless numbered."""
    words = _WORD.findall(text.lower())
    return {stem(w) for w in words if w not in STOP_WORDS and (len(w) > 2 or any(ch.isdigit() for ch in w))}


def names(texts: Iterable[str]) -> set[str]:
    """The capitalised words of some texts, lowercased and stemmed as `keywords` stems them."""
    return {stem(w.lower()) for text in texts for w in _NAME.findall(text)}


def stem(word: str) -> str:
    """A plural's singular, crudely: a final "s" dropped from words over four letters (not "-ss")."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word
