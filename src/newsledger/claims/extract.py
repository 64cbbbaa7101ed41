"""Claims: who said what, how and with which stance; denials linked to what they deny.

This module holds the claim vocabulary and the record side of claims. The cue table
(`data/claim_cues.tsv`, `cues.load_cues`) names reporting verbs and nouns, the light verbs
and carriers that make or colour a statement, the nouns a denial answers and the words
that call something false. `quotes.find_statements` uses it to read statements off the
parse; here they become `Claim` records: speakers are resolved with
`entities.resolve_actor`, the document's earlier speakers serving for coreference,
and one statement with two speakers ("Putin and Macron call for") gives a claim each.

Denials are linked inside a document by `link_denials` (across documents, linking
compares claims: `linking.contradictions`, with the word tests of `claim_words`).
`attribute` gives figures the speaker of the claim that reports them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..actors.entities import is_person, resolve_actor
from ..actors.index import ActorIndex
from ..claim_words import keywords
from ..figures.context import own_side
from ..nlp import AnalyzedDoc, doc_ents, span_ents
from .cues import CueBook
from .quotes import ANAPHORIC, PREVIOUS, Found, char_span, find_statements
from ..records import Actor, Claim, Figure, Span, stable_id

__all__ = ["PREVIOUS", "attribute", "extract_claims", "link_denials"]

_PLURAL_PEOPLE = re.compile(
    r"^(?:both|the\s+two)\s+(?:\w+\s+)?(?:leaders|presidents|ministers|heads\s+of\s+state)$", re.IGNORECASE
)
_NEARBY_CHARS = 400
# An unnamed source: optional article/number, descriptive words (a demonym is fine), a generic head.
_ANONYMOUS = re.compile(
    r"^(?:(?:a|an|the|two|three|several|some|other|local|senior|junior|high-ranking|top|unnamed|anonymous)\s+)*"
    r"(?:[\w'’-]+\s+){0,3}?"
    r"(?:sources?|officials?|officers?|police|policemen|policeman|police officers?|residents?|witness(?:es)?|"
    r"eyewitness(?:es)?|workers?|doctors?|medics?|paramedics?|nurses?|activists?|commanders?|diplomats?|"
    r"soldiers?|fighters?|people familiar with [\w ]+|(?:a )?spokes(?:man|woman|person) for [\w ]+)$",
    re.IGNORECASE,
)
_DEFINITE = re.compile(
    r"^the\s+(monitor|observatory|group|agency|organi[sz]ation|ministry|army|military|watchdog|committee|"
    r"union|mission|office|body|movement|militia|authority|authorities|government|service)$",
    re.IGNORECASE,
)
_BODY_NOUNS = {
    "monitor": ("NGO", "IGO"), "observatory": ("NGO",), "watchdog": ("NGO", "IGO"), "group": ("NGO", "REB", "OPP"),
    "agency": ("IGO", "MED", "GOV"), "organisation": ("IGO", "NGO"), "organization": ("IGO", "NGO"),
    "ministry": ("GOV",), "army": ("MIL",), "military": ("MIL",), "militia": ("REB", "MIL"),
    "government": ("GOV",), "authority": ("GOV", "REB"), "authoritie": ("GOV", "REB"), "mission": ("IGO",),
}


def extract_claims(adoc: AnalyzedDoc, book: CueBook, actors: ActorIndex) -> list[Claim]:
    """Find the reported statements of one document.

    Args:
        adoc: the parsed document.
        book: the cue table (`Resources.cues`).
        actors: the actor dictionary (`Resources.actors`).

    Returns:
        Claims in text order, with speakers resolved and denials linked to the
        claims they answer (`contradicts`).
    """
    return link_denials(_resolve(adoc, find_statements(adoc.doc, book), actors), book)


# --- speakers -----------------------------------------------------------------------------------


def _resolve(adoc: AnalyzedDoc, found: Sequence[Found], actors: ActorIndex) -> list[Claim]:
    """Turn findings into claims, resolving speakers in reading order."""
    text, doc_id = adoc.document.text, adoc.document.id
    claims: list[Claim] = []
    seen: set[tuple] = set()
    for f in found:
        for actor in _speakers(adoc, f, claims, actors):
            evidence = Span.of(doc_id, text, *f.evidence)
            content = text[f.content[0]:f.content[1]] if f.content else ""
            key = (evidence.start, evidence.end, actor.name, f.stance, content)
            if key in seen:
                continue
            seen.add(key)
            taken = {c.id for c in claims}
            claim_id, n = stable_id("clm", doc_id, evidence.start, evidence.end), 0
            while claim_id in taken:  # a second speaker of one statement ("Putin and Macron call for")
                n += 1
                claim_id = stable_id("clm", doc_id, evidence.start, evidence.end, n)
            claims.append(Claim(claim_id, doc_id, evidence, actor, f.label, f.stance, content))
    return sorted(claims, key=lambda c: (c.evidence.start, c.evidence.end))


def _speakers(adoc: AnalyzedDoc, f: Found, claims: Sequence[Claim], actors: ActorIndex) -> list[Actor]:
    text = adoc.document.text
    history = [c.speaker for c in claims]
    if not f.speakers or f.speakers == (PREVIOUS,):
        last = max(claims, key=lambda c: c.evidence.end, default=None)
        near = last is not None and 0 <= f.evidence[0] - last.evidence.end <= _NEARBY_CHARS
        return [last.speaker] if near else []
    out = []
    for start, end in f.speakers:
        words = text[start:end]
        if _PLURAL_PEOPLE.match(words):
            out.extend(_last_people(adoc, start, 2, actors))
            continue
        recent = [*history, *_people_before(adoc, start, actors)]
        if words.strip().lower() in ("he", "she"):  # the last person named, even if not yet a speaker
            recent += _last_people(adoc, start, 1, actors)
        said = _coordinated_people(words, adoc, actors) or [_described_speaker(words, history)
                                                            or resolve_actor(words, adoc, recent=recent, index=actors)]
        animate = _refers_back(words, said[0]) or bool(_ANONYMOUS.match(words.strip()))  # "a medical source"
        out.extend(mark_anonymous(a) for a in said if _is_speaker(a, f.inanimate and not animate))
    return out


def _refers_back(words: str, actor: Actor) -> bool:
    """ "It said": a pronoun resolved to an earlier speaker speaks, whatever it is."""
    return words.strip().lower() in ("it", "he", "she", "they") and actor.name.lower() != words.strip().lower()


def _described_speaker(words: str, history: Sequence[Actor]) -> Actor | None:
    """ "The monitor said": a definite generic description stands for the last speaker it fits."""
    match = _DEFINITE.match(words.strip())
    if match is None:
        return None
    noun = match.group(1).lower().rstrip("s")
    for actor in reversed(history):
        said = f"{actor.name} {actor.role or ''}".lower()
        if noun in said or noun in _BODY_NOUNS and actor.sector in _BODY_NOUNS[noun]:
            return replace(actor, text=words.strip(), anonymous=actor.anonymous)
    return None


def mark_anonymous(actor: Actor) -> Actor:
    """Mark unnamed sources ("a medical source", "police", "a senior defence official") anonymous.

    The body and country stay what resolution gave them (e.g. "a Ukrainian military source"
    → Ukraine's armed forces, UKR); only the person is unknown.
    """
    words = [(actor.text or "").split(",")[0].strip(), actor.name.strip()]
    if actor.anonymous or (actor.id or "").startswith("person:") or not any(_ANONYMOUS.match(w) for w in words if w):
        return actor
    return replace(actor, anonymous=True)


def _coordinated_people(words: str, adoc: AnalyzedDoc, index: ActorIndex) -> list[Actor]:
    """'Russian President Vladimir Putin and French President Emmanuel Macron' the parser left whole."""
    parts = re.split(r"\s+and\s+", words)
    if len(parts) < 2:
        return []
    actors = [resolve_actor(p, adoc, index=index) for p in parts]
    return actors if all(a.id and is_person(a, index) for a in actors) else []


def _is_speaker(actor: Actor, inanimate: bool) -> bool:
    """Drop speakers that are no one: unresolved pronouns and things ('international law')."""
    if actor.name.lower() in ("he", "she", "it", "they", "we", "which", "who", "that"):
        return False
    if any((actor.id, actor.country, actor.sector, actor.role)):
        return True
    return not inanimate


def _people_before(adoc: AnalyzedDoc, start: int, index: ActorIndex) -> list[Actor]:
    """Named people earlier in the same sentence ("Mr Lavrov's office said he ...")."""
    doc = adoc.doc
    at = char_span(doc, start, start + 1)
    if at is None:
        return []
    sent = at.sent
    return [resolve_actor(e.text, adoc, index=index) for e in span_ents(sent)
            if e.label_ == "PERSON" and e.end_char <= start]


def _last_people(adoc: AnalyzedDoc, start: int, count: int, index: ActorIndex) -> list[Actor]:
    """'Both leaders': the last people the document named."""
    people: list[Actor] = []
    for ent in reversed([e for e in doc_ents(adoc.doc) if e.label_ == "PERSON" and e.end_char <= start]):
        actor = resolve_actor(ent.text, adoc, index=index)
        if actor.name not in {p.name for p in people}:
            people.insert(0, actor)
        if len(people) == count:
            break
    return people


# --- denials and attribution ---------------------------------------------------------------------


def link_denials(claims: Sequence[Claim], book: CueBook) -> list[Claim]:
    """Link each denial to the claim it answers in the same document (both ways).

    A denial whose content points back ("denied it", "rejected the allegation") answers
    the nearest earlier claim by another speaker, preferring one that names the denier;
    a denial with content of its own answers the earlier claim sharing most content words.
    """
    out = list(claims)
    for i, claim in enumerate(out):
        if claim.stance != "deny":
            continue
        target = _answered(claim, out[:i], book)
        if target is None:
            continue
        j = out.index(target)
        out[i] = replace(claim, contradicts=_add(claim.contradicts, target.id))
        out[j] = replace(target, contradicts=_add(target.contradicts, claim.id))
    return out


def _answered(denial: Claim, earlier: Sequence[Claim], book: CueBook) -> Claim | None:
    candidates = [c for c in earlier if c.stance != "deny" and c.doc_id == denial.doc_id
                  and c.speaker.name != denial.speaker.name and c.evidence.start <= denial.evidence.start]
    if not candidates:
        return None
    words = keywords(denial.content)
    if words and not _points_back(denial.content, book):
        scored = [(len(words & keywords(c.content)), c.evidence.start, c) for c in candidates]
        best = max(scored, key=lambda s: (s[0], s[1]))
        return best[2] if best[0] >= 2 else None
    nearby = [c for c in candidates[-3:] if denial.evidence.start - c.evidence.end <= 3 * _NEARBY_CHARS]
    naming = [c for c in nearby if _names(c, denial.speaker)]
    return (naming or nearby or [None])[-1]


def _points_back(content: str, book: CueBook) -> bool:
    words = [w for w in re.findall(r"[\w\-]+", content.lower()) if w not in ("the", "a", "an", "this", "these")]
    return not words or words[0] in ANAPHORIC or words[0].rstrip("s") in book.claim_nouns


def _names(claim: Claim, actor: Actor) -> bool:
    """Does the claim mention the actor (by name, or a word sharing its stem: Turkey/Turkish)?"""
    stems = {w.lower()[:5] for w in re.findall(r"[A-Z][\w\-]+", actor.name) if len(w) > 3}
    words = {w.lower()[:5] for w in re.findall(r"[A-Z][\w\-]+", claim.evidence.text)}
    return bool(stems & words)


def _add(ids: tuple[str, ...], new: str) -> tuple[str, ...]:
    return ids if new in ids else (*ids, new)


def attribute(
    figures: Sequence[Figure], claims: Sequence[Claim], actors: ActorIndex
) -> tuple[list[Figure], list[Claim]]:
    """Attribute figures to the claims that report them.

    Args:
        figures: figures of one or more documents.
        claims: claims of the same documents.
        actors: the actor dictionary (whose side a reporter speaks for).

    Returns:
        The figures with `attributed_to` set to the speaker of the innermost non-denial
        claim whose content holds the figure's quantity (kept as it was when none does),
        and the claims with `about` listing the ids of the figures inside them; a denial
        that answers another claim is also about that claim's figures.
    """
    spans = {c.id: c.content_range() for c in claims}
    about: dict[str, list[str]] = {c.id: list(c.about) for c in claims}
    new_figures = []
    for fig in figures:
        at = fig.quantity or fig.evidence
        holders = [c for c in claims if c.doc_id == fig.doc_id and spans[c.id][0] <= at.start
                   and at.end <= spans[c.id][1]]
        for c in holders:
            if fig.id not in about[c.id]:
                about[c.id].append(fig.id)
        reporters = [c for c in holders if c.stance != "deny"] or _reporting_clause(fig, claims)
        if reporters:
            inner = min(reporters, key=lambda c: spans[c.id][1] - spans[c.id][0])
            counted = fig.attributed_to is not None and fig.attributed_to.id is not None
            if not counted or inner.speaker.id is not None:  # "ACLED has recorded ..., the monitor said"
                fig = replace(fig, attributed_to=inner.speaker)
        new_figures.append(_with_own_side(fig, actors))
    for c in claims:
        if c.stance == "deny":
            for other in c.contradicts:
                about[c.id].extend(f for f in about.get(other, ()) if f not in about[c.id])
    return new_figures, [replace(c, about=tuple(about[c.id])) for c in claims]


def _reporting_clause(fig: Figure, claims: Sequence[Claim]) -> list[Claim]:
    """Claims whose reporting clause holds the figure though their content stops short of it.

    "X said 15 people were killed and 30 others were missing": the content may end at "and".
    """
    at = fig.quantity or fig.evidence
    return [c for c in claims if c.doc_id == fig.doc_id and c.stance != "deny"
            and c.evidence.start <= at.start and at.end <= c.evidence.end]


def _with_own_side(fig: Figure, actors: ActorIndex) -> Figure:
    """A belligerent's report of its own losses: the victims are on the reporter's side (see `own_side`)."""
    if fig.side is not None or fig.attributed_to is None:
        return fig
    noun = fig.evidence.text[(fig.quantity.end - fig.evidence.start) if fig.quantity else 0:].split()
    side = own_side(fig.group, fig.evidence.text, noun[0] if noun else "", fig.attributed_to, actors, fig.cumulative)
    return fig if side is None else replace(fig, side=side)
