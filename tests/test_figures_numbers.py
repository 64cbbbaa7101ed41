"""Counts in running text: numbers in digits and words, hedges, vague amounts, shares, non-counts."""

from importlib import resources

import pytest

from newsledger.figures.numbers import find_quantities, load_quantity_words, parse_number

QUANTITIES = load_quantity_words()


def _read(text: str) -> list[tuple[str, int, int | None, str]]:
    words = text.split()
    return [(" ".join(words[q.start:q.end]), q.low, q.high, q.qualifier) for q in find_quantities(words, QUANTITIES)]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("54", 54),
        ("30,000", 30_000),
        ("1.5", 1.5),
        ("4.5million", 4_500_000),
        ("Eleven", 11),
        ("twenty-five", 25),
        ("ninety", 90),
        ("soldiers", None),
        ("F-16", None),
        ("4th", None),
    ],
)
def test_parse_number_reads_one_token(word, value):
    assert parse_number(word) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("54 soldiers", [("54", 54, 54, "exact")]),
        ("Eleven civilians", [("Eleven", 11, 11, "exact")]),
        ("one million people", [("one million", 1_000_000, 1_000_000, "exact")]),
        ("1.5 million refugees", [("1.5 million", 1_500_000, 1_500_000, "exact")]),
        ("two hundred and fifty soldiers", [("two hundred and fifty", 250, 250, "exact")]),
        ("twenty - five people", [("twenty - five", 25, 25, "exact")]),
        ("a dozen soldiers", [("a dozen", 12, 12, "exact")]),
        ("half a million people", [("half a million", 500_000, 500_000, "exact")]),
        ("350 military deaths", [("350", 350, 350, "exact")]),
    ],
)
def test_exact_numbers_in_digits_and_words(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 100 deaths", [("More than 100", 100, None, "at_least")]),
        ("at least 12 civilians", [("at least 12", 12, None, "at_least")]),
        ("over 2,000 people", [("over 2,000", 2000, None, "at_least")]),
        ("100 - plus people", [("100 - plus", 100, None, "at_least")]),
        ("200 or more people", [("200 or more", 200, None, "at_least")]),
        ("around 100 officials", [("around 100", 90, 110, "approx")]),
        ("some 30,000 people", [("some 30,000", 27_000, 33_000, "approx")]),
        ("an estimated one million people", [("an estimated one million", 900_000, 1_100_000, "approx")]),
        ("about 30,000 killed", [("about 30,000", 27_000, 33_000, "approx")]),
        ("nearly 100 people", [("nearly 100", 90, 100, "approx")]),
        ("almost 400 rebels", [("almost 400", 360, 400, "approx")]),
        ("up to 150 servicemen", [("up to 150", 1, 150, "at_most")]),
        ("as many as 40 people", [("as many as 40", 1, 40, "at_most")]),
        ("between 50 and 60 people", [("between 50 and 60", 50, 60, "approx")]),
        ("50 - 60 people", [("50 - 60", 50, 60, "approx")]),
        ("two or three soldiers", [("two or three", 2, 3, "approx")]),
    ],
)
def test_hedges_set_the_range(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("several civilians", [("several", 3, 9, "vague")]),
        ("a few soldiers", [("a few", 2, 5, "vague")]),
        ("dozens of civilians", [("dozens", 24, 99, "vague")]),
        ("scores of people", [("scores", 40, 199, "vague")]),
        ("hundreds of soldiers", [("hundreds", 200, 999, "vague")]),
        ("thousands of people", [("thousands", 2000, 9999, "vague")]),
        ("tens of thousands of people", [("tens of thousands", 20_000, 99_999, "vague")]),
        ("hundreds of thousands were forced", [("hundreds of thousands", 200_000, 999_999, "vague")]),
        ("several hundred civilians", [("several hundred", 300, 900, "vague")]),
        ("a few thousand people", [("a few thousand", 2000, 5000, "vague")]),
        ("more than dozens of people", [("more than dozens", 24, None, "at_least")]),
    ],
)
def test_vague_amounts_have_documented_ranges(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("around half of Karabakh 's 140,000 residents", [("around half of Karabakh 's 140,000", 63_000, 77_000, "approx")]),
        ("half the 2,000 residents", [("half the 2,000", 900, 1100, "approx")]),
        ("a third of the 300 people", [("a third of the 300", 90, 110, "approx")]),
        ("20 percent of the 5,000 residents", [("20 percent of the 5,000", 900, 1100, "approx")]),
        ("some 90 percent of its women and children", []),
    ],
)
def test_shares_need_a_stated_base(text, expected):
    assert _read(text) == expected


def test_fraction_points_at_share_and_base():
    words = "around half of Karabakh 's 140,000 residents".split()
    (q,) = find_quantities(words, QUANTITIES)
    assert words[q.head] == "half"
    assert words[q.base] == "140,000"


@pytest.mark.parametrize(
    "text",
    [
        "a region of about 4,400 sq km ( 1,700 sq miles )",
        "a ceasefire in 1994 , then",
        "fought a war in 1988 - 94 over the region",
        "from 11 a.m. on Wednesday",
        "up to three years after",
        "lasted two weeks",
        "cost $ 5 million",
        "a 12 - year - old boy",
        "a magnitude 7.5 quake",
        "some 90 percent",
    ],
)
def test_measures_years_times_money_and_percentages_are_no_counts(text):
    assert _read(text) == []


def test_year_before_a_noun_is_left_to_the_caller():
    assert _read("a 1994 ceasefire") == [("1994", 1994, 1994, "exact")]
    assert _read("2000 people") == [("2000", 2000, 2000, "exact")]


def test_change_from_one_value_to_another_is_two_numbers():
    assert _read("rose from 54 to 60") == [("54", 54, 54, "exact"), ("60", 60, 60, "exact")]


def test_head_is_the_last_number_word():
    words = "hundreds of thousands were forced".split()
    (q,) = find_quantities(words, QUANTITIES)
    assert words[q.head] == "thousands"
    assert q.vague


def test_word_tables_load_with_a_source_on_every_row():
    table = load_quantity_words()
    assert table.vague[("dozens",)] == (24, 99)
    assert table.hedges[("more", "than")] == "at_least"
    assert "km" in table.units
    rows = [line.split("\t") for line in resources.files("newsledger").joinpath("data/quantity_words.tsv")
            .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    assert header[-1] == "source"
    assert all(len(row) == len(header) and row[-1] == "curated" for row in body)


@pytest.mark.parametrize("text", ["9" * 400 + " killed", "99,999,999,999,999,999,999 killed", "1" + "0" * 30 + " dead"])
def test_numbers_too_large_to_count_anything_are_not_quantities(text):
    assert find_quantities(text.split(), QUANTITIES) == []
