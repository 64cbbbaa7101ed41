"""Counts of people killed, injured, displaced, missing or detained, read from parsed sentences.

A sentence is read only when it holds a number-like word and a cue word (cheap checks on the
text and lemmas). Each count found by numbers.py is tied to the noun it counts ("54 soldiers",
"a total of 23 servicemen"), to a kind (kinds.py: the counted noun, a participle on it,
its verb, a running toll, or the next words), to a group (the noun, its conjuncts and
modifiers), and to a period, place and side (context.py). This module does the counting
and the grouping, lets coordinated counts share what one of them states, and builds each
Figure with the clause reporting it as evidence.

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

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .context import (
    clause_scope, count_period, count_place, count_side, end_char, is_people_name, running_total,
)
from .kinds import FigureLexicon, Reading, governing_verb, load_figure_lexicon, read_kind, voided
from ..actors.entities import resolve_actor
from ..nlp import AnalyzedDoc, doc_text
from .numbers import Quantity, find_quantities
from ..records import Actor, Figure, FigureKind, Group, Period, Place, Span, stable_id

__all__ = ["FigureLexicon", "extract_figures", "load_figure_lexicon"]

_NUMBERISH = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|dozens?|scores|several|few|"
    r"handful|couple|half|third|quarter)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,\s*[A-Z][\w .'’-]*)*\s*(?:\([^)]{1,40}\))?\s*[-—–]+\s*")
_PARTITIVE = frozenset({"the", "them", "those", "these", "whom", "which", "its", "their", "us", "our"})
_OWN = frozenset({"its", "their", "our", "his", "her"})
_SAYING = frozenset({"say", "tell", "report", "announce", "state", "add", "claim", "confirm", "write"})
_COUNT_NOUNS = frozenset({"count", "tally", "figure", "data", "estimate", "toll", "database", "analysis", "review"})
_COUNTING_VERBS = frozenset({"document", "record", "verify", "count", "register", "tally", "log", "confirm", "report"})


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
    counter: Token | None = None


def extract_figures(adoc: AnalyzedDoc, lex: FigureLexicon) -> list[Figure]:
    """Extract every count of killed, injured, displaced, missing or detained people.

    Args:
        adoc: a cleaned document with its spaCy parse.
        lex: the figure lexicon with the actor dictionary (`Resources.figures`).

    Returns:
        One Figure per count, in text order; `attributed_to` is left None.
    """
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
    for q in find_quantities([t.text for t in sent], lex.quantities):
        shifted = replace(q, start=q.start + sent.start, end=q.end + sent.start, head=q.head + sent.start,
                          base=None if q.base is None else q.base + sent.start)
        count = _read_count(sent, shifted, lex, counts[-1] if counts else None)
        if count is not None:
            counts.append(count)
    counts = [c for i, c in enumerate(counts) if i > 0 or not _bare_one(sent.doc, c)]
    earlier = _previous_reporter(sent, lex) if any(c.counter is None for c in counts) else None
    counts = [c if c.counter is not None else replace(c, counter=earlier) for c in counts]
    return [_figure(adoc, sent, count, lex) for count in _inherit(counts)]


def _previous_reporter(sent: SpacySpan, lex: FigureLexicon) -> Token | None:
    """The reporter of the sentence before, when this one names none and carries on its count.

    "The health ministry said on Monday that strikes had hit the camp. Twelve people were
    killed, including five children." The earlier sentence must be in the same paragraph, be
    reported by a named subject ("X said ...") and itself be about casualties.
    """
    doc = sent.doc
    if sent.start == 0 or any(t.lemma_.lower() in _SAYING or t.lower_ == "according" for t in sent):
        return None
    prev = doc[sent.start - 1].sent
    if "\n" in doc_text(doc)[prev.end_char:sent.start_char] or not _has_cue(prev, lex):
        return None
    root = prev.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if root.lemma_.lower() not in _SAYING or subject is None or subject.pos_ not in ("PROPN", "NOUN"):
        return None
    return subject


def _bare_one(doc: Doc, count: _Count) -> bool:
    """A lone "one" is a count only after another count ("two were killed and one injured")."""
    q = count.quantity
    return count.nominal is None and q.start == q.head and doc[q.head].lower_ == "one"


def _read_count(sent: SpacySpan, q: Quantity, lex: FigureLexicon, before: _Count | None = None) -> _Count | None:
    """Tie one quantity to a kind, group and side, or None when it counts no victims."""
    doc = sent.doc
    found, nominal = _nominal(sent, q, lex)
    if not found:
        return None
    top = _top(doc, q, nominal)
    reading = read_kind(doc, q, nominal, top, lex)
    if reading is None and before is not None and nominal is not None and _is_person(nominal, lex) \
            and top.dep_ == "pobj" and top.head.lower_ in ("including", "among"):
        reading = Reading(before.kind, before.clause)  # "the toll rose to 30, including two children"
    if reading is None or voided(reading, top, lex):
        return None
    clause = _clause_head(reading.anchor)
    group_noun = nominal if nominal is not None and _is_person(nominal, lex) else None
    if group_noun is None and reading.toll is not None:
        group_noun = _toll_person(reading.toll, lex)
    group = _group(group_noun or nominal, lex) if (group_noun or nominal) is not None else None
    if nominal is not None and nominal.lemma_.lower() in ("other", "others"):
        group = None
    elif group is None and (nominal is not None or reading.toll is not None):
        group = "any"
    verbs = frozenset(t.i for t in (reading.anchor, top.head, clause, clause.head))
    scope = clause_scope(clause, top)
    side = count_side(sent, group_noun or nominal, reading.anchor, clause, scope, lex.actors)
    period, cumulative, historical = count_period(sent, scope, q)
    cumulative = (cumulative or reading.toll is not None or running_total(sent, clause, scope, period)) \
        and not historical
    place = count_place(doc, scope)
    counter = _counter(reading.anchor)
    return _Count(q, reading.kind, nominal, top, clause, verbs, group, side, place, period, cumulative, historical,
                  counter)


def _counter(anchor: Token) -> Token | None:
    """Who counted: "ACLED has documented 1,000 deaths"; an outlet's own count: "an AFP count puts the toll at"."""
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else anchor.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ not in ("PROPN", "NOUN"):
        return None
    if verb is anchor and anchor.lemma_.lower() in _COUNTING_VERBS:
        return subject
    if verb.dep_ == "ccomp":  # "Reuters tallies show (that) 1,200 people have died"
        subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), subject)
    if subject.lemma_.lower() in _COUNT_NOUNS:
        return next((c for c in subject.children if c.dep_ in ("compound", "poss", "nmod") and c.pos_ == "PROPN"), None)
    return None


