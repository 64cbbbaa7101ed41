"""Actor resolution: speaker and reporter phrases to `Actor` records.

The actor dictionary (`lexicon.load_actors()`, `data/actors.tsv`) names states with
their capitals and metonyms, demonyms, ministries, IGOs, media and office holders with
their tenure. Grammar does the rest: appositives ("Ilnur Cevik, an adviser to ..."),
titles before names ("Turkish Foreign Minister ..."), ministries ("the Defense Ministry
in Nagorno-Karabakh"), collective nouns ("Armenian media", "Azerbaijani authorities"),
offices without a name ("the Russian foreign minister", held on the date given) and
simple coreference against actors the document named before ("he", "the president",
"the NUPI researcher").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from .index import (
    ActorIndex,
    Match,
    Word,
    dictionary_matches,
    name_key,
    pick_row,
    words_of,
)
from ..lexicon import ActorEntry, normalize_name
from .located import located_country, names_people
from ..nlp import AnalyzedDoc, place_names
from ..records import Actor

_ACRONYM = re.compile(r"\s*\([A-Z][A-Z0-9.\-]{1,9}(?:\)|$)")
# Where a phrase splits into a name and its roles; a comma inside a number ("800,000") is no break.
_PARTS = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|\s[–—]\s|\(|\)")
_WRAPPER = re.compile(
    r"^(?:(?:a|an|the|both|several|some)\s+)?(?:(?:joint|official|new|written|latest|local|media)\s+)?"
    r"(?:statements?|reports?|communiqu[eé]s?|press\s+releases?|sources?|"
    r"figures?|data|tall(?:y|ies)|words?|messages?)\s+"
    r"(?:from|of|for|at|by|citing|close\s+to|in)\s+",
    re.IGNORECASE,
)
_SOURCE_SUFFIX = re.compile(r"\s+(?:sources?|statements?)$", re.IGNORECASE)
_OFFICE_OF = re.compile(r"^(?P<owner>.+?)(?:[’']s)?\s+(?:press\s+)?(?:office|spokes(?:man|woman|person))$", re.I)
_DETERMINERS = frozenset("a an the this that these those both one two several some its his her their".split())
_PRONOUNS = frozenset("he she it they we him her them".split())
# Question and relative words, never the acronyms they spell ("Who carried out the attack" is not the WHO).
_WH_WORDS = frozenset({"who", "whom", "whose", "which", "what", "whoever"})
_BODY_IDS = ("state:", "org:", "agency:", "media:", "demonym:")
_ARTICLES = frozenset("a an the this that".split())
_PLACE_PREPOSITIONS = frozenset("in of from at for to on near".split())
_HONORIFICS = frozenset("mr mrs ms dr sir madam".split())
# A model designation (F-16, Su-25, MiG-29, TB2, T-72) names a weapon, not a person or a body:
# "a Turkish F-16" is Turkey's, as "a Turkish warplane" is.
_DESIGNATION = re.compile(r"^[A-Za-z]{1,8}-?\d{1,4}[A-Za-z]?$")
# Words of a title before a name ("Turkish Foreign Minister Mevlut Cavusoglu"), never part of the name.
_TITLE_WORDS = frozenset(
    "president vice prime minister ministers foreign defence interior secretary general state "
    "spokesman spokeswoman spokesperson adviser advisor ambassador envoy chief head commander leader mayor "
    "governor deputy senator chairman chairwoman chair ombudsman colonel col major maj lieutenant lt captain "
    "capt sergeant admiral premier chancellor king queen emir sheikh pope patriarch official officer "
    "representative director analyst expert researcher professor journalist correspondent reporter editor "
    "human rights affairs of the to for and in on at former acting senior top".split()
)
# Nouns that name a person by role: "the president" looks back for a person.
_PERSON_NOUNS = frozenset(
    "president minister premier chancellor secretary spokesman spokeswoman spokesperson adviser advisor "
    "ambassador envoy governor mayor ombudsman diplomat commander general colonel chief leader head "
    "researcher expert analyst professor official officer representative director".split()
)
_GOV_TITLES = frozenset(
    "president minister premier chancellor secretary spokesman spokeswoman spokesperson adviser advisor "
    "ambassador envoy governor mayor ombudsman official diplomat senator lawmaker king queen emir".split()
)
_MIL_TITLES = frozenset("general commander colonel major lieutenant captain officer soldier sergeant admiral".split())
# Collective nouns naming a sector of a country ("Armenian media", "Azerbaijani authorities").
_GROUP_SECTORS: Mapping[str, str] = {
    **dict.fromkeys("media press outlets outlet broadcaster broadcasters newspaper newspapers daily agency "
                    "channel television tv radio journalists reporters".split(), "MED"),
    **dict.fromkeys("authorities authority government officials leadership administration side presidency "
                    "office cabinet diplomats parliament leaders".split(), "GOV"),
    **dict.fromkeys("forces army military troops soldiers servicemen command".split(), "MIL"),
    **dict.fromkeys("rebels separatists militants insurgents".split(), "REB"),
    **dict.fromkeys("opposition".split(), "OPP"),
    **dict.fromkeys("residents witnesses villagers locals civilians activists".split(), "CVL"),
}
_MILITARY_MODIFIERS = frozenset("defence military army".split())
_GROUP_LABELS: Mapping[str, str] = {"MED": "media", "MIL": "armed forces", "REB": "rebels", "OPP": "opposition",
                                    "CVL": "civilians", "GOV": "authorities"}
# Ministry words → (canonical domain, suffix of the dictionary id `agency:<owner>-<suffix>`).
_MINISTRY_DOMAINS: Mapping[str, tuple[str, str | None]] = {
    "defence": ("Defence", "mod"), "foreign": ("Foreign Affairs", "mfa"), "interior": ("Interior", None),
    "internal": ("Internal Affairs", None), "health": ("Health", None), "emergency": ("Emergency Situations", None),
    "justice": ("Justice", None), "finance": ("Finance", None), "information": ("Information", None),
}
# Offices named without a person: words in the text → how the dictionary's role begins.
_OFFICES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\bforeign\s+(?:affairs\s+)?minister\b|\bminister\s+of\s+foreign\s+affairs\b|\bsecretary\s+of\s+state\b"),
     ("minister of foreign affairs", "secretary of state of")),
    (re.compile(r"\bdefen[cs]e\s+(?:minister|secretary)\b|\b(?:minister|secretary)\s+of\s+(?:national\s+)?defen[cs]e\b"),
     ("minister of defence", "minister of national defen", "secretary of defense", "secretary of state for defence")),
    (re.compile(r"\bprime\s+minister\b|\bpremier\b"), ("prime minister",)),
    (re.compile(r"(?<!vice[\s-])\bpresident\b"), ("president of",)),
)
# "ethnic Albanians": a people named by its kin state, living (and coded) where the text places it.
_ETHNIC = re.compile(r"\bethnic\s+(?P<people>[A-Z][\w\-]+)", re.I)
# "Vietnamese-led forces" act for the state that leads them ("Syrian-backed" ones do not).
_LED = re.compile(r"(?<=\w)-led\b", re.I)
# Names of UN organs that states also give their own bodies ("Turkey's National Security Council").
_GENERIC_ORGANS = frozenset({"security council"})
_AFFILIATION = re.compile(r"^(?:.*\s)?(?P<noun>[a-z][a-z\-]+)\s+(?:at|on|with|from|of)\s+(?P<org>[A-Z][\w\-&. ]*)$")


_AUTHORITIES = Word("authorities", "authorities", False, False, "authorities")


def resolve_actor(
    text: str,
    adoc: AnalyzedDoc | None = None,
    when: str | None = None,
    recent: Sequence[Actor] = (),
    *,
    index: ActorIndex,
) -> Actor:
    """Resolve a speaker or reporter phrase to an `Actor`.

    Args:
        text: the words used ("Armenia's defence ministry", "Mr Lavrov", "he").
        adoc: the document the words come from; its publication date stands in for `when`.
        when: YYYY-MM-DD on which office holders must be in office ("the Russian president").
        recent: actors the document named before these words, oldest first, for coreference.
        index: the actor dictionary (`Resources.actors`).

    Returns:
        The `Actor`, with `text` set to the words used. A phrase the dictionary does not
        know becomes an actor named by the phrase (a person by their name), with the
        country, sector and role its words give.
    """
    when = when or _published(adoc)
    words_used = text.strip().strip(",;:").strip()
    core = _LED.sub("", _strip_wrappers(words_used))
    if core.lower() in _PRONOUNS:
        found = _pronoun(core.lower(), recent, index)
        return replace(found, text=words_used) if found else Actor(words_used, text=words_used)
    if core.lower() in _WH_WORDS and not core.isupper():
        return Actor(words_used, text=words_used)  # "Who carried out the abduction ...": not the WHO
    found = _office_of(core, recent, index, when)
    if found is None and _describes_person(core, index):
        found = _described(core, recent, index) or _office_holder(core, index, when)
    if found is None:
        found = _resolve_phrase(core, index, when)
        if found.id is None and recent:
            found = _same_person(found, recent, index) or _described(core, recent, index) or found
    return replace(_placed(found, core, words_used, adoc, index), text=words_used)


def _placed(found: Actor, core: str, words_used: str, adoc: AnalyzedDoc | None, index: ActorIndex) -> Actor:
    """An actor the dictionary cannot place, or an ethnic group, gets the country where the text puts it."""
    if adoc is None:
        return found
    ethnic = _ETHNIC.search(core)
    kin = _states(dictionary_matches(words_of(ethnic.group("people")), index), index) if ethnic else []
    if kin:
        sector = found.sector if found.id is None and found.country == kin[0].country else "CVL"
        country = located_country(words_used, adoc, index, exclude=(kin[0].country,))
        return Actor(_bare(words_of(core)), None, country, sector, found.role)  # type: ignore[arg-type]
    words = words_of(core)
    if found.country or found.id or found.sector in ("IGO", "NGO") or not (found.sector or names_people(core)) or [
            m for m in dictionary_matches(words, index) if " ".join(w.key for w in words[m.start:m.end]) not in _GENERIC_ORGANS]:
        return found  # a thing, or a phrase whose known actor speaks for it ("X, the United Nations envoy")
    if words_used in place_names(adoc.doc):
        return found  # a place name, not an actor ("Oshima" taken for a town)
    return replace(found, country=located_country(words_used, adoc, index))


def is_person(actor: Actor, index: ActorIndex) -> bool:
    """True when the actor is a named person (an office holder, or someone quoted by name)."""
    if actor.id in index.by_id:
        return index.by_id[actor.id][0].kind == "person"
    words = actor.name.split()
    return bool(actor.role) and 1 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not any(
        name_key(w) in _GROUP_SECTORS or name_key(w) in ("ministry", "office") for w in words
    )


def _published(adoc: AnalyzedDoc | None) -> str | None:
    published = adoc.document.published if adoc else None
    return published.start if published else None


def _strip_wrappers(text: str) -> str:
    core = text.strip(" \t\n\"“”‘’'.,;:–—-")
    shorter = _SOURCE_SUFFIX.sub("", core)
    if any(w.capitalized for w in words_of(shorter)):  # "a Russian defence ministry source", not "the statement"
        core = shorter
    while True:
        shorter = _WRAPPER.sub("", core, count=1)
        if shorter == core or not shorter:
            return core
        core = shorter


def _state_of(entry: ActorEntry, index: ActorIndex) -> ActorEntry | None:
    """The state an entry stands for: itself, or the state of a demonym."""
    if entry.kind == "state":
        return entry
    if entry.kind == "demonym" and entry.country:
        rows = index.by_id.get(f"state:{entry.country}")
        return rows[0] if rows else None
    return None


def _states(matches: Sequence[Match], index: ActorIndex) -> list[ActorEntry]:
    """The states the matches stand for, in order.

    A demonym right after another ("Bosnian Serbs", "Croatian Serb forces") names an
    ethnic group living in the first one's country, so it adds no state of its own.
    """
    out = []
    for k, m in enumerate(matches):
        if k and _demonym(m) and _demonym(matches[k - 1]) and matches[k - 1].end == m.start:
            continue
        state = next((s for s in (_state_of(e, index) for e in m.entries) if s is not None), None)
        if state is not None:
            out.append(state)
    return out


def _demonym(match: Match) -> bool:
    return any(e.kind == "demonym" for e in match.entries)


def _pronoun(pronoun: str, recent: Sequence[Actor], index: ActorIndex) -> Actor | None:
    for actor in reversed(recent):
        person = is_person(actor, index)
        if pronoun in ("he", "she", "him", "her") and person:
            return actor
        if pronoun in ("it", "they", "them") and not person or pronoun == "we":
            return actor
    if pronoun in ("he", "she", "him", "her"):
        # "A health worker said ... He said": an unnamed human speaker, not a state or an organisation
        return next((a for a in reversed(recent) if not (a.id or "").startswith(_BODY_IDS)), None)
    return recent[-1] if recent and pronoun in ("they", "them") else None


def _office_of(text: str, recent: Sequence[Actor], index: ActorIndex, when: str | None) -> Actor | None:
    """'his office', "Mr Lavrov's office": the office of a person."""
    m = _OFFICE_OF.match(text)
    if not m:
        return None
    owner_text = m.group("owner")
    if owner_text.lower() in ("his", "her"):
        owner = _pronoun("he", recent, index)
    else:
        owner = _resolve_phrase(owner_text, index, when)
    if owner is None or not is_person(owner, index):
        return None
    return Actor(f"Office of {owner.name}", None, owner.country, owner.sector, "office")


def _described(text: str, recent: Sequence[Actor], index: ActorIndex) -> Actor | None:
    """'the president', 'the ministry': the latest earlier actor those words describe."""
    words = words_of(text)
    countries = {s.country for s in _states(dictionary_matches(words, index), index)}
    keys = [w.key for w in words if w.key not in _DETERMINERS and w.key not in ("side", "of", "in", "and")]
    if not keys or len(words) > 5 or words[0].key not in ("the", "this", "that"):
        return None
    known = {i for m in dictionary_matches(words, index) for i in range(m.start, m.end)}
    if any(w.capitalized and i and i not in known and w.key not in _TITLE_WORDS for i, w in enumerate(words)):
        return None  # "The Rapid Support Forces" is a name, not a description
    for actor in reversed(recent):
        if countries and actor.country not in countries:
            continue
        described = " ".join(filter(None, (actor.name, actor.role, actor.text))).lower()
        if any(re.search(rf"\b{re.escape(k)}\b", described) for k in keys):
            return actor
    return None


def _same_person(found: Actor, recent: Sequence[Actor], index: ActorIndex) -> Actor | None:
    """'Blakkisrud' after 'Helge Blakkisrud': a surname names the person met before."""
    words = found.name.split()
    if len(words) != 1 or not words[0][:1].isupper():
        return None
    return next((a for a in reversed(recent) if is_person(a, index) and a.name.split()[-1] == words[0]), None)


def _describes_person(text: str, index: ActorIndex) -> bool:
    """A title without a name: 'the president', 'the NUPI researcher', 'the president of Azerbaijan'."""
    words = words_of(re.sub(r"\s+(?:of|in|for)\s+.*$", "", text))
    return bool(words) and words[-1].key in _PERSON_NOUNS and not _has_name(text, index)


def _office_holder(text: str, index: ActorIndex, when: str | None) -> Actor | None:
    """'the Russian foreign minister', 'the president of Azerbaijan': who held that office then."""
    states = _states(dictionary_matches(words_of(text), index), index)
    lowered = name_key(text)
    prefixes = next((p for pattern, p in _OFFICES if pattern.search(lowered)), None)
    if not states or prefixes is None:
        return None
    state = states[-1]
    held = [
        e for rows in index.by_id.values() for e in rows
        if e.kind == "person" and e.role and e.role.lower().startswith(prefixes)
        and (e.country == state.country and not e.role.lower().endswith("republic") or state.name in e.role)
    ]
    held = [e for e in held if e.active_on(when)] if when else [e for e in held if e.start and e.end is None]
    return held[0].to_actor() if len(held) == 1 else None


def _resolve_phrase(text: str, index: ActorIndex, when: str | None) -> Actor:
    text = _ACRONYM.sub("", text)  # "the Rapid Support Forces (RSF)": the acronym is another name
    parts = [p.strip() for p in _PARTS.split(text) if p.strip()]
    if not parts:
        return Actor(text)
    head, roles = parts[0], parts[1:]
    if not _has_name(head, index) and _is_description(head):
        named = next((p for p in roles if _has_name(p, index) and not _is_description(p)), None)
        if named is not None:
            roles = [head, *(p for p in roles if p is not named)]
            head = named
    person = _person(head, roles, index, when)
    if person is not None:
        return person
    return _organisation(head, index, when) or Actor(_bare(words_of(head)) or head)


def _is_description(text: str) -> bool:
    words = [w for w in words_of(text) if w.key not in _DETERMINERS]
    return not words or any(not w.capitalized for w in words)


def _has_name(text: str, index: ActorIndex) -> bool:
    words = words_of(text)
    if any(e.kind == "person" for m in dictionary_matches(words, index) for e in m.entries):
        return True
    return bool(_trailing_name(words, index))


def _trailing_name(words: Sequence[Word], index: ActorIndex) -> list[Word]:
    """The capitalised run that ends the phrase and is not a title, honorific or known actor."""
    known = {i for m in dictionary_matches(words, index) for i in range(m.start, m.end)}
    run: list[Word] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if not w.capitalized or _is_title(w) or w.key in _HONORIFICS or i in known or w.key in _DETERMINERS:
            break
        if _DESIGNATION.match(w.text):
            return []
        if w.key in _GROUP_SECTORS or w.key == "ministry" or w.possessive:
            return []
        run.insert(0, w)
    before = len(words) - len(run) - 1
    if run and before >= 0 and words[before].key in _PLACE_PREPOSITIONS:
        return []
    return run


def _is_title(word: Word) -> bool:
    return all(part in _TITLE_WORDS for part in word.key.split())


def _person(head: str, roles: Sequence[str], index: ActorIndex, when: str | None) -> Actor | None:
    words = words_of(head)
    people = [m for m in dictionary_matches(words, index) if any(e.kind == "person" for e in m.entries)]
    if people:
        m = people[-1]
        entry = pick_row([e for e in m.entries if e.kind == "person"], when)
        title = " ".join(w.text for w in words[: m.start] if w.key not in _HONORIFICS and w.key not in _DETERMINERS)
        return entry.to_actor() if entry.role else replace(entry.to_actor(), role=_clean_role(title, index) or None)
    name = _trailing_name(words, index)
    if not name or len(name) == 1 and len(words) == 1 and not roles:
        return None
    title = " ".join(w.text for w in words[: len(words) - len(name)] if w.key not in _HONORIFICS and not w.possessive)
    role_texts = [r for r in (_clean_role(title, index), *(_clean_role(r, index) for r in roles)) if r]
    role = ", ".join(role_texts) or None
    context = words_of(" ".join((head, *roles)))
    matches = dictionary_matches(context, index)
    states = _states(matches, index)
    owners = [w for w in context if w.possessive]
    agencies = [e for m in matches for e in m.entries if e.kind == "agency"]  # "the Foreign Ministry spokeswoman"
    owner = (states or agencies or [_authority([*owners, _AUTHORITIES], "authorities", index)])[0]
    igo = any(e.sector == "IGO" for m in matches for e in m.entries)
    person_noun = any(part in _PERSON_NOUNS for w in words_of(role or "") for part in w.key.split())
    sector = "IGO" if igo and person_noun else _title_sector(role)
    return Actor(" ".join(w.text for w in name), None, owner.country if owner else None, sector, role)  # type: ignore[arg-type]


def _clean_role(text: str, index: ActorIndex) -> str:
    """A role without determiners, possessive owners or the name of the person it refers to."""
    words = [w for w in words_of(text) if w.key not in _HONORIFICS and not w.possessive]
    while words and words[0].key in _DETERMINERS:
        words = words[1:]
    matches = dictionary_matches(words, index)
    if matches and matches[-1].end == len(words) and any(e.kind == "person" for e in matches[-1].entries):
        words = words[: matches[-1].start]
    role = " ".join(w.text for w in words)
    aff = _AFFILIATION.match(role)
    if aff and not _states(dictionary_matches(words_of(aff.group("org")), index), index):
        return f"{aff.group('noun')}, {aff.group('org')}"
    return role


def _title_sector(role: str | None) -> str | None:
    keys = {part for w in words_of(role or "") for part in w.key.split()}
    if keys & _MILITARY_MODIFIERS and keys & _GOV_TITLES:
        return "MIL"  # a defence minister speaks for the armed forces, as in the dictionary
    if keys & _GOV_TITLES:
        return "GOV"
    return "MIL" if keys & _MIL_TITLES else None


def _organisation(head: str, index: ActorIndex, when: str | None) -> Actor | None:
    words = words_of(head)
    matches = dictionary_matches(words, index)
    named = [m for m in matches if any(e.kind in ("org", "agency", "media") for e in m.entries)]
    states = _states(matches, index)
    keys = [w.key for w in words]
    if named:
        return _national_body(words, named[-1], states, index) or pick_row(named[-1].entries, when).to_actor()
    if any(k.startswith("ministr") for k in keys) or " ".join(keys[-2:]) == "foreign office":
        return _ministry(words, states[-1] if states else None, index)
    sector, noun = _group(words)
    authority = _authority(words, noun, index) if sector in ("GOV", "MIL") else None
    if authority is not None:
        return authority.to_actor()
    if sector:
        return _group_actor(states, sector, words)
    if states:
        return states[-1].to_actor()
    if words and words[-1].key in _PERSON_NOUNS:
        return Actor(_bare(words), None, None, _title_sector(words[-1].key), _bare(words))  # type: ignore[arg-type]
    return None


def _national_body(words: Sequence[Word], match: Match, states: Sequence[ActorEntry], index: ActorIndex
                   ) -> Actor | None:
    """"Turkey's National Security Council": a state's own body, not the UN organ of that generic name."""
    matched = " ".join(w.key for w in words[match.start:match.end])
    before = words[match.start - 1] if match.start else None
    if matched not in _GENERIC_ORGANS or before is None or not (states or before.key == "national"):
        return None
    others = {i for m in dictionary_matches(words, index) if m != match for i in range(m.start, m.end)}
    name = _joined([w for i, w in enumerate(words[: match.end]) if i not in others and w.capitalized
                    and w.key not in _DETERMINERS])
    state = states[-1] if states else None
    return Actor(f"{state.name} {name}" if state else name, None, state.country if state else None, "GOV",
                 "national security council")


