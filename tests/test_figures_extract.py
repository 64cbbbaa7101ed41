"""Figures: counts of killed, injured, displaced, missing and detained people, from parsed text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.evaluation.seed import figure_matches
from newsledger.figures.extract import extract_figures
from newsledger.nlp import AnalyzedDoc
from newsledger.records import Document, Figure

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "karabakh"
GOLD = ROOT / "tests" / "gold" / "seed-gold-public.json"


class F(NamedTuple):
    kind: str
    low: int
    high: int | None
    qualifier: str
    group: str
    quantity: str


@pytest.fixture(scope="module")
def nlp(resources):
    return resources.nlp


@pytest.fixture(scope="module")
def figures_of(nlp, resources):
    def run(text: str, doc_id: str = "d") -> list[Figure]:
        return extract_figures(AnalyzedDoc(Document(id=doc_id, text=text), nlp(text)), resources.figures)

    return run


def _brief(figures: list[Figure]) -> list[F]:
    return [F(f.kind, f.low, f.high, f.qualifier, f.group, f.quantity.text) for f in figures]


def _one(figures_of, text: str) -> Figure:
    found = figures_of(text)
    assert len(found) == 1, _brief(found)
    return found[0]


CASES = [
    # Wire services (Reuters / AP / AFP).
    pytest.param(
        "At least 12 civilians were killed and 30 wounded in Russian shelling of Kharkiv on Sunday, the regional governor said.",
        [F("killed", 12, None, "at_least", "civilians", "At least 12"), F("injured", 30, 30, "exact", "civilians", "30")],
        id="reuters-coordinated-kinds-inherit-group",
    ),
    pytest.param(
        "KYIV, Ukraine (AP) — A Russian missile strike on an apartment building in Dnipro killed 45 people, "
        "including six children, and wounded 79 others, officials said Monday.",
        [F("killed", 45, 45, "exact", "any", "45"), F("killed", 6, 6, "exact", "children", "six"),
         F("injured", 79, 79, "exact", "any", "79")],
        id="ap-including-subset-and-object-counts",
    ),
    pytest.param(
        "GENEVA (Reuters) - Fighting in Sudan has displaced more than 10 million people, the International "
        "Organization for Migration said on Tuesday.",
        [F("displaced", 10_000_000, None, "at_least", "any", "more than 10 million")],
        id="reuters-sudan-displaced",
    ),
    pytest.param(
        "At least 25 people were killed and more than 100 injured in an Israeli strike on the Nuseirat refugee camp, "
        "Gaza's Civil Defence said.",
        [F("killed", 25, None, "at_least", "any", "At least 25"), F("injured", 100, None, "at_least", "any", "more than 100")],
        id="afp-gaza-hedged-pair",
    ),
    pytest.param(
        "Scores of people were killed when the market was shelled, witnesses told AFP.",
        [F("killed", 40, 199, "vague", "any", "Scores")],
        id="afp-scores",
    ),
    pytest.param(
        "The explosion left 14 dead and dozens injured.",
        [F("killed", 14, 14, "exact", "any", "14"), F("injured", 24, 99, "vague", "any", "dozens")],
        id="wire-left-dead-and-injured",
    ),
    pytest.param(
        "More than a dozen protesters were shot dead by security forces in Mandalay on Saturday.",
        [F("killed", 12, None, "at_least", "civilians", "More than a dozen")],
        id="reuters-myanmar-shot-dead",
    ),
    pytest.param(
        "Israeli authorities say around 1,200 people were killed in the October 7 attack and about 240 taken hostage.",
        [F("killed", 1080, 1320, "approx", "any", "around 1,200"), F("detained", 216, 264, "approx", "any", "about 240")],
        id="wire-israel-taken-hostage",
    ),
    pytest.param(
        "Five journalists were among those killed, according to the Committee to Protect Journalists.",
        [F("killed", 5, 5, "exact", "journalists", "Five")],
        id="wire-among-those-killed",
    ),
    pytest.param(
        "The fighting has killed more than 14,000 people in eastern Ukraine since 2014.",
        [F("killed", 14_000, None, "at_least", "any", "more than 14,000")],
        id="wire-ukraine-since-2014",
    ),
    pytest.param(
        "The war has killed tens of thousands of people and displaced millions.",
        [F("killed", 20_000, 99_999, "vague", "any", "tens of thousands"),
         F("displaced", 2_000_000, 9_999_999, "vague", "any", "millions")],
        id="wire-vague-pair",
    ),
    pytest.param(
        "The Syrian Observatory for Human Rights said 8 pro-government fighters and 12 jihadists were killed.",
        [F("killed", 8, 8, "exact", "military", "8"), F("killed", 12, 12, "exact", "military", "12")],
        id="sohr-syria-split",
    ),
    pytest.param(
        "The attack killed three and injured 17, police said.",
        [F("killed", 3, 3, "exact", "any", "three"), F("injured", 17, 17, "exact", "any", "17")],
        id="wire-bare-objects",
    ),
    pytest.param(
        "Two people were killed and one injured in the blast.",
        [F("killed", 2, 2, "exact", "any", "Two"), F("injured", 1, 1, "exact", "any", "one")],
        id="wire-one-after-a-count",
    ),
    # Ministries and armed forces.
    pytest.param(
        "Ukraine's military said 300 Russian soldiers had been killed in the past 24 hours.",
        [F("killed", 300, 300, "exact", "military", "300")],
        id="ministry-ukraine-daily-losses",
    ),
    pytest.param(
        "Russia's defence ministry said it had killed up to 150 Ukrainian servicemen near Bakhmut.",
        [F("killed", 1, 150, "at_most", "military", "up to 150")],
        id="ministry-russia-up-to",
    ),
    pytest.param(
        "The Azerbaijani defence ministry said 5 servicemen and 2 civilians were killed on its side overnight.",
        [F("killed", 5, 5, "exact", "military", "5"), F("killed", 2, 2, "exact", "civilians", "2")],
        id="ministry-its-side-overnight",
    ),
    pytest.param(
        "The ministry said 13 servicemen were missing in action after the battle.",
        [F("missing", 13, 13, "exact", "military", "13")],
        id="ministry-missing-in-action",
    ),
    pytest.param(
        "Yemen's Houthis said they had taken 200 Saudi soldiers prisoner.",
        [F("detained", 200, 200, "exact", "military", "200")],
        id="houthi-taken-prisoner",
    ),
    pytest.param(
        "The Yemeni government said almost 400 rebels died in the battle for Marib.",
        [F("killed", 360, 400, "approx", "military", "almost 400")],
        id="ministry-yemen-almost",
    ),
    pytest.param(
        'The ministry said 120 militants were "liquidated" in the operation.',
        [F("killed", 120, 120, "exact", "military", "120")],
        id="ministry-liquidated",
    ),
    pytest.param(
        "Police arrested 120 people and 30 officers were injured.",
        [F("detained", 120, 120, "exact", "any", "120"), F("injured", 30, 30, "exact", "military", "30")],
        id="police-arrests-and-injuries",
    ),
    # UN / OCHA / IOM.
    pytest.param(
        "More than 1.5 million people have fled their homes since fighting erupted in Sudan in April, the UN said.",
        [F("displaced", 1_500_000, None, "at_least", "any", "More than 1.5 million")],
        id="un-fled-homes-since",
    ),
    pytest.param(
        "OCHA said some 4,000 people were displaced by the floods in Marib governorate.",
        [F("displaced", 3600, 4400, "approx", "any", "some 4,000")],
        id="ocha-some",
    ),
    pytest.param(
        "The number of people displaced by the conflict has reached 10.7 million, the IOM said.",
        [F("displaced", 10_700_000, 10_700_000, "exact", "any", "10.7 million")],
        id="iom-number-reached",
    ),
    pytest.param(
        "According to OCHA, 1.7 million people, or 75 per cent of the population, have been displaced across the Gaza Strip.",
        [F("displaced", 1_700_000, 1_700_000, "exact", "any", "1.7 million")],
        id="ocha-percent-is-context",
    ),
    pytest.param(
        "Half of the 2.2 million residents of Gaza have been displaced, the UN said.",
        [F("displaced", 990_000, 1_210_000, "approx", "civilians", "Half of the 2.2 million")],
        id="un-half-of-population",
    ),
    pytest.param(
        "Around 8 million refugees have left Ukraine since the invasion.",
        [F("displaced", 7_200_000, 8_800_000, "approx", "any", "Around 8 million")],
        id="unhcr-refugees",
    ),
    pytest.param(
        "Over 2,000 civilians have lost their lives in the fighting, the UN human rights office said.",
        [F("killed", 2000, None, "at_least", "civilians", "Over 2,000")],
        id="ohchr-lost-their-lives",
    ),
    pytest.param(
        "Approximately 60 fatalities were recorded in the province last month.",
        [F("killed", 54, 66, "approx", "any", "Approximately 60")],
        id="report-fatalities",
    ),
    pytest.param(
        "Between 50 and 60 people are missing after the boat capsized off the coast of Libya.",
        [F("missing", 50, 60, "approx", "any", "Between 50 and 60")],
        id="iom-missing-range",
    ),
    # Local media and others.
    pytest.param(
        "The Health Ministry in Gaza said 34,305 Palestinians had been killed and 77,293 wounded since the war began.",
        [F("killed", 34_305, 34_305, "exact", "any", "34,305"), F("injured", 77_293, 77_293, "exact", "any", "77,293")],
        id="gaza-moh-cumulative",
    ),
    pytest.param(
        "Myanmar's military has detained more than 300 people in Sagaing region over the past week, a rights group said.",
        [F("detained", 300, None, "at_least", "any", "more than 300")],
        id="myanmar-detained",
    ),
    pytest.param(
        "In the DRC, M23 rebels have forced nearly 500,000 people from their homes in North Kivu since March.",
        [F("displaced", 450_000, 500_000, "approx", "any", "nearly 500,000")],
        id="drc-forced-from-homes",
    ),
    pytest.param(
        "Some 500 people have been abducted by gunmen in Zamfara state this year, police said.",
        [F("detained", 450, 550, "approx", "any", "Some 500")],
        id="nigeria-abducted",
    ),
    pytest.param(
        "The bodies of 18 migrants were recovered off the Libyan coast.",
        [F("killed", 18, 18, "exact", "civilians", "18")],
        id="bodies-recovered",
    ),
    pytest.param(
        "The monitor said 11 children were among the dead.",
        [F("killed", 11, 11, "exact", "children", "11")],
        id="among-the-dead",
    ),
    pytest.param(
        "Local officials said the bombardment left at least 40 civilians dead.",
        [F("killed", 40, None, "at_least", "civilians", "at least 40")],
        id="left-civilians-dead",
    ),
    pytest.param(
        "A few soldiers were wounded in the skirmish, the army said.",
        [F("injured", 2, 5, "vague", "military", "A few")],
        id="a-few-wounded",
    ),
    pytest.param(
        "Hundreds of civilians have fled the fighting in Tigray, according to local officials.",
        [F("displaced", 200, 999, "vague", "civilians", "Hundreds")],
        id="tigray-hundreds-fled",
    ),
    pytest.param(
        "Roughly 1,500 people remain missing after the floods.",
        [F("missing", 1350, 1650, "approx", "any", "Roughly 1,500")],
        id="remain-missing",
    ),
    pytest.param(
        "In total, 2,300 people were detained during the crackdown, Amnesty said.",
        [F("detained", 2300, 2300, "exact", "any", "2,300")],
        id="ngo-in-total",
    ),
    pytest.param(
        "Six people, including two journalists, were detained by police in Minsk.",
        [F("detained", 6, 6, "exact", "any", "Six"), F("detained", 2, 2, "exact", "journalists", "two")],
        id="belarus-including-journalists",
    ),
    pytest.param(
        "During the 1992-95 war, some 100,000 people were killed and 2.2 million displaced.",
        [F("killed", 90_000, 110_000, "approx", "any", "some 100,000"),
         F("displaced", 2_200_000, 2_200_000, "exact", "any", "2.2 million")],
        id="bosnia-historical",
    ),
    pytest.param(
        "The Gaza health ministry said the death toll had risen to 1,417 since October 7.",
        [F("killed", 1417, 1417, "exact", "any", "1,417")],
        id="death-toll-risen-to",
    ),
    pytest.param(
        "The death toll from the earthquake has climbed to 2,100.",
        [F("killed", 2100, 2100, "exact", "any", "2,100")],
        id="toll-climbed",
    ),
    pytest.param(
        "The fighting killed 14 Azerbaijani soldiers and 23 Armenian troops, officials said.",
        [F("killed", 14, 14, "exact", "military", "14"), F("killed", 23, 23, "exact", "military", "23")],
        id="two-sides-split",
    ),
    pytest.param(
        "The clashes left around 20 people dead on both sides.",
        [F("killed", 18, 22, "approx", "any", "around 20")],
        id="both-sides",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts_in_many_styles(figures_of, text, expected):
    assert _brief(figures_of(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The region covers 4,400 sq km and was home to 150,000 people.",
        "The town, which has a population of 140,000 residents, was shelled on Monday.",
        "The army said it destroyed 12 tanks and shot down three drones.",
        "Fighting continued for a fourth consecutive day on Thursday.",
        "The offensive lasted two weeks and cost $5 million a day.",
        "Only 30 percent of the injured received treatment.",
        "A total of 33 hostages were released on Friday.",
        "The government has not confirmed any deaths.",
        "No civilians were reported killed in the strike.",
        "Dozens of homes were destroyed, but no one was killed.",
        "The ministry denied that 40 soldiers had died.",
        "The UN warned that up to 1 million people could be displaced if the offensive continues.",
        "More than 20 casualties were reported after the attack.",
        "Around 3,000 families have been displaced, the ministry said.",
        "Azerbaijan has not admitted to any fatalities among its troops.",
        "About 70 per cent of the victims were women and children.",
        "One fighter has told BBC Arabic he was recruited in northern Syria last week.",
        "Lebanon said 20 people were killed or wounded in the raids.",
        "Artillery fire on the camps killed or wounded 50, Thai military sources said.",
        "Yemen rejected a request to interrogate detainees held after the escape of 23 al-Qaida prisoners.",
        "Ukraine and Russia exchanged 95 prisoners of war on Wednesday.",
        "Two of the dead were children.",
        "A 25-year-old man was killed in the attack.",
        "A Su-25 and two F-16 jets were downed near the border.",
        "Resolution 2728 was adopted on Monday after weeks of fighting that killed no one.",
        "The 92nd Mechanised Brigade said it repelled 14 attacks along the 1,000-km front line.",
    ],
)
def test_non_counts_give_no_figure(figures_of, text):
    assert _brief(figures_of(text)) == []


def test_war_that_killed_thousands_is_a_figure(figures_of):
    found = figures_of("It is the worst fighting since a 1994 ceasefire, which ended a war that killed thousands.")
    assert _brief(found) == [F("killed", 2000, 9999, "vague", "any", "thousands")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A roadside bombing killed one U.S. soldier and wounded two others, the military said.",
         [F("killed", 1, 1, "exact", "military", "one"), F("injured", 2, 2, "exact", "military", "two")]),
        ("He was one of three people killed in the strike.", [F("killed", 3, 3, "exact", "any", "three")]),
        ("State media have reported only a handful of protester deaths.", [F("killed", 2, 5, "vague", "civilians", "a handful")]),
        ("Police said the deaths of at least three children in custody were under investigation.",
         [F("killed", 3, None, "at_least", "children", "at least three")]),
        ("Soviet security forces murdered more than 15,000 captive Polish officers.",
         [F("killed", 15_000, None, "at_least", "military", "more than 15,000")]),
        ("Recent drone attacks have killed at least eight top al-Qaeda leaders since last July.",
         [F("killed", 8, None, "at_least", "any", "at least eight")]),
        ("Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar.",
         [F("detained", 1, 16, "at_most", "civilians", "up to 16")]),
        ("The camp houses 20,000 displaced people.", [F("displaced", 20_000, 20_000, "exact", "any", "20,000")]),
        ("The war has killed tens of thousands of people and displaced millions.",
         [F("killed", 20_000, 99_999, "vague", "any", "tens of thousands"),
          F("displaced", 2_000_000, 9_999_999, "vague", "any", "millions")]),
    ],
)
def test_harder_constructions(figures_of, text, expected):
    assert _brief(figures_of(text)) == expected


def test_evidence_stays_on_the_line_of_the_count(figures_of):
    fig = _one(figures_of, "Staff Reports\n\nPolice arrested six people Monday during a drugs raid.")
    assert fig.evidence.text == "Police arrested six people Monday during a drugs raid"


def test_bullet_lines_keep_their_own_counts(figures_of):
    text = ("Key facts\n\n• A region of about 4,400 sq km (1,700 sq miles)\n"
            "• An estimated one million people displaced by war in 1988-94, and about 30,000 killed\n"
            "• Separatist forces captured some extra territory\n")
    assert _brief(figures_of(text)) == [
        F("displaced", 900_000, 1_100_000, "approx", "any", "An estimated one million"),
        F("killed", 27_000, 33_000, "approx", "any", "about 30,000"),
    ]


def test_side_from_demonym_and_reporter(figures_of):
    found = figures_of("The fighting killed 14 Azerbaijani soldiers and 23 Armenian troops, officials said.")
    assert [(f.side.name, f.side.country, f.side.text) for f in found] == [
        ("Azerbaijan", "AZE", "Azerbaijani"), ("Armenia", "ARM", "Armenian")]
    its = figures_of("The Azerbaijani defence ministry said 5 servicemen and 2 civilians were killed on its side overnight.")
    assert {f.side.country for f in its} == {"AZE"}
    both = _one(figures_of, "The clashes left around 20 people dead on both sides.")
    assert both.side is None


def test_on_their_side_resolves_to_according_to(figures_of):
    text = ("According to Westland officials, around 100 officials and several civilians on their side "
            "have been killed since the conflict broke out on Sunday.")
    found = figures_of(text)
    assert _brief(found) == [F("killed", 90, 110, "approx", "any", "around 100"),
                             F("killed", 3, 9, "vague", "civilians", "several")]
    assert all(f.side is not None and "Westland" in f.side.name for f in found)
    assert all(f.cumulative and f.period.label == "since the conflict broke out on Sunday" for f in found)


def test_acknowledged_deaths_are_the_acknowledgers_own(figures_of):
    text = "Dozens of civilians have been confirmed killed and the Armenian side has acknowledged 350 military deaths."
    found = figures_of(text)
    assert _brief(found) == [F("killed", 24, 99, "vague", "civilians", "Dozens"),
                             F("killed", 350, 350, "exact", "military", "350")]
    assert found[0].side is None
    assert found[1].side.country == "ARM"


def test_palestinians_counted_with_side(figures_of):
    fig = _one(figures_of, "Some 200 Palestinians have been killed in the West Bank so far this year.")
    assert (fig.side.country, fig.group, fig.cumulative) == ("PSE", "any", True)
    assert fig.period.label == "so far this year"
    assert fig.place.name == "West Bank"


@pytest.mark.parametrize(
    ("text", "label", "cumulative", "historical"),
    [
        ("Syrian state media said eight soldiers were killed in Israeli strikes near Damascus overnight.", "overnight", False, False),
        ("In the last week, more than 200 soldiers and civilians are said to have lost their lives.", "In the last week", False, False),
        ("Ukraine's military said 300 Russian soldiers had been killed in the past 24 hours.", "in the past 24 hours", False, False),
        ("More than 100 deaths have been reported since Sunday.", "since Sunday", True, False),
        ("The Gaza health ministry said the death toll had risen to 1,417 since October 7.", "since October 7", True, False),
        ("In total, 2,300 people were detained during the crackdown, Amnesty said.", "In total", True, False),
        ("During the 1992-95 war, some 100,000 people were killed.", "During the 1992-95 war", False, True),
        ("As of 15 May, the UN had recorded 8,000 civilian deaths in Ukraine.", "As of 15 May", True, False),
        ("On 24 February 2022, Russia invaded Ukraine; by March 3, 227 civilians had been killed.", "by March 3", True,
         False),
        ("In 2023, 500 people were killed in the province.", "In 2023", False, False),
        ("Hamas killed 1,200 people in Israel on October 7.", "on October 7", False, False),
        ("A war between 1991 and 1994, where some 30,000 people lost their lives and hundreds of thousands were "
         "forced to flee.", "between 1991 and 1994", False, True),
    ],
)
def test_period_cumulative_and_historical(figures_of, text, label, cumulative, historical):
    found = figures_of(text)
    assert found
    for fig in found:
        assert (fig.period.label, fig.cumulative, fig.historical) == (label, cumulative, historical)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll now stands at 54.", F("killed", 54, 54, "exact", "any", "54")),
        ("The official death toll is 1,200.", F("killed", 1200, 1200, "exact", "any", "1,200")),
        ("The attack brings to 54 the number of soldiers killed this month.", F("killed", 54, 54, "exact", "military", "54")),
        ("The number of displaced has surpassed 2 million, the agency said.",
         F("displaced", 2_000_000, 2_000_000, "exact", "any", "2 million")),
        ("The UN refugee agency said the number of refugees had topped 6 million.",
         F("displaced", 6_000_000, 6_000_000, "exact", "any", "6 million")),
    ],
)
def test_running_tolls(figures_of, text, expected):
    fig = _one(figures_of, text)
    assert _brief([fig]) == [expected]
    assert fig.cumulative


def test_toll_keeps_its_own_period_apart_from_the_new_deaths(figures_of):
    found = figures_of("Twelve more people died overnight, raising the toll to 73.")
    assert [(f.low, f.cumulative, f.period and f.period.label) for f in found] == [(12, False, "overnight"), (73, True, None)]


def test_toll_is_cumulative_even_without_a_period(figures_of):
    fig = _one(figures_of, "The death toll from the earthquake has climbed to 2,100.")
    assert fig.cumulative and fig.period is None


def test_bringing_the_number_to(figures_of):
    text = ("The Defense Ministry reported on Friday that 54 soldiers were killed, bringing the number of "
            "servicemen killed in the clashes to 158, Reuters writes.")
    found = figures_of(text)
    assert _brief(found) == [F("killed", 54, 54, "exact", "military", "54"),
                             F("killed", 158, 158, "exact", "military", "158")]
    assert [f.cumulative for f in found] == [False, True]


def test_claimed_lives_and_forced_from_homes(figures_of):
    text = "Renewed fighting has claimed some 400 lives and forced thousands of people from their homes."
    assert _brief(figures_of(text)) == [F("killed", 360, 440, "approx", "any", "some 400"),
                                        F("displaced", 2000, 9999, "vague", "any", "thousands")]


def test_bare_count_inherits_group_of_coordinated_subject(figures_of):
    text = ("Eleven civilians from both sides are said to have lost their lives and 60 are injured in the enclave.")
    found = figures_of(text)
    assert _brief(found) == [F("killed", 11, 11, "exact", "civilians", "Eleven"),
                             F("injured", 60, 60, "exact", "civilians", "60")]
    assert all(f.side is None for f in found)


def test_place_from_town_of(figures_of):
    fig = _one(figures_of, "Local media said three civilians had been killed in an air attack on the town of Northtown on Wednesday.")
    assert fig.place is not None and fig.place.name == "Northtown"
    assert fig.period.label == "on Wednesday"


def test_place_from_named_place(figures_of):
    fig = _one(figures_of, "Nearly 200 people were arrested during the protests in Yangon, state media reported.")
    assert fig.place.name == "Yangon"


def test_spans_ids_and_attribution(figures_of):
    text = "Officials said 54 soldiers were killed on Friday. Another sentence follows."
    fig = _one(figures_of, text)
    assert fig.quantity.text == text[fig.quantity.start:fig.quantity.end] == "54"
    assert fig.evidence.text == text[fig.evidence.start:fig.evidence.end] == "54 soldiers were killed on Friday"
    assert fig.doc_id == "d" and fig.attributed_to is None
    assert fig.id == figures_of(text)[0].id != figures_of(text, "other")[0].id


def test_dateline_is_not_evidence(figures_of):
    fig = figures_of("GENEVA (Reuters) - Fighting in Sudan has displaced more than 10 million people, the IOM said.")[0]
    assert fig.evidence.text == "Fighting in Sudan has displaced more than 10 million people"


def test_lexicon_rows_have_a_source(resources):
    text = (ROOT / "src" / "newsledger" / "data" / "figure_lexicon.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == ["category", "term", "value", "extra", "source"]
    assert all(len(row) == 5 and row[-1] == "curated" for row in rows[1:])
    lex = resources.figures
    assert lex.persons["civilians"] == "civilians" and lex.verbs["kill"] == ("killed", "obj")
    assert "casualties" not in lex.nouns and "casualty" not in lex.nouns


def _seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def test_seed_001_figures(figures_of):
    found = figures_of(_seed("001"))
    assert _brief(found) == [
        F("killed", 100, None, "at_least", "any", "More than 100"),
        F("killed", 3, 3, "exact", "civilians", "three"),
        F("killed", 7, 7, "exact", "civilians", "seven"),
        F("killed", 80, 80, "exact", "military", "80"),
        F("displaced", 900_000, 1_100_000, "approx", "any", "An estimated one million"),
        F("killed", 27_000, 33_000, "approx", "any", "about 30,000"),
    ]
    assert [f.cumulative for f in found] == [True, False, True, True, False, False]
    assert found[1].place.name == "Martakert"
    assert found[4].historical


def test_seed_004_figures(figures_of):
    found = figures_of(_seed("004"))
    assert _brief(found) == [
        F("killed", 90, 110, "approx", "any", "around 100"),
        F("killed", 3, 9, "vague", "civilians", "several"),
        F("killed", 14, 14, "exact", "civilians", "14"),
    ]
    assert [f.side.country for f in found] == ["AZE", "AZE", "AZE"]
    assert [f.side.name for f in found] == ["Nagorno-Karabakh Republic", "Nagorno-Karabakh Republic", "Azerbaijan"]


@pytest.mark.parametrize("key", ["001", "004"])
def test_seed_gold_recall_and_precision(figures_of, key):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["docs"][key]
    found = figures_of((SEEDS / gold["file"]).read_text(encoding="utf-8"), key)
    required = [g for g in gold["figures"] if not g.get("optional")]
    recall = sum(any(figure_matches(f, g) for f in found) for g in required) / len(required)
    precision = sum(any(figure_matches(f, g) for g in gold["figures"]) for f in found) / max(1, len(found))
    assert recall >= 0.95 and precision >= 0.95, _brief(found)
    for item in gold["not_figures"]:
        assert not any(item in f.quantity.text for f in found)


def test_seed_000_figures(figures_of):
    found = figures_of(_seed("000"))
    assert _brief(found) == [
        F("killed", 200, None, "at_least", "mixed", "more than 200"),
        F("killed", 27_000, 33_000, "approx", "any", "some 30,000"),
        F("displaced", 200_000, 999_999, "vague", "any", "hundreds of thousands"),
        F("killed", 54, 54, "exact", "military", "54"),
        F("killed", 158, 158, "exact", "military", "158"),
        F("killed", 11, 11, "exact", "civilians", "Eleven"),
        F("injured", 60, 60, "exact", "civilians", "60"),
    ]
    assert [f.historical for f in found] == [False, True, True, False, False, False, False]


def test_seed_002_has_no_figures(figures_of):
    assert figures_of(_seed("002")) == []


def test_seed_003_figures(figures_of):
    found = figures_of(_seed("003"))
    assert _brief(found) == [
        F("killed", 360, 440, "approx", "any", "some 400"),
        F("displaced", 2000, 9999, "vague", "any", "thousands"),
        F("displaced", 2000, 9999, "vague", "any", "thousands"),
        F("injured", 3, 9, "vague", "journalists", "several"),
        F("displaced", 63_000, 77_000, "approx", "civilians", "around half of Karabakh’s 140,000"),
        F("killed", 24, 99, "vague", "civilians", "Dozens"),
        F("killed", 350, 350, "exact", "military", "350"),
    ]
    assert not any(f.historical for f in found)


WORDS = ["54", "some", "30,000", "more", "than", "dozens", "of", "civilians", "soldiers", "were", "killed", "and",
         "wounded", "since", "Sunday", ",", "fled", "their", "homes", "half", "the", "town's", "1994", "percent",
         "not", "according", "to", "officials", "on", "side", "toll", "rose", "Armenian", "missing", "."]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_any_word_salad_gives_consistent_spans(figures_of, words):
    text = " ".join(words)
    for fig in figures_of(text):
        assert fig.quantity.text == text[fig.quantity.start:fig.quantity.end]
        assert fig.evidence.text == text[fig.evidence.start:fig.evidence.end]
        assert fig.evidence.start <= fig.quantity.start and fig.quantity.end <= fig.evidence.end
        assert fig.high is None or fig.low <= fig.high
