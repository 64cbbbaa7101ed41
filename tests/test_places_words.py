"""The words around a name that say it is a place (places/words.py)."""

from __future__ import annotations

import pytest

from newsledger.places.words import described_as_place, locative_before


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


@pytest.mark.parametrize(("text", "described"), [
    ("Marka, the regional capital, saw two incidents.", True),
    ("Beryslav, a small river town, came under fire.", True),
    ("Titao, in the Loroum province, remains calm.", True),
    ("Harper, the party leader, said no.", False),
    ("Harper, the town's mayor, said no.", False),
    ("Smith, in a statement, denied it.", False),
    ("Marka saw two incidents.", False),
    ("Rafah, on the border with Egypt, shelters a million people.", True),
    ("Kapedo, along the Baringo-Turkana border, was raided.", True),
    ("Smith, on the board of the firm, said no.", False),
    ("Smith, near the end of his speech, said no.", False),
])
def test_a_description_after_the_name_says_settlement_or_division(nlp, text, described):
    doc = nlp(text)
    assert described_as_place(doc, 1) is described


@pytest.mark.parametrize(("text", "index", "locative"), [
    ("Troops fought in Sebba.", 3, True),
    ("Strikes hit a group 15 km north of Sebba.", 8, True),
    ("Drones struck the outskirts of Sebba.", 5, True),
    ("The leader of Sebba spoke.", 3, False),
    ("Gunmen struck again in nearby Sebba.", 5, True),
    ("The nearby Sebba market reopened.", 2, False),
    ("Clashes in rural Segovia left four dead.", 3, True),
    ("The rural Segovia road reopened.", 2, False),
])
def test_a_locative_before_the_name(nlp, text, index, locative):
    doc = nlp(text)
    assert locative_before(doc, index) is locative
