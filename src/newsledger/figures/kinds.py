"""Which kind of count a number is (killed, injured, displaced, missing, detained), and when it is void.

The kind is read from the curated cue tables of data/figure_lexicon.tsv through the dependency
parse: the counted noun ("100 deaths"), a participle on it ("servicemen killed"), the verb the
counted phrase is an argument of ("54 soldiers were killed"), a running toll ("the death toll
rose to 54"), or the words right after the count when the parse fails. A reading is void when
it is negated, hypothetical, reported only to be denied, or mixes kinds ("killed or wounded").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Token

from ..actors.index import ActorIndex
from .numbers import Quantity, QuantityWords
from ..records import FigureKind, Group

_SKIP_AUX = frozenset({"were", "are", "was", "is", "have", "has", "had", "been", "being", "reportedly", "also", "all",
                       "allegedly", "now", "later", "confirmed", "so", "far", "already"})
_HYPOTHETICAL = frozenset({"could", "would", "might", "will", "should"})
_DENIALS = frozenset({"deny", "reject", "refute", "dismiss", "dispute"})
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "ROOT", "conj", "appos", "dative"})


@dataclass(frozen=True)
class FigureLexicon:
    """The curated cue tables of data/figure_lexicon.tsv (keyed by lowercase words and lemmas), with the actor
    dictionary and quantity words the figures stage reads beside them."""

    verbs: dict[str, tuple[FigureKind, str]]
    complements: dict[str, FigureKind]
    nouns: dict[str, FigureKind]
    lives_verbs: frozenset[str]
    toll_nouns: frozenset[str]
    toll_verbs: frozenset[str]
    raising: frozenset[str]
    blockers: frozenset[str]
    homes: frozenset[str]
    persons: dict[str, Group]
    modifiers: dict[str, Group]
    cues: frozenset[str]
    actors: ActorIndex
    quantities: QuantityWords


@dataclass(frozen=True)
class Reading:
    """How one count was tied to a kind: the deciding verb or noun, and the toll noun if any."""

    kind: FigureKind
    anchor: Token
    toll: Token | None = None


def load_figure_lexicon(actors: ActorIndex, quantities: QuantityWords) -> FigureLexicon:
    """Read data/figure_lexicon.tsv; the figures stage reads with it the actor dictionary and quantity words."""
    text = resources.files("newsledger").joinpath("data/figure_lexicon.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader((ln for ln in text.splitlines() if not ln.startswith("#")), delimiter="\t"))

    def table(category: str) -> dict[str, str]:
        return {r["term"].lower(): r["value"] for r in rows if r["category"] == category}

    def words(category: str) -> frozenset[str]:
        return frozenset(table(category))

    verbs = {r["term"]: (r["value"], r["extra"]) for r in rows if r["category"] == "verb"}
    cues = frozenset(verbs) | words("complement") | words("noun") | words("toll_noun")
    return FigureLexicon(
        verbs=verbs, complements=table("complement"), nouns=table("noun"), lives_verbs=words("lives_verb"),
        toll_nouns=words("toll_noun"), toll_verbs=words("toll_verb"), raising=words("raising"),
        blockers=words("blocker"), homes=words("home"), persons=table("person"), modifiers=table("modifier"),
        cues=cues, actors=actors, quantities=quantities,
    )


def read_kind(doc: Doc, q: Quantity, nominal: Token | None, top: Token, lex: FigureLexicon) -> Reading | None:
    """Which kind of count this is, read from the noun, its modifiers, its verb, a toll or the next words.

    Args:
        doc: the parsed document.
        q: the quantity, with document token offsets.
        nominal: the noun it counts, if any ("soldiers" in "54 soldiers").
        top: the token attaching the counted phrase to the sentence.
        lex: the cue tables.

    Returns:
        The kind and the word that decided it, or None when no cue makes it a count of victims.
    """
    if nominal is not None:
        if _blocked(nominal, lex):
            return None
        reading = _noun_kind(nominal, lex)
        if reading is not None:
            return reading
    for tok in (nominal, doc[q.head]):
        if tok is not None:
            reading = _modifier_kind(tok, lex)
            if reading is not None:
                return reading
    return (_governor_kind(top, lex) or _toll_kind(top, lex)
            or _modifier_kind(nominal or doc[q.head], lex, before=True)
            or _window_kind(doc, q, nominal, lex))


def voided(reading: Reading, top: Token, lex: FigureLexicon) -> bool:
    """True when the sentence undoes a reading: negated, hypothetical, denied, or mixing kinds ("killed or wounded")."""
    anchor = reading.anchor
    return _negated(anchor, top) or _hypothetical(anchor) or _denied(anchor) or _either_kind(anchor, lex)


def _noun_kind(noun: Token, lex: FigureLexicon) -> Reading | None:
    """ "100 deaths", "350 military deaths", "claimed 400 lives", "1.5 million refugees"."""
    lemma = noun.lemma_.lower()
    kind = lex.nouns.get(lemma) or lex.nouns.get(noun.lower_)
    if kind is None:
        return None
    verb = governing_verb(noun)
    if lemma == "life" and (verb is None or verb.lemma_.lower() not in lex.lives_verbs):
        return None
    if verb is not None and verb.lemma_.lower() in lex.blockers:
        return None
    return Reading(kind, verb if verb is not None else noun)


def _blocked(noun: Token, lex: FigureLexicon) -> bool:
    """True when a word above the count undoes it: "exchanged 95 prisoners", "the escape of 23 prisoners"."""
    tok = noun
    for _ in range(5):
        if tok.head == tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in lex.blockers:
            return True
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ not in ("conj", "appos", "pobj", "prep"):
            return False
    return False


def governing_verb(tok: Token) -> Token | None:
    """The verb a noun phrase is an argument of, through coordination and "a total of"."""
    for _ in range(5):
        if tok.head == tok:
            return None
        if tok.dep_ not in ("conj", "appos", "pobj", "prep"):
            return tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def _modifier_kind(tok: Token, lex: FigureLexicon, before: bool = False) -> Reading | None:
    """A participle or adjective after the counted noun ("servicemen killed", "12 dead").

    With before=True, one before it ("20,000 displaced people"); that is read after the verb,
    which wins over it ("murdered 50 captive officers" are killed, not detained).
    """
    for child in tok.children:
        if (child.i < tok.i) != before:
            continue
        if child.dep_ in ("acl", "amod", "relcl", "oprd") and not _negated(child, tok):
            kind = _word_kind(child, lex)
            if kind is not None and (child.dep_ != "relcl" or _is_passive(child)):
                return Reading(kind, child)
    return None


def _word_kind(tok: Token, lex: FigureLexicon) -> FigureKind | None:
    """The kind a participle or complement word expresses ("killed", "dead", "missing")."""
    if tok.lower_ in lex.complements:
        return lex.complements[tok.lower_]
    entry = lex.verbs.get(tok.lemma_.lower())
    if entry is not None and entry[1] == "obj" and tok.tag_ == "VBN":
        return entry[0]
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _governor_kind(top: Token, lex: FigureLexicon) -> Reading | None:
    """The kind from the verb the counted phrase is an argument of ("54 soldiers were killed")."""
    tok = top
    while tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON", "ADJ"):
        tok = tok.head
    owner = tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among", "of") and owner.pos_ in ("NOUN", "PROPN"):
        if tok.head.lower_ == "of":
            return _noun_kind(owner, lex) if owner.lemma_.lower() != "number" else None
        return _noun_kind(owner, lex) or _modifier_kind(owner, lex) or _governor_kind(owner, lex)
    if tok.dep_ in ("prep", "prt", "advmod") and tok.head.pos_ in ("VERB", "AUX"):
        return _verb_kind(tok.head, "dobj", lex)
    if tok.dep_ in _ARGS and tok.head != tok and tok.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _verb_kind(tok.head, tok.dep_, lex)
    return None


def _verb_kind(verb: Token, dep: str, lex: FigureLexicon) -> Reading | None:
    """The kind a verb gives an argument in role `dep`, descending through "said to have" and "confirmed"."""
    lemma = verb.lemma_.lower()
    passive = dep == "nsubjpass" or _is_passive(verb)
    entry = lex.verbs.get(lemma)
    if entry is not None:
        kind, role = entry
        if role == "obj" and (dep in ("dobj", "nsubjpass", "oprd") or passive or not _has_object(verb)):
            return Reading(kind, verb)
        if role == "subj" and dep in ("nsubj", "nsubjpass"):
            return Reading(kind, verb)
        if role == "home" and _leaves_home(verb, lex):
            return Reading(kind, verb)
    if lemma == "lose" and dep == "nsubj":
        if any(c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children):
            return Reading("killed", verb)
    if lemma == "miss" and verb.tag_ == "VBG" and dep == "nsubj":  # "40 are still missing", parsed as a verb
        return Reading("missing", verb)
    if lemma in ("suffer", "sustain") and any(c.lemma_.lower() in ("injury", "wound") for c in verb.children):
        return Reading("injured", verb)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among" and dep in ("nsubj", "nsubjpass"):
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                reading = _noun_kind(obj, lex) or _modifier_kind(obj, lex)
                kind = reading.kind if reading is not None else lex.complements.get(obj.lower_)
                if kind is not None:
                    return Reading(kind, verb)
        if child.dep_ in ("acomp", "oprd", "xcomp", "attr", "ccomp", "advcl", "dobj", "npadvmod"):
            if child.lower_ in lex.complements and child.dep_ != "dobj":
                return Reading(lex.complements[child.lower_], child)
            lifts = lemma in lex.raising or lemma in ("be", "remain", "go", "leave", "force")
            if child.dep_ in ("xcomp", "oprd") and lifts:
                inner = _verb_kind(child, "nsubjpass" if _is_passive(child) else "nsubj", lex)
                if inner is not None:
                    return inner
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "attr") for c in verb.children)


def _leaves_home(verb: Token, lex: FigureLexicon) -> bool:
    """ "forced from their homes", "forced to flee", "driven out"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "out"):
            if any(p.lemma_.lower() in lex.homes for p in child.subtree):
                return True
        if child.dep_ == "xcomp" and child.lemma_.lower() in ("flee", "leave", "evacuate", "abandon", "escape"):
            return True
        if child.dep_ == "prt" and child.lower_ == "out":
            return True
    return False


