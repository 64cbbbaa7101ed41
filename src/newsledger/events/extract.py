"""Events: who did what to whom, where, typed with PLOVER and ACLED, with a status.

A sentence is read in four steps. (1) Trigger words and phrases of the lexicon
(`events.patterns.find_triggers`) pick the candidate rows; (2) dependency patterns
(`events.patterns.role_hits`) find each trigger's subject side (subject, passive agent,
possessor or adjective of a noun, subject of a light verb "launched an attack", of a
controlling verb "offered to mediate") and object side (object, passive subject,
target prepositions of its type, owner of the object "rejected Russia's proposal");
the row whose word classes fit the arguments wins ("send troops" vs "send aid").
(3) Nested triggers are folded: a frame makes its embedded event planned ("offered to
host talks"), a request, threat, rejection or agreement absorbs the event it is about
(its actor becomes the target), and a trigger of the same type merges into its
governor ("killed in an air attack"). (4) Each event gets a status (negated and
hypothetical events are skipped), actors through `entities.resolve_actor` (one event
per coordinated actor), a place, a mode and the ACLED type and sub-type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from .arguments import Found, must_request, must_verbs, read_trigger
from .context import DocState, status_of
from .standing import erupted, stands_alone, substantial
from .tables import EventTables
from .types import retype
from .where import LOCATION_PREPS, event_place
from .patterns import (
    DONE_PREPS,
    Lexicon,
    TriggerMatch,
    find_triggers,
    role_hits,
    token_classes,
    word_keys,
)
from ..places.extract import Context
from ..nlp import AnalyzedDoc, doc_text
from ..records import Actor, Claim, DateRange, Event, Span, stable_id

# Types whose trigger takes another event as its content: the content is not asserted.
ABSORBING = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "CONCEDE", "SANCTION", "RETREAT"})
RECIPROCAL = frozenset({"fight", "clash", "battle", "skirmish", "meet", "talk", "negotiate", "agree", "cooperate",
                        "fighting", "hostility", "war", "exchange", "sign", "discuss", "consult", "collaborate"})
# ACLED type and sub-type of ASSAULT events by weapon mode (ACLED codebook 2023, exact names).
MODE_ACLED: Mapping[str, tuple[str, str]] = {
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "heavy-weapons": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "grenade": ("Explosions/Remote violence", "Grenade"),
    "suicide-attack": ("Explosions/Remote violence", "Suicide bomb"),
    "unconventional": ("Explosions/Remote violence", "Chemical weapon"),
}
BATTLE = ("Battles", "Armed clash")
GOV_REGAINS = ("Battles", "Government regains territory")
NSA_OVERTAKES = ("Battles", "Non-state actor overtakes territory")
VAC_ATTACK = ("Violence against civilians", "Attack")
VAC_ABDUCTION = ("Violence against civilians", "Abduction/forced disappearance")
PEACEFUL = ("Protests", "Peaceful protest")
INTERVENTION = ("Protests", "Protest with intervention")
EXCESSIVE = ("Protests", "Excessive force against protesters")
VIOLENT_DEMO = ("Riots", "Violent demonstration")
MOB = ("Riots", "Mob violence")
AGREEMENT = ("Strategic developments", "Agreement")
TRANSFER = ("Strategic developments", "Non-violent transfer of territory")
# Prepositions that attach circumstances, not participants: a trigger under them stands alone.
_ADJUNCT_PREPS = frozenset("after before since following despite amid until like unlike besides because as".split())
_CLAUSE_MARKS = frozenset("since after before when while as until because although though once whereas".split())
_STOP_DEPS = frozenset({"conj", "relcl", "acl", "parataxis", "appos", "cc", "ROOT", "list", "dep", "nummod"})
_CONFLICT_WORDS = frozenset("ceasefire cease-fire cease truce cessation fighting hostility hostilities conflict war talk talks "
                            "peace halt mediate mediation negotiation negotiations violence settlement".split())
_DASHES = frozenset("- – — --".split())
# Prepositions of where and when: the evidence covers the phrases they open after the act.
_SETTING_PREPS = LOCATION_PREPS | {"on", "across", "along", "during"}
# Reporting words that also perform what they name: "announced an offensive", "declared a ceasefire".
_PERFORMING_CUES = frozenset("announce announced announces announcing declare declared declares declaring claim claimed "
                             "claims claiming issue issued reiterate reiterated".split())
# Acts on the ground that a speaker reports rather than performs.
_REPORTED_ACTS = frozenset({"ASSAULT", "COERCE", "PROTEST", "RETREAT", "MOBILIZE"})
# Losses a side reports are its own: "Armenia said a jet was shot down" (no owner named) → Armenia's.
_OWN_LOSSES = frozenset({"aircraft", "materiel", "armed", "force", "base", "person", "civilian", "prisoner"})


def extract_events(adoc: AnalyzedDoc, tables: EventTables, places: Context | None = None) -> list[Event]:
    """Find the events of one document.

    Args:
        adoc: the parsed document.
        tables: the lexicon, patterns, dictionaries and the ACLED sub-type classifier
            (`Resources.events`; its `typer` None: rules only).
        places: the document's place context from the places stage (`places.places_and_context`);
            worked out here when None.

    Returns:
        Events in text order, each with one evidence span in the cleaned text, PLOVER type,
        status, actor and target (through `entities.resolve_actor`), mode, ACLED type and
        sub-type, place, and a confidence from how much of the pattern matched; with `typer`,
        sub-types and confidence also follow the classifier's reading of each paragraph, and it
        adds events the rules missed (`events.types.retype`).
    """
    lexicon, matcher = tables.lexicon, tables.matcher
    state = DocState(adoc, tables, places)
    events: list[Event] = []
    triggers: dict[int, list[TriggerMatch]] = {}  # by sentence start: the classifier reads them too
    must = "must" in adoc.document.text.lower()  # a text without the word has no "must" requests to read
    for sent in adoc.doc.sents:
        matches = find_triggers(sent, lexicon)
        if matches:
            triggers[sent.start] = matches
        musts = must_verbs(sent, lexicon) if must else []
        if not matches and not musts:
            continue
        hits = role_hits(matcher, sent) if matches else {}
        found = [f for m in matches if (f := read_trigger(m, hits, state)) is not None]
        found += [must_request(v, lexicon) for v in musts]
        for item in _fold(found, adoc.doc, lexicon):
            events.extend(_events_of(item, sent, state))
    events = _one_per_id(sorted(events, key=lambda e: (e.evidence[0].start, -e.evidence[0].end, e.type)))
    return retype(events, adoc.doc, state.doc_id, tables, triggers)


def _one_per_id(events: list[Event]) -> list[Event]:
    """Keep one event per id: coordinated triggers of one type ("laid down their weapons and
    surrendered") start at the same word and are one event; the widest evidence is kept."""
    seen: set[str] = set()
    kept = []
    for event in events:
        if event.id not in seen:
            seen.add(event.id)
            kept.append(event)
    return sorted(kept, key=lambda e: (e.evidence[0].start, e.evidence[0].end, e.type))


# --- folding nested triggers --------------------------------------------------------------------


def _fold(found: list[Found], doc: Doc, lexicon: Lexicon) -> list[Found]:
    """Apply frames, absorption and merging, deepest trigger first; return what stands alone."""
    by_head = {f.head: f for f in found}
    dropped: set[int] = set()
    framed: set[int] = set()
    for f in sorted(found, key=lambda f: -_depth(doc[f.head])):
        f = by_head[f.head]
        gov_i, path = _governor(doc[f.head], by_head)
        if gov_i is None:
            continue
        gov = by_head[gov_i]
        clausal = bool(set(path) & {"xcomp", "ccomp", "pcomp"})
        adjunct = "advcl" in path and not clausal and not _infinitive(doc[f.head])
        if gov.row.kind == "frame" and not adjunct:
            framed.add(gov_i)
            by_head[f.head] = replace(f, planned=True, actors=f.actors or gov.actors,
                                      target=f.target if f.target is not None else gov.target)
        elif gov.type == f.type:
            by_head[gov_i] = _merge(gov, f)
            dropped.add(f.head)
        elif adjunct:
            continue
        elif gov.type in ABSORBING and not (gov.type == "SANCTION" and f.type == "ASSAULT") or (
                gov.type == "ACCUSE" and clausal) or _infinitive(doc[f.head]):
            by_head[gov_i] = _absorb(gov, f)
            if gov.type == "ACCUSE" and f.type == "ASSAULT" and clausal and gov.target is not None:
                # "Armenia accused Azerbaijan of hitting the cathedral": the attack is told too, by the accused
                by_head[f.head] = replace(f, actors=f.actors or (gov.target,), nested=True, charged=True)
            else:
                dropped.add(f.head)
        elif doc[f.head].pos_ in ("NOUN", "PROPN") and path[:1] in (["dobj"], ["pobj"]):
            if gov.type == "ACCUSE" and f.type == "ASSAULT":
                by_head[f.head] = replace(f, nested=True, charged=True)  # "condemned the attack on a convoy"
            elif not f.actors:
                dropped.add(f.head)  # the topic of a meeting or a statement, not an event told as such
            else:
                by_head[f.head] = replace(f, nested=True)
    dropped |= {h for h, f in by_head.items() if f.row.kind == "frame" and f.obj is not None
                and "hostile" in token_classes(doc[f.obj], lexicon)}  # "offered fierce resistance"
    return [by_head[h] for h in sorted(by_head) if h not in dropped and h not in framed]


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i:
        tok, depth = tok.head, depth + 1
    return depth


def _governor(tok: Token, by_head: dict[int, Found]) -> tuple[int | None, list[str]]:
    """The nearest trigger above a trigger, through argument links only."""
    path: list[str] = []
    while tok.head.i != tok.i:
        dep = tok.dep_
        content = dep == "acl" and tok.head.i in by_head and by_head[tok.head.i].type in ABSORBING
        if (dep in _STOP_DEPS and not content) or (dep == "prep" and tok.lower_ in _ADJUNCT_PREPS):
            return None, path
        if any(c.dep_ == "mark" and c.lower_ in _CLAUSE_MARKS for c in tok.children):
            return None, path
        path.append(dep)
        tok = tok.head
        if tok.i in by_head:
            return tok.i, path
    return None, path


def _infinitive(tok: Token) -> bool:
    return tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _merge(gov: Found, f: Found) -> Found:
    """'killed in an air attack': one event; the noun gives mode and actor, the verb the victims."""
    weapon = f.mode if f.mode and f.mode != gov.mode and gov.row.mode in (None, "firearms") else None
    return replace(
        gov,
        actors=gov.actors or f.actors,
        target=gov.target if gov.target is not None else f.target,
        extra=(*gov.extra, f.head, *f.extra),
        mode=weapon or gov.mode or f.mode,
        row=f.row if weapon and f.row.acled_type else gov.row,
    )


def _absorb(gov: Found, f: Found) -> Found:
    """A request, threat or refusal about an event: the event's actor (or target) becomes its target."""
    if gov.target is not None:
        return replace(gov, extra=(*gov.extra, f.head))
    target = next((a for a in f.actors if a not in gov.actors), None)
    if target is None or f.actors == gov.actors:
        target = f.target
    return replace(gov, target=target, extra=(*gov.extra, f.head))


# --- building events ----------------------------------------------------------------------------


def _events_of(f: Found, sent: SpacySpan, state: DocState) -> list[Event]:
    doc = state.doc
    if not substantial(f, state):
        return []
    status, type_ = status_of(f, state)
    if status is None:
        return []
    actors = [state.resolve(i) for i in f.actors if not _unknown_modifier(doc[i], state)] or [None]
    actors = [a for group in actors for a in (group if isinstance(group, tuple) else (group,))]
    actors = list(dict.fromkeys(actors)) or [None]
    reciprocal = len(actors) > 1 and doc[f.head].lemma_.lower() in RECIPROCAL
    target = _target_actor(f, type_, actors, state, fallback=not reciprocal)
    if type_ == "CONSULT" and target is not None and target.sector == "MED":
        return []  # "spoke to reporters", "told Reuters": how news is gathered, not a meeting
    place = event_place(f, type_, state)
    # a target the document's context lends (the other side of its conflict) does not make an event
    if actors == [None] and f.target is None and place is None and not stands_alone(f, type_, status, state):
        return []
    out = []
    for k, actor in enumerate(actors):
        tgt = target if target is not None or not reciprocal else actors[(k + 1) % len(actors)]
        if tgt is not None and actor is not None and (tgt.id or tgt.name) == (actor.id or actor.name):
            tgt = None
        span = _evidence(f, k, sent, state)
        acled_type, sub_type, type_k, mode = _acled(f, type_, actor, tgt, state)
        ident = stable_id("evt", state.doc_id, span.start, type_k) if k == 0 else stable_id(
            "evt", state.doc_id, span.start, type_k, k)
        out.append(Event(
            id=ident, doc_ids=(state.doc_id,), evidence=(span,), type=type_k, status=status, mode=mode,
            acled_type=acled_type, acled_sub_type=sub_type, actor=actor, target=tgt, place=place,
            date=DateRange(), confidence=_confidence(f, actor, tgt, state),
        ))
    named = [a for a in actors if a is not None]
    state.remember(named if len(named) > 1 else named + ([target] if target else []))
    return out


def _unknown_modifier(tok: Token, state: DocState) -> bool:
    """'Nagorno-Karabakh ceasefire': a name modifying a trigger noun is its actor only if it names one."""
    return tok.dep_ in ("compound", "amod", "nmod") and not state.is_actor(tok.i)


def _target_actor(f: Found, type_: str, actors: Sequence[Actor | None], state: DocState,
                  fallback: bool = True) -> Actor | None:
    doc = state.doc
    target = None
    if f.target is not None:
        resolved = state.resolve(f.target)
        target = resolved[0] if isinstance(resolved, tuple) else resolved
    countries = {a.country for a in actors if a is not None}
    known = target is not None and bool(target.country or target.sector or target.id)
    if known and _same_state(target, actors):
        target, known = None, False
    if known:
        return target
    if target is not None and f.target is not None and not known and (
            token_classes(doc[f.target], state.lexicon) & _OWN_LOSSES):
        owner = state.claimant(f.head)
        if owner is not None and owner.country not in countries:
            return replace(owner, text=target.text)
    if not fallback:
        return target if known else None
    words = {t.lemma_.lower() for i in (f.head, *f.extra) for t in doc[i].subtree}
    conflict_talk = bool(words & _CONFLICT_WORDS) or doc[f.head].lemma_.lower() in ("mediate", "mediation")
    if type_ in ("REQUEST", "CONSULT", "AGREE", "THREATEN") and conflict_talk:
        party = state.conflict_party(countries)
        if party is not None:
            return party
    return target


def _same_state(target: Actor, actors: Sequence[Actor | None]) -> bool:
    """'Putin invited their ministers' resolved to Russia: a state is not its own government's target."""
    return target.sector == "GOV" and (target.id or "").startswith("state:") and any(
        a is not None and a.country == target.country and a.sector in ("GOV", "MIL") for a in actors)


def _evidence(f: Found, k: int, sent: SpacySpan, state: DocState) -> Span:
    doc = state.doc
    indices = [f.start, f.end - 1, *f.extra]
    head = doc[f.head]
    if erupted(head):  # "clashes broke out": the verb that tells it happened
        indices += [head.head.i, *(c.i for c in head.head.children if c.dep_ == "prt")]
    # "killed hundreds ... after capturing the base": the earlier act's evidence is its own words,
    # not the clause's subject, so that it stays an event apart from the clause's
    if f.actors and not (head.dep_ == "pcomp" and head.head.lower_ in DONE_PREPS):
        a = doc[f.actors[min(k, len(f.actors) - 1)]]
        indices += [a.i, *state.np_bounds(a)]
    for i in (f.target, f.obj):
        if i is not None:
            indices += list(state.np_bounds(doc[i]))
    indices += _carrier(doc[f.head], state)
    indices += _setting(f, state)
    start = max(min(indices), sent.start)
    end = min(max(indices), sent.end - 1)
    while end > start and doc[end].is_punct:
        end -= 1
    return Span.of(state.doc_id, doc_text(doc), doc[start].idx, doc[end].idx + len(doc[end]))


def _setting(f: Found, state: DocState) -> list[int]:
    """Where and when the act's own phrases tell it ("neutralised scores of terrorists in air missions on Sunday
    around Shinkafi", "a blast inside a mosque in X"): the evidence runs to their end."""
    doc = state.doc
    # a phrase holding a clause ("during prayers, which killed three") may tell another act: left out; the
    # parser often hangs the act's phrases on its object ("neutralised scores of terrorists in air missions")
    heads = [f.head, f.predicate]
    if f.obj is not None:
        obj = doc[f.obj]
        heads += [f.obj, obj.head.head.i] if obj.dep_ == "pobj" and obj.head.lower_ == "of" else [f.obj]  # "scores of"
    return [c.right_edge.i for i in dict.fromkeys(heads) for c in doc[i].rights if c.dep_ == "prep"
            and c.lower_ in _SETTING_PREPS and not any(t.pos_ in ("VERB", "AUX") for t in c.subtree)]


def _carrier(head: Token, state: DocState) -> list[int]:
    """'A shell fell on a pitch on Saturday, killing 12': a participle tells the outcome of the
    clause it hangs on, which tells the event; the evidence reaches back to that clause's subject."""
    verb = head.head
    if head.tag_ != "VBG" or head.dep_ != "advcl" or verb.pos_ not in ("VERB", "AUX") or verb.i > head.i:
        return []
    # the subject nearest the verb: a dateline the parser takes for a subject comes first
    subject = max((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: c.i, default=None)
    if subject is None:
        return [verb.i]
    start, end = state.np_bounds(subject)
    # a dateline the parser hung on the subject ("TRIPOLI, Feb 22 (Reuters) - Heavy fighting") stays out
    start = next((t.i + 1 for t in reversed(head.doc[start:subject.i]) if t.text in _DASHES), start)
    return [verb.i, start, end]


def _confidence(f: Found, actor: Actor | None, target: Actor | None, state: DocState) -> float:
    """Pattern strength: a dependency match with actor and target beats a trigger word alone.

    Events of the main clause outrank those nested in other clauses or named as a topic.
    """
    doc = state.doc
    score = 0.45
    if actor is not None and f.actors:
        score += 0.2 if (actor.country or actor.sector or actor.id) else 0.1
    if target is not None:
        score += 0.1 if f.target is None else 0.2  # a conflict party stands in for an unnamed target
    depth = _clause_depth(doc[f.predicate], state.lexicon)
    score += 0.05 if depth == 0 else -0.05 * min(depth - 1, 2)
    if doc[f.head].pos_ in ("NOUN", "PROPN") and not f.light:
        score -= 0.05
    if f.planned:
        score -= 0.05
    if f.nested:
        score -= 0.1
    return round(min(max(score, 0.05), 0.95), 2)


def _clause_depth(tok: Token, lexicon: Lexicon) -> int:
    """Clauses between a word and the sentence root; reported speech ('X said Y ...') adds none."""
    depth = 0
    while tok.head.i != tok.i:
        if tok.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj") and not (
                tok.dep_ == "ccomp" and tok.head.lemma_.lower() in lexicon.speech):
            depth += 1
        tok = tok.head
    return depth


# --- ACLED ----------------------------------------------------------------------------------------


def _acled(f: Found, type_: str, actor: Actor | None, target: Actor | None,
           state: DocState) -> tuple[str | None, str | None, str, str | None]:
    """ACLED type and sub-type, the PLOVER type (a riot is a PROTEST) and mode of one event."""
    row = f.row
    default = (row.acled_type, row.acled_sub_type) if row.acled_type else (None, None)
    if type_ == "ASSAULT":
        return _assault_acled(f, actor, target, default, state)
    if type_ == "PROTEST":
        kind = _protest_acled(f, state)
        return (*kind, type_, "riot" if kind == VIOLENT_DEMO else f.mode)
    if type_ == "COERCE":
        target_cls = _classes_of(f.target, target, state)
        if "protester" in target_cls and row.acled_sub_type == "Arrests":
            return (*INTERVENTION, type_, f.mode)
        actor_cls = state.actor_classes(f.actors[0]) if f.actors else frozenset()
        if row.acled_sub_type == "Arrests" and "nonstate" in actor_cls and f.mode == "detain":
            return (*VAC_ABDUCTION, "ASSAULT", "abduct")  # armed groups do not arrest, they abduct
    if type_ == "AGREE":
        agreed = default[0] is not None or "agreement" in _context_classes(f, state)
        return (*(AGREEMENT if agreed else (None, None)), type_, f.mode)
    if type_ == "RETREAT" and default == TRANSFER:
        moved = event_place(f, type_, state) is not None or "territory" in _classes_of(f.obj, None, state)
        return (*(TRANSFER if moved else (None, None)), type_, f.mode)
    return (*default, type_, f.mode)


def _assault_acled(f: Found, actor: Actor | None, target: Actor | None, default: tuple[str | None, str | None],
                   state: DocState) -> tuple[str | None, str | None, str, str | None]:
    """Use of force: by actor (protesters, a mob), territory, target (protesters, civilians) and weapon."""
    row, mode = f.row, f.mode
    actor_cls = state.actor_classes(f.actors[0]) if f.actors else frozenset()
    target_cls = _classes_of(f.target, target, state)
    if "protester" in actor_cls:
        return (*VIOLENT_DEMO, "PROTEST", "riot")
    if "mob" in actor_cls:
        return (*MOB, "ASSAULT", mode)
    if default in (NSA_OVERTAKES, GOV_REGAINS):
        return (*_territory(actor, actor_cls, default), "ASSAULT", mode)
    if "protester" in target_cls:
        lethal = "lethal" in _context_classes(f, state) or mode == "firearms" or (
            state.doc[f.head].lemma_ in ("kill", "shoot"))
        if lethal and mode != "crowd-control":
            return (*EXCESSIVE, "ASSAULT", mode)
        return (*INTERVENTION, "PROTEST", mode)  # a protest dispersed: the protest is the event
    if row.acled_type in ("Strategic developments", "Riots") or row.acled_sub_type in (
            "Sexual violence", "Abduction/forced disappearance"):
        return (*default, "ASSAULT", mode)
    if mode == "grenade":  # ACLED keeps grenades apart; PLOVER counts them as explosives
        return (*MODE_ACLED[mode], "ASSAULT", "explosives")
    if mode == row.mode and default[0] == "Explosions/Remote violence":
        return (*default, "ASSAULT", mode)
    if mode in MODE_ACLED:
        return (*MODE_ACLED[mode], "ASSAULT", mode)
    if "civilian" in target_cls and "armed" not in target_cls:
        return (*VAC_ATTACK, "ASSAULT", mode)
    return (*(default if default[0] else BATTLE), "ASSAULT", mode)


def _protest_acled(f: Found, state: DocState) -> tuple[str, str]:
    """A protest: met with lethal force, violent, dispersed, or peaceful."""
    context = _context_classes(f, state)
    if "lethal" in context and state.doc[f.head].lemma_ not in ("protest", "demonstrate"):
        return EXCESSIVE
    if f.mode == "riot" or "riot" in context:
        return VIOLENT_DEMO
    if f.mode == "crowd-control" or "intervention" in context:
        return INTERVENTION
    return PEACEFUL


def _territory(actor: Actor | None, classes: frozenset[str], default: tuple[str, str]) -> tuple[str, str]:
    """State forces retaking ground regain territory; anyone else overtakes it."""
    if "nonstate" in classes or (actor is not None and actor.sector in ("REB", "OPP", "CVL")):
        return NSA_OVERTAKES
    if "state" in classes or "armed" in classes or (actor is not None and actor.sector in ("GOV", "MIL")):
        return GOV_REGAINS
    return default


def _classes_of(i: int | None, actor: Actor | None, state: DocState) -> frozenset[str]:
    classes: set[str] = set()
    if i is not None:
        classes |= token_classes(state.doc[i], state.lexicon)
        classes |= {c for c in state.actor_classes(i) if c in ("civilian", "armed", "nonstate", "state")}
    if actor is not None and actor.sector == "CVL":
        classes.add("civilian")
    if actor is not None and actor.sector in ("MIL", "REB"):
        classes.add("armed")
    return frozenset(classes)


def _context_classes(f: Found, state: DocState) -> frozenset[str]:
    """Word classes of the trigger's clause: tear gas, live fire, ceasefire, stones ..."""
    doc = state.doc
    tokens = {t for i in (f.head, f.predicate, *f.extra) for t in doc[i].subtree}
    tokens |= {doc[i] for i in (f.head, f.predicate)}
    classes: set[str] = set()
    for tok in tokens:
        for key in word_keys(tok):
            classes |= state.lexicon.classes.get(key, frozenset())
    return frozenset(classes)


# --- attribution ----------------------------------------------------------------------------------


def attribute_events(events: Sequence[Event], claims: Sequence[Claim]) -> list[Event]:
    """Mark events reported inside claims: claimed by the speaker, or denied.

    Args:
        events: events of one or more documents (`extract_events`).
        claims: claims of the same documents (`claims.extract_claims`).

    Returns:
        The events, in order. An event inside the content of a claim is attributed to its
        speaker; an asserted one becomes `claimed` (one side reports it). An event inside a
        denial becomes `denied` (attributed to the denier); an asserted event inside a claim
        that a denial contradicts becomes `denied` (attributed to the claimant).
    """
    deniers: dict[str, Claim] = {}
    for claim in claims:
        if claim.stance == "deny":
            for other in claim.contradicts:
                deniers.setdefault(other, claim)
    out = []
    for event in events:
        claim = _containing_claim(event, claims)
        reporter = _reporting_speaker(event, claims) if claim is None else None
        if reporter is not None:
            # "the ministry said shelling killed ...": the one who reports an event is not its actor
            event, claim = replace(event, actor=None), reporter
        if claim is None:
            out.append(event)
        elif claim.stance == "deny":
            out.append(replace(event, status="denied", attributed_to=claim.speaker))
        elif claim.id in deniers and event.status == "asserted":
            out.append(replace(event, status="denied", attributed_to=claim.speaker))
        elif claim.stance in ("assert", "accuse") and event.status == "asserted":
            out.append(replace(event, status="claimed", attributed_to=claim.speaker))
        else:
            out.append(replace(event, attributed_to=claim.speaker))
    return out


def _reporting_speaker(event: Event, claims: Sequence[Claim]) -> Claim | None:
    """The claim whose speaker the event took for its actor: its words are the speaker's, outside the content.

    A speaker who is the subject of the event's verb is named inside the content ("the army said it shelled"),
    and one who announces its own act ("announced an offensive") is the actor: neither is returned.
    """
    actor, span = event.actor, event.evidence[0]
    if actor is None or not actor.text or event.type not in _REPORTED_ACTS:
        return None  # an accusation, a request or a refusal is the speaker's own act
    for claim in claims:
        start, end = claim.content_range()
        speaker = claim.speaker
        if (claim.doc_id == span.doc_id and span.start < start < span.end <= end and speaker.text == actor.text
                and (speaker.id or speaker.name) == (actor.id or actor.name)
                and claim.cue.split()[0].lower() not in _PERFORMING_CUES):
            return claim
    return None


def _containing_claim(event: Event, claims: Sequence[Claim]) -> Claim | None:
    """The narrowest claim whose content holds the event's evidence."""
    span = event.evidence[0]
    best: tuple[int, Claim] | None = None
    for claim in claims:
        if claim.doc_id != span.doc_id:
            continue
        start, end = claim.content_range()
        if start <= span.start and span.end <= end and (best is None or end - start < best[0]):
            best = (end - start, claim)
    return best[1] if best else None
