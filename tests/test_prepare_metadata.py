from newsledger.prepare.clean import Cleaned
from newsledger.prepare.metadata import (
    date_from_url,
    describe,
    detect_language,
    outlet_from_text,
    outlet_from_url,
    parse_date,
    published_date,
    split_title,
)
from newsledger.records import RawDocument

BODY = "Armenia and Azerbaijan held talks in Moscow on Friday after two weeks of heavy fighting."


def test_title_suffix_gives_outlet():
    assert split_title("Putin and Macron call for a total cessation of hostilities – VG") == (
        "Putin and Macron call for a total cessation of hostilities",
        "VG",
    )
    assert split_title("Ceasefire collapses in the north | Reuters") == ("Ceasefire collapses in the north", "Reuters")


def test_title_with_inner_dash_is_not_split():
    title = "Armenia-Azerbaijan conflict: Russia offers to host Nagorno-Karabakh peace talks"
    assert split_title(title) == (title, None)
    assert split_title("Nagorno-Karabakh – a region between two states at war") == (
        "Nagorno-Karabakh – a region between two states at war",
        None,
    )


def test_outlet_from_url():
    assert outlet_from_url("https://www.bbc.co.uk/news/world-europe-54324772") == "BBC"
    assert outlet_from_url("https://www.reuters.com/world/x") == "Reuters"
    assert outlet_from_url("https://kyivindependent.com/a") == "Kyivindependent"
    assert outlet_from_url(None) is None


def test_outlet_from_dateline_beats_footer():
    text = "Talks in Moscow\n\nTEHRAN (Iran News) – Armenia and Azerbaijan on Friday held talks."
    assert outlet_from_text(text, ["  • source : Iran Daily"]) == "Iran News"


def test_outlet_from_footer():
    assert outlet_from_text(BODY, ["Source: Kyiv Post"]) == "Kyiv Post"


def test_outlet_from_interview_credit_needs_known_outlet():
    media = {"vg": "VG", "reuters": "Reuters", "bbc arabic": "BBC", "bbc": "BBC"}
    text = "– The road is long, says the researcher, Helge Blakkisrud, to VG. Then he went to Moscow."
    assert outlet_from_text(text, [], media) == "VG"
    assert outlet_from_text(text, [], {"reuters": "Reuters"}) is None
    told = "One fighter has told BBC Arabic he was recruited in northern Syria."
    assert outlet_from_text(told, [], media) == "BBC"


def test_language_detection():
    assert detect_language(BODY) == "en"
    assert detect_language("Les combats ont repris dans le Haut-Karabakh, selon le ministère.") == "fr"
    assert detect_language("short") is None


def test_dates_from_metadata_and_url():
    assert parse_date("2020-10-01T09:15:00Z") == "2020-10-01"
    assert parse_date("Thu, 01 Oct 2020 09:15:00 GMT") == "2020-10-01"
    assert parse_date("1 October 2020") == "2020-10-01"
    assert date_from_url("https://apnews.com/2020/10/5/story") == "2020-10-05"
    assert date_from_url("https://x.org/news/2020-10-04/a") == "2020-10-04"
    assert date_from_url("https://x.org/news/20201004-story") == "2020-10-04"
    assert date_from_url("https://x.org/news/20201399-story") is None
    assert date_from_url("https://x.org/id/4820201004999") is None


def test_published_prefers_metadata_then_url_then_none():
    pub = published_date("2020-10-01", "https://x.org/2020/09/30/a")
    assert (pub.start, pub.end, pub.method) == ("2020-10-01", "2020-10-01", "metadata")
    pub = published_date(None, "https://x.org/2020/09/30/a")
    assert (pub.start, pub.method, pub.precision) == ("2020-09-30", "url", "day")
    assert published_date(None, None) is None
    assert published_date("not a date at all", None) is None


def test_describe_builds_document():
    raw = RawDocument(content="x\n" + BODY, format="text", source_path="a.txt")
    cleaned = Cleaned(text=BODY, removed=("[ad_1]", "source : Iran Daily"), title="Talks in Moscow – VG")
    doc = describe(raw, cleaned)
    assert doc.id == raw.id
    assert doc.title == "Talks in Moscow"
    assert doc.source_name == "VG"
    assert doc.language == "en"
    assert doc.removed == ("[ad_1]", "source : Iran Daily")
    assert doc.published is None


def test_describe_metadata_wins():
    raw = RawDocument(content=BODY, format="text", source_name="Reuters", published="2020-10-02", title="T")
    doc = describe(raw, Cleaned(text=BODY, removed=("source : Iran Daily",)))
    assert doc.source_name == "Reuters"
    assert doc.published.method == "metadata"


def test_a_date_field_holding_a_whole_text_is_not_parsed():
    assert parse_date("On 1 October 2020 " + "shelling continued " * 2000) is None
    assert parse_date("  1 October 2020  ") == "2020-10-01"


def test_a_title_is_made_from_the_first_line_when_it_reads_as_a_headline():
    from newsledger.prepare.metadata import title_from_text

    assert title_from_text("Rebels seize a border town\nFighting spread on Monday.") == "Rebels seize a border town"


def test_a_title_is_made_from_the_ledes_first_clause_without_the_dateline():
    from newsledger.prepare.metadata import title_from_text

    lede = ("GOMA, Congo (Reuters) - Rebels seized the mining town of Rubaya on Tuesday after two days of heavy "
            "fighting with army troops and allied militias, residents and a local official said. More followed.")
    title = title_from_text(lede)
    assert title.startswith("Rebels seized the mining town of Rubaya") and len(title) <= 101
    assert "Reuters" not in title
    short = "Hope remains that a wider war can be avoided, but a truce in the enclave is elusive. More text."
    assert title_from_text(short) == "Hope remains that a wider war can be avoided, but a truce in the enclave is elusive"
    assert title_from_text("   \n ") is None