def _toll_kind(top: Token, lex: FigureLexicon) -> Reading | None:
    """ "the death toll rose to 54", "bringing the number of servicemen killed ... to 158"."""
    if not (top.dep_ == "pobj" and top.head.lower_ in ("to", "at")) and top.dep_ not in ("attr", "dobj"):
        return None
    for anc in [top, *list(top.ancestors)[:7]]:
        if anc.lemma_.lower() in lex.toll_nouns and anc.pos_ == "NOUN":
            return _toll_noun_kind(anc, lex)
        if anc.lemma_.lower() in lex.toll_verbs or (anc.lemma_ == "be" and top.dep_ == "attr"):
            tolls = [c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in lex.toll_nouns]
            # "Official figures put the death toll at N": the toll that says what it counts decides
            return next((r for r in (_toll_noun_kind(c, lex) for c in tolls) if r is not None), None)
    return None


def _toll_noun_kind(noun: Token, lex: FigureLexicon) -> Reading | None:
    """The kind of a toll noun: "death toll", "toll", "number of people killed", "total" after a killing."""
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in ("death", "dead", "fatality"):
            return Reading("killed", noun, noun)
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in ("casualty", "injury"):
            return None
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                kind = lex.nouns.get(obj.lemma_.lower()) or lex.complements.get(obj.lower_)
                reading = _modifier_kind(obj, lex)
                if kind is not None or reading is not None:
                    return Reading(kind or reading.kind, noun, noun)
    own = _modifier_kind(noun, lex)
    if own is not None:
        return Reading(own.kind, noun, noun)
    if noun.lemma_.lower() == "toll":
        return Reading("killed", noun, noun)
    verb = governing_verb(noun)
    while verb is not None and verb.dep_ in ("advcl", "xcomp", "conj"):
        verb = verb.head
        kind = _verb_kind(verb, "nsubjpass", lex)
        if kind is not None:
            return Reading(kind.kind, noun, noun)
    return None


