"""ACLED sub-types from a trained text classifier, combined with the rule events of `events/extract.py`.

The classifier (spaCy `textcat`, exclusive classes: the 25 ACLED sub-types and `NONE`, trained
by `scripts/train_event_types.py` from `corpora/acled_types/train.tsv` and `handwritten.tsv`) reads each paragraph of
a document as `features`: the lemmas of its words, their word classes and weapon modes from the
event lexicon (`data/event_cues.tsv`), and the types of its trigger words and rule events, so
what it learnt from one phrasing carries over to words the lexicon groups with it. Its reading decides three things the dependency rules cannot see from one trigger:
(1) the sub-type of a rule event whose PLOVER type fits the paragraph's sub-type (a rule
"attack" in a paragraph about a roadside bomb is an IED); (2) the order of events (the event
whose sub-type the paragraph is about outranks the others, so the top event is the one a coder
would pick); (3) an event where the rules found none of that sub-type but the classifier is
confident (ranked above the rule events only when it is very sure), with the paragraph's best sentence as evidence and the PLOVER type and mode of the
sub-type (`data/acled_plover.tsv`); (4) an event of violence one sentence tells, read alone, where
the parse lost its clause and no violent event starts there (ranked below the paragraph's others).
A paragraph read as a non-event (`NONE`, "the teams clashed
in the final") strips the ACLED type from its rule events; their PLOVER type stays.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span as SpacySpan

from ..errors import FormatError, ModelError
from .patterns import Lexicon, TriggerMatch, find_triggers, token_classes
from .tables import AcledKind, EventTables
from ..lexicon import data_path
from ..nlp import doc_text
from ..records import Event, Span, stable_id

MODEL_DIR = "event_types_textcat"
# The words of the training features, most frequent first (written by scripts/train_event_types.py).
WORDS_FILE = "words.txt"
MAPPING_FILE = "acled_plover.tsv"
NONE = "NONE"
OTHER = "Other"
# Thresholds chosen on a pattern-held-out split of the training corpus (scripts/acled_corpus/template_split.py).
RETYPE_AT = 0.35  # the paragraph's sub-type replaces a fitting rule event's sub-type
CREATE_AT = 0.3  # the classifier alone makes an event of the paragraph's sub-type
SENTENCE_CREATE_AT = 0.6  # ... or of violence one sentence tells where no violent event starts (read alone)
OUTRANK_AT = 0.6  # ... which outranks the paragraph's rule events (else it ranks below them)
OUTRANK_WORDS_AT = 0.8  # ... of violence or a protest: it also outranks the rules' events about words
NONE_AT = 0.4  # the paragraph is not about a conflict event: rule events lose their ACLED type
AGREEMENT_BONUS = 0.2  # times the probability: added to a rule event of the paragraph's sub-type
BASE_CONFIDENCE = 0.3  # of a classifier event, plus 0.4 times its probability
_PHYSICAL = frozenset({"ASSAULT", "PROTEST"})  # PLOVER types of events a coder records over the words about them
# ... except a concession (a release, a permission): that is the news, the violence in its clause background
_KEEPS_RANK = frozenset({"CONCEDE"})
_DIGITS = re.compile(r"\d+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Names are read as their kind: what the model learns must carry over to other countries and groups.
_NAMES = frozenset({"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP", "DATE", "TIME", "CARDINAL"})


@dataclass(frozen=True)
class Paragraph:
    """A line of the document's text with the classifier's sub-type probabilities."""

    start: int
    end: int
    scores: Mapping[str, float]

    @property
    def best(self) -> tuple[str, float]:
        """The most probable label and its probability."""
        label = max(self.scores, key=lambda k: self.scores[k])
        return label, self.scores[label]


def features(sents: Iterable[SpacySpan], events: Sequence[Event], lexicon: Lexicon) -> str:
    """What the classifier reads of some sentences (the same in training and use).

    Lemmas in lower case with numbers as 0, names as `zze` + their entity label, then marker words: `zzc` + a word class, `zzm` + a
    weapon mode, `zzt` + the PLOVER type and `zzs` + the ACLED sub-type of a trigger word's first
    row, `zzp`/`zzs` of each rule event.
    """
    return _joined([sentence_words(sent, lexicon) for sent in sents], events)


def sentence_words(sent: SpacySpan, lexicon: Lexicon, triggers: Sequence[TriggerMatch] | None = None) -> list[str]:
    """The words `features` reads of one sentence; `triggers` are its `find_triggers`, found here if None."""
    words: list[str] = []
    for tok in sent:
        if tok.is_punct or tok.is_space:
            continue
        masked = tok.ent_type_ in _NAMES and tok.lemma_.lower() not in lexicon.classes
        words.append(f"zze{tok.ent_type_.lower()}" if masked else _DIGITS.sub("0", tok.lemma_.lower()))
        words += [f"zzc{_slug(c)}" for c in sorted(token_classes(tok, lexicon))]
        mode = lexicon.modes.get(tok.lemma_.lower())
        if mode:
            words.append(f"zzm{_slug(mode)}")
    for match in find_triggers(sent, lexicon) if triggers is None else triggers:
        row = match.rows[0]
        words += [f"zzt{_slug(row.type)}", f"zzs{_slug(row.acled_sub_type or NONE)}"]
    return words


def _joined(sentences: Iterable[list[str]], events: Sequence[Event]) -> str:
    """The features text of sentences read by `sentence_words`, with the marker words of their rule events."""
    words = [word for sentence in sentences for word in sentence]
    for event in events:
        words += [f"zzp{_slug(event.type)}", f"zzs{_slug(event.acled_sub_type or NONE)}"]
        if event.mode:
            words.append(f"zzm{_slug(event.mode)}")
    return " ".join(words)


def _slug(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower())


def load_event_typer(path: Path | None = None) -> Language:
    """Load the shipped ACLED sub-type classifier (a blank English pipeline with `textcat`).

    The words it was trained on are tokenized once here, outside any memory zone, so they
    stay in its vocabulary and tokenizer cache (see `_warm`).

    Raises:
        ModelError: the model folder is missing or holds no `textcat`.
    """
    path = path or data_path(MODEL_DIR)
    try:
        typer = spacy.load(path)
    except OSError as exc:
        raise ModelError(f"event-type classifier missing at {path}: run scripts/train_event_types.py") from exc
    if "textcat" not in typer.pipe_names:
        raise ModelError(f"{path}: no textcat component")
    words = Path(path) / WORDS_FILE
    if words.is_file():
        _warm(typer, words.read_text(encoding="utf-8").split())
    return typer


def _warm(typer: Language, words: Sequence[str]) -> None:
    """Make `words` lasting entries of the classifier's vocabulary and tokenizer cache.

    `classify` runs in a memory zone, where spaCy neither caches a tokenization nor keeps a
    new word: without this, every batch split and described each word afresh, most of the
    classifier's time. The same tokens and lexeme attributes come out either way.
    """
    for at in range(0, len(words), 1000):
        typer.tokenizer(" ".join(words[at : at + 1000]))


def classify(typer: Language, texts: Sequence[str]) -> list[dict[str, float]]:
    """Sub-type probabilities of each text of `features`; a text without words is `NONE`.

    The classifier's bigram layer fails on a text of no tokens, so those are never handed to it;
    the memory zone frees the strings of new words once the probabilities are read.
    """
    with typer.memory_zone():
        docs = iter(typer.pipe(t for t in texts if t.split()))
        return [dict(next(docs).cats) if t.split() else {"NONE": 1.0} for t in texts]


def load_acled_kinds() -> Mapping[str, AcledKind]:
    """The ACLED→PLOVER mapping of `data/acled_plover.tsv`, by sub-type."""
    lines = [line for line in data_path(MAPPING_FILE).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    kinds = {}
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != 6:
            raise FormatError(f"{MAPPING_FILE}: row {n}: {len(fields)} fields, expected 6")
        sub, acled, plover, mode, compatible, _source = fields
        kinds[sub] = AcledKind(sub, acled, plover, mode or None, frozenset(compatible.split("|")))
    return kinds


@dataclass(frozen=True)
class _Line:
    """A non-empty line of the text: its bounds, its sentences and the words `features` reads of each."""

    start: int
    end: int
    sents: tuple[SpacySpan, ...]
    words: tuple[list[str], ...]


def _lines(doc: Doc, lexicon: Lexicon, triggers: Mapping[int, Sequence[TriggerMatch]] | None) -> list[_Line]:
    """The non-empty lines of a parsed text, each sentence read once (sentences and lines are in text order)."""
    text = doc_text(doc)
    bounds = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            bounds.append((at, at + len(line)))
        at += len(line) + 1
    sents = list(doc.sents)
    starts = [sent.start_char for sent in sents]
    lines = []
    for start, end in bounds:
        inside = sents[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        words = [sentence_words(x, lexicon, None if triggers is None else triggers.get(x.start, ())) for x in inside]
        lines.append(_Line(start, end, tuple(inside), tuple(words)))
    return lines


def _within(events: Sequence[Event], start: int, end: int) -> list[Event]:
    return [e for e in events if start <= e.evidence[0].start < end + 1]


def retype(
    events: Sequence[Event], doc: Doc, doc_id: str, tables: EventTables,
    triggers: Mapping[int, Sequence[TriggerMatch]] | None = None,
) -> list[Event]:
    """Combine rule events with the classifier: sub-types, confidence, and events the rules missed.

    Args:
        events: the rule events of one document (`events.extract_events`), in text order.
        doc: its parse; paragraphs are its lines.
        doc_id: the document's id (for evidence spans and ids of new events).
        tables: the events stage's tables, with the loaded classifier (`load_event_typer`) as `typer`.
        triggers: the `find_triggers` of each sentence, by its first token, when the caller has them
            (a sentence missing from the mapping has none); found here if None.

    Returns:
        Events in text order: rule events retyped and rescored, plus one classifier event per
        paragraph whose confident sub-type no rule event carries.
    """
    typer, kinds = tables.typer, tables.kinds
    if typer is None:
        return list(events)
    out: list[Event] = []
    lines = _lines(doc, tables.lexicon, triggers)
    texts = [_joined(line.words, _within(events, line.start, line.end)) for line in lines]
    for line, scores in zip(lines, classify(typer, texts), strict=True):
        para = Paragraph(line.start, line.end, scores)
        inside = _within(events, para.start, para.end)
        typed = _keep_rank(inside, [_combine(e, para, kinds) for e in inside], para)
        made = _made_event(para, line, typed, doc, doc_id, typer, kinds)
        out.extend(typed + ([made] if made else []))
    out.extend(_sentence_events(lines, out, doc, doc_id, typer, kinds))
    return sorted(out, key=lambda e: (e.evidence[0].start, e.evidence[0].end, e.type))


def _sentence_events(lines: Sequence[_Line], events: Sequence[Event], doc: Doc, doc_id: str, typer: Language,
                     kinds: Mapping[str, AcledKind]) -> list[Event]:
    """Violence the classifier is sure one sentence tells, where no violent event starts.

    A parse can lose the clause of an attack ("Gunmen armed with pistols shot dead an elder" read as a
    noun phrase) in a paragraph whose other sentences hold events, so the paragraph's own reading makes
    none for it. Not when the paragraph has an event of that sub-type (a sentence telling more of it);
    such an event ranks below the paragraph's others: it adds a record, not a new main event.
    """
    starts = sorted(e.evidence[0].start for e in events if e.type == "ASSAULT")
    bare = [(line, sent, words) for line in lines for sent, words in zip(line.sents, line.words, strict=True)
            if words and not _holds(starts, sent.start_char, sent.end_char)]
    if not bare:
        return []
    made = []
    for (line, sent, _), scores in zip(bare, classify(typer, [_joined([w], []) for _, _, w in bare]), strict=True):
        label, p = max(scores.items(), key=lambda kv: kv[1])
        kind = kinds.get(label)
        if kind is None or kind.plover != "ASSAULT" or p < SENTENCE_CREATE_AT:
            continue
        around = _within(events, line.start, line.end)
        if any(e.acled_sub_type == label for e in around):
            continue  # "The kidnappers demanded a ransom" after the abduction: the same event told on
        span = Span.of(doc_id, doc_text(doc), sent.start_char, sent.start_char + len(sent.text.rstrip()))
        others = [e.confidence for e in around]
        confidence = min([BASE_CONFIDENCE + 0.4 * p, *(c - 0.01 for c in others)])
        made.append(Event(
            id=stable_id("evt", doc_id, span.start, kind.plover, "textcat"), doc_ids=(doc_id,), evidence=(span,),
            type=kind.plover, status="asserted", mode=kind.mode, acled_type=kind.acled_type,
            acled_sub_type=kind.sub_type, confidence=round(min(max(confidence, 0.05), 1.0), 3)))
    return made


def _holds(starts: Sequence[int], start: int, end: int) -> bool:
    """Whether an event's evidence starts within [start, end)."""
    at = bisect.bisect_left(starts, start)
    return at < len(starts) and starts[at] < end


