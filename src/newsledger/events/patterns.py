"""The event lexicon and the dependency patterns that find who did what to whom.

`data/event_triggers.tsv` lists the words and phrases that make PLOVER events (with
mode and ACLED default), the frames that embed a planned event ("offered to mediate"),
light verbs ("launched an attack") and speech verbs. `data/event_cues.tsv` gives word
classes (troops, aid, civilians, territory ...) that choose between rows of one trigger
("send troops" is MOBILIZE, "send aid" is AID) and the mode a weapon word gives.

Triggers are matched per sentence first; only sentences with a trigger run the
dependency patterns (`dep_patterns.PatternMatcher`, in spaCy's `DependencyMatcher`
format), which anchor on trigger lemmas and name the
argument they reach: `role|name` for patterns every type shares (the subject, the
passive agent, the possessor of a noun, the object), `TYPE|target|prep` for the
prepositions that introduce the target of each PLOVER type ("accused X", "called
on X", "sanctions against X", "clashed with X").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Span, Token

from .dep_patterns import PatternMatcher
from ..errors import FormatError
from ..records import PLOVER_TYPES

TRIGGERS_FILE = "event_triggers.tsv"
CUES_FILE = "event_cues.tsv"
NO_EVENT = "-"
KINDS = frozenset({"event", "frame", "light", "passive", "speech"})
_FLAGS = frozenset({"xcomp", "ccomp", "intransitive", "partner", "light"})
# Prepositions whose object is the target, per type ("clashed with X", "called on X").
TARGET_PREPS: Mapping[str, tuple[str, ...]] = {
    "AGREE": ("with", "to"),
    "CONSULT": ("with", "to", "between"),
    "SUPPORT": ("for", "to", "behind"),
    "CONCEDE": ("to",),
    "COOPERATE": ("with",),
    "AID": ("to", "for"),
    "RETREAT": ("from",),
    "REQUEST": ("on", "upon", "to", "from"),
    "ACCUSE": ("against", "at", "with", "on"),
    "REJECT": (),
    "THREATEN": ("against",),
    "PROTEST": ("against", "at"),
    "SANCTION": ("on", "against", "with", "to", "for"),
    "MOBILIZE": ("against", "to", "into", "toward", "towards"),
    "COERCE": ("on", "against"),
    "ASSAULT": ("on", "against", "at", "with", "upon", "into", "toward", "towards"),
}
_ACTOR_ENTS = ["NORP", "GPE", "ORG", "PERSON"]
# Prepositions whose gerund tells an act that has happened: "since seizing it", "after storming the village"
# ("before attacking" may tell one that was stopped).
DONE_PREPS = frozenset({"after", "since", "following", "upon"})
# Nouns after "on" that say where, not on whom: "attacked a community on the outskirts of X".
_WHERE_NOUNS = frozenset("outskirts outskirt edge edges side part parts area areas road highway border front "
                         "frontline front-line line outpost ground".split())
# Weapon modes from the most to the least specific, for an event whose words name several.
MODE_PRIORITY = ("unconventional", "suicide-attack", "grenade", "drone", "aerial", "heavy-weapons", "explosives",
                 "firearms", "primitive", "crowd-control")
PARTICLES = frozenset({"down", "up", "out", "off", "over", "back", "in", "on"})
# Nouns that stand for a part or a number of what follows 'of': "part of a stronghold", "thousands of people".
PARTITIVES = frozenset(
    "part parts some most half all rest bulk number numbers group groups hundreds thousands dozens scores tens "
    "millions majority portion share batch patch series wave spate round rounds day days week weeks member members "
    "one two three several many few kg kilogram kilograms ton tons tonne tonnes litre litres liter liters pound "
    "pounds barrel barrels box boxes truckload truckloads".split()
)
_RELATIVE = ["WDT", "WP"]


@dataclass(frozen=True)
class Requirement:
    """One alternative of a row's `requires`: a flag, or a key with allowed values."""

    key: str
    values: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TriggerRow:
    """One row of the trigger table."""

    trigger: str
    words: tuple[str, ...]
    pos: str
    kind: str
    type: str
    mode: str | None
    acled_type: str | None
    acled_sub_type: str | None
    requires: tuple[Requirement, ...]
    negated: str | None
    source: str