def _authority(words: Sequence[Word], noun: str | None, index: ActorIndex) -> ActorEntry | None:
    """'Nagorno-Karabakh officials' → the row the dictionary calls 'Nagorno-Karabakh authorities'."""
    at = next((i for i, w in enumerate(words) if w.key == noun), len(words))
    owner = [w for w in words[:at] if w.capitalized and w.key not in _DETERMINERS]
    if not owner:
        return None
    name = " ".join(w.text for w in owner)
    for prefix in dict.fromkeys((name, *re.split(r"[-\s]", name)[:1])):
        for suffix in ("authorities", "government"):
            rows = index.aliases.get(name_key(f"{prefix} {suffix}"))
            if rows:
                return rows[0]
    return None


def _group(words: Sequence[Word]) -> tuple[str | None, str | None]:
    for i in range(len(words) - 1, -1, -1):
        sector = _GROUP_SECTORS.get(words[i].key)
        if sector:
            if sector == "GOV" and any(w.key in _MILITARY_MODIFIERS for w in words[:i]):
                return "MIL", words[i].key
            return sector, words[i].key
    return None, None


def _group_actor(states: Sequence[ActorEntry], sector: str, words: Sequence[Word]) -> Actor:
    name = _named_after_group(words)
    countries = {s.country for s in states}
    country = next(iter(countries)) if len(countries) == 1 else None
    if name and sector == "MED":
        return Actor(name, None, country, sector)  # type: ignore[arg-type]
    if sector == "GOV" and len(states) == 1:
        return states[0].to_actor()
    if not states:
        return Actor(name or _capitalised_tail(words) or _bare(words), None, None, sector)  # type: ignore[arg-type]
    owners = " and ".join(dict.fromkeys(s.name for s in states))
    return Actor(f"{owners} {_GROUP_LABELS[sector]}", None, country, sector)  # type: ignore[arg-type]


