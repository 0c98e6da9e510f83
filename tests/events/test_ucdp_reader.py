"""Reading UCDP GED's CSV (events/ucdp_reader.py): sides, kinds, precision, deaths, the headline
as evidence, the place to link, and each row's problems with its line. No database."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from events import ucdp_reader
from events.dataset_table import FileProblem
from gazetteer.kinds import SETTLEMENT_KINDS
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "ucdp" / "ucdp_ged_sample.csv"


@pytest.fixture
def rows():
    rows, problems = ucdp_reader.read(SAMPLE.read_bytes(), "sample.csv")
    assert problems == []
    return {r.dataset_id: r for r in rows}


def test_a_row_becomes_an_event(rows):
    row = rows["900001"]
    assert row.dataset == "ucdp" and row.line == 2
    assert (row.values["kind"], row.values["event_type"], row.values["sub_event_type"]) == (
        "battle",
        "Battles",
        "Armed clash",
    )
    assert (row.actor1.name, row.actor1.mention, row.actor2.name, row.actor2.mention) == (
        "Syrian Arab Army",
        "Government of Syria",
        "ISIS",
        "IS",
    )
    assert (row.values["lat"], row.values["lon"]) == (35.3359, 40.1408)
    assert (row.values["fatalities"], row.values["fatalities_low"], row.values["fatalities_high"]) == (8, 8, 10)
    assert row.values["date"] == dt.date(2017, 9, 10) and row.values["date_end"] is None
    assert row.values["country"] == "SY" and row.values["admin1"] == "Deir ez Zor Governorate"
    assert (
        row.values["evidence"] == row.report.text == "Regime forces advance against the organization near Deir ez Zor"
    )
    assert row.report.outlet == "SOHR" and row.report.published == dt.date(2017, 9, 10)
    codes = row.values["source_codes"]
    assert codes["dyad_name"] == "Government of Syria - IS" and codes["deaths_b"] == "5" and codes["where_prec"] == "1"
    assert "latitude" not in codes and "side_a" not in codes  # those have fields of their own


def test_types_of_violence_and_precision(rows):
    assert rows["900003"].values["kind"] == "attack_on_civilians" and rows["900003"].actor2.name == "civilians"
    assert rows["900003"].values["event_type"] == "Violence against civilians"
    two_days = rows["900002"]
    assert (two_days.values["time_precision"], two_days.values["geo_precision"]) == (2, 2)
    assert (two_days.values["date"], two_days.values["date_end"]) == (dt.date(2017, 9, 29), dt.date(2017, 10, 1))
    assert two_days.report.published == dt.date(2017, 10, 1)  # the first of its source dates
    assert (rows["900004"].values["time_precision"], rows["900004"].values["geo_precision"]) == (3, 3)
    assert (rows["900005"].values["time_precision"], rows["900005"].values["geo_precision"]) == (3, 3)


def test_a_side_of_several_groups(rows):
    row = rows["900004"]
    assert row.actor1.name == "FSA/SNA"  # Ahrar al-Sham, the first group with a canonical actor
    assert row.actor1.mention == "Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front"
    assert [a.name for a in row.associated] == ["HTS"]  # Jabhat Fateh al-Sham; Southern Front is FSA/SNA too
    assert ucdp_reader.side_actor("Ahrar al-Sham, Jabhat Fateh al-Sham, Southern Front") == "FSA/SNA"
    assert ucdp_reader.side_actor("Liwa al-Aqsa, PKK") == "Liwa al-Aqsa"  # none canonical: the first group


def test_sides_outside_our_list_stay_actors_of_their_own(rows):
    row = rows["900008"]
    assert (row.actor1.name, row.actor1.canonical, row.actor2.name) == ("Government of Israel", False, "Liwa al-Aqsa")


@pytest.mark.parametrize(
    "where,prec,names,kinds,km",
    [
        ("Teir Maaleh village", 1, ("Teir Maaleh", "Teir Maaleh village"), SETTLEMENT_KINDS, 10.0),
        ("Aleppo city", 2, ("Aleppo", "Aleppo city"), SETTLEMENT_KINDS, 10.0),
        ("Tabqa Dam", 2, ("Tabqa Dam", "Tabqa"), None, 10.0),
        ("Menagh military airport", 2, ("Menagh military airport", "Menagh"), None, 10.0),
        ("Tadmur district", 3, ("Tadmur", "Tadmur district"), frozenset({"district"}), 40.0),
        ("Homs Governorate", 4, ("Homs", "Homs Governorate"), frozenset({"governorate"}), 100.0),
        ("Northern Hamah Governorate", 5, ("Hamah", "Northern Hamah Governorate"), frozenset({"governorate"}), 100.0),
        (
            "Palmyra/Tadmur town",
            1,
            ("Palmyra/Tadmur", "Palmyra/Tadmur town", "Palmyra", "Tadmur"),
            SETTLEMENT_KINDS,
            10.0,
        ),
        ("Tiyas Airbase (T4)", 2, ("Tiyas Airbase", "Tiyas", "T4"), None, 10.0),
        ("Eastern Ghouta", 2, ("Eastern Ghouta",), None, 10.0),
        ("Syria", 6, ("Syria",), frozenset({"country"}), 400.0),
        ("Ar Raqqah/Homs border", 5, (), None, 0.0),
    ],
)
def test_the_place_to_link(where, prec, names, kinds, km):
    query = ucdp_reader.place_query(where, prec)
    assert (query.names, query.kinds, query.max_km, query.snap_km) == (names, kinds, km, 0.0)


def test_gzipped_files_read():
    rows, problems = ucdp_reader.read(gzip.compress(SAMPLE.read_bytes()), "sample.csv.gz")
    assert problems == [] and len(rows) == 8


def test_each_rows_problems_are_named_with_its_line():
    header, *lines = SAMPLE.read_text().splitlines()
    bad = [
        lines[0].replace("900001,2017", ",2017", 1),  # no id
        lines[1].replace("34.6927,40.827", "134.6927,40.827"),
        lines[2].replace(",2017-06-12,2017-06-12,", ",2017-06-31,2017-06-12,"),
        lines[3].replace("2016,1,2,", "2016,1,7,", 1),  # type_of_violence out of range
    ]
    rows, problems = ucdp_reader.read("\n".join([header, *bad, lines[4]]).encode(), "bad.csv")
    assert [r.dataset_id for r in rows] == ["900005"]
    found = {p.line: p.message for p in problems}
    assert "no id" in found[2]
    assert "'134.6927', '40.827' are not coordinates" in found[3]
    assert "date_start '2017-06-31' is not a date" in found[4]
    assert "type_of_violence '7' is not a whole number (1-3)" in found[5]


def test_a_file_without_ucdps_columns_is_refused():
    with pytest.raises(FileProblem, match="missing columns id, type_of_violence"):
        ucdp_reader.read(b"event_id_cnty,event_date\nSYR1,2020-05-09\n", "acled.csv")


def test_html_character_references_in_a_headline_are_decoded():
    header, first, *_ = SAMPLE.read_text().splitlines()
    line = first.replace(
        "Regime forces advance against the organization", "Regime forces advance on Dar&#8217;a &amp; the"
    )
    rows, problems = ucdp_reader.read("\n".join([header, line]).encode(), "entities.csv")
    assert problems == []
    assert rows[0].values["evidence"] == rows[0].report.text == "Regime forces advance on Dar’a & the near Deir ez Zor"
    assert ucdp_reader.headline_text("  &#8220;Islamic State&#8221; kills 3 \n") == "“Islamic State” kills 3"
