"""Where an event happened, from its own clause: never where it was said.

`event_place` reads a place after "in/near/at/on" in the event's words, or in its object ("shelled
the town of X"), with the document's `DocState` to resolve names; the places stage fills the rest
(the sentence's, the paragraph's, the theatre).
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan, Token

from .context import HAPPENING, DocState
from .patterns import Found, own_classes
from ..nlp import ent_at
from ..places.extract import resolve_place
from ..places.index import ARABIC_ARTICLES, NAME_PARTICLES, distance_km
from ..places.readings import PART_KM
from ..places.words import ADMIN_NOUNS, DIRECTIONS
from ..records import PLACE_PRECISIONS, Place

# Statements and decisions: a place next to them is where they were made, not an action's place.
_SPEECH_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONCEDE", "SANCTION"})
_PLACE_PREPS = frozenset("in near at on around outside inside across along into to from towards toward off through "
                         "within throughout".split())
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
LOCATION_PREPS = frozenset({"around", "near", "in", "outside", "inside", "at"})
# Nouns of a part of a place: "the Gaza side of the Rafah crossing" is at the crossing.
_PART_NOUNS = frozenset("side part parts half end edge edges outskirts section sector corner area areas".split())


def event_place(f: Found, type_: str, state: DocState) -> Place | None:
    """Where the action happened: a place after 'in/near/at/on' or in the object ('shelled the town of X').

    When both name one, the object's wins if it is at least as fine and can lie inside the other:
    "shelled the village of X in Y province" and "shelled X in northeastern Ukraine" happened at X,
    not across Y or Ukraine; "shelled X from Y" and "across the Z reservoir, shelled X" at X.
    """
    if type_ in _SPEECH_TYPES:
        return None
    by_prep = _prep_place(f, state)
    by_object = _object_place(f, state)
    if by_prep is None or by_object is None:
        return by_prep or by_object
    inside = by_prep.country is None or by_object.country == by_prep.country
    return by_object if inside and _fineness(by_object) <= _fineness(by_prep) else by_prep


def _fineness(place: Place) -> int:
    """The place's rank in `PLACE_PRECISIONS` (a point first, a country last); after them, a name no
    gazetteer locates."""
    if place.lat is None or place.lon is None:
        return len(PLACE_PRECISIONS)
    return PLACE_PRECISIONS.index(place.precision or "exact")


def _prep_place(f: Found, state: DocState) -> Place | None:
    """The place of a prepositional phrase of the event's words ('clashed in X', 'scheduled to begin in X')."""
    doc = state.doc
    heads = [doc[i] for i in dict.fromkeys((f.head, f.predicate, *f.extra))]
    heads += [c for h in heads[1:2] for c in h.children if c.dep_ == "xcomp"]  # "scheduled to begin in X"
    told = doc[f.head].head
    if doc[f.head].dep_ == "nsubj" and told.pos_ == "VERB" and told.lemma_.lower() in HAPPENING:
        heads.append(told)  # "In Nikopol, shelling damaged 20 houses": the verb that tells it says where
    verb = doc[f.predicate]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        heads.append(verb.head)  # "stopped a bus near X and abducted 14 passengers": the first act's place, last
    found: list[Place] = []
    for tok in heads:
        for c in tok.children:
            if c.dep_ == "prep":
                depth = 0 if c.lower_ in _PLACE_PREPS else 1  # "clashed with police in X": only the nested place
                objects = [g for g in c.children if g.dep_ == "pobj"]
                place = next((p for g in objects if (p := _place_in(g, state, depth, strict=depth > 0))), None)
                if place is not None:
                    found.append(place)
    # "In X province, troops clashed with rebels in the village of Y": the finest place of one country, else the first
    same = [p for p in found if p.country is not None and p.country == found[0].country] if found else []
    return min(same, key=_fineness) if same else (found[0] if found else None)


def _object_place(f: Found, state: DocState) -> Place | None:
    """The place the event's object names ('shelled the town of X', 'hit a block in X')."""
    doc = state.doc
    objects = [doc[f.obj]] if f.obj is not None else []
    if f.predicate != f.head and doc[f.head].dep_ in ("nsubj", "nsubjpass"):
        objects += [c for c in doc[f.predicate].children if c.dep_ == "dobj"]  # "a drone strike hit a market in X"
    for obj in objects:
        if obj.ent_type_ == "ORG":
            found = _misread_place(obj, state)
        elif not own_classes(obj, state.lexicon) & {"person", "diplomat"}:
            found = _place_in(obj, state)
        else:
            continue
        if found is not None:
            return found
    return None


def _misread_place(tok: Token, state: DocState) -> Place | None:
    """'shelled El Fasher' with the town read as an organisation: a town name that names no known actor."""
    found = resolve_place(state.phrase(tok), state.tables.places, state.adoc, context=state.place_context())
    if found is None or found.precision == "country":
        return None
    resolved = state.resolve(tok.i)
    actors = resolved if isinstance(resolved, tuple) else (resolved,)
    return None if any(a.id or a.sector for a in actors) else found


def _place_in(tok: Token, state: DocState, depth: int = 0, strict: bool = False) -> Place | None:
    """The place a phrase names (`_phrase_place`); a part of a place ("Kharkiv's Kyivskyi district") lies in it:
    a reading of the part far from the whole is another place of that name (Kyivskyi district of Poltava)."""
    found = _phrase_place(tok, state, depth, strict)
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")), None)
    if found is None or found.lat is None or owner is None:
        return found
    words = owner.doc[owner.left_edge.i:owner.i + 1].text  # "Kherson city" of "Kherson city's": the entity may run on
    whole = resolve_place(words, state.tables.places, state.adoc, context=state.place_context())
    if whole is None or whole.lat is None or whole.precision not in ("exact", None):
        return found
    return found if distance_km(found.lat, found.lon, whole.lat, whole.lon) <= PART_KM else whole


