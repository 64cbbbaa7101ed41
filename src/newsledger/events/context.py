"""What an event needs from its document: actors, status and place.

`DocState` holds one document's read-only inputs and the caches `events.extract_events`
fills while it reads that document (resolved actor phrases, the actors named so far for
pronouns, the last group of actors for "both leaders", the parties to the document's
conflict for "the conflicting parties"); it lives for one call and is never shared.
`status_of` decides an event's status (None for negated and hypothetical events, which
are not reported); `events.where.event_place` where the action happened.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from ..actors.entities import resolve_actor
from .patterns import DONE_PREPS, Found, token_classes
from .tables import EventTables
from ..nlp import DATELINE, AnalyzedDoc, doc_ents, ent_at, span_ents
from ..places.extract import Context, document_context, resolve_place
from ..records import Actor

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)(?:s\b|\b)")
_PRONOUNS = frozenset("he she it they we him her them us i".split())
_PLURAL_PRONOUNS = frozenset({"they", "them"})
_FIRST_PERSON = frozenset({"i", "we", "us", "me"})
# Entities whose nouns never stand for people ("for hours", "two days").
_NOT_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
# Prepositions that attach circumstances to a verb and end a noun phrase ("the US on Thursday").
_VERBAL_PREPS = frozenset("on during after before since over about against amid despite following until at by".split())
_GROUP = re.compile(
    r"^(?:both|the\s+two|two|the\s+(?:conflicting|warring|opposing|rival|two\s+warring))\s+(?:\w+\s+)?"
    r"(?P<noun>leaders|presidents|ministers|heads\s+of\s+state|countries|nations|states|sides|parties|governments|"
    r"neighbou?rs|foreign\s+ministers|rivals|enemies|armies)\b",
    re.I,
)
_PEOPLE_NOUNS = ("leaders", "presidents", "ministers", "heads of state", "foreign ministers")
_REPORTING = frozenset("claim report allege accuse confirm say announce publish release show".split())
_PLAN_WORDS = frozenset("plan intend schedule expect set due prepare aim hope want propose mean going willing ready "
                        "prepared scheduled planned expected poised likely".split())
_DONE_WORDS = frozenset("try attempt continue begin start manage decide resume keep seek".split())
# Verbs whose object is the weapon of the act their infinitive tells, done when the verb is: "a unit used drones
# to attack a police station" (not "drones used by Russia to strike", "aircraft used to launch missiles").
INSTRUMENT_VERBS = frozenset({"use", "employ"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_DOUBT_AUX = frozenset({"could", "might", "may", "can", "should", "ca", "must"})
_IRREALIS_MARKS = frozenset({"if", "unless", "whether", "lest", "until"})
_PLANNED_MODIFIERS = frozenset("planned upcoming proposed scheduled future possible potential expected".split())
_CONFLICT_NOUNS = frozenset("fighting conflict war clash hostility tension dispute battle talk negotiation ceasefire "
                            "mediation confrontation violence".split())
_STATE_SECTORS = frozenset({"GOV", "MIL", "IGO"})
# Verbs that say a noun of force happened ("clashes broke out", "shelling damaged 20 houses"), with the
# words some need ("break out", "take place", "flare up"); their place is the act's.
HAPPENING: dict[str, frozenset[str]] = {
    **dict.fromkeys("erupt rage resume continue intensify escalate occur damage destroy target hit strike rock "
                    "pound kill wound injure leave begin start".split(), frozenset()),
    "flare": frozenset({"up"}), "break": frozenset({"out"}), "take": frozenset({"place"}),
}


class DocState:
    """One document being read: its parse, lexicon, publication year and resolution caches."""

    def __init__(self, adoc: AnalyzedDoc, tables: EventTables, places: Context | None = None) -> None:
        self.adoc = adoc
        self.doc = adoc.doc
        self.doc_id = adoc.document.id
        self.tables = tables
        self.lexicon = tables.lexicon
        self.year = _document_year(adoc)
        self._resolved: dict[int, Actor | tuple[Actor, ...]] = {}
        self._phrases: dict[str, Actor] = {}
        self._mentions: list[tuple[int, Actor]] | None = None
        self._parties: tuple[Actor, ...] | None = None
        self._places = places  # the places stage's, when the caller has it
        self.last_group: tuple[Actor, ...] = ()
        # where each dateline's city stands: the place a story was filed from, not where anything happened
        self.datelines = [m.span("city") for m in DATELINE.finditer(adoc.document.text)]

    # actors

    def np_bounds(self, tok: Token) -> tuple[int, int]:
        """First and last token of the noun phrase a token heads, without conjuncts or clauses."""
        start, end = tok.left_edge.i, tok.right_edge.i
        ent = ent_at(self.doc, tok.i) if tok.ent_type_ else None
        for child in tok.children:
            if child.dep_ in ("conj", "cc", "relcl", "acl", "advcl", "parataxis") or (
                    child.dep_ == "prep" and child.i > tok.i and (child.lower_ in _VERBAL_PREPS or any(
                        g.dep_ == "pcomp" or g.tag_ == "VBG" for g in child.children))) or (
                    child.dep_ == "punct" and child.i > tok.i and not any(
                        c.dep_ == "appos" and c.i > child.i for c in tok.children)):
                if child.i > tok.i:
                    end = min(end, child.left_edge.i - 1)
                else:
                    start = max(start, child.right_edge.i + 1)
        if ent is not None:
            start, end = min(start, ent.start), max(end, ent.end - 1)
        while end > start and self.doc[end].is_punct:
            end -= 1
        while start < end and (self.doc[start].is_punct or self.doc[start].dep_ == "cc"):
            start += 1
        return start, max(start, end)

    def phrase(self, tok: Token) -> str:
        """The words of a noun phrase, as `resolve_actor` reads them."""
        start, end = self.np_bounds(tok)
        return self.doc[start:end + 1].text

    def resolve(self, i: int) -> Actor | tuple[Actor, ...]:
        """The actor a noun phrase names; a tuple for a group ('both leaders', 'they')."""
        if i not in self._resolved:
            self._resolved[i] = self._resolve(self.doc[i])
        return self._resolved[i]

    def _resolve(self, tok: Token) -> Actor | tuple[Actor, ...]:
        text = self.phrase(tok)
        group = _GROUP.match(text)
        pronoun = tok.lower_ if tok.pos_ == "PRON" else ""
        if pronoun in _PLURAL_PRONOUNS and (body := self._previous_subject(tok)) is not None:
            return replace(body, text=text)
        if pronoun in _PLURAL_PRONOUNS and (noun := _plural_before(tok)) is not None:
            found = self.resolve(noun.i)
            return replace(found, text=text) if isinstance(found, Actor) else found
        if group or pronoun in _PLURAL_PRONOUNS:
            people = bool(group) and group.group("noun").lower() in _PEOPLE_NOUNS
            found = self.last_group if (people or not group) and self.last_group else self.parties()
            if found:
                return tuple(replace(a, text=text) for a in found)
        if pronoun in _FIRST_PERSON:
            return Actor(text, text=text)  # the speaker of a quote: known to claims, not here
        if pronoun in _PRONOUNS:
            speaker = self._reporting_subject(tok)
            if speaker is not None:
                return replace(speaker, text=text)
            return resolve_actor(text, self.adoc, recent=self.mentions_before(tok.i), index=self.tables.actors)
        actor = self._lookup(text)
        if not _known(actor):
            start, end = self.np_bounds(tok)
            inner = (self._lookup(e.text) for e in span_ents(self.doc[start : end + 1])
                     if e.label_ in ("NORP", "GPE", "ORG"))
            actor = next((a for a in inner if _known(a)), actor)
        actor = replace(actor, text=text)
        if not _known(actor) and re.search(r"\b(?:its|their)\b", text, re.I):
            owner = self._clause_owner(tok)
            if owner is not None:
                return replace(owner, text=text)
        return actor

    def _previous_subject(self, tok: Token) -> Actor | None:
        """'The Defence Ministry reported ... They claimed ...': a sentence's opening 'they' is the body the
        sentence before had as its subject (a ministry, an army), when that was one known actor."""
        sent = tok.sent
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i != sent.start or sent.start == 0:
            return None
        before = self.doc[sent.start - 1].sent
        subject = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or subject.pos_ == "PRON" or any(c.dep_ == "conj" for c in subject.children):
            return None  # "Armenia and Azerbaijan fought ... They agreed": both, as before
        found = self.resolve(subject.i)
        return found if isinstance(found, Actor) and (found.country or found.id) else None

    def _lookup(self, text: str) -> Actor:
        actor = self._phrases.get(text)
        if actor is None:
            actor = self._phrases[text] = resolve_actor(text, self.adoc, index=self.tables.actors)
        return actor

    def _clause_owner(self, tok: Token) -> Actor | None:
        """'Armenia claimed that ... a jet from its air defense': whom 'its' refers to."""
        node = tok
        while node.head.i != node.i:
            node = node.head
            subject = next((c for c in node.children if c.dep_ == "nsubj" and c.i < tok.i
                            and not any(start <= c.idx < end for start, end in self.datelines)), None)
            if subject is not None and node.dep_ in ("ROOT", "advcl", "relcl", "conj"):
                found = self.resolve(subject.i)
                found = found[0] if isinstance(found, tuple) else found
                return found if (found.country or found.id) else None
        return None

    def _reporting_subject(self, tok: Token) -> Actor | None:
        """'Hungary said it will ...': a pronoun subject of reported speech is the speaker."""
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp":
            return None
        verb = tok.head.head
        if verb.lemma_.lower() not in self.lexicon.speech | _REPORTING:
            return None
        subject = None
        for _ in range(4):  # "X was quoted as saying he ...": climb to the clause that names X
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"), None)
            if subject is not None or verb.head.i == verb.i:
                break
            verb = verb.head
        if subject is None:
            return None
        owner = next((c for c in subject.children if c.dep_ == "poss"), None) if tok.lower_ in ("he", "she") else None
        if owner is not None:  # "his office said he had urged", "Mr Lavrov's office said he had called": the person
            if owner.pos_ == "PRON":
                return None
            person = self.resolve(owner.i)
            return replace(person[0] if isinstance(person, tuple) else person, text=tok.text)
        found = self.resolve(subject.i)
        found = found[0] if isinstance(found, tuple) else found
        if tok.lower_ in ("he", "she", "him", "her"):  # "his office said he ...": a person, not the office
            return found if (found.country or found.id) else None
        return found if (found.country or found.sector or found.id) else None

    def claimant(self, i: int) -> Actor | None:
        """The subject of the reporting verb above token `i`: 'Armenia claimed that ...'."""
        node = self.doc[i]
        while node.head.i != node.i:
            node = node.head
            if node.lemma_.lower() in self.lexicon.speech | _REPORTING:
                subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subject is not None:
                    found = self.resolve(subject.i)
                    found = found[0] if isinstance(found, tuple) else found
                    return found if found.country else None
        return None

    def mentions_before(self, i: int) -> list[Actor]:
        """Actors the document named before token `i`, oldest first (for pronouns)."""
        return [a for start, a in self._all_mentions() if start < i][-8:]

    def _all_mentions(self) -> list[tuple[int, Actor]]:
        """Every actor the document names, with the token it starts at (resolved once)."""
        if self._mentions is None:
            self._mentions = []
            for ent in doc_ents(self.doc):
                if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                    actor = self._phrases.get(ent.text) or resolve_actor(ent.text, self.adoc, index=self.tables.actors)
                    self._phrases[ent.text] = actor
                    self._mentions.append((ent.start, actor))
        return self._mentions

    def is_actor(self, i: int) -> bool:
        """Whether a token heads a phrase that resolves to a known actor (country, sector or id)."""
        found = self.resolve(i)
        actors = found if isinstance(found, tuple) else (found,)
        return any(a.country or a.sector or a.id for a in actors)

    def actor_classes(self, i: int) -> frozenset[str]:
        """Word classes of an actor phrase, plus `state`, `armed`, `nonstate`, `civilian` from its sector."""
        classes = set(token_classes(self.doc[i], self.lexicon))
        for child in self.doc[i].children:
            if child.dep_ in ("amod", "compound"):
                classes |= {c for c in token_classes(child, self.lexicon) if c in ("nonstate", "armed", "protester")}
        found = self.resolve(i)
        actor = found[0] if isinstance(found, tuple) else found
        sector = actor.sector
        people = bool(classes & {"person", "civilian", "worker", "protester", "mob", "nonstate"}) and (
            self.doc[i].ent_type_ not in ("GPE", "ORG"))
        if not people and (sector in _STATE_SECTORS or (actor.id or "").startswith(("state:", "agency:"))):
            classes.add("state")
        if sector in ("MIL", "REB"):
            classes.add("armed")
        if sector == "REB":
            classes.add("nonstate")
        if sector == "CVL":
            classes.add("civilian")
        return frozenset(classes)

    def is_local_place(self, i: int) -> bool:
        """Whether a phrase names a town or region rather than an actor ('withdrew from Kherson')."""
        tok = self.doc[i]
        if tok.pos_ != "PROPN" or self.is_actor(i) and self.doc[i].ent_type_ != "PERSON":
            return False
        place = resolve_place(self.phrase(tok), self.tables.places, self.adoc, context=self.place_context())
        return place is not None and place.precision != "country"

    def place_context(self) -> Context:
        """The countries and places the document names, for resolving place names (computed once)."""
        if self._places is None:
            self._places = document_context(self.adoc, self.tables.places)
        return self._places

    def remember(self, actors: Iterable[Actor]) -> None:
        """Keep the last event's participants: 'both leaders' in the next sentence means them."""
        group = tuple(dict.fromkeys(a for a in actors if a.country or a.id))
        if len(group) >= 2:
            self.last_group = group

    def parties(self) -> tuple[Actor, ...]:
        """The sides of the document's conflict: the first 'fighting/conflict/talks between X and Y'."""
        if self._parties is None:
            self._parties = ()
            for tok in self.doc:
                if tok.lemma_.lower() in _CONFLICT_NOUNS:
                    sides = [self.resolve(i) for i in _sides(tok)]
                    known = [a for a in sides if isinstance(a, Actor) and a.country]
                    if len({a.country for a in known}) >= 2:
                        self._parties = tuple(known)
                        break
        return self._parties

    def _most_named_states(self) -> tuple[Actor, ...]:
        """With no 'fighting between X and Y', the two states the document names most (each at least
        twice, and more often than any third): a call for a ceasefire is addressed to them."""
        states = [a for _, a in self._all_mentions() if a.country and (a.id or "").startswith("state:")]
        counts = Counter(a.country for a in states).most_common(3)
        if len(counts) < 2 or counts[1][1] < 2 or (len(counts) == 3 and counts[2][1] == counts[1][1]):
            return ()
        return tuple(next(a for a in states if a.country == country) for country, _ in counts[:2])

    def conflict_party(self, exclude: set[str | None]) -> Actor | None:
        """A side of the conflict other than the actor's country (of the states most named, when the
        document names no 'fighting between X and Y')."""
        return next((a for a in self.parties() or self._most_named_states() if a.country not in exclude), None)


