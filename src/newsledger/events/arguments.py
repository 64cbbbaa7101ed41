"""Reading one event trigger: which row of the lexicon applies, and who acts on whom.

`read_trigger` takes a trigger the lexicon found and the arguments the dependency
patterns reached (`events.patterns.role_hits`) and returns a `Found`: the row whose word
classes fit ("send troops" is MOBILIZE, "send aid" AID), the actor tokens (one per
coordinated actor; the subject of a light verb for a trigger noun, the controller of an
infinitive, the possessor or adjective of a noun), the object, the target (the first
object-side phrase that names an actor; the object itself unless it is the thing moved,
"withdrew its troops") and the weapon mode. `must_verbs` and `must_request` read the
requests that have no trigger word: "Russia said Sudan must return the helicopter".
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span as SpacySpan, Token

from .context import INSTRUMENT_VERBS, DocState
from .patterns import (
    PARTITIVES,
    Lexicon,
    RoleHit,
    TriggerMatch,
    Found,
    TriggerRow,
    mode_of,
    own_classes,
    semantic_head,
    token_classes,
)

# Types whose object is a thing moved or withheld (troops, aid, ties), not the target.
THEME_TYPES = frozenset({"MOBILIZE", "RETREAT", "AID", "SANCTION", "CONCEDE", "COOPERATE", "AGREE"})
THEME_CLASSES = frozenset({"force", "armed", "aid", "weapon", "peacekeeper", "coop", "ties", "restriction", "supply",
                           "trade", "asylum", "info", "materiel", "base", "group", "embassy", "diplomat"})
# Word classes of nouns that can name an actor, and of nouns that never do.
_ANIMATE = frozenset({"actor", "person", "armed", "state", "civilian", "protester", "worker", "mob", "nonstate",
                      "group", "media", "diplomat", "force", "peacekeeper", "aircraft", "materiel"})
_INANIMATE = frozenset({"claim", "request", "hostile", "agreement", "restriction", "aid", "property", "territory",
                        "coop", "ties", "trade", "supply", "info", "weapon", "protest"})
# Abstract nouns that parse as subjects but never act: "the situation remained dire".
_ABSTRACT = frozenset("situation work effort step move decision policy issue problem crisis development process measure "
                      "law plan idea news fact case matter question change time year day week month way result "
                      "tension tensions relation relations conflict war violence".split())
_GO_BETWEEN = frozenset({"mediate", "mediation", "broker", "arbitrate"})
_SHELLS = frozenset("effort mission bid attempt initiative campaign operation process programme program plan role "
                    "deal talks agreement".split())
_TIME_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_NO_ACTOR_FROM = frozenset({"RETREAT", "MOBILIZE", "COERCE", "SANCTION", "ASSAULT"})
_LIGHT_PREPS = frozenset({"on", "in", "into", "for", "to", "under"})
# Participles that describe what a noun carries ("armed with", "equipped with"), not an event.
_EQUIPPED = frozenset({"arm", "equip"})
_NOBODY = frozenset({"nobody", "none", "noone"})
_SPEECH_NOUNS = frozenset("reminder statement declaration warning message letter announcement insistence "
                          "demand call position view".split())
# Verbs whose subject witnessed an act a trigger row reads from them ("found the bodies").
_WITNESS_VERBS = frozenset({"find", "discover"})
# Marks of a clause that sets the scene of another rather than telling an act of its own.
_BACKDROP_MARKS = frozenset("as while when".split())
MUST_ROW = TriggerRow("must", ("must",), "VERB", "event", "REQUEST", None, None, None, (), None, "curated")


def read_trigger(match: TriggerMatch, hits: dict[int, list[RoleHit]], state: DocState) -> Found | None:
    """Choose the lexicon row of a trigger and read its actors, object, target and mode.

    Args:
        match: the trigger words `events.patterns.find_triggers` found.
        hits: the arguments the dependency patterns found, by trigger token.
        state: the document being read.

    Returns:
        The `Found` trigger, or None when no row fits (the context is not the row's:
        "send" with no troops or aid) or the row makes no event ("rejected the allegation").
    """
    doc = state.doc
    head = doc[match.head]
    if head.dep_ == "compound" and head.head.pos_ in ("NOUN", "PROPN") and not _shell(head.head, state.lexicon):
        return None  # "riot police", "attack helicopter": a modifier, not an event
    if head.lemma_.lower() in _EQUIPPED and head.dep_ == "acl" and head.tag_ == "VBN" and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in head.children):
        return None  # "gunmen armed with pistols": what they carry, not a supply of arms
    found_hits = hits.get(match.head) or _predicate_hits(head)
    obj = _object(head, found_hits)
    subject = _first(found_hits, "actor", head, match)
    row = _choose_row(match, head, obj, subject, found_hits, state)
    if row is None or row.type == "-":
        return None
    predicate, light = _predicate(head, state.lexicon)
    actors = _actors(head, row, found_hits, match, subject, obj, state.lexicon)
    between = _between(doc[predicate]) if predicate != head.i and not light else ()
    if not actors and between:
        actors = between[:1]
    found = Found(match.head, match.start, match.end, row, row.type, predicate, light=light, obj=obj)
    theme = obj if obj is not None and row.type in THEME_TYPES and (
        token_classes(doc[obj], state.lexicon) & THEME_CLASSES) else None
    target = _target(head, row.type, found_hits, obj, theme, actors, state)
    if target is None and len(between) > 1 and actors == between[:1]:
        target = between[1]
    if not actors and light and not _undergoes(doc[predicate], state.lexicon):
        subject = _subject_of(doc[predicate])
        actors = _conjuncts(subject) if subject is not None and subject.ent_type_ not in _TIME_ENTS else ()
    if not actors and theme is not None and (_passive(head) or head.pos_ in ("NOUN", "PROPN")):
        actors = (theme,)
    mode = _mode(head, row, actors, obj, state, range(match.start, match.end))
    return replace(found, actors=actors, target=target, mode=mode)


def _predicate_hits(head: Token) -> list[RoleHit]:
    """The subject and object of an adjective heading a verb phrase the parser split ("gunmen riding a motorcycle
    [shot] [dead] a teacher", `patterns.find_triggers`): no pattern anchors on the adjective."""
    if head.pos_ != "ADJ":
        return []
    return [RoleHit("actor" if c.dep_ == "nsubj" else "object", c.dep_, 0, c.i) for c in head.children
            if c.dep_ in ("nsubj", "dobj")]


def _disowned(verb: Token) -> bool:
    """'No group has claimed the attack', 'the army did not claim the strike': nobody's act by that claim."""
    return any(c.dep_ == "neg" or c.dep_ in ("nsubj", "nsubjpass") and (
        c.lower_ in _NOBODY or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in verb.children)


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb or adjective it depends on ('plans to impose', 'is prepared to')."""
    for _ in range(4):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("xcomp", "conj", "advcl", "acomp") or verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def _undergoes(verb: Token, lexicon: Lexicon) -> bool:
    """'came under fire', 'suffered an attack': the subject of such a verb is the target, never the actor."""
    lemma = verb.lemma_.lower()
    return lemma in lexicon.passive or any(
        f"{lemma} {c.lower_}" in lexicon.passive for c in verb.children if c.dep_ in ("prep", "prt"))


def _between(verb: Token) -> tuple[int, ...]:
    """'clashes erupted between X and Y': the sides named on the verb a trigger noun is subject of."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                return _conjuncts(obj)
    return ()


def _shell(tok: Token, lexicon: Lexicon) -> bool:
    """A noun that carries the event of its modifier ('mediation effort') or is a trigger itself."""
    return tok.lemma_.lower() in _SHELLS or tok.lemma_.lower() in lexicon.anchors


def _object(head: Token, hits: list[RoleHit]) -> int | None:
    """The object of a trigger: its object, passive subject, 'of' phrase, or the noun a passive clause is about."""
    for hit in hits:
        if hit.role == "object" and hit.token != head.i and head.doc[hit.token].tag_ not in ("WDT", "WP"):
            return semantic_head(head.doc[hit.token]).i
    if _passive(head):
        gap = _gap_head(head)
        if gap is not None:
            return gap
    return None


def _passive(tok: Token) -> bool:
    """A passive participle: 'was shot down', 'a jet shot down by ...'."""
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
    """The first argument of a role outside the trigger's own words."""
    for hit in hits:
        if hit.role == role and not match.start <= hit.token < match.end:
            return semantic_head(head.doc[hit.token]).i
    return None


def _choose_row(match: TriggerMatch, head: Token, obj: int | None, subject: int | None,
                hits: list[RoleHit], state: DocState) -> TriggerRow | None:
    """The first row of the trigger whose requirements the context meets."""
    doc, lexicon = state.doc, state.lexicon
    obj_classes = token_classes(doc[obj], lexicon) if obj is not None else frozenset()
    for row in match.rows:
        if not row.requires or any(_meets(r.key, r.values, head, obj, obj_classes, subject, hits, state)
                                   for r in row.requires):
            return row
    return None


def _meets(key: str, values: frozenset[str], head: Token, obj: int | None, obj_classes: frozenset[str],
           subject: int | None, hits: list[RoleHit], state: DocState) -> bool:
    """Whether one requirement of a row holds (see `data/event_triggers.tsv`)."""
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
    if head.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ in _LIGHT_PREPS and (
            gov.head.lemma_.lower() in lexicon.light | lexicon.passive):
        return gov.head.i, True
    if head.dep_ == "pobj" and gov.lower_ == "for" and gov.head.lemma_.lower() == "responsibility" and (
            gov.head.dep_ == "dobj"):
        return gov.head.head.i, True  # "claimed responsibility for the attack"
    if head.dep_ == "dobj" and gov.lemma_.lower() == "claim" and not _disowned(gov):
        return gov.i, True  # "the group claimed the bombing", "claimed a series of night raids": the claimant's act
    if head.dep_ in ("nsubj", "nsubjpass") and gov.pos_ in ("VERB", "AUX"):
        return gov.i, False
    return head.i, False


def _actors(head: Token, row: TriggerRow, hits: list[RoleHit], match: TriggerMatch, subject: int | None,
            obj: int | None, lexicon: Lexicon) -> tuple[int, ...]:
    """The actor tokens: the strongest subject-side argument that can name an actor, with its conjuncts."""
    doc = head.doc
    if _stative(head) and obj is not None:
        return _conjuncts(doc[obj])  # "Israel is opposed to ...": a state, not a passive
    for hit in hits:
        if hit.role != "actor" or match.start <= hit.token < match.end or hit.token == obj:
            continue
        tok = _actor_token(hit, semantic_head(doc[hit.token]), head, row, lexicon)
        if tok is not None:
            return _conjuncts(tok)[:1] if hit.name == "between" else _conjuncts(tok)
    return ()


def _actor_token(hit: RoleHit, tok: Token, head: Token, row: TriggerRow, lexicon: Lexicon) -> Token | None:
    """The token a subject-side hit stands for, or None when it cannot be the actor."""
    if _dateline(tok):  # "TEHRAN (Iran News) – Armenia and Azerbaijan held ...": the subject after the dash
        tok = next((c for c in tok.children if c.dep_ == "appos" and not _dateline(c)), None)
        if tok is None:
            return None
    if hit.name == "shared" and head.dep_ == "advcl" and (reported := _reported_clause(head.head)) is not None:
        # "drones struck the town, the ministry said, wounding civilians": the participle hangs on the
        # verb of saying, but its actor is the reported clause's, never the speaker.
        tok = next((c for c in reported.children if c.dep_ == "nsubj"), None)
        if tok is None:
            return None
        hit = replace(hit, name="nsubj")
    elif hit.name == "shared" and head.dep_ == "advcl" and _backdrop(head.head):
        # "the blast ripped through the hall as students attended Mass, killing four": the participle
        # hangs on the clause of circumstance, but tells the outcome of the clause that clause qualifies.
        tok = next((c for c in head.head.head.children if c.dep_ == "nsubj"), None)
        if tok is None:
            return None
        hit = replace(hit, name="nsubj")
    if tok.tag_ in ("WDT", "WP") or tok.dep_ == "expl" or tok.ent_type_ in _TIME_ENTS:
        return None
    if head.lemma_.lower() in _WITNESS_VERBS and hit.name == "nsubj":
        return None  # "residents discovered the bodies": who found a killing did not do it
    if tok.pos_ == "PRON" and tok.lower_ in ("i", "we", "me", "us"):
        return None  # the speaker of a quote: claims know who it is
    if (hit.name == "from" and row.type in _NO_ACTOR_FROM) or (hit.name == "nsubj" and _stative(head)):
        return None
    if hit.name == "between" and head.lemma_.lower() in _GO_BETWEEN:
        return None  # "mediated between X and Y": X and Y are the targets
    classes = token_classes(tok, lexicon)
    if hit.name == "acl" and classes & {"claim", "request"}:
        # "issued a declaration demanding ...": the declaration speaks for its issuer
        return _subject_of(tok.head) if tok.dep_ in ("dobj", "nsubjpass") else None
    if hit.name in ("nsubj", "agent") and own_classes(tok, lexicon) & {"weapon", "hostile"} and not (
            classes & {"actor", "armed"}):
        # "a roadside bomb killed ...": the weapon is not the actor; "Russian drones attacked ...": its owner is
        return _weapon_owner(tok)
    return tok if _animate(tok, lexicon) else None


def _backdrop(verb: Token) -> bool:
    """Whether a verb heads a clause of time set inside another ('as students attended Mass')."""
    return verb.dep_ == "advcl" and verb.head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "mark" and c.lower_ in _BACKDROP_MARKS for c in verb.children)


def _reported_clause(verb: Token) -> Token | None:
    """The clause a verb reports ('the ministry said [drones struck]'), if it governs one; a verb of
    saying set between commas hangs on the clause it reports ('[drones struck], the ministry said')."""
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head
    return next((c for c in verb.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")), None)


def _weapon_owner(weapon: Token) -> Token | None:
    """'Russian drones', 'Israel's jets', 'a Saudi-led coalition airstrike', 'a bomb planted by al-Shabaab':
    the state or group a weapon belongs to, when the phrase names one."""
    owner = next((c for c in weapon.children if c.dep_ in ("amod", "poss", "compound")
                  and c.ent_type_ in ("NORP", "GPE", "ORG") and c.pos_ in ("ADJ", "PROPN")), None)
    if owner is None:  # a name deeper in the modifiers ("Saudi-led"), never past the weapon word
        owner = next((t for c in weapon.lefts if c.dep_ in ("amod", "compound", "npadvmod") for t in c.subtree
                      if t.ent_type_ in ("NORP", "GPE", "ORG") and t.pos_ in ("ADJ", "PROPN")), None)
    if owner is None:  # "a bomb planted by al-Shabaab", "drones launched by the Houthis"
        by = next((a for c in weapon.children if c.dep_ == "acl" and c.tag_ == "VBN"
                   for a in c.children if a.dep_ == "agent"), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    return owner


def _stative(head: Token) -> bool:
    """'is opposed to': a passive form that states the subject's own position."""
    return head.lemma_.lower() == "oppose" and _passive(head)


def _animate(tok: Token, lexicon: Lexicon) -> bool:
    """Whether a word can name an actor: a name, a pronoun, or a noun for people, forces or bodies."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if tok.lemma_.lower() in _ABSTRACT:
        return False
    own = own_classes(tok, lexicon)
    return bool(own & _ANIMATE) or not own & _INANIMATE


def _dateline(tok: Token) -> bool:
    """'TEHRAN (Iran News) – ...': the place and outlet a story was filed from, not a participant."""
    sent = tok.sent
    first = sent[0] if sent[0].ent_type_ == "GPE" or not sent[0].is_punct else sent[1]
    if not (first.ent_type_ == "GPE" and first.is_upper and len(first) > 2):
        return False
    following = tok.doc[first.i + 1].text if first.i + 1 < len(tok.doc) else ""
    if following not in ("(", ",", "–", "—", "-", ":"):
        return False
    dash = next((t.i for t in sent[:12] if t.text in ("–", "—", "-", ":") and t.i > first.i), None)
    return tok.i == first.i or (dash is not None and tok.i < dash)


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
    candidates = [c for c in candidates if not state.is_local_place(c)]
    for c in candidates:
        if state.is_actor(c):
            return c
    for c in candidates:
        if own_classes(doc[c], state.lexicon) & {"person", "civilian", "armed", "protester", "prisoner"}:
            return c
    return None


def _mode(head: Token, row: TriggerRow, actors: tuple[int, ...], obj: int | None, state: DocState,
          trigger: range = range(0)) -> str | None:
    """The row's mode, unless a weapon word near the trigger names the weapon ('fired rockets')."""
    if row.mode not in (None, "aerial", "drone", "heavy-weapons", "firearms", "explosives", "primitive"):
        return row.mode
    doc = head.doc
    near = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    for c in head.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "by", "using", "from"):
            near.extend(c.subtree)
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in INSTRUMENT_VERBS:
        near.extend(c for c in head.head.children if c.dep_ == "dobj")  # "used drones to attack a police station"
    if obj is not None and row.type == "ASSAULT":
        near.append(doc[obj])
    for a in actors[:1]:
        near.extend(t for t in doc[a].subtree if t.dep_ not in ("prep", "pobj"))
    return mode_of([t for t in near if t.i not in trigger], state.lexicon) or row.mode


def must_verbs(sent: SpacySpan, lexicon: Lexicon) -> list[Token]:
    """Verbs with 'must' reported by a speech verb: 'Russia said Sudan must return the helicopter'."""
    out = []
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "must" for c in tok.children):
            if _speech_subject(tok, lexicon) is not None:
                out.append(tok)
    return out


def _speech_subject(tok: Token, lexicon: Lexicon) -> Token | None:
    """The subject of the speech verb or noun that reports a clause ('X said ...', 'issued a reminder that ...')."""
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


def must_request(verb: Token, lexicon: Lexicon) -> Found:
    """The request a 'must' verb makes: by the speaker who reports it, to the verb's subject."""
    speaker = _speech_subject(verb, lexicon)
    target = next((c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    actors = _conjuncts(speaker) if speaker is not None else ()
    return Found(verb.i, verb.i, verb.i + 1, MUST_ROW, "REQUEST", verb.i, actors=actors, target=target)