def _phrase_place(tok: Token, state: DocState, depth: int = 0, strict: bool = False) -> Place | None:
    """The place a phrase names: itself, 'the town of X', 'northern Syria', 'the area around the village of X'."""
    if any(start <= tok.idx < end for start, end in state.datelines) or tok.lower_ == "time":
        # "MAPUTO (AFP) - Dozens of people were killed": the parser may hang the dateline on a noun;
        # "at 4:30 a.m. (Sanaa time)": a clock's zone
        return None
    if tok.ent_type_ in _PLACE_ENTS and not strict:
        ent = ent_at(tok.doc, tok.i)
        if ent is not None and ent.label_ in _PLACE_ENTS and not _is_actor_word(ent):
            return _place(ent, state)
    if tok.pos_ == "PROPN" and not strict and tok.ent_type_ not in ("ORG", "DATE") and (
            tok.ent_type_ != "NORP" or tok.dep_ == "compound"):
        start, end = state.np_bounds(tok)
        found = _read_at(start, state.doc[start:end + 1].text, state)  # the words `state.phrase` reads
        if found is not None:
            return found  # a town the entity recogniser took for a person or a people ("the Rafah crossing")
    name = _compound_name(tok)
    if name is not None and not strict:
        # "the Tal al-Sultan neighbourhood": a name joined by an article is read whole, never by its first word
        found = resolve_place(name.text, state.tables.places, state.adoc, context=state.place_context())
        if found is not None:
            return found
    if _named_area(tok) and not strict:
        # "in Imam Sahib district of Kunduz province": the named division, read whole (the entity recogniser may
        # take its name for an organisation), is finer than what its "of" names; unknown, the "of" place serves
        start = min(c.left_edge.i for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod"))
        found = _read_at(start, tok.doc[start:tok.i + 1].text, state)
        if found is not None and found.lat is not None:
            return found
    # "the Gaza side of the Rafah crossing", "eastern parts of the city": the whole comes before the part's name;
    # but "the Gandoh area of Doda district", "Kajuru local government area of Kaduna state" name a place in it.
    part = tok.lemma_.lower() in _PART_NOUNS and not (tok.lemma_.lower() == "area" and _named_area(tok))
    children = sorted(tok.children, key=lambda c: c.dep_ != "prep") if part else tok.children
    for c in children:
        if c.dep_ == "compound" and name is not None and name.start <= c.i < name.end:
            continue
        if c.dep_ in ("compound", "appos") or c.dep_ == "nmod" and c.pos_ == "PROPN" and _named_area(tok):
            inner = [c]  # "[Kajuru] local government area": the parser makes the name a nominal modifier
        elif c.dep_ == "prep" and (c.lower_ == "of" and not strict or depth < 2 and c.lower_ in LOCATION_PREPS):
            inner = [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ in ("advmod", "npadvmod", "amod") and c.lower_ in DIRECTIONS:
            # "a hideout about 20 km north of X": where the thing is (the measured point is read later)
            inner = [g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                     if g.dep_ == "pobj"]
        else:
            continue
        if strict and c.dep_ not in ("prep", "advmod", "npadvmod", "amod"):
            continue
        for g in inner:
            found = _place_in(g, state, depth + 1)
            if found is not None:
                return found
    return None


def _named_area(tok: Token) -> bool:
    """Whether an "area" or division noun is named by the proper noun before it ("the Gandoh area", "Kajuru local
    government area"), which is then a place inside what its "of" names."""
    if tok.lemma_.lower() != "area" and tok.lower_ not in ADMIN_NOUNS:
        return False
    lefts = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
    return any(c.pos_ == "PROPN" for c in lefts)


def _compound_name(tok: Token) -> SpacySpan | None:
    """The proper name joined by an article or particle that modifies a noun ("the [Tal al-Sultan] neighbourhood",
    "[Mocímboa da Praia] town"), if any: its first or last word alone is no place ("Tal" is not At Tall in Syria)."""
    compounds = [c for c in tok.lefts if c.dep_ == "compound"]
    if not compounds or compounds[-1].i != tok.i - 1:
        return None
    run = tok.doc[compounds[0].left_edge.i:tok.i]  # the parser may hang "Tal al -" on "Sultan" or on the noun
    joined = any(c.text == "-" or c.lower_ in ARABIC_ARTICLES | NAME_PARTICLES for c in run[1:-1])
    return run if len(run) >= 3 and joined and run[0].pos_ == "PROPN" and run[-1].pos_ == "PROPN" else None


def _is_actor_word(ent) -> bool:
    return (ent.ent_id_ or "").startswith(("state:", "agency:", "org:", "person:", "demonym:")) and ent.label_ != "GPE"


def _read_at(start: int, text: str, state: DocState) -> Place | None:
    """The place the places stage read at this token ("Petropavlivka, east of Kupiansk": the one near Kupiansk),
    else the name's reading in the document."""
    context = state.place_context()
    place = context.readings.get(state.doc[start].idx)
    return place or resolve_place(text, state.tables.places, state.adoc, context=context)


def _place(ent, state: DocState) -> Place:
    found = _read_at(ent.start, ent.text, state)
    if found is not None:
        return found
    if ent.ent_id_.startswith("place:"):
        entry = state.tables.actors.dictionaries.places_by_id.get(ent.ent_id_)
        if entry is not None:
            return entry.to_place()
    return Place(name=ent.text)