@dataclass(frozen=True)
class Lexicon:
    """The trigger table indexed by first word, the verb lists, the word classes and weapon modes."""

    rows: Mapping[str, tuple[TriggerRow, ...]]
    light: frozenset[str]
    passive: frozenset[str]
    speech: frozenset[str]
    classes: Mapping[str, frozenset[str]]
    modes: Mapping[str, str]
    anchors: frozenset[str] = field(default_factory=frozenset)


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
    target: int | None = None
    obj: int | None = None
    extra: tuple[int, ...] = ()
    mode: str | None = None
    planned: bool = False
    light: bool = False
    nested: bool = False
    charged: bool = False  # an attack a condemnation or accusation tells: "condemned the attack on a convoy"


@dataclass(frozen=True)
class TriggerMatch:
    """Trigger words found in a sentence: their head token, the token range and the candidate rows."""

    head: int
    start: int
    end: int
    rows: tuple[TriggerRow, ...]


def load_lexicon() -> Lexicon:
    """Read `data/event_triggers.tsv` and `data/event_cues.tsv`."""
    rows: dict[str, list[TriggerRow]] = {}
    verbs: dict[str, set[str]] = {"light": set(), "passive": set(), "speech": set()}
    for fields_, where in _read(TRIGGERS_FILE, 11):
        row = _trigger_row(fields_, where)
        if row.kind in verbs:
            verbs[row.kind].add(_head_word(row))
        else:
            rows.setdefault(row.words[0], []).append(row)
    classes: dict[str, set[str]] = {}
    modes: dict[str, str] = {}
    for (word, cls, mode, _notes, _source), where in _read(CUES_FILE, 5):
        if cls == "mode":
            if not mode:
                raise FormatError(f"{where}: a mode cue needs a mode")
            modes[word] = mode
        else:
            classes.setdefault(word, set()).add(cls)
    anchors = frozenset(_head_word(r) for rs in rows.values() for r in rs)
    return Lexicon(
        {k: tuple(v) for k, v in rows.items()}, frozenset(verbs["light"]), frozenset(verbs["passive"]),
        frozenset(verbs["speech"]), {k: frozenset(v) for k, v in classes.items()}, modes, anchors,
    )


def _read(filename: str, width: int) -> list[tuple[list[str], str]]:
    text = resources.files("newsledger").joinpath("data", filename).read_text(encoding="utf-8")
    out = []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip() and not line.startswith("#")]
    for n, line in lines[1:]:  # the first line left is the header
        fields_ = line.split("\t")
        if len(fields_) != width:
            raise FormatError(f"{filename}:{n}: {len(fields_)} fields, expected {width}")
        out.append(([f.strip() for f in fields_], f"{filename}:{n}"))
    return out


