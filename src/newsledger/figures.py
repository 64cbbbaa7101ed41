"""Counts of people killed, injured, displaced, missing or detained, read from parsed sentences.

A sentence is read only when it holds a number-like word and a cue word (cheap checks on the
text and lemmas). Each count found by numbers.py is then tied to a kind through the dependency
parse: the counted noun itself ("100 deaths", "400 lives" claimed), a participle on it
("servicemen killed"), the verb it is subject or object of ("54 soldiers were killed",
"forced thousands from their homes", "are said to have lost their lives"), a running toll
("bringing the number of servicemen killed ... to 158"), or, when the parse fails, the word
right after it ("several journalists injured").

Choices (documented for reviewers):
- "casualties" is not a kind: it means killed and/or injured; such counts give no figure.
- A share of an unknown base ("90 percent of its women") gives no figure; a share of a stated
  base ("half of the town's 140,000 residents") gives an approx figure.
- A bare number joined to a counted clause inherits its group and side ("Eleven civilians ...
  lost their lives and 60 are injured" → 60 injured civilians).
- Groups: see data/figure_lexicon.tsv; coordinated nouns without their own number merge
  ("200 soldiers and civilians" → mixed); officials → any; police → military.
- Singular mentions without a number ("the pilot was killed") give no figure.
- `attributed_to` stays None: claims.attribute() fills it from the reporting clause.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .lexicon import ActorEntry, index_by_name, load_actors, normalize_name
from .nlp import AnalyzedDoc
from .numbers import Quantity, find_quantities
from .records import Actor, Figure, FigureKind, Group, Period, Place, Span, stable_id

_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|scores|several|few|"
    r"handful|couple|half|third|quarter)\b",
    re.IGNORECASE,
)
_HISTORICAL = re.compile(
    r"\b(?:(?:between|from)\s+(?:1[89]\d\d|20\d\d)\s+(?:and|to|until)\s+(?:1[89]\d\d|20\d\d)"
    r"|(?:in|during|of)\s+(?:the\s+)?(?:1[89]\d\d|20\d\d)\s*[-–—]\s*\d{2,4}(?:\s+war)?"
    r"|(?:in|during)\s+the\s+(?:early\s+|mid-?\s*|late\s+)?(?:1[89]\d0|20[0-4]0)s(?:\s+war)?"
    r"|(?:in|during)\s+the\s+(?:1[89]\d\d|20\d\d)\s+war"
    r"|(?:in|during)\s+the\s+(?:first|previous|earlier|last|past)\s+war"
    r"|war\s+(?:of|in)\s+(?:1[89]\d\d|20\d\d)(?:\s*[-–—]\s*\d{2,4})?)",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\b[^,.;:()\"“”]*", re.IGNORECASE)
_SO_FAR = re.compile(
    r"\b(?:so far|to date|thus far|in total|in all|overall|altogether)(?:\s+(?:this|in)\s+(?:year|month|week))?\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]*)*\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s*")
_SINCE_STOP = re.compile(r"\s+(?:and|but|while|when|after|according|as|with)\b.*$", re.IGNORECASE)
_OVERNIGHT = re.compile(r"\bovernight\b", re.IGNORECASE)
_LABEL_PREPS = frozenset({"in", "on", "during", "over", "at", "by", "from", "throughout", "this", "last"})
_PLACE_PREPS = frozenset({"in", "near", "at", "on", "outside", "around", "inside", "across"})
_ATTACK_NOUNS = frozenset(
    "attack attacks shelling bombardment bombing strike strikes airstrike airstrikes raid raids siege assault "
    "offensive fighting clashes battle".split()
)
_PLACE_NOUNS = frozenset(
    "town city village region district province camp neighbourhood neighborhood suburb area settlement "
    "governorate oblast state county municipality port capital".split()
)
_PARTITIVE = frozenset({"the", "them", "those", "these", "whom", "which", "its", "their", "us", "our"})
_SKIP_AUX = frozenset({"were", "are", "was", "is", "have", "has", "had", "been", "being", "reportedly", "also", "all",
                       "allegedly", "now", "later", "confirmed", "so", "far", "already"})
_HYPOTHETICAL = frozenset({"could", "would", "might", "will", "should"})
_REPORTING = frozenset({"say", "report", "claim", "announce", "tell", "state", "add", "acknowledge", "confirm",
                        "write"})
_DENIALS = frozenset({"deny", "reject", "refute", "dismiss", "dispute"})
_OWN_LOSSES = frozenset({"acknowledge", "admit", "concede", "confirm"})
_NESTED = frozenset({"relcl", "appos", "parataxis"})
_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "ROOT", "conj", "appos", "dative"})


@dataclass(frozen=True)
class FigureLexicon:
    """The curated cue tables of data/figure_lexicon.tsv, keyed by lowercase words and lemmas."""

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


@dataclass(frozen=True)
class _Reading:
    """How one count was tied to a kind: the deciding verb or noun, and the toll noun if any."""

    kind: FigureKind
    anchor: Token
    toll: Token | None = None


@dataclass(frozen=True)
class _Count:
    """A count with its kind, before it becomes a Figure (group None = inherit from a sibling)."""

    quantity: Quantity
    kind: FigureKind
    nominal: Token | None
    top: Token
    clause: Token
    verbs: frozenset[int]
    group: Group | None
    side: Actor | None
    place: Place | None
    period: Period | None
    cumulative: bool
    historical: bool


@cache
def load_figure_lexicon() -> FigureLexicon:
    """Read data/figure_lexicon.tsv (once per process)."""
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
        cues=cues,
    )


@cache
def _side_index() -> dict[str, ActorEntry]:
    """Demonyms and state names (with capitals as metonyms) → the state whose people they are."""
    actors = load_actors()
    states = {a.country: a for a in actors if a.kind == "state" and a.id == f"state:{a.country}"}
    index: dict[str, ActorEntry] = {}
    for entry in actors:
        target = states.get(entry.country or "") if entry.kind == "demonym" else entry
        if entry.kind in ("demonym", "state") and target is not None:
            for name in entry.names:
                index.setdefault(normalize_name(name), target)
    return index


@cache
def _reporter_index() -> Mapping[str, tuple[ActorEntry, ...]]:
    return index_by_name(load_actors())


@cache
def _states() -> dict[str, ActorEntry]:
    return {a.id.lower(): a for a in load_actors() if a.kind == "state"}


def _side_of(entry: ActorEntry) -> ActorEntry:
    """The polity a reporting actor speaks for: a ministry's or official's state ("its side")."""
    if entry.kind == "state":
        return entry
    prefix = entry.id.split(":", 1)[-1].split("-")[0] if entry.kind == "agency" else ""
    state = _states().get(f"state:{prefix}")
    if state is None and entry.sector in ("GOV", "MIL") and entry.country:
        state = _states().get(f"state:{entry.country.lower()}")
    return state or entry


def extract_figures(adoc: AnalyzedDoc) -> list[Figure]:
    """Extract every count of killed, injured, displaced, missing or detained people.

    Args:
        adoc: a cleaned document with its spaCy parse.

    Returns:
        One Figure per count, in text order; `attributed_to` is left None.
    """
    lex = load_figure_lexicon()
    figures: list[Figure] = []
    seen: set[str] = set()
    for sent in adoc.doc.sents:
        if not _NUMBERISH.search(sent.text) or not _has_cue(sent, lex):
            continue
        for figure in _sentence_figures(adoc, sent, lex):
            if figure.id not in seen:
                seen.add(figure.id)
                figures.append(figure)
    return figures


def _has_cue(sent: SpacySpan, lex: FigureLexicon) -> bool:
    return any(t.lower_ in lex.cues or t.lemma_.lower() in lex.cues for t in sent)


def _sentence_figures(adoc: AnalyzedDoc, sent: SpacySpan, lex: FigureLexicon) -> list[Figure]:
    counts = []
    for q in find_quantities([t.text for t in sent]):
        shifted = replace(q, start=q.start + sent.start, end=q.end + sent.start, head=q.head + sent.start,
                          base=None if q.base is None else q.base + sent.start)
        count = _read_count(sent, shifted, lex)
        if count is not None:
            counts.append(count)
    counts = [c for i, c in enumerate(counts) if i > 0 or not _bare_one(sent.doc, c)]
    return [_figure(adoc, sent, count) for count in _inherit(counts)]


def _bare_one(doc: Doc, count: _Count) -> bool:
    """A lone "one" is a count only after another count ("two were killed and one injured")."""
    q = count.quantity
    return count.nominal is None and q.start == q.head and doc[q.head].lower_ == "one"


def _read_count(sent: SpacySpan, q: Quantity, lex: FigureLexicon) -> _Count | None:
    """Tie one quantity to a kind, group and side, or None when it counts no victims."""
    doc = sent.doc
    found, nominal = _nominal(sent, q, lex)
    if not found:
        return None
    top = _top(doc, q, nominal)
    reading = _kind(doc, q, nominal, top, lex)
    if reading is None or _negated(reading.anchor, top) or _hypothetical(reading.anchor) or _denied(reading.anchor):
        return None
    if _either_kind(reading.anchor, lex):
        return None
    clause = _clause_head(reading.anchor)
    group_noun = nominal if nominal is not None and _is_person(nominal, lex) else None
    if group_noun is None and reading.toll is not None:
        group_noun = _toll_person(reading.toll, lex)
    group = _group(group_noun or nominal, lex) if (group_noun or nominal) is not None else None
    if nominal is not None and nominal.lemma_.lower() in ("other", "others"):
        group = None
    elif group is None and nominal is not None:
        group = "any"
    verbs = frozenset(t.i for t in (reading.anchor, top.head, clause, clause.head))
    scope = _scope(clause, top)
    side = _side(sent, group_noun or nominal, reading.anchor, clause, scope)
    period, cumulative, historical = _period(sent, scope, q)
    cumulative = (cumulative or reading.toll is not None) and not historical
    place = _place(doc, scope)
    return _Count(q, reading.kind, nominal, top, clause, verbs, group, side, place, period, cumulative, historical)


def _nominal(sent: SpacySpan, q: Quantity, lex: FigureLexicon) -> tuple[bool, Token | None]:
    """The noun a quantity counts: (False, _) when it counts something other than people."""
    doc = sent.doc
    base = doc[q.base] if q.base is not None else doc[q.head]
    after = doc[base.i + 1] if base.i + 1 < sent.end else None
    noun: Token | None = None
    if after is not None and after.lower_ == "of" and q.base is None:
        nxt = doc[after.i + 1] if after.i + 1 < sent.end else None
        if nxt is None or (not q.vague and (nxt.lower_ in _PARTITIVE or nxt.like_num)):
            return False, None
        noun = next((c for c in after.children if c.dep_ == "pobj"), None) or _next_noun(sent, after.i + 1)
    elif base.head.i > base.i and base.head.pos_ in ("NOUN", "PROPN") and base.head.i - base.i <= 6 \
            and not any(t.is_space or t.is_punct and t.text not in "-–" for t in doc[base.i + 1:base.head.i]):
        between = [t for t in doc[base.i + 1:base.head.i] if t.tag_ in ("NNS", "NNPS") and _countable(t, lex)]
        noun = between[0] if between else base.head
    elif after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ") and after.dep_ != "npadvmod":
        noun = _next_noun(sent, after.i)
    if noun is None:
        return True, None
    return _countable(noun, lex), noun


def _next_noun(sent: SpacySpan, i: int) -> Token | None:
    """The first noun within three tokens of i, over adjectives and compounds ("14 Azerbaijani civilians")."""
    for tok in sent.doc[i:min(sent.end, i + 3)]:
        if tok.pos_ in ("NOUN", "PROPN") and (tok.tag_ in ("NNS", "NNPS") or tok.i + 1 >= sent.end
                                              or sent.doc[tok.i + 1].pos_ not in ("NOUN", "PROPN")):
            return tok
        if tok.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT"):
            return None
    return None


def _countable(noun: Token, lex: FigureLexicon) -> bool:
    """True when a noun counts people or is itself a kind ("deaths", "lives", "refugees")."""
    words = (noun.lower_, noun.lemma_.lower())
    return any(w in lex.persons or w in lex.nouns for w in words) or _is_people_name(noun)


def _is_person(noun: Token, lex: FigureLexicon) -> bool:
    return noun.lower_ in lex.persons or noun.lemma_.lower() in lex.persons or _is_people_name(noun)


def _is_people_name(noun: Token) -> bool:
    """ "Palestinians", "Rohingya", "Houthis": a plural group name or a demonym used as a noun."""
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS", "NNP"):
        return True
    entry = _side_index().get(normalize_name(noun.text))
    return entry is not None and noun.text.lower().endswith("s") and noun.tag_ in ("NNPS", "NNS")


def _top(doc: Doc, q: Quantity, nominal: Token | None) -> Token:
    """The token of the counted phrase that attaches it to the rest of the sentence."""
    lo, hi = q.start, max(q.end - 1, nominal.i if nominal is not None else q.end - 1)
    if nominal is not None and not lo <= nominal.head.i <= hi:
        return nominal
    outside = [t for t in doc[lo:hi + 1] if not lo <= t.head.i <= hi or t.head == t]
    outside = [t for t in outside if t.dep_ != "punct"] or [doc[q.head]]
    return min(outside, key=lambda t: len(list(t.ancestors)))


def _kind(doc: Doc, q: Quantity, nominal: Token | None, top: Token, lex: FigureLexicon) -> _Reading | None:
    """Which kind of count this is, read from the noun, its modifiers, its verb, a toll or the next words."""
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


def _noun_kind(noun: Token, lex: FigureLexicon) -> _Reading | None:
    """ "100 deaths", "350 military deaths", "claimed 400 lives", "1.5 million refugees"."""
    lemma = noun.lemma_.lower()
    kind = lex.nouns.get(lemma) or lex.nouns.get(noun.lower_)
    if kind is None:
        return None
    verb = _governing_verb(noun)
    if lemma == "life" and (verb is None or verb.lemma_.lower() not in lex.lives_verbs):
        return None
    if verb is not None and verb.lemma_.lower() in lex.blockers:
        return None
    return _Reading(kind, verb if verb is not None else noun)


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


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun phrase is an argument of, through coordination and "a total of"."""
    for _ in range(5):
        if tok.head == tok:
            return None
        if tok.dep_ not in ("conj", "appos", "pobj", "prep"):
            return tok.head if tok.head.pos_ in ("VERB", "AUX") else None
        tok = tok.head
    return None


