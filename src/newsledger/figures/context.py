"""The context of a count: the period it covers, the place it happened, and whose people they are.

Each is read only inside the clause that reports the count (`clause_scope`), so a date or town
of a neighbouring clause is not taken. Periods: historical ranges ("between 1988 and 1994"),
"since ...", "so far", "overnight", then the nearest DATE entity ("as of Monday" is cumulative).
Places: "in/near/on (the town of) X" with X a named place. Sides: a demonym or state on the
counted noun ("Armenian soldiers"), "on their side" (the reporter's polity), or the subject of
"acknowledged"/"admitted" (own losses); resolved through the actor dictionary.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .kinds import governing_verb
from ..actors.index import ActorIndex
from ..lexicon import ActorEntry, normalize_name
from ..nlp import doc_text, span_ents
from .numbers import Quantity
from ..records import Actor, Period, Place

_HISTORICAL = re.compile(
    r"\b(?:(?:between|from)\s+(?:1[89]\d\d|20\d\d)\s+(?:and|to|until)\s+(?:1[89]\d\d|20\d\d)"
    r"|(?:in|during|of)\s+(?:the\s+)?(?:1[89]\d\d|20\d\d)\s*[-–—]\s*\d{2,4}(?:\s+war)?"
    r"|(?:in|during)\s+the\s+(?:early\s+|mid-?\s*|late\s+)?(?:1[89]\d0|20[0-4]0)s(?:\s+war)?"
    r"|(?:in|during)\s+the\s+(?:1[89]\d\d|20\d\d)\s+war"
    r"|(?:in|during)\s+the\s+(?:first|previous|earlier|last|past)\s+war"
    r"|war\s+(?:of|in)\s+(?:1[89]\d\d|20\d\d)(?:\s*[-–—]\s*\d{2,4})?)",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\bsince\b[^,.;:()\"“”]*", re.IGNORECASE)
_SO_FAR = re.compile(
    r"\b(?:so far|to date|thus far|in total|in all|overall|altogether)(?:\s+(?:this|in)\s+(?:year|month|week))?\b"
    r"|\b(?:during|throughout|over the course of|by the end of|in the course of)\s+the\s+(?:(?:\w+\s+){0,2})"
    r"(?:war|conflict|hostilities|fighting)\b",
    re.IGNORECASE,
)
_SINCE_STOP = re.compile(
    r"\s+(?:and|but|while|when|after|according|as|with|had|has|have|was|were|is|are|rose|risen|reached|stood|"
    r"climbed|increased|jumped)\b.*$",
    re.IGNORECASE,
)
# "the bloodiest day since the coup": a superlative's "since" compares, it does not open a period.
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:\w+iest|worst|biggest|largest|highest|heaviest|most\s+\w+|first)"
                                 r"(?:\s+[\w-]+){0,3}\s*$", re.IGNORECASE)
_NOW = re.compile(r"\b(?:now|currently|to date|up to now|as of (?:now|today))\b", re.IGNORECASE)
# Nouns of one strike, raid or blast: a count "in" or "after" one is an incident, not a running total.
_INCIDENT_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes raid raids shelling bombing bombings bombardment blast "
    "blasts explosion explosions ambush ambushes assault massacre crash shooting shootings incident hit stampede "
    "collapse fire rubble debris wreckage".split()
)
_OVERNIGHT = re.compile(r"\bovernight\b", re.IGNORECASE)
_LABEL_PREPS = frozenset({"in", "on", "during", "over", "at", "by", "from", "throughout", "this", "last"})
_PLACE_PREPS = frozenset({"in", "near", "at", "on", "outside", "around", "inside", "across"})
_ATTACK_NOUNS = frozenset(
    "attack attacks shelling bombardment bombing strike strikes airstrike airstrikes raid raids siege assault "
    "offensive fighting clashes battle".split()
)
_PLACE_NOUNS = frozenset(
    "town city village region district province camp neighbourhood neighborhood suburb area settlement "
    "governorate oblast state county municipality port capital".split()
)
_REPORTING = frozenset({"say", "report", "claim", "announce", "tell", "state", "add", "acknowledge", "confirm",
                        "write"})
_OWN_LOSSES = frozenset({"acknowledge", "admit", "concede", "confirm", "lose"})
# A toll stated as a whole: "Azerbaijan confirmed 2,906 military deaths", "the ministry put the toll at".
_TOLL_STATING = frozenset({"acknowledge", "admit", "concede", "confirm", "record", "document", "register",
                           "verify", "count", "tally", "put"})
_NESTED = frozenset({"relcl", "appos", "parataxis"})


def _side_of(entry: ActorEntry, actors: ActorIndex) -> ActorEntry:
    """The polity a reporting actor speaks for: a ministry's or official's state ("its side")."""
    if entry.kind == "state" or entry.kind == "org" and entry.sector in ("REB", "MIL"):
        return entry  # an armed group speaks for itself, not for the state it fights
    prefix = entry.id.split(":", 1)[-1].split("-")[0] if entry.kind == "agency" else ""
    state = actors.dictionaries.states.get(f"state:{prefix}")
    if state is None and entry.sector in ("GOV", "MIL") and entry.country:
        state = actors.dictionaries.states.get(f"state:{entry.country.lower()}")
    return state or entry


def clause_scope(clause: Token, top: Token) -> frozenset[int]:
    """Tokens whose modifiers (period, place) belong to the count's clause."""
    inside = {t.i for t in clause.subtree}
    for tok in clause.subtree:
        if tok != clause and (tok.dep_ in _NESTED or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX"))):
            if top.i not in {t.i for t in tok.subtree}:
                inside -= {t.i for t in tok.subtree}
    if clause.dep_ == "relcl":
        host = clause.head.head if clause.head.head.pos_ == "ADP" else clause.head
        inside |= {t.i for t in host.subtree}
    if clause.dep_ == "conj" and clause.head.pos_ in ("VERB", "AUX"):
        for child in clause.head.children:
            if child.dep_ in ("advcl", "prep", "npadvmod") and child.i < clause.head.i:
                inside |= {t.i for t in child.subtree}
    return frozenset(inside)


def count_period(sent: SpacySpan, scope: frozenset[int], q: Quantity) -> tuple[Period | None, bool, bool]:
    """The period a count covers: (period, cumulative, historical)."""
    text, base = sent.text, sent.start_char
    for pattern, cumulative, historical in ((_HISTORICAL, False, True), (_SINCE, True, False), (_SO_FAR, True, False)):
        for match in pattern.finditer(text):
            label = _SINCE_STOP.sub("", match.group(0)).strip() if pattern is _SINCE else match.group(0)
            if pattern is _SINCE and _SUPERLATIVE_BEFORE.search(text[:match.start()]):
                continue
            if _token_at(sent, base + match.start()) in scope and label:
                return Period(label=label), cumulative, historical
    for match in _OVERNIGHT.finditer(text):
        if _token_at(sent, base + match.start()) in scope:
            return Period(label=match.group(0)), False, False
    for ent in sorted(span_ents(sent), key=lambda e: (e.label_ != "DATE", abs(e.start - q.start))):
        if ent.label_ not in ("DATE", "TIME") or ent.start not in scope or ent.start < q.end and q.start < ent.end:
            continue
        prep = sent.doc[ent.start - 1] if ent.start > sent.start else None
        if prep is not None and prep.lower_ in _LABEL_PREPS | {"by", "of"}:
            as_of = prep.lower_ == "by" or prep.i > 0 and sent.doc[prep.i - 1].lower_ == "as" and prep.lower_ == "of"
            start = sent.doc[prep.i - 1].idx if as_of and prep.lower_ == "of" else prep.idx
            return Period(label=doc_text(sent.doc)[start:ent.end_char]), as_of, False
        if not ent.text.isdigit():
            return Period(label=ent.text), False, False
    return None, False, False


def _token_at(sent: SpacySpan, char: int) -> int:
    span = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def count_place(doc: Doc, scope: frozenset[int]) -> Place | None:
    """The first "in/near/on (the town of) X" in the clause, X a named place."""
    for i in sorted(scope):
        tok = doc[i]
        attack_of = tok.lower_ == "of" and tok.head.lower_ in _ATTACK_NOUNS
        if tok.dep_ != "prep" or (tok.lower_ not in _PLACE_PREPS and not attack_of):
            continue
        for obj in tok.children:
            name = _place_name(obj) if obj.dep_ == "pobj" and obj.i in scope else None
            if name:
                return Place(name=name)
    return None


def _place_name(obj: Token) -> str | None:
    if obj.lemma_.lower() in _PLACE_NOUNS:
        for child in obj.children:
            if child.dep_ == "compound" and child.pos_ == "PROPN":
                return _proper_name(child)
            if child.dep_ == "prep" and child.lower_ == "of":
                named = [p for p in child.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
                if named:
                    return _proper_name(named[0])
        return None
    if obj.pos_ == "PROPN" and obj.ent_type_ in ("GPE", "LOC", "FAC"):
        return _proper_name(obj)
    return None


def _proper_name(tok: Token) -> str:
    """The name a proper noun belongs to: its entity, or its compound chain ("Nagorno-Karabakh")."""
    for ent in span_ents(tok.sent):
        if ent.start <= tok.i < ent.end:
            words = [t for t in ent if t.lower_ != "the"]
            return doc_text(tok.doc)[words[0].idx:end_char(words[-1])] if words else ent.text
    parts = [t for t in tok.subtree if t.i <= tok.i and (t.dep_ in ("compound", "punct") or t == tok)]
    first = min(parts, key=lambda t: t.i)
    return doc_text(tok.doc)[first.idx:end_char(tok)]


def count_side(
    sent: SpacySpan, noun: Token | None, anchor: Token, clause: Token, scope: frozenset[int], actors: ActorIndex
) -> Actor | None:
    """Whose people they are: "Armenian soldiers", "on their side" (the reporter's), "acknowledged 350 deaths"."""
    if noun is not None:
        actor = _actor_of(noun, actors)
        if actor is not None:
            return actor
        if any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in noun.children):
            return _reporter(sent, clause, actors)  # "30 of their fighters", "its soldiers"
    doc = sent.doc
    for i in sorted(scope):
        tok = doc[i]
        if tok.lemma_.lower() == "side" and tok.dep_ == "pobj" and tok.head.lower_ in ("on", "from", "among"):
            if any(c.lower_ in ("both", "either", "each", "all") for c in tok.children):
                return None
            own = _actor_of(tok, actors)
            if own is not None:
                return own
            if any(c.dep_ == "poss" for c in tok.children):
                return _reporter(sent, clause, actors)
    verb = anchor if anchor.pos_ in ("VERB", "AUX") else governing_verb(anchor)
    if verb is not None and verb.lemma_.lower() in _OWN_LOSSES:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return _actor_of(subject, actors, own=True) if subject is not None else None
    return None


def _reporter(sent: SpacySpan, clause: Token, actors: ActorIndex) -> Actor | None:
    """Who reports the clause: "According to X, ...", or the subject of the verb that says it."""
    for tok in sent:
        if tok.lower_ == "according":
            for obj in (p for to in tok.children if to.lower_ == "to" for p in to.children if p.dep_ == "pobj"):
                return _reporter_actor(obj, actors)
    tok = clause
    for _ in range(4):
        if tok.head == tok:
            break
        tok = tok.head
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children):
            verb = verb.head
        if tok.lemma_.lower() in _REPORTING:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return _reporter_actor(subject, actors) if subject is not None else None
    return None