def _trigger_row(f: list[str], where: str) -> TriggerRow:
    trigger, pos, kind, type_, mode, acled_type, acled_sub, requires, negated, _notes, source = f
    if kind not in KINDS:
        raise FormatError(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    if kind in ("event", "frame") and type_ not in PLOVER_TYPES and type_ != NO_EVENT:
        raise FormatError(f"{where}: type {type_!r} is not a PLOVER type")
    if negated and negated not in PLOVER_TYPES:
        raise FormatError(f"{where}: negated {negated!r} is not a PLOVER type")
    if not source:
        raise FormatError(f"{where}: source is empty")
    return TriggerRow(trigger, tuple(trigger.lower().split()), pos, kind, type_, mode or None, acled_type or None,
                      acled_sub or None, _requirements(requires, where), negated or None, source)


def _requirements(text: str, where: str) -> tuple[Requirement, ...]:
    """'obj:aid,weapon,prep:to' → (obj ∈ {aid, weapon}) or (prep ∈ {to})."""
    out: list[Requirement] = []
    key, values = "", []
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part in _FLAGS:
            _flush(out, key, values)
            out.append(Requirement(part))
            key, values = "", []
        elif ":" in part:
            _flush(out, key, values)
            key, value = part.split(":", 1)
            if key not in ("obj", "subj", "prep"):
                raise FormatError(f"{where}: unknown requirement {part!r}")
            values = [value]
        elif key:
            values.append(part)
        else:
            raise FormatError(f"{where}: unknown requirement {part!r}")
    _flush(out, key, values)
    return tuple(out)


def _flush(out: list[Requirement], key: str, values: list[str]) -> None:
    if key:
        out.append(Requirement(key, frozenset(values)))


def _head_word(row: TriggerRow) -> str:
    """The word of a phrase that heads it in a parse: the verb of 'shoot down', the noun of 'air strike'."""
    words = row.words
    if row.pos == "NOUN" and len(words) > 1 and words[1] != "of" or words[0] == "on" or words[0].endswith("ly"):
        return words[-1]
    return words[0]


# --- matching triggers --------------------------------------------------------------------------


def token_forms(tok: Token) -> tuple[str, str]:
    """The lemma and the lower-cased text of a token: a trigger word matches either."""
    return tok.lemma_.lower(), tok.lower_


def find_triggers(sent: Span, lexicon: Lexicon) -> list[TriggerMatch]:
    """Trigger phrases of one sentence, longest first, each token used once."""
    used: set[int] = set()
    found: list[TriggerMatch] = []
    for tok in sent:
        i = tok.i
        lemma, lower = token_forms(tok)
        if i in used or lemma not in lexicon.rows and lower not in lexicon.rows:
            continue  # no row of the lexicon starts at this word
        for row_group in _candidates(sent, i, lexicon):
            start, end, head, rows = row_group
            if any(j in used for j in range(start, end)):
                continue
            used.update(range(start, end))
            found.append(TriggerMatch(head, start, end, rows))
            break
    return sorted(found, key=lambda m: m.head)


def _candidates(sent: Span, i: int, lexicon: Lexicon) -> list[tuple[int, int, int, tuple[TriggerRow, ...]]]:
    doc = sent.doc
    rows: list[TriggerRow] = []
    for form in dict.fromkeys(token_forms(doc[i])):
        rows.extend(lexicon.rows.get(form, ()))
    by_span: dict[tuple[int, int], tuple[int, list[TriggerRow]]] = {}
    for row in rows:
        if _particle_match(doc[i], row):
            by_span.setdefault((i, i + 1), (i, []))[1].append(row)
            continue
        end = i + len(row.words)
        if end > sent.end or not all(w in token_forms(doc[j]) for w, j in zip(row.words, range(i, end), strict=True)):
            continue
        head = _phrase_head(doc, i, end)
        if not _pos_fits(doc[head], row.pos):
            head = _predicate_in(doc, i, end, row)
            if head is None:
                continue
        by_span.setdefault((i, end), (head, []))[1].append(row)
    out = [(s, e, head, tuple(rs)) for (s, e), (head, rs) in by_span.items()]
    return sorted(out, key=lambda c: c[0] - c[1])


def _predicate_in(doc, start: int, end: int, row: TriggerRow) -> int | None:
    """A verb phrase the parser split into a noun and a predicate adjective ("gunmen riding a motorcycle [shot]
    [dead] a teacher", "shot" read as the object of "riding"): the adjective heads the clause, with its subject."""
    if row.pos != "VERB" or end - start < 2:
        return None
    return next((j for j in range(start + 1, end) if doc[j].pos_ == "ADJ" and doc[j].dep_ == "ROOT"
                 and any(c.dep_ == "nsubj" for c in doc[j].children)), None)


def _particle_match(tok: Token, row: TriggerRow) -> bool:
    """'forced the agency out', 'called the strike off': a verb and its particle, apart."""
    if len(row.words) != 2 or row.pos != "VERB" or row.words[1] not in PARTICLES or tok.pos_ != "VERB":
        return False
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == row.words[1]:
        return False  # contiguous: matched as a phrase
    return row.words[0] in token_forms(tok) and any(
        c.dep_ == "prt" and c.lower_ == row.words[1] for c in tok.children)


def _phrase_head(doc, start: int, end: int) -> int:
    for j in range(start, end):
        if not start <= doc[j].head.i < end or doc[j].head.i == j:
            return j
    return start


def _pos_fits(tok: Token, pos: str) -> bool:
    if pos == "VERB":
        return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.lemma_ not in ("be", "have", "do"))
    if tok.pos_ == "PROPN" and tok.ent_type_ in ("DATE", "TIME"):
        return False  # a month's name: "On 17 March 2025, troops ..." tells no march
    return tok.pos_ in ("NOUN", "PROPN") or misparsed_gerund(tok) or (
        tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj"))


def misparsed_gerund(tok: Token) -> bool:
    """'Overnight, shelling damaged 20 houses': the parser may make a noun of force the auxiliary of the verb
    after it; no auxiliary but "being" and "having" ends in -ing."""
    return tok.tag_ == "VBG" and tok.dep_ == "aux" and tok.lemma_.lower() not in ("be", "have", "do") and (
        tok.head.i > tok.i and tok.head.tag_ in ("VBD", "VBZ", "VBP"))


# --- word classes -------------------------------------------------------------------------------


def semantic_head(tok: Token) -> Token:
    """The noun a partitive stands for: 'thousands of people' → people, 'part of the stronghold' → stronghold."""
    for _ in range(3):
        if tok.lemma_.lower() not in PARTITIVES and tok.lower_ not in PARTITIVES:
            return tok
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return tok
        tok = obj
    return tok


def word_keys(tok: Token) -> tuple[str, ...]:
    """The keys under which a token's word classes are looked up: itself and with its modifiers."""
    lemma, lower = token_forms(tok)
    keys = [lemma, lower]
    if not (tok.n_lefts or tok.n_rights):
        return tuple(dict.fromkeys(keys))  # most words have no modifiers: no children to read
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod") and child.i < tok.i:
            keys += [f"{child.lemma_.lower()} {lemma}", f"{child.lower_} {lower}", child.lemma_.lower()]
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    keys.append(f"{lemma} of {obj.lemma_.lower()}")
    return tuple(dict.fromkeys(keys))


def own_classes(tok: Token, lexicon: Lexicon) -> frozenset[str]:
    """Word classes of a token's own word, without its modifiers ('targets', not 'militant targets')."""
    return lexicon.classes.get(tok.lemma_.lower(), frozenset()) | lexicon.classes.get(tok.lower_, frozenset())


def token_classes(tok: Token, lexicon: Lexicon) -> frozenset[str]:
    """The word classes of a token: its words' classes, and the classes its entity label implies."""
    found: set[str] = set()
    for key in word_keys(tok):
        found |= lexicon.classes.get(key, frozenset())
    ent = tok.ent_type_
    if ent in ("GPE", "LOC", "FAC"):
        found.add("territory")
    if ent in ("PERSON", "NORP"):
        found.add("person")
    if ent in _ACTOR_ENTS or found & {"person", "armed", "state", "diplomat"}:
        found.add("actor")
    return frozenset(found)


def mode_of(tokens: Sequence[Token], lexicon: Lexicon) -> str | None:
    """The weapon mode the words near a trigger give: the most specific weapon, then the longest cue.

    Chlorine dropped from a helicopter is a chemical attack; rockets fired from a jet an air strike.
    """
    best: tuple[int, int, str] | None = None
    for tok in tokens:
        for key in word_keys(tok):
            mode = lexicon.modes.get(key)
            if mode:
                rank = (-MODE_PRIORITY.index(mode) if mode in MODE_PRIORITY else -len(MODE_PRIORITY), len(key))
                if best is None or rank > best[:2]:
                    best = (*rank, mode)
    return best[2] if best else None


# --- dependency patterns ------------------------------------------------------------------------

# Argument patterns shared by every type: (role, name, anchor attributes, chain of (op, attributes)).
# The last node of the chain is the argument. Earlier patterns of a role are stronger.
_Chain = tuple[tuple[str, dict], ...]
_SHARED: tuple[tuple[str, str, dict, _Chain], ...] = (
    ("actor", "nsubj", {}, ((">", {"DEP": "nsubj"}),)),
    # "killed by Russian shelling": a gerund after "by" is parsed as pcomp, not pobj
    ("actor", "agent", {}, ((">", {"DEP": "agent"}), (">", {"DEP": {"IN": ["pobj", "pcomp"]}}))),
    ("actor", "light", {"DEP": "dobj"}, (("<", {"_light": True}), (">", {"DEP": "nsubj"}))),
    ("actor", "light_agent", {"DEP": {"IN": ["nsubjpass", "dobj"]}},
     (("<", {"_light": True}), (">", {"DEP": "agent"}), (">", {"DEP": "pobj"}))),
    ("actor", "light_prep", {"DEP": "pobj"},
     (("<", {"DEP": "prep", "LOWER": {"IN": ["on", "in", "into", "for", "to", "under"]}}), ("<", {"_light": True}),
      (">", {"DEP": "nsubj"}))),
    ("actor", "poss", {"POS": {"IN": ["NOUN", "PROPN"]}}, ((">", {"DEP": "poss"}),)),
    ("actor", "modifier", {"POS": {"IN": ["NOUN", "PROPN"]}},
     ((">", {"DEP": {"IN": ["amod", "compound", "nmod"]}, "ENT_TYPE": {"IN": _ACTOR_ENTS}}),)),
    ("actor", "by", {"POS": {"IN": ["NOUN", "PROPN"]}},
     ((">", {"DEP": "prep", "LOWER": "by"}), (">", {"DEP": "pobj"}))),
    ("actor", "control", {"DEP": "xcomp"}, (("<", {}), (">", {"DEP": "nsubj"}))),
    ("actor", "control_pass", {"DEP": "xcomp"}, (("<", {}), (">", {"DEP": "nsubjpass"}))),
    ("actor", "control_adj", {"DEP": "xcomp"},
     (("<", {"DEP": "acomp"}), ("<", {}), (">", {"DEP": "nsubj"}))),
    ("actor", "shared", {"DEP": "conj", "POS": "VERB"}, (("<", {"POS": "VERB"}), (">", {"DEP": "nsubj"}))),
    ("actor", "shared", {"DEP": "advcl", "TAG": "VBG"}, (("<", {"POS": "VERB"}), (">", {"DEP": "nsubj"}))),
    ("actor", "acl", {"DEP": "acl", "TAG": "VBG"}, (("<", {}),)),
    # "the rebels withdrew after looting the market": the clause's subject did the act it tells
    ("actor", "shared", {"DEP": "pcomp", "TAG": "VBG"},
     (("<", {"DEP": "prep", "LOWER": {"IN": sorted(DONE_PREPS)}}), ("<", {"POS": "VERB"}),
      (">", {"DEP": "nsubj"}))),
    ("actor", "between", {}, ((">", {"DEP": "prep", "LOWER": "between"}), (">", {"DEP": "pobj"}))),
    ("actor", "from", {"POS": {"IN": ["NOUN", "PROPN"]}},
     ((">", {"DEP": "prep", "LOWER": "from"}), (">", {"DEP": "pobj"}))),
    ("object", "dobj", {}, ((">", {"DEP": "dobj"}),)),
    ("object", "nsubjpass", {}, ((">", {"DEP": "nsubjpass"}),)),
    ("object", "acl_pass", {"DEP": "acl", "TAG": "VBN"}, (("<", {}),)),
    ("object", "of", {"POS": {"IN": ["NOUN", "PROPN"]}},
     ((">", {"DEP": "prep", "LOWER": "of"}), (">", {"DEP": "pobj"}))),
    ("target", "dative", {}, ((">", {"DEP": "dative"}),)),
    ("target", "ccomp_subj", {}, ((">", {"DEP": "ccomp"}), (">", {"DEP": {"IN": ["nsubj", "nsubjpass"]}}))),
    ("target", "under", {"DEP": "pobj"},
     (("<", {"DEP": "prep", "LOWER": "under"}), ("<", {"_passive": True}), (">", {"DEP": "nsubj"}))),
    ("target", "suffer", {"DEP": "dobj"}, (("<", {"_passive": True}), (">", {"DEP": "nsubj"}))),
    ("target", "light", {"DEP": "dobj"},
     (("<", {"_light": True}), (">", {"DEP": "prep", "LOWER": {"IN": ["on", "against", "with", "to", "at"]}}),
      (">", {"DEP": "pobj"}))),
    ("owner", "poss", {}, ((">", {"DEP": "dobj"}), (">", {"DEP": "poss"}))),
    ("owner", "modifier", {},
     ((">", {"DEP": "dobj"}), (">", {"DEP": {"IN": ["amod", "compound"]}, "ENT_TYPE": {"IN": _ACTOR_ENTS}}))),
    ("owner", "by", {},
     ((">", {"DEP": "dobj"}), (">", {"DEP": "prep", "LOWER": {"IN": ["by", "from"]}}), (">", {"DEP": "pobj"}))),
    ("owner", "with", {},
     ((">", {"DEP": "dobj"}), (">", {"DEP": "prep", "LOWER": {"IN": ["with", "to"]}}), (">", {"DEP": "pobj"}))),
    # "inflicted heavy losses on Russian forces", "dropped bombs on the rebels": what the object falls on
    ("target", "object_on", {"POS": "VERB"},
     ((">", {"DEP": "dobj"}), (">", {"DEP": "prep", "LOWER": {"IN": ["on", "upon"]}}),
      (">", {"DEP": "pobj", "ENT_TYPE": {"NOT_IN": ["GPE", "LOC", "FAC", "DATE", "TIME"]},
             "LOWER": {"NOT_IN": sorted(_WHERE_NOUNS)}}))),
)
_RELATIVE_SUBJECT = ("actor", "relcl", {"DEP": "relcl"})
_RELATIVE_PASSIVE = ("object", "relcl_pass", {"DEP": "relcl"})


@dataclass(frozen=True)
class RoleHit:
    """An argument a pattern found for a trigger: role, pattern name, strength (0 = best), token."""

    role: str
    name: str
    rank: int
    token: int


def build_matcher(lexicon: Lexicon) -> PatternMatcher:
    """Compile the argument patterns, anchored on the trigger lemmas of the lexicon."""
    matcher = PatternMatcher()
    for key, pattern in argument_patterns(lexicon):
        matcher.add(key, [pattern])
    return matcher


def argument_patterns(lexicon: Lexicon) -> list[tuple[str, list[dict]]]:
    """The argument patterns as (name, pattern) in spaCy's `DependencyMatcher` format."""
    anchor = {"LEMMA": {"IN": sorted(_casings(lexicon.anchors))}}
    light = sorted(_casings(lexicon.light))
    passive = sorted(_casings(lexicon.passive))
    patterns = [(f"{role}|{name}|{rank}", _pattern({**anchor, **attrs}, chain, light, passive))
                for rank, (role, name, attrs, chain) in enumerate(_SHARED)]
    base = len(_SHARED)
    for role, name, attrs in (_RELATIVE_SUBJECT, _RELATIVE_PASSIVE):
        dep = "nsubj" if role == "actor" else "nsubjpass"
        patterns.append((f"{role}|{name}|{base}", [
            {"RIGHT_ID": "t", "RIGHT_ATTRS": {**anchor, **attrs}},
            {"LEFT_ID": "t", "REL_OP": ">", "RIGHT_ID": "rel", "RIGHT_ATTRS": {"DEP": dep, "TAG": {"IN": _RELATIVE}}},
            {"LEFT_ID": "t", "REL_OP": "<", "RIGHT_ID": "arg", "RIGHT_ATTRS": {}},
        ]))
    for type_, preps in TARGET_PREPS.items():
        if preps:
            chain = ((">", {"DEP": "prep", "LOWER": {"IN": list(preps)}}), (">", {"DEP": "pobj"}))
            patterns.append((f"{type_}|target|prep|{base + 1}", _pattern(anchor, chain, light, passive)))
    return patterns


def _casings(words: frozenset[str] | set[str]) -> set[str]:
    return {form for w in words for form in (w, w.capitalize())}


def _pattern(anchor: dict, chain: _Chain, light: list[str], passive: list[str]) -> list[dict]:
    nodes: list[dict] = [{"RIGHT_ID": "n0", "RIGHT_ATTRS": anchor}]
    for k, (op, attrs) in enumerate(chain, start=1):
        attrs = dict(attrs)
        if attrs.pop("_light", False):
            attrs["LEMMA"] = {"IN": light}
        if attrs.pop("_passive", False):
            attrs["LEMMA"] = {"IN": passive}
        nodes.append({"LEFT_ID": f"n{k - 1}", "REL_OP": op, "RIGHT_ID": f"n{k}", "RIGHT_ATTRS": attrs})
    return nodes


def role_hits(matcher: PatternMatcher, sent: Span) -> dict[int, list[RoleHit]]:
    """Run the patterns over one sentence: the arguments found, by trigger token (document index)."""
    hits: dict[int, list[RoleHit]] = {}
    for name, tokens in matcher(sent):
        key = name.split("|")
        role, name, rank = (key[0], key[1], int(key[2])) if len(key) == 3 else (f"{key[0]}|target", key[2], int(key[3]))
        trigger, arg = sent.start + tokens[0], sent.start + tokens[-1]
        if name == "relcl":
            arg = _antecedent(sent.doc[trigger], arg)
        hit = RoleHit(role, name, rank, arg)
        if hit not in hits.setdefault(trigger, []):
            hits[trigger].append(hit)
    for found in hits.values():
        found.sort(key=lambda h: (h.rank, h.token))
    return hits


def _antecedent(verb: Token, head: int) -> int:
    """What a relative pronoun stands for: the phrase just before it. In "the Reuters news agency,
    Azerbaijan, which is fighting ..." the parser hangs the clause on "agency"; "which" is Azerbaijan."""
    pronoun = next((c for c in verb.children if c.tag_ in ("WDT", "WP") and c.i < verb.i), None)
    if pronoun is None:
        return head
    before = next((t for t in reversed(verb.doc[verb.doc[head].left_edge.i:pronoun.i]) if not t.is_punct), None)
    while before is not None and before.i != head:
        if before.dep_ == "appos" and before.head.i == head:
            return before.i
        if before.head.i == before.i:
            break
        before = before.head
    return head


def pattern_matcher(lexicon: Lexicon) -> PatternMatcher:
    """The compiled argument patterns of a lexicon."""
    return build_matcher(lexicon)