def _modifier_kind(tok: Token, lex: FigureLexicon, before: bool = False) -> _Reading | None:
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
                return _Reading(kind, child)
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


def _governor_kind(top: Token, lex: FigureLexicon) -> _Reading | None:
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


def _verb_kind(verb: Token, dep: str, lex: FigureLexicon) -> _Reading | None:
    """The kind a verb gives an argument in role `dep`, descending through "said to have" and "confirmed"."""
    lemma = verb.lemma_.lower()
    passive = dep == "nsubjpass" or _is_passive(verb)
    entry = lex.verbs.get(lemma)
    if entry is not None:
        kind, role = entry
        if role == "obj" and (dep in ("dobj", "nsubjpass", "oprd") or passive or not _has_object(verb)):
            return _Reading(kind, verb)
        if role == "subj" and dep in ("nsubj", "nsubjpass"):
            return _Reading(kind, verb)
        if role == "home" and _leaves_home(verb, lex):
            return _Reading(kind, verb)
    if lemma == "lose" and dep == "nsubj":
        if any(c.dep_ == "dobj" and c.lemma_.lower() == "life" for c in verb.children):
            return _Reading("killed", verb)
    if lemma in ("suffer", "sustain") and any(c.lemma_.lower() in ("injury", "wound") for c in verb.children):
        return _Reading("injured", verb)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among" and dep in ("nsubj", "nsubjpass"):
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                reading = _noun_kind(obj, lex) or _modifier_kind(obj, lex)
                kind = reading.kind if reading is not None else lex.complements.get(obj.lower_)
                if kind is not None:
                    return _Reading(kind, verb)
        if child.dep_ in ("acomp", "oprd", "xcomp", "attr", "ccomp", "advcl", "dobj", "npadvmod"):
            if child.lower_ in lex.complements and child.dep_ != "dobj":
                return _Reading(lex.complements[child.lower_], child)
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