def _nominal(sent: SpacySpan, q: Quantity, lex: FigureLexicon) -> tuple[bool, Token | None]:
    """The noun a quantity counts: (False, _) when it counts something other than people."""
    doc = sent.doc
    base = doc[q.base] if q.base is not None else doc[q.head]
    after = doc[base.i + 1] if base.i + 1 < sent.end else None
    noun: Token | None = None
    if after is not None and after.lower_ == "of" and q.base is None:
        nxt = doc[after.i + 1] if after.i + 1 < sent.end else None
        own = nxt is not None and nxt.lower_ in _OWN and nxt.i + 1 < sent.end
        if own:  # "27 of its fighters", "30 of their soldiers": the noun after the possessive
            noun = _next_noun(sent, nxt.i + 1)
            return (noun is not None and _countable(noun, lex)), noun
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
    return any(w in lex.persons or w in lex.nouns for w in words) or is_people_name(noun, lex.actors)


def _is_person(noun: Token, lex: FigureLexicon) -> bool:
    return noun.lower_ in lex.persons or noun.lemma_.lower() in lex.persons or is_people_name(noun, lex.actors)


def _top(doc: Doc, q: Quantity, nominal: Token | None) -> Token:
    """The token of the counted phrase that attaches it to the rest of the sentence."""
    lo, hi = q.start, max(q.end - 1, nominal.i if nominal is not None else q.end - 1)
    if nominal is not None and not lo <= nominal.head.i <= hi:
        return nominal
    outside = [t for t in doc[lo:hi + 1] if not lo <= t.head.i <= hi or t.head == t]
    outside = [t for t in outside if t.dep_ != "punct"] or [doc[q.head]]
    return min(outside, key=lambda t: len(list(t.ancestors)))


def _toll_person(toll: Token, lex: FigureLexicon) -> Token | None:
    """The people a toll counts: "the number of servicemen killed" → servicemen."""
    for child in toll.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "among"):
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_person(obj, lex):
                    return obj
    return None


def _clause_head(anchor: Token) -> Token:
    """The clause that reports the count: the kind verb, lifted over "said to", "confirmed"."""
    tok = anchor
    if tok.pos_ not in ("VERB", "AUX"):
        tok = governing_verb(tok) or tok
    while tok.dep_ in ("xcomp", "oprd", "acomp") and tok.head != tok:
        tok = tok.head
    return tok


def _group(noun: Token, lex: FigureLexicon) -> Group:
    """The group of the counted noun, its number-less conjuncts and its modifiers."""
    nouns = [noun, *(c for c in noun.conjuncts if not _has_number(c) and c.i > noun.i)]
    if noun.lemma_.lower() in lex.nouns or lex.persons.get(noun.lemma_.lower()) == "any":
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
            if sibling is None and count.nominal is not None and out:
                sibling = out[-1]  # "17 soldiers died ..., adding that 20 others were injured"
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
        # a running total lends its status forward ("100 killed and 416 injured by the end of the war"),
        # not back: "54 soldiers were killed, bringing the number killed to 158" stays an incident
        sibling = next((c for c in linked if c.period is not None
                        or c.cumulative and c.quantity.start < count.quantity.start), None)
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


def _figure(adoc: AnalyzedDoc, sent: SpacySpan, count: _Count, lex: FigureLexicon) -> Figure:
    """Build the Figure: spans, period, place."""
    doc, document = sent.doc, adoc.document
    q = count.quantity
    quantity = Span.of(document.id, document.text, doc[q.start].idx, end_char(doc[q.end - 1]))
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
        attributed_to=_counted_by(adoc, count.counter, lex),
        quantity=quantity,
    )


def _counted_by(adoc: AnalyzedDoc, subject: Token | None, lex: FigureLexicon) -> Actor | None:
    """The actor who counted, resolved like a speaker (claims may still give a closer reporter)."""
    if subject is None:
        return None
    words = [t for t in subject.subtree if t.i <= subject.i or t.dep_ in ("prep", "pobj", "compound", "amod")]
    phrase = doc_text(adoc.doc)[words[0].idx:end_char(max(words, key=lambda t: t.i))] if words else subject.text
    return resolve_actor(phrase, adoc, index=lex.actors)


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
    start, end = doc[lo].idx, end_char(doc[hi])
    count_at = doc[count.quantity.start].idx
    start = max(start, doc_text(doc).rfind("\n", start, count_at) + 1)
    line_end = doc_text(doc).find("\n", count_at, end)
    end = line_end if line_end >= 0 else end
    dateline = _DATELINE.match(doc_text(doc)[start:end])
    if dateline is not None and start + dateline.end() <= count_at:
        start += dateline.end()
    return start, len(doc_text(doc)[:end].rstrip())
