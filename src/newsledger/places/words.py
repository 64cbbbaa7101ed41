"""The words around a name that say it is a place, or that it is not: "in X", "X, the regional
capital,", "Mr X", "X said", "the X process". The places stage reads them when the entity model's
label alone does not decide."""

from __future__ import annotations

from spacy.tokens import Doc

from ..nlp import SPEECH_LEMMAS

# A place name right before one of these names a thing: "the Minsk process", "Geneva Convention".
NAMED_AFTER = frozenset(
    "group process format agreement agreements accord accords protocol protocols declaration convention "
    "conventions treaty club memorandum".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lady lord prof professor madam mme mx rev".split())
LOCATIVES = frozenset(
    "in near at outside around into from towards toward across inside within through via beyond "
    "between on off along".split()
)
LIST_WORDS = frozenset({"and", "or", ","})
LIST_NOUN_WORDS = 3
SETTLEMENT_NOUNS = frozenset(
    "town towns village villages city cities settlement settlements hamlet hamlets port suburb suburbs "
    "neighbourhood neighborhood neighbourhoods neighborhoods capital community communities locality localities".split()
)
UNKNOWN_PLACE_NOUNS = frozenset("town towns village villages settlement settlements hamlet hamlets".split())
# Words written before a village's name as part of it, which the gazetteer leaves out: "Barangay Kitango"
# (the Philippines), "Kampung Baru" (Malaysia, Indonesia), "Kibbutz Be'eri" (Israel).
VILLAGE_TITLES = frozenset("barangay brgy brgy. kampung kampong desa kibbutz moshav".split())
ADMIN_NOUNS = frozenset(
    "region province oblast governorate district state county prefecture raion department commune municipality "
    "territory township subdistrict tehsil woreda lga cercle arrondissement upazila chiefdom subcounty zone".split()
)
DIRECTIONS = frozenset(
    "north south east west northern southern eastern western central northeast northwest southeast southwest "
    "north-east north-west south-east south-west north-eastern north-western south-eastern south-western "
    "northeastern northwestern southeastern southwestern".split()
)
# Verbs that move people or things to a place ("the wounded were taken to X", "flights were diverted
# to X", "residents fled to X"): where they went is not where an attack happened.
CARRY_VERBS = frozenset(
    "take divert evacuate flee transfer rush fly airlift bring send move carry transport relocate head travel "
    "drive escort deport ferry".split()
)
# "in nearby X", "to neighbouring X": the word between a preposition and a place name.
NEIGHBOURING = frozenset("nearby neighbouring neighboring adjacent adjoining".split())
# The part of a place a locative may name before it: "in rural Segovia", "in downtown Kabul".
_LOCAL_PARTS = frozenset("rural urban downtown".split())
# "The outskirts of X", "the area of X": a name after these and "of" is a place (a known one of the document's
# countries, whatever the tagger made of it: "the rural area of Tibú").
AREA_NOUNS = frozenset("outskirts outskirt suburbs vicinity area areas environs edge outside".split())
# Sites named after the place they hold: "the army post of Tessit", "the camp of Zamzam".
SITE_NOUNS = frozenset("post outpost base camp garrison barracks".split())
# How far after a name a description may name what it is ("Beryslav, a small river town").
DESCRIPTION_WORDS = 6


def listed_after_place(doc: Doc, i: int, place_ends: set[int]) -> bool:
    """Whether a place comes right before in a list: "Bakhmut and X", "the Jabalia refugee camp and X"."""
    j = i - 1
    if j < 1 or doc[j].lower_ not in LIST_WORDS:
        return False
    # A place may head a short noun phrase: "Jabalia refugee camp".
    for _ in range(LIST_NOUN_WORDS + 1):
        if j in place_ends:
            return True
        j -= 1
        if j < 0 or (j not in place_ends and not (doc[j].is_lower and doc[j].pos_ in ("NOUN", "ADJ"))):
            return False
    return False


def names_a_thing(doc: Doc, end: int) -> bool:
    """Whether the name names a thing after it: "the Minsk process", "the Geneva peace process"."""
    if end < len(doc) and doc[end].lower_ in NAMED_AFTER:
        return True
    return end + 1 < len(doc) and doc[end].is_lower and doc[end + 1].lower_ in NAMED_AFTER


def word_before(doc: Doc, i: int, skip: str) -> str:
    """Return the lowercase word before token i, passing over one `skip` token ("the", ".")."""
    j = i - 1 - (i > 1 and doc[i - 1].lower_ == skip)
    return doc[j].lower_.rstrip(".") if j >= 0 else ""


def honorific_before(doc: Doc, i: int) -> bool:
    return word_before(doc, i, ".") in HONORIFICS


# Words whose "of X" names a place: "15 km north of X", "the outskirts of X", "the post of X", "the town of X".
_OF_NOUNS = DIRECTIONS | AREA_NOUNS | SITE_NOUNS | SETTLEMENT_NOUNS


def locative_before(doc: Doc, i: int) -> bool:
    """'in X', 'near the X', 'to nearby X'; '15 km north of X', 'the outskirts of X', 'the post of X'."""
    if i > 1 and (doc[i - 1].lower_ in NEIGHBOURING or doc[i - 1].lower_ in _LOCAL_PARTS):
        i -= 1
    before = word_before(doc, i, "the")
    if before in LOCATIVES:
        return True
    j = i - 1 - (i > 1 and doc[i - 1].lower_ == "the")
    return before == "of" and j > 0 and doc[j - 1].lower_ in _OF_NOUNS


def division_after(doc: Doc, end: int) -> bool:
    """'Daraa governorate', 'Zurmi LGA': a division noun right after a name says it is a place."""
    return end < len(doc) and doc[end].lower_ in ADMIN_NOUNS


# What a place lies on or near: "X, on the border with Y", "X, along the coast".
LYING_NOUNS = frozenset("border frontier coast coastline outskirts edge bank banks shore shores".split())


def described_as_place(doc: Doc, end: int) -> bool:
    """'Marka, the regional capital,', 'Beryslav, a small river town', 'Titao, in the Loroum province,',
    'Rafah, on the border with Egypt,': a name the next words describe as a settlement, set in a division
    or lying on a border or coast is a place."""
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    words = doc[end + 1:end + 1 + DESCRIPTION_WORDS]
    first = words[0].lower_
    if first not in ("the", "a", "an", "in", "on", "near", "along"):
        return False
    lying = first in ("on", "near", "along")  # "Rafah, on the border with Egypt,": where it lies
    for tok in words[1:]:
        if not lying and tok.lower_ in SETTLEMENT_NOUNS or tok.lower_ in ADMIN_NOUNS or (
                lying and tok.lower_ in LYING_NOUNS):
            # "Smith, the town's mayor," describes a person by the town
            return not (tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ == "POS")
        if tok.is_punct and tok.text != "-" or tok.pos_ in ("VERB", "AUX"):  # "the Baringo-Turkana border"
            return False
    return False


def according_to(doc: Doc, i: int) -> bool:
    return i >= 2 and doc[i - 1].lower_ == "to" and doc[i - 2].lower_ == "according"


def speaks(doc: Doc, end: int) -> bool:
    """Whether a verb of speech follows the name: "Lincoln said" is a person."""
    return end < len(doc) and doc[end].lemma_ in SPEECH_LEMMAS
