"""spaCy loading (the pinned English pipeline) with an entity ruler fed from our data files.

A line-break component before the `parser` presets sentence starts, which the
parser keeps: a sentence starts at every line start, so a heading or a list item
never runs on into the next paragraph ("KEY POINTS\n\nTalks resumed"); inside
a line one may start only after ". ! ?" (see `line_breaks`).

The ruler runs before spaCy's `ner`, which then keeps the ruler's spans and
labels the rest. Places of the gazetteer become GPE (polities and settlements)
or LOC (geographic features); actors of the dictionary become ORG, NORP or
PERSON. Every ruler span carries the data row's id in `ent.ent_id_`.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .errors import ModelError
from .lexicon import ActorEntry, Dictionaries, GazetteerEntry, spelling_variants
from .records import Document
from .settings import Settings

log = logging.getLogger(__name__)
TEXT_KEY = "newsledger.text"
ENTS_KEY = "newsledger.ents"
PLACE_NAMES_KEY = "newsledger.place_names"
# Characters per document of a full batch: longer texts are parsed in smaller batches (`analyze_texts`).
PADDED_CHARS = 6000

LINE_BREAK_NAME = "newsledger_line_breaks"
RULER_NAME = "newsledger_ruler"
GUARD_NAME = "newsledger_name_guard"
# Gazetteer features that are not polities or settlements: spaCy's LOC, not GPE.
LOC_FEATURES = frozenset({"region", "mountain", "river", "lake", "sea", "corridor"})
# A state's own name is a gazetteer place (GPE, which wins); its other names in the actor
# dictionary are governments acting ("the Kremlin", "the Nagorno-Karabakh authorities"): ORG.
ACTOR_LABELS = {"person": "PERSON", "demonym": "NORP", "state": "ORG", "org": "ORG", "agency": "ORG", "media": "ORG"}
# Names of people and outlets are matched as written (and in capitals): "Russia Today" is
# a channel, "Russia today" is not. Other multi-word names match in any usual casing.
CASE_SENSITIVE_KINDS = frozenset({"person", "media"})
_SENTENCE_END = frozenset(".!?…")
# A line without sentence ends (a flattened table, a run of numbers) is cut into pieces of
# at most this many tokens: the parser and the matchers cost more than linear time per sentence.
MAX_SENTENCE_TOKENS = 200
_CLOSERS = frozenset("\"'”’)]»")
_MULTI_WORD = re.compile(r"[\s\-–]")
# A dateline: the city a story was filed from at the start of a line, in capitals or, when a bracket
# (the agency, the country) follows, in title case; then perhaps the filing date and the agency, then a
# dash or colon ("KHARTOUM (Reuters) -", "BAMAKO, Nov 16 (Reuters) -", "GAZA CITY —", "Aden (AFP) -",
# "Kirkuk (Iraq) (AFP) -"). It says where and when the reporter filed, not where or when events happened.
DATELINE = re.compile(r"(?m)^[ \t]*(?P<city>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*"
                      r"|[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+)*(?=(?:,[^\n()–—:]{1,40}?)?\s*\())"
                      r"(?:,[^\n()–—:]{1,40}?)?\s*(?:\([^()\n]{1,40}\)\s*){0,2}[-–—:]\s")
_SMALL_WORDS = frozenset("of the and for in on at de la du al to".split())
# Words that may stand right before or after a one-word name without being part of another name.
# Verbs of saying: "Lincoln said" names a speaker; "said on Tuesday" dates the saying, not what was said.
SPEECH_LEMMAS = frozenset({"say", "tell", "add", "write", "warn", "insist", "deny", "announce", "claim"})
# The names of weekdays and months: a capitalised one is a date, whatever else it may name.
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december".split()
)
_NEIGHBOUR_WORDS = frozenset(
    "mr mrs ms dr sir president presidents vice prime minister ministers premier chancellor secretary "
    "state affairs foreign defence defense interior general gen staff chief leader head spokesman "
    "spokeswoman ambassador envoy senator governor mayor ombudsman king queen emir sheikh ayatollah "
    "commander colonel admiral deputy acting former".split()
) | CALENDAR_WORDS


@dataclass(frozen=True)
class AnalyzedDoc:
    """A cleaned document with its spaCy parse: sentences, tokens, entities.

    Token and entity offsets (`token.idx`, `ent.start_char`) are offsets into
    `document.text`, so spans built from them are valid evidence.
    """

    document: Document
    doc: Doc


@dataclass(frozen=True)
class RulerPattern:
    """One phrase of the entity ruler: the text to match, its label and the data row id."""

    text: str
    label: str
    id: str

    def as_spacy(self) -> dict[str, str]:
        """Return the pattern in the shape `EntityRuler.add_patterns` takes."""
        return {"label": self.label, "pattern": self.text, "id": self.id}


def load_pipeline(
    settings: Settings | None = None, *, ruler: bool = True, dictionaries: Dictionaries | None = None
) -> Language:
    """Load the pinned spaCy pipeline, with line-break sentence starts and the entity ruler.

    Args:
        settings: run options; `model` and `model_version` name the pipeline.
        ruler: add the entity ruler (False gives the model's own entities, for comparison).
        dictionaries: the gazetteer and actor dictionary the ruler tags; the bundled ones when None.

    Returns:
        The loaded `Language`.

    Raises:
        ModelError: the package is missing or not the pinned version.
    """
    settings = settings or Settings()
    try:
        nlp = spacy.load(settings.model)
    except OSError as exc:
        raise ModelError(f"spaCy pipeline {settings.model!r} is not installed: run scripts/bootstrap") from exc
    version = nlp.meta.get("version")
    if version != settings.model_version:
        raise ModelError(f"spaCy pipeline {settings.model!r} is {version}, expected {settings.model_version}")
    nlp.add_pipe(LINE_BREAK_NAME, before="parser")
    if ruler:
        dictionaries = dictionaries or Dictionaries.load()
        add_entity_ruler(nlp, build_patterns(dictionaries.gazetteer, dictionaries.actors))
    return nlp


def doc_text(doc: Doc) -> str:
    """The text of a spaCy `Doc`, joined once and kept in `user_data`.

    `Doc.text` joins every token on each access, so code that slices it per
    token or per clause turns quadratic on long documents.
    """
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """The entities of a parsed `Doc`, built once and kept in `user_data`.

    `Doc.ents` (and `Span.ents`, which filters it) builds every entity span on
    each access. Call this only once the pipeline has set the entities.
    """
    ents = doc.user_data.get(ENTS_KEY)
    if not isinstance(ents, tuple):
        ents = doc.user_data[ENTS_KEY] = tuple(doc.ents)
    return ents


def place_names(doc: Doc) -> frozenset[str]:
    """The texts of the document's place entities (GPE, LOC, FAC), collected once and kept in `user_data`."""
    names = doc.user_data.get(PLACE_NAMES_KEY)
    if not isinstance(names, frozenset):
        names = doc.user_data[PLACE_NAMES_KEY] = frozenset(
            e.text for e in doc_ents(doc) if e.label_ in ("GPE", "LOC", "FAC"))
    return names


def span_ents(span: Span) -> list[Span]:
    """The entities inside a span (a sentence), as `Span.ents` gives them, without rebuilding all of them."""
    ents = doc_ents(span.doc)
    first = bisect.bisect_left(ents, span.start, key=lambda e: e.start)
    return [e for e in itertools.takewhile(lambda e: e.start < span.end, ents[first:]) if e.end <= span.end]


def ent_at(doc: Doc, i: int) -> Span | None:
    """The entity that contains token i, if any (a binary search, not a scan of every entity)."""
    ents = doc_ents(doc)
    k = bisect.bisect_right(ents, i, key=lambda e: e.start) - 1
    return ents[k] if k >= 0 and ents[k].start <= i < ents[k].end else None


def analyze_texts(nlp: Language, documents: Iterable[Document], batch_size: int = 32) -> Iterator[AnalyzedDoc]:
    """Run the pipeline over documents in batches, yielding them in order.

    A batch's working memory grows with its size times its longest text (the model pads to it):
    a long page goes with few others (`PADDED_CHARS` per batch), so one page does not cost
    a worker hundreds of megabytes. The parses are the same whatever the batch.
    """
    for batch in _batches(list(documents), batch_size, PADDED_CHARS * batch_size):
        for document, doc in zip(batch, nlp.pipe((d.text for d in batch), batch_size=len(batch)), strict=True):
            yield AnalyzedDoc(document, doc)


def _batches(docs: Sequence[Document], size: int, budget: int) -> Iterator[list[Document]]:
    """Consecutive documents, at most `size` at once and at most `budget` characters counting each as the longest."""
    batch: list[Document] = []
    longest = 0
    for document in docs:
        n = len(document.text)
        if batch and (len(batch) >= size or (len(batch) + 1) * max(longest, n) > budget):
            yield batch
            batch, longest = [], 0
        batch.append(document)
        longest = max(longest, n)
    if batch:
        yield batch


def add_entity_ruler(nlp: Language, patterns: Sequence[RulerPattern]) -> None:
    """Add our entity ruler and the name guard before `ner`, with these patterns."""
    entity_ruler = nlp.add_pipe(
        "entity_ruler", name=RULER_NAME, before="ner", config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False}
    )
    nlp.add_pipe(GUARD_NAME, after=RULER_NAME)
    # Phrase patterns are parsed by every component before the ruler; only the tokenizer is needed.
    earlier = nlp.pipe_names[: nlp.pipe_names.index(RULER_NAME)]
    with nlp.select_pipes(disable=earlier):
        entity_ruler.add_patterns([p.as_spacy() for p in patterns])  # type: ignore[attr-defined]
    log.debug("entity ruler: %d patterns", len(patterns))


