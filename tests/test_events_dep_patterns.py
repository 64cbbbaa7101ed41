"""The sentence pattern matcher finds exactly what spaCy's DependencyMatcher finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from newsledger.events.dep_patterns import PatternMatcher, compile_pattern
from newsledger.events.patterns import argument_patterns, load_lexicon
from newsledger.nlp import load_pipeline
from newsledger.settings import Settings

EXAMPLES = Path(__file__).parents[1] / "examples" / "karabakh"
# Invented sentences for the shapes the seed articles have few of: passives, relative
# clauses, light verbs, coordinated subjects, nominal events with possessors.
SENTENCES = [
    "The convoy was attacked by gunmen who fled into the hills.",
    "Rebels, who seized the town last week, launched an assault on the airport.",
    "The ministry accused the army of shelling villages and called on the UN to intervene.",
    "Police arrested dozens of protesters, and the governor's forces fired tear gas at the crowd.",
    "Troops that were sent to the border clashed with militants near the river.",
    "The government's offensive against the rebels was condemned by several countries.",
    "The president offered to mediate talks between the two sides, which agreed to a truce.",
    "A drone strike by the coalition killed three fighters, officials said.",
    "Troops inflicted heavy losses on the rebels and attacked a camp on the outskirts of the town.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings())


@pytest.fixture(scope="module")
def matchers(nlp):
    ours, theirs = PatternMatcher(), DependencyMatcher(nlp.vocab)
    for key, pattern in argument_patterns(load_lexicon()):
        ours.add(key, [pattern])
        theirs.add(key, [pattern])
    return ours, theirs


def _sentences(nlp):
    texts = SENTENCES + [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    for doc in nlp.pipe(texts):
        yield from doc.sents


def test_matches_equal_the_dependency_matchers(nlp, matchers):
    ours, theirs = matchers
    compared = found = 0
    for sent in _sentences(nlp):
        expected = sorted((nlp.vocab.strings[k], tokens) for k, tokens in theirs(sent))
        assert sorted(ours(sent)) == expected, sent.text
        compared += 1
        found += len(expected)
    assert compared > 100 and found > 100


@pytest.mark.parametrize("bad", [
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {}}, {"LEFT_ID": "a", "REL_OP": ">>", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {}}, {"LEFT_ID": "z", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"SHAPE": "Xxx"}}],
    [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"REGEX": "x"}}}],
])
def test_unsupported_patterns_are_refused(bad):
    with pytest.raises(ValueError):
        compile_pattern(bad)


def test_an_excluded_value_does_not_match(nlp):
    matcher = PatternMatcher()
    matcher.add("not_in", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"POS": "VERB", "LEMMA": {"NOT_IN": ["attack"]}}}]])
    doc = nlp("Rebels attacked the camp and burned houses.")
    assert [doc[tokens[0]].lemma_ for _, tokens in matcher(doc[:])] == ["burn"]