def _capitalised_tail(words: Sequence[Word]) -> str | None:
    """'the paramilitary Rapid Support Forces': the name at the end of a description."""
    run = []
    for w in reversed(words):
        if not w.capitalized or w.key in _DETERMINERS:
            break
        run.insert(0, w)
    return _joined(run) if len(run) > 1 else None


def _joined(words: Sequence[Word]) -> str:
    """Words as written, keeping inner possessives ("Tigray People's Liberation Front")."""
    return " ".join([*(w.raw or w.text for w in words[:-1]), words[-1].text]) if words else ""


def _named_after_group(words: Sequence[Word]) -> str | None:
    """'broadcaster Sputnik Armenia': the capitalised name that follows a collective noun."""
    for i, w in enumerate(words[:-1]):
        rest = words[i + 1:]
        if _GROUP_SECTORS.get(w.key) and all(r.capitalized for r in rest):
            return " ".join(r.text for r in rest)
    return None


def _ministry(words: Sequence[Word], state: ActorEntry | None, index: ActorIndex) -> Actor:
    """A ministry of a state: the dictionary's row where it has one, else a composed name."""
    keys = [w.key for w in words]
    domain, suffix = next((_MINISTRY_DOMAINS[k] for k in keys if k in _MINISTRY_DOMAINS), (None, None))
    if domain is None:
        at = next((i for i, k in enumerate(keys) if k.startswith("ministr")), len(keys))
        after = [w.text for w in words[at + 1:] if w.key not in ("of", "the", "and")][:2]
        domain = " ".join(after).title() or None
    if state is None:
        state = _authority_of_place(words, index)
    if state is not None and suffix:
        owner = state.id.split(":", 1)[1].lower()
        rows = index.by_id.get(f"agency:{owner}-{suffix}")
        if rows:
            return rows[0].to_actor()
    sector = "MIL" if domain == "Defence" else "GOV"
    name = " ".join(filter(None, (state.name if state else None, "Ministry" + (f" of {domain}" if domain else ""))))
    return Actor(name, None, state.country if state else None, sector)  # type: ignore[arg-type]


