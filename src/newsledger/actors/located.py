"""Where an actor stands: the country its sentence, else its document, names.

`located_country` gives an actor the dictionary cannot place the country where its
words stand, as ACLED and ICEWS code unnamed and local actors ("gunmen", "protesters",
"President X" of a state the dictionary lacks): the first country its sentence names,
else the document's leading one. `names_people` tells a phrase naming people or a body
from one naming a thing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span as SpacySpan

from ..lexicon import normalize_name
from ..nlp import AnalyzedDoc, doc_ents, span_ents
from ..places.index import place_key
from .index import ActorIndex

# Heads of phrases that name people even in lowercase ("prisoners", "Ibo elders"); also words in -ists.
PEOPLE_NOUNS = frozenset(
    "people persons prisoners inmates detainees refugees elders leaders settlers workers students demonstrators "
    "protesters gunmen militants civilians villagers residents fighters guerrillas guerrilla rebels soldiers "
    "troops police policemen supporters members youths men women children farmers landowners officials "
    "group groups coalition faction militia militias crowd crowds mob dockers miners teachers doctors nurses "
    "drivers strikers traders pilgrims worshippers militiamen attackers assailants insurgents separatists "
    "hackers migrants tribesmen herders clansmen bandits kidnappers pirates smugglers looters rioters mourners "
    "voters lawmakers legislators deputies judges lawyers veterans exiles".split()
)
# Where the head of a phrase ends: "settlers in Hebron", "a group based in Lagos".
_HEAD_END = re.compile(r"\s(?:in|of|from|at|near|based|operating|who|which|that|on)\s.*$")
_EDGE = "\"'’.,;:()"
# A town smaller than this, and not in the curated gazetteer, is too uncertain to place an actor.
TOWN_POPULATION = 15_000
COUNTRIES_KEY = "newsledger.countries"


def names_people(phrase: str) -> bool:
    """Whether a phrase's head names people or a body ('Prisoners', 'Fatah Party'), not a thing ('concessions')."""
    head = _HEAD_END.sub("", phrase.strip()).split() or phrase.split()
    last = head[-1].strip(_EDGE) if head else ""
    bare = last.lower().removesuffix("'s").removesuffix("’s")
    return bool(last) and (last[:1].isupper() or bare in PEOPLE_NOUNS or bare.endswith("ists"))


def located_country(text: str, adoc: AnalyzedDoc, index: ActorIndex, exclude: Iterable[str] = ()) -> str | None:
    """The country where an actor phrase stands: the first its sentence names, else the document's leading one.

    Args:
        text: the actor's words, as they appear in the document.
        adoc: the analysed document.
        index: the actor dictionary, with the place index that places the country names.
        exclude: countries that cannot be the answer (the kin state of "ethnic Albanians").

    Returns:
        An ISO3 code, or None when the sentence names no country and the document has no
        single leading one.
    """
    excluded = frozenset(exclude)
    doc = adoc.doc
    at = adoc.document.text.find(text) if text else -1
    span = doc.char_span(at, at + len(text), alignment_mode="expand") if at >= 0 else None
    if span is not None:
        # Where the text puts the actor: a town or region in its own words ("12 people in Kherson"),
        # else one its sentence names, before any country or demonym, which may name another party
        # ("Russian shelling killed 12 people in Kherson"); else the sentence's first country.
        named = [(c, i, local) for c, i, local in _countries(span.sent, index) if c not in excluded]
        own = [c for c, i, local in named if local and span.start <= i < span.end]
        choice = own or [c for c, _, local in named if local] or [c for c, _, _ in named]
        if choice:
            return choice[0]
    counts = Counter({c: n for c, n in _document_countries(doc, index).items() if c not in excluded}).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return None


def _document_countries(doc: Doc, index: ActorIndex) -> Counter[str]:
    """How often the document names each country; counted once per document, asked once per unplaced actor."""
    counts = doc.user_data.get(COUNTRIES_KEY)
    if not isinstance(counts, Counter):
        counts = doc.user_data[COUNTRIES_KEY] = Counter(c for c, _, _ in _countries(doc[:], index))
    return counts


def _after_name(ent: SpacySpan) -> bool:
    """'Kenzo Oshima': a capitalised word the model left out makes the 'place' a surname."""
    before = ent.doc[ent.start - 1] if ent.start else None
    return before is not None and before.pos_ == "PROPN" and not before.ent_type_ and before.is_title


def _countries(span: SpacySpan, actors: ActorIndex) -> list[tuple[str, int, bool]]:
    """(country, first token, local) of every state, demonym, actor or place the span names, in order;
    `local` for a place below country level (a town, a province), which says where, not whose."""
    index = actors.places
    if index is None:
        return []
    ents = span_ents(span) if span.start or span.end < len(span.doc) else list(doc_ents(span.doc))
    out = []
    for ent in ents:
        local = False
        country = index.actor_countries.get(ent.ent_id_) if ent.ent_id_ else None
        if country is None and ent.label_ in ("NORP", "ORG"):  # "Pakistani", "Serbian Workers' Union"
            country = next((c for t in ent if (c := actors.state_names.get(normalize_name(t.text)))), None)
        # The small model reads some Arabic place names as people ("Khan Younis", "Beit Lahia"): a name of two
        # words or more that is all a known town's is read as that town.
        as_place = ent.label_ in ("GPE", "LOC", "NORP") or (ent.label_ == "PERSON" and len(ent) > 1)
        if country is None and as_place and not _after_name(ent):
            key = place_key(ent.text)
            sites = index.lookup(key) if key not in index.not_places else ()
            # A curated town's own name before another's alternate spelling ("Goris" is a town of Armenia and
            # an old spelling of Georgia's larger Gori).
            site = next((s for s in sites if s.curated and key in s.primary), sites[0]) if sites else None
            country = site.country if site and (site.curated or site.population >= TOWN_POPULATION) else None
            local = country is not None and site is not None and site.precision != "country"
        if country:
            out.append((country, ent.start, local))
    return out