def _reporter_actor(noun: Token, actors: ActorIndex) -> Actor | None:
    """The side a reporting noun phrase speaks for: a known actor, a demonym, or a proper name."""
    words = _phrase_text(noun)
    for key in (words, f"{_name_part(noun)} authorities", _name_part(noun)):
        found = actors.dictionaries.actors_by_name.get(normalize_name(key))
        if found:
            return _side_of(found[0], actors).to_actor(words)
    return _actor_of(noun, actors, own=True)


def _phrase_text(noun: Token) -> str:
    """The words of a noun phrase up to its head, without determiners ("Armenian side")."""
    left = [t for t in noun.subtree if t.i <= noun.i and t.dep_ not in ("det", "case", "punct") or t == noun]
    first = min(left, key=lambda t: t.i)
    return doc_text(noun.doc)[first.idx:end_char(noun)]


def _name_part(noun: Token) -> str:
    """The proper-name modifier of a noun ("Nagorno-Karabakh" in "Nagorno-Karabakh officials")."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.pos_ == "PROPN":
            return _proper_name(child)
    return noun.text


def _actor_of(noun: Token, actors: ActorIndex, own: bool = False) -> Actor | None:
    """The side named on a noun: a demonym or state ("Armenian soldiers", "Ukraine's troops").

    With own=True the noun itself may be the name ("Azerbaijan has acknowledged ...").
    """
    for tok in [noun, *noun.children]:
        if tok != noun and (tok.dep_ not in ("amod", "compound", "poss", "nmod") or tok.like_num):
            continue
        if tok == noun and not own and not is_people_name(noun, actors):
            continue
        words = _proper_name(tok) if tok.pos_ == "PROPN" else tok.text
        entry = actors.sides.get(normalize_name(words)) or actors.sides.get(normalize_name(tok.text))
        if entry is not None:
            return entry.to_actor(words)
        if tok.pos_ == "PROPN" and tok.ent_type_ in (("GPE", "NORP", "LOC", "ORG") if own else ("GPE", "NORP", "LOC")):
            return Actor(name=words, text=words)
    return None


def is_people_name(noun: Token, actors: ActorIndex) -> bool:
    """ "Palestinians", "Rohingya", "Houthis": a plural group name or a demonym used as a noun."""
    if noun.ent_type_ == "NORP" and noun.tag_ in ("NNPS", "NNS", "NNP"):
        return True
    entry = actors.sides.get(normalize_name(noun.text))
    return entry is not None and noun.text.lower().endswith("s") and noun.tag_ in ("NNPS", "NNS")


def end_char(tok: Token) -> int:
    """The character offset just past a token (its end, without trailing space)."""
    return tok.idx + len(tok.text)


def running_total(sent: SpacySpan, clause: Token, scope: frozenset[int], period: Period | None) -> bool:
    """A count told as a standing total rather than one incident, from the tense and the words.

    "have been killed", "had died", "has displaced", "are now displaced", "killed on its side":
    a perfect or present-state count with no incident anchor (no date or "overnight" period,
    no strike, raid or blast it happened in, no "when"/"after" clause) is a running total.
    """
    if period is not None or _incident_anchor(sent.doc, scope):
        return False
    tokens = [sent.doc[i] for i in sorted(scope)]
    perfect = any(t.lemma_.lower() == "have" and t.dep_ in ("aux", "auxpass") and t.head.i in scope
                  and t.head.tag_ == "VBN" for t in tokens)
    own_side = any(t.lemma_.lower() == "side" and t.dep_ == "pobj" and t.head.lower_ == "on" for t in tokens)
    now = any(_NOW.fullmatch(t.lower_) for t in tokens if t.dep_ == "advmod")
    stated = clause.lemma_.lower() in _TOLL_STATING
    return perfect or own_side or now or stated


def _incident_anchor(doc: Doc, scope: frozenset[int]) -> bool:
    """True when the clause names one incident: "in an air strike", "when a shell hit", "after the blast"."""
    for i in scope:
        tok = doc[i]
        if tok.lemma_.lower() in _INCIDENT_NOUNS and tok.dep_ in ("pobj", "nsubj", "dobj") and tok.pos_ == "NOUN":
            return True
        if tok.dep_ == "mark" and tok.lower_ in ("when", "after", "as") and tok.head.dep_ == "advcl":
            return True
    return False


# The reporter as the one who killed: "its forces killed 550", "we killed 30": the victims are the enemy's.
_REPORTER_KILLED = re.compile(
    r"\b(?:(?:its|our|their|his|her)\s+(?:[\w-]+\s+){0,2}(?:forces|troops|army|units|soldiers|fighters|"
    r"strikes?|drones?|jets|artillery)\b[^.;]*?\b(?:kill|killed|killing|destroyed|eliminated|neutrali[sz]ed)"
    r"|\b(?:it|we|they)\s+(?:had\s+|have\s+|has\s+)?(?:killed|eliminated|neutrali[sz]ed))\b",
    re.IGNORECASE,
)
_ENEMY_WORDS = frozenset(
    "militant militants terrorist terrorists insurgent insurgents gunman gunmen attacker attackers assailant "
    "assailants jihadist jihadists bandit bandits rebel rebels separatist separatists mercenary mercenaries "
    "enemy enemies invader invaders occupier occupiers".split()
)
# "killed in the Hamas attack", "in a Russian missile strike": someone else attacked the reporter's people.
_ATTACKED_BY = re.compile(
    r"\b(?:in|by|during|after)\s+(?:an?\s+|the\s+)?(?:[A-Z][\w-]*|\w+-led)(?:\s+[\w-]+){0,2}?\s+"
    r"(?:attack|attacks|strike|strikes|airstrike|airstrikes|shelling|bombardment|raid|raids|assault|offensive|"
    r"invasion|aggression|massacre|incursion)\b"
)


def reporter_side(actor: Actor | None, actors: ActorIndex) -> Actor | None:
    """The belligerent a reporter speaks for: a state for its government, forces or state media, or an armed group.

    None for monitors, UN bodies, independent media, unnamed civilians and unplaced reporters.
    """
    if actor is None:
        return None
    entry = actors.dictionaries.actors_by_id.get(actor.id or "")
    if entry is not None:
        polity = _side_of(entry, actors)
        if entry.kind == "state" or entry.kind == "agency" and polity.kind == "state":
            return polity.to_actor(actor.text)
        if entry.sector in ("REB", "MIL") and entry.kind == "org":
            return entry.to_actor(actor.text)
        state_media = entry.kind == "media" and "state" in (entry.role or "")
        if (state_media or entry.kind == "person" and entry.sector in ("GOV", "MIL")) and entry.country:
            state = actors.dictionaries.states.get(f"state:{entry.country.lower()}")
            return state.to_actor(actor.text) if state is not None else None
        return None
    if actor.id is None and actor.sector in ("GOV", "MIL") and actor.country:
        state = actors.dictionaries.states.get(f"state:{actor.country.lower()}")
        return state.to_actor(actor.text) if state is not None else None
    return None


def own_side(group: str, evidence: str, noun_words: str, reporter: Actor | None, actors: ActorIndex,
             cumulative: bool = False) -> Actor | None:
    """Whose people a belligerent's own report counts, when the text names no side.

    A government, its forces or an armed group reporting soldiers killed reports its own losses
    ("the army said 10 soldiers were killed"), unless it did the killing ("its forces killed 550")
    or names them as the enemy ("40 militants"); people killed "in the Hamas attack" or "by a
    Russian strike" in its report are its own people too.
    """
    side = reporter_side(reporter, actors)
    if side is None or _REPORTER_KILLED.search(evidence):
        return None
    if group == "military" or cumulative:  # a belligerent keeps running totals of its own dead
        return None if noun_words.lower() in _ENEMY_WORDS else side
    attacked = _ATTACKED_BY.search(evidence)
    if attacked is None or normalize_name(side.name).split()[0][:5] in normalize_name(attacked.group(0)):
        return None
    return side