def _toll_kind(top: Token, lex: FigureLexicon) -> _Reading | None:
    """ "the death toll rose to 54", "bringing the number of servicemen killed ... to 158"."""
    if not (top.dep_ == "pobj" and top.head.lower_ in ("to", "at")) and top.dep_ not in ("attr", "dobj"):
        return None
    for anc in [top, *list(top.ancestors)[:7]]:
        if anc.lemma_.lower() in lex.toll_nouns and anc.pos_ == "NOUN":
            return _toll_noun_kind(anc, lex)
        if anc.lemma_.lower() in lex.toll_verbs or (anc.lemma_ == "be" and top.dep_ == "attr"):
            for child in anc.children:
                if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lemma_.lower() in lex.toll_nouns:
                    return _toll_noun_kind(child, lex)
            return None
    return None


def _toll_noun_kind(noun: Token, lex: FigureLexicon) -> _Reading | None:
    """The kind of a toll noun: "death toll", "toll", "number of people killed", "total" after a killing."""
    for child in noun.children:
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in ("death", "dead", "fatality"):
            return _Reading("killed", noun, noun)
        if child.dep_ in ("compound", "amod") and child.lemma_.lower() in ("casualty", "injury"):
            return None
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                kind = lex.nouns.get(obj.lemma_.lower()) or lex.complements.get(obj.lower_)
                reading = _modifier_kind(obj, lex)
                if kind is not None or reading is not None:
                    return _Reading(kind or reading.kind, noun, noun)
    own = _modifier_kind(noun, lex)
    if own is not None:
        return _Reading(own.kind, noun, noun)
    if noun.lemma_.lower() == "toll":
        return _Reading("killed", noun, noun)
    verb = _governing_verb(noun)
    while verb is not None and verb.dep_ in ("advcl", "xcomp", "conj"):
        verb = verb.head
        kind = _verb_kind(verb, "nsubjpass", lex)
        if kind is not None:
            return _Reading(kind.kind, noun, noun)
    return None