def _authority_of_place(words: Sequence[Word], index: ActorIndex) -> ActorEntry | None:
    """'the Defense Ministry in Nagorno-Karabakh': the authority of a place the dictionary knows."""
    keys = [w.key for w in words]
    for prep in ("in", "of"):
        if prep in keys:
            place = [w for w in words[keys.index(prep) + 1:] if w.capitalized]
            found = _authority(place + [_AUTHORITIES], "authorities", index) or _state_of_place(place, index)
            if found is not None:
                return found
    owner = [w for w in words if w.capitalized and w.key not in _MINISTRY_DOMAINS and not w.key.startswith("ministr")]
    return _authority(owner + [_AUTHORITIES], "authorities", index)


def _state_of_place(words: Sequence[Word], index: ActorIndex) -> ActorEntry | None:
    """'the health ministry in Gaza': the state a gazetteer place lies in."""
    name = " ".join(w.text for w in words)
    places = index.dictionaries.places_by_name.get(normalize_name(name)) if name else None
    country = places[0].country if places else None
    rows = index.by_id.get(f"state:{country}") if country else None
    return rows[0] if rows else None


def _bare(words: Sequence[Word]) -> str:
    """The phrase without its leading articles."""
    start = next((i for i, w in enumerate(words) if w.key not in _ARTICLES), len(words))
    return _joined(words[start:])