def _window_kind(doc: Doc, q: Quantity, nominal: Token | None, lex: FigureLexicon) -> Reading | None:
    """When the parse fails: a kind word right after the count ("several journalists injured")."""
    i = max(q.end, nominal.i + 1 if nominal is not None else q.end)
    limit = min(len(doc), i + 4)
    while i < limit and doc[i].lower_ in _SKIP_AUX:
        i += 1
    if i < limit and doc[i].sent == doc[q.start].sent:
        kind = _word_kind(doc[i], lex)
        if kind is not None:
            return Reading(kind, doc[i])
    return None


def _negated(anchor: Token, top: Token) -> bool:
    """True for "has not admitted to any", "no one was killed", "were never found"."""
    chain = [anchor]
    tok = anchor
    while tok.dep_ in ("xcomp", "oprd", "acomp") and tok.head != tok:
        tok = tok.head
        chain.append(tok)
    if any(c.dep_ == "neg" for t in chain for c in t.children):
        return True
    return any(c.lower_ in ("no", "none") for c in top.children if c.dep_ == "det")


def _either_kind(anchor: Token, lex: FigureLexicon) -> bool:
    """True for "killed or wounded": the count mixes kinds, like "casualties"."""
    pairs = [(anchor, c) for c in anchor.children if c.dep_ == "conj"]
    if anchor.dep_ == "conj":
        pairs.append((anchor.head, anchor))
    for first, second in pairs:
        if any(c.dep_ == "cc" and c.lower_ == "or" for c in first.children):
            kinds = {_word_kind(t, lex) or _verb_entry_kind(t, lex) for t in (first, second)}
            if None not in kinds and len(kinds) > 1:
                return True
    return False


def _verb_entry_kind(tok: Token, lex: FigureLexicon) -> FigureKind | None:
    entry = lex.verbs.get(tok.lemma_.lower())
    return entry[0] if entry is not None else None


def _denied(anchor: Token) -> bool:
    """True for a count reported only to be denied: "denied that 40 soldiers had died"."""
    tok = anchor
    for _ in range(3):
        if tok.head == tok:
            return False
        if tok.dep_ in ("ccomp", "dobj") and tok.head.lemma_.lower() in _DENIALS:
            return True
        tok = tok.head
    return False


def _hypothetical(anchor: Token) -> bool:
    """True for projections and conditions: "could be displaced", "if 100 are killed"."""
    tok = anchor
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "oprd", "acomp") or tok.head == tok:
            break
        tok = tok.head
    return False
