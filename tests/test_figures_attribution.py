"""Per-figure decisions of issue 14: who reported a count, whose people they are, running total or incident."""

from __future__ import annotations

import pytest

from newsledger.resources import Resources

from newsledger.analysis import analyze
from newsledger.records import Figure, RawDocument


@pytest.fixture(scope="module")
def figures_in():
    resources = Resources()

    def run(text: str) -> dict[int, Figure]:
        records = analyze(RawDocument(content=text, format="text", published="2024-03-01"), resources)
        return {f.low: f for f in records.figures}
    return run


def test_an_unnamed_source_is_the_reporter_and_marked_anonymous(figures_in):
    figs = figures_in("Twelve people were killed in the strike on the market, a medical source said.")
    who = figs[12].attributed_to
    assert who is not None and "source" in (who.text or who.name) and who.anonymous
    police = figures_in("Police said 23 people were killed when a shell hit the bus station on Friday.")[23]
    assert police.attributed_to is not None and police.attributed_to.anonymous


def test_a_pronoun_speaker_is_the_last_named_one(figures_in):
    figs = figures_in("The civil defence said at least 45 people were killed in the raid on the camp. "
                      "It said 249 were injured.")
    assert figs[249].attributed_to is not None and "civil defence" in figs[249].attributed_to.name.lower()


def test_a_monitor_named_once_then_called_the_monitor(figures_in):
    figs = figures_in("The Syrian Observatory for Human Rights said 23 civilians were killed in air strikes on Saturday. "
                      "The monitor said the death toll since the offensive began had risen to 674.")
    assert figs[674].attributed_to.id == "org:sohr" and figs[674].cumulative


def test_a_belligerents_report_of_soldiers_killed_counts_its_own_side(figures_in):
    fig = figures_in("Mali's army said 10 soldiers were killed in an ambush near the border on Friday.")[10]
    assert fig.side is not None and fig.side.country == "MLI" and not fig.cumulative
    enemy = figures_in("The army said its forces had killed 40 militants in the operation.")[40]
    assert enemy.side is None


def test_victims_on_its_side_are_the_reporters_not_the_outlets(figures_in):
    fig = figures_in("Ukrainian authorities say 14 civilians were killed on their side.")[14]
    assert fig.side is not None and fig.side.country == "UKR" and fig.cumulative


def test_security_and_intelligence_services_count_as_military_and_pupils_as_children(figures_in):
    figs = figures_in("Ten members of the security forces and three intelligence officers were killed in the ambush.")
    assert figs[10].group == "military" and figs[3].group == "military"
    assert figures_in("Seventeen pupils were killed when the school was hit.")[17].group == "children"


def test_running_totals_and_incidents_from_the_language(figures_in):
    assert figures_in("The war has claimed some 400 lives.")[360].cumulative
    assert figures_in("The death toll rose to 54, officials said.")[54].cumulative
    assert figures_in("At least 270 people have been killed in the fighting.")[270].cumulative
    assert not figures_in("Russian forces killed three civilians in an air attack on Wednesday.")[3].cumulative
    assert not figures_in("Myanmar Now said 114 people were killed on Saturday, the bloodiest day since the coup.")[114].cumulative


def test_missing_people_are_not_read_as_injured(figures_in):
    figs = figures_in("At least 20 people were wounded and 15 others are missing after the blast, police said.")
    assert figs[20].kind == "injured" and figs[15].kind == "missing"
    figs = figures_in("Dozens were injured and at least 40 are still missing, the aid group said.")
    assert figs[40].kind == "missing" and figs[24].kind == "injured"


def test_the_previous_sentences_reporter_carries_on_and_including_counts_share_the_kind(figures_in):
    figs = figures_in("The health ministry said on Monday that strikes had hit the camp and killed many people. "
                      "Twelve people were killed, including five children.")
    assert figs[12].attributed_to is not None and "ministry" in figs[12].attributed_to.name.lower()
    assert figs[5].kind == "killed" and figs[5].group == "children"
    alone = figures_in("Talks opened in Geneva. Foreign ministers met on Monday. Nine people were killed on Sunday.")
    assert alone[9].attributed_to is None