def _sides(noun: Token) -> list[int]:
    """Who a conflict noun is between: 'fighting between X and Y', or 'X and Y held talks'."""
    between = [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "between"
               for o in c.children if o.dep_ == "pobj"]
    if not between and noun.dep_ == "dobj":
        between = [c for c in noun.head.children if c.dep_ == "nsubj" and any(g.dep_ == "conj" for g in c.children)]
    return [i for o in between for i in (o.i, *(c.i for c in o.children if c.dep_ == "conj"))]


def _known(actor: Actor) -> bool:
    return bool(actor.country or actor.sector or actor.id)


def _document_year(adoc: AnalyzedDoc) -> int | None:
    published = adoc.document.published
    if published and published.start:
        return int(published.start[:4])
    years = [int(m.group(1)) for m in _YEAR.finditer(adoc.document.text)]
    return max(years) if years else None


# --- status -------------------------------------------------------------------------------------


# Verbs whose "of"/"for" gerund tells the act they charge: "accused X of shelling", "blamed X for attacking".
_ACCUSING = frozenset({"accuse", "blame"})


def status_of(f: Found, state: DocState) -> tuple[str | None, str]:
    """The status of an event and its type (a negated 'accept' is a REJECT); None to skip it."""
    doc = state.doc
    chain = _modal_chain(doc[f.predicate])
    head = doc[f.head]
    if f.row.trigger == "must":
        return ("requested", f.type) if not _negated(chain, head) else (None, f.type)
    if _negated(chain, head):
        return (None, f.type) if f.row.negated is None else ("asserted", f.row.negated)
    if _hypothetical(chain):
        return None, f.type
    if not f.planned and _non_finite(head, chain, f):
        return None, f.type
    if f.type == "REQUEST":
        return "requested", f.type
    if f.planned or _planned(chain, head):
        return "planned", f.type
    if _historical(f, chain, state):
        return "historical", f.type
    return "asserted", f.type