def _combine(event: Event, para: Paragraph, kinds: Mapping[str, AcledKind]) -> Event:
    """A rule event under its paragraph's reading: maybe retyped, always rescored."""
    label, p = para.best
    kind = kinds.get(label)
    if label == NONE and p >= NONE_AT and event.acled_sub_type:
        event = replace(event, acled_type=None, acled_sub_type=None)
    elif kind is not None and p >= RETYPE_AT and event.type in kind.compatible:
        event = replace(event, acled_type=kind.acled_type, acled_sub_type=kind.sub_type)
    if event.acled_sub_type == label and p >= RETYPE_AT:
        event = replace(event, confidence=round(min(event.confidence + AGREEMENT_BONUS * p, 0.99), 3))
    return event


def _keep_rank(before: Sequence[Event], after: Sequence[Event], para: Paragraph) -> list[Event]:
    """The classifier reorders conflict events only: one the rules ranked below an event without an
    ACLED type (talks on a pullback) stays below it, except a protest below its own demands, and
    violence or a protest the classifier is sure the paragraph reports ("accused the army of
    shelling ..."): that goes above the words about it."""
    rank = [(-e.confidence, e.evidence[0].start, i) for i, e in enumerate(before)]  # as plover.top_event
    label, _ = para.best

    def lift(event: Event) -> bool:
        return event.acled_sub_type == label and _outranks_words(para, event.type, before)

    out = []
    for k, new in enumerate(after):
        above = [o.confidence for i, (o, n) in enumerate(zip(before, after, strict=True))
                 if not n.acled_sub_type and rank[i] < rank[k] and not _demand_of(n, new)]
        if above and new.acled_sub_type and new.confidence >= min(above) and not lift(new):
            new = replace(new, confidence=round(min(above) - 0.001, 3))
        elif above and lift(new):
            new = replace(new, confidence=round(min(max(new.confidence, max(above) + 0.001), 1.0), 3))
        demands = [n.confidence for n in after if _demand_of(n, new)]
        if demands and new.confidence <= max(demands):
            new = replace(new, confidence=round(min(max(demands) + 0.001, 1.0), 3))
        out.append(new)
    return out


