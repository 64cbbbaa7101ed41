"""Events: who did what to whom, where, typed with PLOVER and ACLED, with a status.

A sentence is read in four steps. (1) Trigger words and phrases of the lexicon
(`event_patterns.find_triggers`) pick the candidate rows; (2) dependency patterns
(`event_patterns.role_hits`) find each trigger's subject side (subject, passive agent,
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

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from .entities import resolve_actor
from .event_context import DocState, acled_for, event_place, status_of
from .event_patterns import (
    PARTITIVES,
    Lexicon,
    RoleHit,
    TriggerMatch,
    TriggerRow,
    find_triggers,
    load_lexicon,
    matcher_for,
    mode_of,
    role_hits,
    semantic_head,
    token_classes,
)
from .nlp import AnalyzedDoc
from .records import Actor, Claim, DateRange, Event, Span, stable_id

# Types whose trigger takes another event as its content: the content is not asserted.
ABSORBING = frozenset({"REQUEST", "THREATEN", "REJECT", "AGREE", "CONCEDE", "SANCTION", "RETREAT"})
# Types whose object is a thing moved or withheld (troops, aid, ties), not the target.
THEME_TYPES = frozenset({"MOBILIZE", "RETREAT", "AID", "SANCTION", "CONCEDE", "COOPERATE", "AGREE"})
THEME_CLASSES = frozenset({"force", "armed", "aid", "weapon", "peacekeeper", "coop", "ties", "restriction", "supply",
                           "trade", "asylum", "info", "materiel", "base", "group", "embassy", "diplomat"})
# Two coordinated actors of these triggers act on each other ("Armenia and Azerbaijan fought").
RECIPROCAL = frozenset({"fight", "clash", "battle", "skirmish", "meet", "talk", "negotiate", "agree", "cooperate",
                        "fighting", "hostility", "war", "exchange", "sign", "discuss", "consult", "collaborate"})
_TIME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_NO_ACTOR_FROM = frozenset({"RETREAT", "MOBILIZE", "COERCE", "SANCTION", "ASSAULT"})
# Prepositions that attach circumstances, not participants: a trigger under them stands alone.
_ADJUNCT_PREPS = frozenset("after before since following despite amid until like unlike besides because as".split())
_CLAUSE_MARKS = frozenset("since after before when while as until because although though once whereas".split())
_STOP_DEPS = frozenset({"conj", "relcl", "parataxis", "appos", "cc", "ROOT", "list", "dep"})
_CONFLICT_WORDS = frozenset("ceasefire cease-fire truce cessation fighting hostility hostilities conflict war talk talks "
                            "peace halt mediate mediation negotiation negotiations violence settlement".split())
# Losses a side reports are its own: "Armenia said a jet was shot down" (no owner named) → Armenia's.
_OWN_LOSSES = frozenset({"aircraft", "materiel", "armed", "force", "base", "person", "civilian", "prisoner"})
_SPEECH_NOUNS = frozenset("reminder statement declaration warning message letter announcement insistence "
                          "demand call position view".split())
MUST_ROW = TriggerRow("must", ("must",), "VERB", "event", "REQUEST", None, None, None, (), None, "curated")


@dataclass(frozen=True)
class Found:
    """One trigger being read: its row, arguments (token indices) and what it absorbed."""

    head: int
    start: int
    end: int
    row: TriggerRow
    type: str
    predicate: int
    actors: tuple[int, ...] = ()
    actor_name: str = ""
    target: int | None = None
    target_actor: Actor | None = None
    obj: int | None = None
    theme: int | None = None
    extra: tuple[int, ...] = ()
    mode: str | None = None
    planned: bool = False
    fallback_target: bool = False
    light: bool = False
    nested: bool = False


def extract_events(adoc: AnalyzedDoc) -> list[Event]:
    """Find the events of one document.

    Args:
        adoc: the parsed document.

    Returns:
        Events in text order, each with one evidence span in the cleaned text, PLOVER type,
        status, actor and target (through `entities.resolve_actor`), mode, ACLED type and
        sub-type, place, and a confidence from how much of the pattern matched.
    """
    lexicon = load_lexicon()
    matcher = matcher_for(adoc.doc.vocab)
    state = DocState(adoc, lexicon)
    events: list[Event] = []
    for sent in adoc.doc.sents:
        matches = find_triggers(sent, lexicon)
        musts = _must_verbs(sent, lexicon)
        if not matches and not musts:
            continue
        hits = role_hits(matcher, sent) if matches else {}
        found = [f for m in matches if (f := _read_trigger(m, hits, state)) is not None]
        found += [_must_request(v, sent, lexicon) for v in musts]
        for item in _fold(found, adoc.doc):
            events.extend(_events_of(item, sent, state))
    return sorted(events, key=lambda e: (e.evidence[0].start, e.evidence[0].end, e.type))


# --- reading one trigger ------------------------------------------------------------------------


def _read_trigger(match: TriggerMatch, hits: dict[int, list[RoleHit]], state: DocState) -> Found | None:
    doc = state.doc
    head = doc[match.head]
    found_hits = hits.get(match.head, [])
    obj = _object(head, found_hits)
    subject = _first(found_hits, "actor", head, match)
    row = _choose_row(match, head, obj, subject, found_hits, state)
    if row is None or row.type == "-":
        return None
    predicate, light = _predicate(head, state.lexicon)
    actors = _actors(head, row, found_hits, match, subject, obj)
    found = Found(match.head, match.start, match.end, row, row.type, predicate, light=light, obj=obj)
    theme = obj if obj is not None and row.type in THEME_TYPES and (
        token_classes(doc[obj], state.lexicon) & THEME_CLASSES) else None
    target = _target(head, row.type, found_hits, obj, theme, actors, state)
    if not actors and light:
        verb = doc[predicate]
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        actors = _conjuncts(subject) if subject is not None and subject.ent_type_ not in _TIME_ENTS else ()
    if not actors and theme is not None and (_passive(head) or head.pos_ in ("NOUN", "PROPN")):
        actors = (theme,)
    mode = _mode(head, row, actors, obj, state)
    return replace(found, actors=actors, target=target, theme=theme, mode=mode)


def _object(head: Token, hits: list[RoleHit]) -> int | None:
    for hit in hits:
        if hit.role == "object" and hit.token != head.i and head.doc[hit.token].tag_ not in ("WDT", "WP"):
            return semantic_head(head.doc[hit.token]).i
    if _passive(head):
        gap = _gap_head(head)
        if gap is not None:
            return gap
    return None


def _passive(tok: Token) -> bool:
    return tok.tag_ == "VBN" and (any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ == "acl")


def _gap_head(tok: Token) -> int | None:
    """'a jet it said had been shot down': the noun a passive clause with no subject is about."""
    for _ in range(3):
        if any(c.dep_ in ("nsubjpass", "nsubj") and c.tag_ not in ("WDT", "WP") and c.i != tok.i
               for c in tok.children) and tok.dep_ not in ("relcl", "acl"):
            return None
        if tok.dep_ in ("relcl", "acl"):
            return tok.head.i
        if tok.dep_ not in ("ccomp", "xcomp", "conj"):
            return None
        tok = tok.head
    return None


def _first(hits: list[RoleHit], role: str, head: Token, match: TriggerMatch) -> int | None:
    for hit in hits:
        if hit.role == role and not match.start <= hit.token < match.end:
            return hit.token
    return None


def _choose_row(match: TriggerMatch, head: Token, obj: int | None, subject: int | None,
                hits: list[RoleHit], state: DocState) -> TriggerRow | None:
    doc, lexicon = state.doc, state.lexicon
    obj_classes = token_classes(doc[obj], lexicon) if obj is not None else frozenset()
    for row in match.rows:
        if not row.requires or any(_meets(r.key, r.values, head, obj, obj_classes, subject, hits, state)
                                   for r in row.requires):
            return row
    return None


def _meets(key: str, values: frozenset[str], head: Token, obj: int | None, obj_classes: frozenset[str],
           subject: int | None, hits: list[RoleHit], state: DocState) -> bool:
    if key == "obj":
        return bool(obj_classes & values)
    if key == "subj":
        return subject is not None and bool(state.actor_classes(subject) & values)
    if key == "prep":
        return any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in values for c in head.children)
    if key in ("xcomp", "ccomp"):
        return any(c.dep_ == key for c in head.children)
    if key == "intransitive":
        return obj is None
    if key == "partner":
        return any(h.role.endswith("target") or h.name == "between" for h in hits) or (
            subject is not None and any(c.dep_ == "conj" for c in head.doc[subject].children))
    if key == "light":
        return _predicate(head, state.lexicon)[1]
    return False


def _predicate(head: Token, lexicon: Lexicon) -> tuple[int, bool]:
    """The verb whose tense and negation count: a light verb over a trigger noun, else the trigger."""
    if head.pos_ not in ("NOUN", "PROPN") and not (head.tag_ == "VBG" and head.dep_ in ("pobj", "dobj")):
        return head.i, False
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head  # "a mediation mission": the shell noun carries the verb
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in PARTITIVES:
        head = head.head.head  # "launched ten days of war games"
    gov = head.head
    if head.dep_ in ("dobj", "nsubjpass") and gov.lemma_.lower() in lexicon.light | lexicon.passive:
        return gov.i, True
    if head.dep_ == "pobj" and gov.dep_ == "prep" and gov.head.lemma_.lower() in lexicon.light | lexicon.passive:
        return gov.head.i, True
    if head.dep_ in ("nsubj", "nsubjpass") and gov.pos_ in ("VERB", "AUX"):
        return gov.i, False
    return head.i, False


def _actors(head: Token, row: TriggerRow, hits: list[RoleHit], match: TriggerMatch, subject: int | None,
            obj: int | None) -> tuple[int, ...]:
    doc = head.doc
    for hit in hits:
        if hit.role != "actor" or match.start <= hit.token < match.end or hit.token == obj:
            continue
        tok = semantic_head(doc[hit.token])
        if tok.tag_ in ("WDT", "WP") or (hit.name == "from" and row.type in _NO_ACTOR_FROM):
            continue
        if tok.dep_ == "expl" or tok.ent_type_ in _TIME_ENTS:
            continue
        if hit.name == "acl" and token_classes(tok, load_lexicon()) & {"claim", "request"}:
            continue  # "issued a declaration demanding ...": the declaration speaks for its issuer
        return _conjuncts(tok)[:1] if hit.name == "between" else _conjuncts(tok)
    return ()


def _conjuncts(tok: Token) -> tuple[int, ...]:
    """'Putin and Macron': the head and every conjunct; 'Hungarian and Romanian officials': the modifiers."""
    out = [tok.i]
    stack = [tok]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
                out.append(child.i)
                stack.append(child)
    if len(out) == 1:
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")
                and any(cc.dep_ == "conj" for cc in c.children)]
        if mods:
            return _conjuncts(mods[0])
    return tuple(out)


def _target(head: Token, type_: str, hits: list[RoleHit], obj: int | None, theme: int | None,
            actors: tuple[int, ...], state: DocState) -> int | None:
    """The first candidate on the object side that names an actor; else a person-like object."""
    doc = head.doc
    taken = set(actors)
    for a in actors:
        start, end = state.np_bounds(doc[a])
        taken.update(range(start, end + 1))
    candidates: list[int] = []
    if obj is not None and obj != theme:
        candidates.append(obj)
    for hit in hits:
        if hit.role == f"{type_}|target" or hit.role == "target" or (hit.role == "actor" and hit.name == "between"):
            candidates.extend(_conjuncts(doc[hit.token]))
    candidates += [h.token for h in hits if h.role == "owner"]
    if theme is not None:
        candidates += [c.i for c in doc[theme].children if c.dep_ == "poss" or c.ent_type_ in ("NORP", "GPE")]
    candidates = [semantic_head(doc[c]).i for c in candidates]
    candidates = [c for c in dict.fromkeys(candidates) if c not in taken and c != head.i
                  and doc[c].ent_type_ not in _TIME_ENTS
                  and not token_classes(doc[c], state.lexicon) & {"hostile", "agreement", "request", "claim"}]
    for c in candidates:
        if state.is_actor(c):
            return c
    for c in candidates:
        if token_classes(doc[c], state.lexicon) & {"person", "civilian", "armed", "protester", "prisoner"}:
            return c
    return None


def _mode(head: Token, row: TriggerRow, actors: tuple[int, ...], obj: int | None, state: DocState) -> str | None:
    """The row's mode, unless a weapon word near the trigger names the weapon ('fired rockets')."""
    if row.mode not in (None, "aerial", "drone", "heavy-weapons", "firearms", "explosives", "primitive"):
        return row.mode
    doc = head.doc
    near = [head, *(c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod"))]
    for c in head.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by", "using", "from"):
            near.extend(c.subtree)
    if obj is not None and row.type == "ASSAULT":
        near.append(doc[obj])
    for a in actors[:1]:
        near.extend(t for t in doc[a].subtree if t.dep_ not in ("prep", "pobj"))
    return mode_of(near, state.lexicon) or row.mode


def _must_verbs(sent: SpacySpan, lexicon: Lexicon) -> list[Token]:
    """Verbs with 'must' reported by a speech verb: 'Russia said Sudan must return the helicopter'."""
    out = []
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
            if _speech_subject(tok, lexicon) is not None:
                out.append(tok)
    return out


def _speech_subject(tok: Token, lexicon: Lexicon) -> Token | None:
    speech = [c for c in tok.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in lexicon.speech]
    node = tok
    while node.dep_ in ("ccomp", "conj", "xcomp", "acl") and node.head.i != node.i:
        node = node.head
        if node.lemma_.lower() in _SPEECH_NOUNS and node.head.pos_ == "VERB":
            speech.append(node.head)  # "issued a reminder that Iraq must ..."
            break
        if node.lemma_.lower() in lexicon.speech:
            speech.append(node)
            break
    for verb in speech:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def _must_request(verb: Token, sent: SpacySpan, lexicon: Lexicon) -> Found:
    speaker = _speech_subject(verb, lexicon)
    target = next((c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    actors = _conjuncts(speaker) if speaker is not None else ()
    return Found(verb.i, verb.i, verb.i + 1, MUST_ROW, "REQUEST", verb.i, actors=actors, target=target)


# --- folding nested triggers --------------------------------------------------------------------


def _fold(found: list[Found], doc: Doc) -> list[Found]:
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
            dropped.add(f.head)
        elif doc[f.head].pos_ in ("NOUN", "PROPN") and path[:1] in (["dobj"], ["pobj"]):
            if not f.actors:
                dropped.add(f.head)  # the topic of a meeting or a statement, not an event told as such
            else:
                by_head[f.head] = replace(f, nested=True)
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
        if dep in _STOP_DEPS or (dep == "prep" and tok.lower_ in _ADJUNCT_PREPS):
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
        target_actor=gov.target_actor or f.target_actor,
        extra=(*gov.extra, f.head, *f.extra),
        mode=weapon or gov.mode or f.mode,
        row=f.row if weapon and f.row.acled_type else gov.row,
    )


def _absorb(gov: Found, f: Found) -> Found:
    """A request, threat or refusal about an event: the event's actor (or target) becomes its target."""
    if gov.target is not None or gov.target_actor is not None:
        return replace(gov, extra=(*gov.extra, f.head))
    target = next((a for a in f.actors if a not in gov.actors), None)
    if target is None or f.actors == gov.actors:
        target = f.target
    return replace(gov, target=target, target_actor=f.target_actor if target is None else None,
                   extra=(*gov.extra, f.head), fallback_target=f.fallback_target)


# --- building events ----------------------------------------------------------------------------


def _events_of(f: Found, sent: SpacySpan, state: DocState) -> list[Event]:
    doc = state.doc
    if not _substantial(f, doc, state):
        return []
    status, type_ = status_of(f, state)
    if status is None:
        return []
    actors = [state.resolve(i) for i in f.actors] or [None]
    actors = [a for group in actors for a in (group if isinstance(group, tuple) else (group,))]
    actors = list(dict.fromkeys(actors)) or [None]
    reciprocal = len(actors) > 1 and doc[f.head].lemma_.lower() in RECIPROCAL
    target = _target_actor(f, type_, actors, state, fallback=not reciprocal)
    place = event_place(f, type_, state)
    if actors == [None] and target is None and place is None:
        return []
    out = []
    for k, actor in enumerate(actors):
        tgt = target if target is not None or not reciprocal else actors[(k + 1) % len(actors)]
        span = _evidence(f, k, sent, state)
        acled_type, sub_type, type_k, mode = acled_for(f, type_, actor, tgt, state)
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


def _substantial(f: Found, doc: Doc, state: DocState) -> bool:
    """A trigger noun alone ('the fighting') is an event only with a participant, a place or a light verb."""
    head = doc[f.head]
    if f.row is MUST_ROW or f.light or head.pos_ not in ("NOUN", "PROPN"):
        return True
    if f.actors or f.target is not None or f.target_actor is not None:
        return True
    if f.obj is not None and f.type in ("ASSAULT", "COERCE") and (
            token_classes(doc[f.obj], state.lexicon) & {"armed", "materiel", "weapon", "territory", "civilian",
                                                          "person", "property", "base", "aircraft"}):
        return True
    return event_place(f, f.type, state) is not None and f.type in ("ASSAULT", "PROTEST", "COERCE", "MOBILIZE")


def _target_actor(f: Found, type_: str, actors: Sequence[Actor | None], state: DocState,
                  fallback: bool = True) -> Actor | None:
    doc = state.doc
    target = f.target_actor
    if target is None and f.target is not None:
        resolved = state.resolve(f.target)
        target = resolved[0] if isinstance(resolved, tuple) else resolved
    countries = {a.country for a in actors if a is not None}
    known = target is not None and bool(target.country or target.sector or target.id)
    if known and not (target.country in countries and target.sector == "GOV" and type_ in ("REQUEST", "CONSULT")):
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
    if type_ in ("REQUEST", "CONSULT", "AGREE", "THREATEN") and (conflict_talk or f.fallback_target):
        party = state.conflict_party(countries)
        if party is not None:
            return party
    return target


def _evidence(f: Found, k: int, sent: SpacySpan, state: DocState) -> Span:
    doc = state.doc
    indices = [f.start, f.end - 1, *f.extra]
    if f.actors:
        a = doc[f.actors[min(k, len(f.actors) - 1)]]
        indices += [a.i, *state.np_bounds(a)]
    if f.target is not None:
        indices += list(state.np_bounds(doc[f.target]))
    start = max(min(indices), sent.start)
    end = min(max(indices), sent.end - 1)
    while end > start and doc[end].is_punct:
        end -= 1
    return Span.of(state.doc_id, doc.text, doc[start].idx, doc[end].idx + len(doc[end]))


def _confidence(f: Found, actor: Actor | None, target: Actor | None, state: DocState) -> float:
    """Pattern strength: a dependency match with actor and target beats a trigger word alone.

    Events of the main clause outrank those nested in other clauses or named as a topic.
    """
    doc = state.doc
    score = 0.45
    if actor is not None and f.actors:
        score += 0.2 if (actor.country or actor.sector or actor.id) else 0.1
    if target is not None:
        score += 0.1 if f.fallback_target or f.target is None else 0.2
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


# --- attribution ----------------------------------------------------------------------------------


def attribute_events(events: Sequence[Event], claims: Sequence[Claim]) -> list[Event]:
    """Mark events reported inside claims: claimed by the speaker, or denied.

    Args:
        events: events of one or more documents (`extract_events`).
        claims: claims of the same documents (`claims.extract_claims`).

    Returns:
        The events, in order, with `attributed_to` and `status` set: an asserted event inside
        the content of another actor's claim becomes `claimed`; inside a denial, or inside a
        claim that a denial contradicts, `denied`.
    """
    deniers: dict[str, Claim] = {}
    for claim in claims:
        if claim.stance == "deny":
            for other in claim.contradicts:
                deniers.setdefault(other, claim)
    out = []
    for event in events:
        claim = _containing_claim(event, claims)
        if claim is None:
            out.append(event)
        elif claim.stance == "deny":
            out.append(replace(event, status="denied", attributed_to=claim.speaker))
        elif claim.id in deniers:
            out.append(replace(event, status="denied", attributed_to=claim.speaker))
        elif claim.stance in ("assert", "accuse") and event.status == "asserted" and not _same_actor(
                event.actor, claim.speaker):
            out.append(replace(event, status="claimed", attributed_to=claim.speaker))
        else:
            out.append(replace(event, attributed_to=claim.speaker))
    return out


def _containing_claim(event: Event, claims: Sequence[Claim]) -> Claim | None:
    span = event.evidence[0]
    best: tuple[int, Claim] | None = None
    for claim in claims:
        if claim.doc_id != span.doc_id:
            continue
        start, end = _content_range(claim)
        if start <= span.start and span.end <= end and (best is None or end - start < best[0]):
            best = (end - start, claim)
    return best[1] if best else None


def _content_range(claim: Claim) -> tuple[int, int]:
    at = claim.evidence.text.find(claim.content) if claim.content else -1
    if at < 0:
        return claim.evidence.start, claim.evidence.end
    start = claim.evidence.start + at
    return start, start + len(claim.content)


def _same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    return (a.id is not None and a.id == b.id) or a.name == b.name