def _modal_chain(tok: Token) -> list[Token]:
    """The predicate and the words that govern its mood: 'willing to host' → host, willing, was."""
    chain = [tok]
    for _ in range(4):
        if tok.dep_ not in ("xcomp", "acomp", "ccomp", "conj") or tok.head.i == tok.i:
            break
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() not in _PLAN_WORDS:
            break
        if tok.dep_ == "conj" and tok.head.pos_ not in ("VERB", "AUX"):
            break
        tok = tok.head
        chain.append(tok)
    return chain


def _negated(chain: list[Token], head: Token) -> bool:
    if any(c.dep_ == "neg" for tok in chain for c in tok.children):
        return True
    if any(tok.lemma_.lower() in ("fail", "refrain", "avoid") for tok in chain[1:]):
        return True
    return any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in head.children)


def _hypothetical(chain: list[Token]) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _DOUBT_AUX for tok in chain for c in tok.children):
        return True
    node = chain[-1]
    while node.head.i != node.i:
        if node.dep_ in ("advcl", "ccomp", "csubj") and any(
                c.dep_ == "mark" and c.lower_ in _IRREALIS_MARKS for c in node.children):
            return True
        if node.dep_ in ("relcl", "conj", "parataxis"):
            break
        node = node.head
    return False


def _non_finite(head: Token, chain: list[Token], f: Found) -> bool:
    """A bare gerund or infinitive ('in recapturing', 'to fight') asserts nothing by itself."""
    if head.pos_ in ("NOUN", "PROPN") or f.light or head.dep_ in ("acl", "relcl", "ROOT"):
        return False
    if head.tag_ == "VBG" and head.dep_ in ("pcomp", "pobj", "amod", "compound"):
        # "accused Azerbaijan of shelling the town": the accusation tells the act (as a claim);
        # "since seizing it in August": an act done before the clause's own
        return not (head.head.lower_ in ("of", "for") and head.head.head.lemma_.lower() in _ACCUSING
                    or head.head.lower_ in DONE_PREPS)
    if head.tag_ == "VB" and head.dep_ in ("xcomp", "advcl", "ccomp"):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ not in ("to",) for c in head.children):
            return False
        if f.type == "PROTEST":
            return False  # "workers stopped work to protest": the protest is the act
        governors = {t.lemma_.lower() for t in chain[1:]}
        return not governors & (_PLAN_WORDS | _DONE_WORDS) and not _instrument_used(head)
    return False