def _outranks_words(para: Paragraph, plover: str, events: Sequence[Event]) -> bool:
    """Whether the paragraph's sub-type, of this PLOVER type, goes above its other events: violence or a
    protest the classifier is sure of is what a coder records, not the accusation or appeal about it,
    unless a concession holds it (a release of hostages, a permission to rally)."""
    return para.best[1] >= OUTRANK_WORDS_AT and plover in _PHYSICAL and not any(e.type in _KEEPS_RANK for e in events)


def _demand_of(request: Event, protest: Event) -> bool:
    """'Protesters marched ..., demanding X': the demand is the protest's content, the protest the event."""
    return request.type == "REQUEST" and protest.type == "PROTEST"


def _made_event(para: Paragraph, line: _Line, typed: Sequence[Event], doc: Doc, doc_id: str, typer: Language,
                kinds: Mapping[str, AcledKind]) -> Event | None:
    """An event of the paragraph's sub-type when the classifier is sure and no rule event has it."""
    label, p = para.best
    kind = kinds.get(label)
    if kind is None or p < CREATE_AT or any(e.acled_sub_type == label or e.type in kind.compatible for e in typed):
        return None  # a rule event carries it, or could: the classifier was not sure enough to retype it
    read = [(s, words) for s, words in zip(line.sents, line.words, strict=True) if s.text.strip()]
    if not read:
        return None
    best = read[0][0]
    if len(read) > 1:
        scores = classify(typer, [_joined([words], []) for _, words in read])
        best = read[max(range(len(read)), key=lambda i: scores[i].get(label, 0.0))][0]
    span = Span.of(doc_id, doc_text(doc), best.start_char, best.end_char)
    confidence = BASE_CONFIDENCE + 0.4 * p
    conflict = [e.confidence for e in typed if e.acled_sub_type]
    sure = p >= OUTRANK_AT and label != OTHER  # "Other" is what is left: it never overrides a rule's sub-type
    if typed and _outranks_words(para, kind.plover, typed):
        confidence = max(confidence, max(e.confidence for e in typed) + 0.01)
    else:
        if conflict and sure:  # the rules saw a conflict event too, of another sub-type
            confidence = max(confidence, max(conflict) + 0.01)
        if typed and (not sure or len(conflict) < len(typed)):
            # below rule events the classifier has no say on (a refusal, a threat, a meeting)
            confidence = min(confidence, min(e.confidence for e in typed if not e.acled_sub_type or not sure) - 0.01)
    return Event(
        id=stable_id("evt", doc_id, span.start, kind.plover, "textcat"), doc_ids=(doc_id,), evidence=(span,),
        type=kind.plover, status="asserted", mode=kind.mode, acled_type=kind.acled_type,
        acled_sub_type=kind.sub_type, confidence=round(min(max(confidence, 0.05), 1.0), 3),
    )
