"""The tense of the clause a temporal expression sits in: past, present or future.

Read from the parse: the verb governing the expression, its auxiliaries ("will",
"has", "is going to") and its tag; plans ("scheduled for", "set to", "due to")
point ahead. The tense later decides which way an underspecified expression points
("on Friday" before or after the anchor; `anchor.resolve`).
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

Tense = Literal["past", "present", "future"]

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "'d"})
FUTURE_LEMMAS = frozenset({
    "schedule", "plan", "expect", "due", "set", "intend", "aim", "prepare", "propose", "hope", "upcoming",
})


def clause_tense(doc: Doc, start: int, end: int) -> Tense | None:
    """Return the tense of the clause a character range sits in: past, present or future (None if no verb)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.lemma_ in FUTURE_LEMMAS):
            return _verb_tense(token, 0)
        if token.head is token:
            return None
        token = token.head
    return None


def _plans(verb: Token) -> bool:
    """ "Scheduled for Thursday", "set to take effect", "set for 2026", "due to begin" (not "set up")."""
    if verb.lemma_ not in FUTURE_LEMMAS:
        return False
    if verb.lemma_ in ("set", "prepare", "hope", "aim"):
        to_do = any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children)
        return to_do or verb.lemma_ == "set" and any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children)
    return True


def _verb_tense(verb: Token, depth: int) -> Tense | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowered = {a.lower_ for a in auxes}
    if lowered & FUTURE_AUX or _plans(verb) or any(c.lower_ == "going" for c in auxes):
        return "future"
    if "to" in lowered and verb.tag_ in ("VB", "VBN"):
        # A purpose clause or an infinitive after a noun points ahead ("the programme to run
        # through June"); a complement shares its head's time ("agreed to sell in October").
        head = verb.head
        if verb.dep_ in ("advcl", "acl", "relcl") or head.pos_ in ("NOUN", "PROPN"):
            return "future"
        return None if head is verb or depth > 3 else _verb_tense(head, depth + 1)
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN" and not auxes:
        return _verb_tense(verb.head, depth + 1) if verb.dep_ == "conj" and depth < 4 else "past"
    if verb.tag_ == "VBN" and lowered & {"has", "have", "had", "'s", "'ve"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG") or lowered & {"is", "are", "am"}:
        return "present"
    return None