def _toll_person(toll: Token, lex: FigureLexicon) -> Token | None:
    """The people a toll counts: "the number of servicemen killed" → servicemen."""
    for child in toll.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_person(obj, lex):
                    return obj
    return None


def _window_kind(doc: Doc, q: Quantity, nominal: Token | None, lex: FigureLexicon) -> _Reading | None:
    """When the parse fails: a kind word right after the count ("several journalists injured")."""
    i = max(q.end, nominal.i + 1 if nominal is not None else q.end)
    limit = min(len(doc), i + 4)
    while i < limit and doc[i].lower_ in _SKIP_AUX:
        i += 1
    if i < limit and doc[i].sent == doc[q.start].sent:
        kind = _word_kind(doc[i], lex)
        if kind is not None:
            return _Reading(kind, doc[i])
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


def _clause_head(anchor: Token) -> Token:
    """The clause that reports the count: the kind verb, lifted over "said to", "confirmed"."""
    tok = anchor
    if tok.pos_ not in ("VERB", "AUX"):
        tok = _governing_verb(tok) or tok
    while tok.dep_ in ("xcomp", "oprd", "acomp") and tok.head != tok:
        tok = tok.head
    return tok


def _group(noun: Token, lex: FigureLexicon) -> Group:
    """The group of the counted noun, its number-less conjuncts and its modifiers."""
    nouns = [noun, *(c for c in noun.conjuncts if not _has_number(c) and c.i > noun.i)]
    if noun.lemma_.lower() in lex.nouns:
        nouns += [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj"]
    groups: set[str] = set()
    for n in nouns:
        group = lex.persons.get(n.lower_) or lex.persons.get(n.lemma_.lower())
        for mod in (m for m in n.children if m.dep_ in ("amod", "compound", "nmod")):
            word = mod.lower_ if mod.lower_ in lex.modifiers else mod.lemma_.lower()
            if word in lex.modifiers and (group in (None, "any") or word != "service"):
                group = lex.modifiers[word]
            elif group in (None, "any") and word in lex.persons:
                group = lex.persons[word]
        if group is not None:
            groups.add(group)
    groups.discard("any") if len(groups) > 1 else None
    if not groups:
        return "any"
    if len(groups) == 1:
        return groups.pop()
    return "mixed" if "military" in groups else "civilians"


def _has_number(tok: Token) -> bool:
    return any(c.dep_ in ("nummod", "amod", "quantmod") and (c.like_num or c.lower_ in ("several", "few", "dozens"))
               for c in tok.children)


def _inherit(counts: list[_Count]) -> list[_Count]:
    """Give bare counts the group and side of the count they are coordinated with."""
    out: list[_Count] = []
    for count in counts:
        if count.group is None:
            sibling = next((c for c in out if _linked(c, count)), None)
            group = sibling.group if sibling is not None else "any"
            side = count.side or (sibling.side if sibling is not None else None)
            count = replace(count, group=group or "any", side=side)
        out.append(count)
    return [_share_context(c, out) for c in out]


def _share_context(count: _Count, counts: list[_Count]) -> _Count:
    """Coordinated counts share the period and place one of them states."""
    linked = [c for c in counts if c is not count and (_coordinated(c, count) or _linked(c, count)
                                                        or _coordinated(count, c) or _linked(count, c))]
    if count.period is None and not count.cumulative:
        sibling = next((c for c in linked if c.period is not None), None)
        if sibling is not None:
            count = replace(count, period=sibling.period, cumulative=sibling.cumulative, historical=sibling.historical)
    if count.place is None:
        sibling = next((c for c in linked if c.place is not None), None)
        if sibling is not None:
            count = replace(count, place=sibling.place)
    return count


def _linked(a: _Count, b: _Count) -> bool:
    """True when two counts share a verb or their verbs are coordinated."""
    verb = b.top.head
    return bool(a.verbs & b.verbs) or (verb.dep_ == "conj" and verb.head.i in a.verbs) or b.top.head.i in a.verbs


def _coordinated(a: _Count, b: _Count) -> bool:
    """True when b's counted phrase is a conjunct of a's ("one million displaced ..., and about 30,000 killed")."""
    tok = b.top
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
        if tok in (a.top, a.nominal):
            return True
    return False


def _figure(adoc: AnalyzedDoc, sent: SpacySpan, count: _Count) -> Figure:
    """Build the Figure: spans, period, place."""
    doc, document = sent.doc, adoc.document
    q = count.quantity
    quantity = Span.of(document.id, document.text, doc[q.start].idx, _end_char(doc[q.end - 1]))
    evidence = _evidence(doc, sent, count)
    return Figure(
        id=stable_id("fig", document.id, quantity.start, count.kind),
        doc_id=document.id,
        evidence=Span.of(document.id, document.text, *evidence),
        kind=count.kind,
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        group=count.group or "any",
        side=count.side,
        place=count.place,
        period=count.period,
        cumulative=count.cumulative,
        historical=count.historical,
        quantity=quantity,
    )


def _end_char(tok: Token) -> int:
    return tok.idx + len(tok.text)


def _evidence(doc: Doc, sent: SpacySpan, count: _Count) -> tuple[int, int]:
    """Character range of the clause reporting the count, without coordinated clauses after it."""
    clause = count.clause
    tokens = set(t.i for t in clause.subtree)
    for child in clause.children:
        if child.dep_ == "conj" and child.i > count.quantity.end and child.pos_ in ("VERB", "AUX"):
            tokens -= {t.i for t in child.subtree}
    tokens |= set(range(count.quantity.start, count.quantity.end))
    lo, hi = max(min(tokens), sent.start), min(max(tokens), sent.end - 1)
    while lo < hi and (doc[lo].dep_ in ("cc", "mark", "punct") or doc[lo].lower_ == "that" or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].dep_ in ("punct", "cc") or doc[hi].is_space):
        hi -= 1
    start, end = doc[lo].idx, _end_char(doc[hi])
    count_at = doc[count.quantity.start].idx
    start = max(start, doc.text.rfind("\n", start, count_at) + 1)
    line_end = doc.text.find("\n", count_at, end)
    end = line_end if line_end >= 0 else end
    dateline = _DATELINE.match(doc.text[start:end])
    if dateline is not None and start + dateline.end() <= count_at:
        start += dateline.end()
    return start, len(doc.text[:end].rstrip())