def _planned(chain: list[Token], head: Token) -> bool:
    for tok in chain:
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass") and (c.lower_ in _FUTURE_AUX or c.lemma_ == "will"):
                return True
            if c.dep_ == "aux" and c.lower_ == "would":
                return True
        if tok.i != head.i and tok.lemma_.lower() in _PLAN_WORDS:
            return True
        if tok.lower_ == "going" and any(c.dep_ == "xcomp" for c in tok.children):
            return True
    return any(c.dep_ == "amod" and c.lower_ in _PLANNED_MODIFIERS for c in head.children)


def _historical(f: Found, chain: list[Token], state: DocState) -> bool:
    """An explicit year before the document's own ('fought a war in 1988-1994', 'since 1994')."""
    if state.year is None:
        return False
    doc = state.doc
    tokens: list[Token] = []
    for i in (f.head, f.predicate, *f.extra):
        tok = doc[i]
        for c in tok.children:
            if c.dep_ in ("prep", "npadvmod", "advmod", "nummod", "compound", "amod", "nmod", "tmod", "pobj"):
                tokens.extend(c.subtree)
    for tok in tokens:
        match = _YEAR.search(tok.text)
        if match and (tok.ent_type_ == "DATE" or tok.pos_ == "NUM" or tok.like_num):
            year = int(match.group(1))
            if year < state.year or (tok.head.lower_ == "since" and year <= state.year - 2):
                return True
    return False


def _plural_before(pronoun: Token) -> Token | None:
    """The plural noun a 'they' or 'them' inside a sentence stands for: the nearest before it ('a drone targeted
    farmers ..., injuring one of them'); for 'they', the nearest plural subject ('the rebels said they had ...').
    Not a group of the document's sides ('both sides ... urged them'), whom the parties stand for."""
    subject = pronoun.lower_ == "they"
    for tok in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):
        if tok.tag_ != "NNS" or tok.ent_type_ in _NOT_ACTOR_ENTS or subject and tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        return None if _GROUP.match(pronoun.doc[tok.left_edge.i:tok.i + 1].text) else tok
    return None


def _instrument_used(verb: Token) -> bool:
    """'used drones to attack': the infinitive of a finite 'use' with an object tells the act it was used for."""
    gov = verb.head
    return verb.dep_ in ("xcomp", "advcl") and gov.lemma_.lower() in INSTRUMENT_VERBS and gov.dep_ not in (
        "acl", "amod", "relcl") and gov.tag_ in ("VBD", "VBZ", "VBP", "VBN") and any(
        c.dep_ == "dobj" for c in gov.children)
