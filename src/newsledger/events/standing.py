"""Whether a trigger stands as an event: with a participant, or as an act the text tells.

A trigger word alone is often a topic ("the fighting", "an attack would be a mistake"), not an
event; these checks keep the ones a coder would record even when no party is named, so that
their date and place can come from the text around them.
"""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import MUST_ROW, Found
from .context import HAPPENING, DocState
from .where import event_place
from .patterns import misparsed_gerund, token_classes

# Objects whose naming makes force or coercion an event: "the destruction of two tanks".
_UNDERGOERS = frozenset({"armed", "materiel", "weapon", "territory", "civilian", "person", "property", "base",
                         "aircraft", "prisoner"})
# Acts a verb tells in full even with no party named: "a truce had been reached", "a bomb exploded".
_TOLD_TYPES = frozenset({"ASSAULT", "AGREE", "MOBILIZE"})
# Marks of a clause whose act has not happened that `status_of` leaves asserted ("before a ceasefire is
# reached"); the conditional ones ("if", "unless", "until") it already reads.
_PENDING_MARKS = frozenset("before till once".split())
# A clause opened by these tells a time, not an act of the report: "before a ceasefire is reached", "since the
# fighting began".
_TIME_MARKS = _PENDING_MARKS | {"since"}
# "Clashes were reported north of Woreta", "another attack was recorded at a village": a noun of force these say
# happened (not "no clashes were reported", "attacks could be recorded").
_RECORDED = frozenset({"report", "record"})
# Prepositions after a noun of force that name what it struck: "new attacks on Stepanakert".
_STRUCK = frozenset({"on"})
# Auxiliaries that leave an outbreak unsure: "clashes could break out again".
_UNSURE = frozenset("could may might would will should can".split())


def substantial(f: Found, state: DocState) -> bool:
    """A trigger noun alone ('the fighting') is an event only with a participant or as one itself."""
    head = state.doc[f.head]
    if f.row is MUST_ROW or f.light or f.charged or head.pos_ not in ("NOUN", "PROPN") or f.actors:
        return True
    participant = head.dep_ in ("nsubj", "nsubjpass")
    if f.target is not None:
        return participant or f.type in ("ASSAULT", "COERCE", "SANCTION")
    if _undergoer(f, state) or f.type == "ASSAULT" and _struck_place(head, state):
        return True
    return participant and (event_place(f, f.type, state) is not None or erupted(head)) and f.type in (
        "ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "CONSULT")


def stands_alone(f: Found, type_: str, status: str, state: DocState) -> bool:
    """Whether an event with no actor, target or place of its own is still one: force on a named
    object, or an act told by a finite verb (`type_` and `status` as `status_of` read them)."""
    return f.charged or _undergoer(f, state) or _told(f, type_, status, state) or (
        type_ == "ASSAULT" and _struck_place(state.doc[f.head], state))


def _told(f: Found, type_: str, status: str, state: DocState) -> bool:
    """'A truce had been reached', 'the explosion ripped through the hall': an act told by a verb
    stands with no party named; its parties and place come from the text around it."""
    head = state.doc[f.head]
    if type_ not in _TOLD_TYPES or status not in ("asserted", "historical") or f.nested or head.dep_ in (
            "relcl", "acl", "amod"):
        return False  # "we won't accept" (a REJECT), planned acts; "observers who were taken hostage"
    verb = state.doc[f.predicate] if f.light else head
    if (head.pos_ in ("NOUN", "PROPN") or _gerund_subject(head)) and not f.light:
        return erupted(head)
    if any(c.dep_ == "mark" and c.lower_ in _PENDING_MARKS for c in verb.children):
        return False  # "before a ceasefire is reached": not an act that happened
    # a finite verb tells the act; a participle ("..., wounding 20") tells more of an act told before it
    return verb.pos_ in ("VERB", "AUX") and (verb.tag_ in ("VBD", "VBP", "VBZ") or any(
        c.dep_ in ("aux", "auxpass") for c in verb.children))


def erupted(noun: Token) -> bool:
    """'Clashes broke out at a checkpoint', 'shelling damaged 20 houses', 'clashes were reported': a noun of
    force whose own verb says it happened (finite, with no modal or negation) tells the act."""
    verb = noun.head
    if noun.dep_ == "nsubjpass" and verb.lemma_.lower() in _RECORDED and noun.pos_ == "NOUN" and not any(
            c.lower_ == "no" for c in noun.children):
        return verb.tag_ == "VBN" and not any(c.dep_ == "neg" or c.lower_ in _UNSURE for c in verb.children)
    if not (noun.pos_ in ("NOUN", "PROPN") or _gerund_subject(noun)) or noun.dep_ not in ("nsubj", "aux") or (
            verb.pos_ != "VERB" or verb.lemma_.lower() not in HAPPENING):
        return False
    words = {c.lower_ for c in verb.children if c.dep_ in ("prt", "dobj")}
    if HAPPENING[verb.lemma_.lower()] and not words & HAPPENING[verb.lemma_.lower()]:
        return False  # "break" needs "out", "take" needs "place"
    if any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in _UNSURE for c in verb.children):
        return False  # "clashes could break out again"
    if any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in verb.children):
        return False  # "killed since the fighting began": the start of a time told, not an act of the report
    return verb.tag_ in ("VBD", "VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _gerund_subject(tok: Token) -> bool:
    """'overnight shelling damaged 20 houses': the parser may read a noun of force as a gerund subject, or as
    the auxiliary of the verb after it."""
    return tok.tag_ == "VBG" and tok.dep_ == "nsubj" or misparsed_gerund(tok)


def _struck_place(head: Token, state: DocState) -> bool:
    """'Armenian sources report new attacks on Stepanakert', 'a raid on Kapedo': force on a named town
    or region is an event even when no party is named; the attacker comes from context, and a name the
    gazetteer lacks is placed by the paragraph around it."""
    return any(p.dep_ == "prep" and p.lower_ in _STRUCK and any(
        o.dep_ == "pobj" and (state.is_local_place(o.i) or _unknown_name(o, state)) for o in p.children)
        for p in head.children)


def _unknown_name(tok: Token, state: DocState) -> bool:
    """A proper name the model reads as a place, or as nothing, and no actor: a village the gazetteer lacks."""
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("", "GPE", "LOC", "FAC") and not state.is_actor(tok.i)


def _undergoer(f: Found, state: DocState) -> bool:
    """Whether force or coercion has a named object: 'the destruction of two tanks', 'the arrest of activists'."""
    return f.obj is not None and f.type in ("ASSAULT", "COERCE") and bool(
        token_classes(state.doc[f.obj], state.lexicon) & _UNDERGOERS)