def _scope(clause: Token, top: Token) -> frozenset[int]:
    """Tokens whose modifiers (period, place) belong to the count's clause."""
    inside = {t.i for t in clause.subtree}
    for tok in clause.subtree:
        if tok != clause and (tok.dep_ in _NESTED or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"))):
            if top.i not in {t.i for t in tok.subtree}:
                inside -= {t.i for t in tok.subtree}
    if clause.dep_ == "relcl":
        host = clause.head.head if clause.head.head.pos_ == "ADP" else clause.head
        inside |= {t.i for t in host.subtree}
    if clause.dep_ == "conj" and clause.head.pos_ in ("VERB", "AUX"):
        for child in clause.head.children:
            if child.dep_ in ("advcl", "prep", "npadvmod") and child.i < clause.head.i:
                inside |= {t.i for t in child.subtree}
    return frozenset(inside)


def _period(sent: SpacySpan, scope: frozenset[int], q: Quantity) -> tuple[Period | None, bool, bool]:
    """The period a count covers: (period, cumulative, historical)."""
    text, base = sent.text, sent.start_char
    for pattern, cumulative, historical in ((_HISTORICAL, False, True), (_SINCE, True, False), (_SO_FAR, True, False)):
        for match in pattern.finditer(text):
            label = _SINCE_STOP.sub("", match.group(0)).strip() if pattern is _SINCE else match.group(0)
            if _token_at(sent, base + match.start()) in scope and label:
                return Period(label=label), cumulative, historical
    for match in _OVERNIGHT.finditer(text):
        if _token_at(sent, base + match.start()) in scope:
            return Period(label=match.group(0)), False, False
    for ent in sorted(sent.ents, key=lambda e: (e.label_ != "DATE", abs(e.start - q.start))):
        if ent.label_ not in ("DATE", "TIME") or ent.start not in scope or ent.start < q.end and q.start < ent.end:
            continue
        prep = sent.doc[ent.start - 1] if ent.start > sent.start else None
        if prep is not None and prep.lower_ in _LABEL_PREPS | {"by", "of"}:
            as_of = prep.lower_ == "by" or prep.i > 0 and sent.doc[prep.i - 1].lower_ == "as" and prep.lower_ == "of"
            start = sent.doc[prep.i - 1].idx if as_of and prep.lower_ == "of" else prep.idx
            return Period(label=sent.doc.text[start:ent.end_char]), as_of, False
        if not ent.text.isdigit():
            return Period(label=ent.text), False, False
    return None, False, False


def _token_at(sent: SpacySpan, char: int) -> int:
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _place(doc: Doc, scope: frozenset[int]) -> Place | None:
    """The first "in/near/on (the town of) X" in the clause, X a named place."""
    for i in sorted(scope):
        tok = doc[i]
        attack_of = tok.lower_ == "of" and tok.head.lower_ in _ATTACK_NOUNS
        if tok.dep_ != "prep" or (tok.lower_ not in _PLACE_PREPS and not attack_of):
            continue
        for obj in tok.children:
            name = _place_name(obj) if obj.dep_ == "pobj" and obj.i in scope else None
            if name:
                return Place(name=name)
    return None


def _place_name(obj: Token) -> str | None:
    if obj.lemma_.lower() in _PLACE_NOUNS:
        for child in obj.children:
            if child.dep_ == "compound" and child.pos_ == "PROPN":
                return _proper_name(child)
            if child.dep_ == "prep" and child.lower_ == "of":
                named = [p for p in child.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
                if named:
                    return _proper_name(named[0])
        return None
    if obj.pos_ == "PROPN" and obj.ent_type_ in ("GPE", "LOC", "FAC"):
        return _proper_name(obj)
    return None


def _proper_name(tok: Token) -> str:
    """The name a proper noun belongs to: its entity, or its compound chain ("Nagorno-Karabakh")."""
    for ent in tok.sent.ents:
        if ent.start <= tok.i < ent.end:
            words = [t for t in ent if t.lower_ != "the"]
            return tok.doc.text[words[0].idx:_end_char(words[-1])] if words else ent.text
    parts = [t for t in tok.subtree if t.i <= tok.i and (t.dep_ in ("compound", "punct") or t == tok)]
    first = min(parts, key=lambda t: t.i)
    return tok.doc.text[first.idx:_end_char(tok)]


def _side(sent: SpacySpan, noun: Token | None, anchor: Token, clause: Token, scope: frozenset[int]) -> Actor | None:
    """Whose people they are: "Armenian soldiers", "on their side" (the reporter's), "acknowledged 350 deaths"."""
    if noun is not None:
        actor = _actor_of(noun)
        if actor is not None:
            return actor
    doc = sent.doc
    for i in sorted(scope):
        tok = doc[i]
        if tok.lemma_.lower() == "side" and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "from", "among"):
            if any(c.lower_ in ("both", "either", "each", "all") for c in tok.children):
                return None
            own = _actor_of(tok)
            if own is not None:
                return own
            if any(c.dep_ == "poss" for c in tok.children):
                return _reporter(sent, clause)
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else _governing_verb(anchor)
    if verb is not None and verb.lemma_.lower() in _OWN_LOSSES:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return _actor_of(subject, own=True) if subject is not None else None
    return None


def _reporter(sent: SpacySpan, clause: Token) -> Actor | None:
    """Who reports the clause: "According to X, ...", or the subject of the verb that says it."""
    for tok in sent:
        if tok.lower_ == "according":
            for obj in (p for to in tok.children if to.lower_ == "to" for p in to.children if p.dep_ == "pobj"):
                return _reporter_actor(obj)
    tok = clause
    for _ in range(4):
        if tok.head == tok:
            break
        tok = tok.head
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head
        if tok.lemma_.lower() in _REPORTING:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return _reporter_actor(subject) if subject is not None else None
    return None


def _reporter_actor(noun: Token) -> Actor | None:
    """The side a reporting noun phrase speaks for: a known actor, a demonym, or a proper name."""
    words = _phrase_text(noun)
    for key in (words, f"{_name_part(noun)} authorities", _name_part(noun)):
        found = _reporter_index().get(normalize_name(key))
        if found:
            return _side_of(found[0]).to_actor(words)
    return _actor_of(noun, own=True)


def _phrase_text(noun: Token) -> str:
    """The words of a noun phrase up to its head, without determiners ("Armenian side")."""
    left = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("det", "case", "punct") or t == noun]
    first = min(left, key=lambda t: t.i)
    return noun.doc.text[first.idx:_end_char(noun)]


def _name_part(noun: Token) -> str:
    """The proper-name modifier of a noun ("Nagorno-Karabakh" in "Nagorno-Karabakh officials")."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.pos_ == "PROPN":
            return _proper_name(child)
    return noun.text


def _actor_of(noun: Token, own: bool = False) -> Actor | None:
    """The side named on a noun: a demonym or state ("Armenian soldiers", "Ukraine's troops").

    With own=True the noun itself may be the name ("Azerbaijan has acknowledged ...").
    """
    for tok in [noun, *noun.children]:
        if tok != noun and (tok.dep_ not in ("amod", "compound", "poss", "nmod") or tok.like_num):
            continue
        if tok == noun and not own and not _is_people_name(noun):
            continue
        words = _proper_name(tok) if tok.pos_ == "PROPN" else tok.text
        entry = _side_index().get(normalize_name(words)) or _side_index().get(normalize_name(tok.text))
        if entry is not None:
            return entry.to_actor(words)
        if tok.pos_ == "PROPN" and tok.ent_type_ in (("GPE", "NORP", "LOC", "ORG") if own else ("GPE", "NORP", "LOC")):
            return Actor(name=words, text=words)
    return None