def build_patterns(gazetteer: Iterable[GazetteerEntry], actors: Iterable[ActorEntry]) -> list[RulerPattern]:
    """Build one ruler pattern per spelling of every place and actor name.

    A spelling claimed by several rows goes to one: places before actors, a row
    whose canonical name it is before rows that list it as an alias, then file
    order. Resolution of the other candidates is left to later stages (see
    `lexicon.index_by_name`).

    Returns:
        Patterns in a stable order.
    """
    claims: dict[str, tuple[tuple[int, int, int], str, str]] = {}
    rows = [(0, entry, _place_label(entry), False) for entry in gazetteer]
    rows += [(1, entry, ACTOR_LABELS[entry.kind], entry.kind in CASE_SENSITIVE_KINDS) for entry in actors]
    for order, (rank, entry, label, case_sensitive) in enumerate(rows):
        for name in entry.names:
            priority = (rank, 0 if name == entry.name else 1, order)
            for text in _spellings(name, case_sensitive):
                if text not in claims or priority < claims[text][0]:
                    claims[text] = (priority, label, entry.id)
    return [RulerPattern(text, label, row_id) for text, (_, label, row_id) in claims.items()]


@Language.component(LINE_BREAK_NAME, assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence at every line start, and inside a line only after a sentence end.

    spaCy's parser often runs a heading or a bullet into the next line. Once line
    starts are preset it also tends to cut a line after its first word ("Armenia" |
    "and Azerbaijan held talks") or after a leading "•", "1." or quote; so inside a
    line a start is allowed only after ". ! ? …" (or a closing quote or bracket
    after one), and never right after a line's leading markers. The parser keeps
    these preset values and decides the allowed starts itself. A run of
    `MAX_SENTENCE_TOKENS` tokens with no allowed start gets a start anyway.
    """
    # Values are gathered and set in one array: each `Token.is_sent_start` assignment
    # rescans the whole document for a parse, which is quadratic on long documents.
    starts = doc.to_array([SENT_START]).astype("int64")
    line_start = True
    leading = False
    previous: Token | None = None
    run = 0
    for token in doc:
        if token.is_space:
            line_start = line_start or "\n" in token.text
            continue
        run += 1
        if (line_start or run > MAX_SENTENCE_TOKENS) and previous is not None:
            starts[token.i] = 1
            run = 1
        elif previous is not None and (leading or not _ends_sentence(doc, previous)):
            starts[token.i] = -1
        else:
            run = 1
        leading = (line_start or leading) and _is_marker(doc, token.i)
        line_start = False
        previous = token
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc


def _ends_sentence(doc: Doc, token: Token) -> bool:
    """True for ". ! ? …", also behind closing quotes and brackets ("?’”")."""
    i = token.i
    while i > 0 and set(doc[i].text) <= _CLOSERS and token.i - i < 3:
        i -= 1
    return doc[i].text[-1] in _SENTENCE_END


def _is_marker(doc: Doc, i: int) -> bool:
    """True for a list marker or opening punctuation: "•", "-", "(", "“", and "1" or "a" before "." or ")"."""
    text = doc[i].text
    if not any(ch.isalnum() for ch in text):
        return True
    return len(text) <= 2 and text.isalnum() and i + 1 < len(doc) and doc[i + 1].text in (".", ")")


@Language.component(GUARD_NAME, requires=["doc.ents"], assigns=["doc.ents"])
def name_guard(doc: Doc) -> Doc:
    """Drop one-word ruler spans that sit inside a longer name ("Karen Mirzoyan", "Victoria Nuland").

    The ruler knows "Mirzoyan" and "Victoria"; next to another capitalised proper
    noun they are part of someone else's name, so `ner` decides instead.
    """
    kept: list[Span] = []
    dropped: list[Span] = []
    for ent in doc.ents:
        inside = len(ent) == 1 and ent.ent_id_ and (_is_name_part(doc, ent.start - 1) or _is_name_part(doc, ent.end))
        (dropped if inside else kept).append(ent)
    if dropped:
        doc.set_ents(kept, missing=dropped, default="unmodified")
        for ent in dropped:
            for token in ent:
                token.ent_id = 0  # else a span `ner` builds over this token inherits the row id
    return doc


def _is_name_part(doc: Doc, i: int) -> bool:
    if not 0 <= i < len(doc):
        return False
    token = doc[i]
    return token.pos_ == "PROPN" and token.is_title and not token.ent_type and token.lower_ not in _NEIGHBOUR_WORDS


def _place_label(entry: GazetteerEntry) -> str:
    return "LOC" if entry.feature in LOC_FEATURES else "GPE"


def _spellings(name: str, case_sensitive: bool) -> tuple[str, ...]:
    """Return the spellings of a name to match: usual variants, in the casings news uses."""
    forms: dict[str, None] = {}
    for text in spelling_variants(name):
        forms.update(dict.fromkeys(_casings(text, case_sensitive)))
    return tuple(forms)


def _casings(text: str, case_sensitive: bool) -> tuple[str, ...]:
    if case_sensitive or not _MULTI_WORD.search(text):
        return (text, text.upper())
    words = text.split(" ")
    title = " ".join(w if i and w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))
    first_as_written = " ".join([words[0], *(w.lower() for w in words[1:])])
    return (text, text.lower(), text.upper(), title, first_as_written)
