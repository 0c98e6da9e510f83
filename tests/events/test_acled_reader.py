"""Reading ACLED's CSV (events/acled_reader.py): every date form, old and new columns, actors,
kinds, and each row's problems with its line. No database: the reader writes nothing."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from events import acled_reader
from events.dataset_table import FileProblem
from tests.conftest import FIXTURES

ACLED = FIXTURES / "acled"
HEADER = "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,inter1,actor2,inter2,location,latitude,longitude,notes\n"


def read(text: str, name: str = "acled.csv"):
    return acled_reader.read(text.encode("utf-8"), name)


@pytest.mark.parametrize(
    "value",
    [
        "9-May-20",
        "09-May-20",
        "9-May-2020",
        "09 May 2020",
        "9 May 2020",
        "09 MAY 2020",
        "2020-05-09",
        "2020-05-09T00:00:00",
        "2020-05-09 00:00:00",
        "May 9, 2020",
        "09/05/2020",
        "09.05.2020",
        "2020/05/09",
        "43960",
        "9 Ma\u0079 2020",
    ],
)
def test_every_date_form_reads(value):
    assert acled_reader.DateReader([value])(value) == dt.date(2020, 5, 9)


def test_numeric_dates_take_the_order_the_file_shows():
    day_first = acled_reader.DateReader(["09/05/2020", "23/05/2020"])
    assert day_first("09/05/2020") == dt.date(2020, 5, 9)
    month_first = acled_reader.DateReader(["05/09/2020", "05/23/2020"])
    assert month_first("05/09/2020") == dt.date(2020, 5, 9)
    mixed = acled_reader.DateReader(["23/05/2020", "05/23/2020", "05/09/2020"])
    with pytest.raises(ValueError, match="not a date"):
        mixed("05/09/2020")  # day and month cannot be told apart
    assert mixed("23/05/2020") == dt.date(2020, 5, 23)


@pytest.mark.parametrize("value", ["31 February 2020", "yesterday", "2020-13-01", "", "12345", "9-Mai-20"])
def test_what_is_not_a_date_is_refused(value):
    with pytest.raises(ValueError, match="is not a date"):
        acled_reader.DateReader([value])(value)


def test_the_fixture_reads_whole():
    rows, problems = acled_reader.read((ACLED / "acled_syria_iraq_2020.csv").read_bytes(), "fixture.csv")
    assert problems == [] and len(rows) == 40
    by_id = {r.dataset_id: r for r in rows}
    first = by_id["SYR9001"]
    assert first.line == 2 and first.values["date"] == dt.date(2020, 5, 9) and first.values["kind"] == "battle"
    assert (first.actor1.name, first.actor1.mention, first.actor1.inter) == (
        "Turkey",
        "Military Forces of Turkey (2016-)",
        8,
    )
    assert (first.actor2.name, first.actor2.canonical) == ("SDF", True)
    assert [a.name for a in first.associated] == []  # Operation Peace Spring is Turkey, the first actor
    assert first.values["source_codes"] == {"assoc_actor_1": "Operation Peace Spring", "inter1": 8, "inter2": 2}
    assert (first.values["admin1"], first.values["admin2"], first.values["admin3"]) == (
        "Ar Raqqa",
        "Tell Abiad",
        "Ein Issa",
    )
    assert first.values["country"] == "SY" and first.values["fatalities"] == 0
    assert first.values["source"] == "ANHA; Yeni Safak" and first.values["source_scale"] == "National-International"
    assert first.report.text == first.values["evidence"] and first.report.published == dt.date(2020, 5, 9)
    assert first.place.names == ("Ain Issa",) and first.place.max_km == 10.0 and first.place.snap_km == 2.0
    protest = by_id["SYR9013"]
    assert protest.values["kind"] == "protest" and protest.actor1.name == "Protesters (Syria)"
    assert protest.actor1.canonical is False and protest.actor1.inter == 6 and protest.actor2 is None
    assert protest.values["source_codes"]["tags"] == "crowd size=around 100"
    assert [a.name for a in by_id["SYR9027"].associated] == ["HTS", "Hezbollah"]
    assert by_id["SYR9012"].place.names == ("Damascus - Jobar", "Jobar", "Damascus")
    assert by_id["IRQ9001"].values["country"] == "IQ"


def test_every_row_of_the_fixture_has_a_first_actor_and_most_a_canonical_one():
    rows, _ = acled_reader.read((ACLED / "acled_syria_iraq_2020.csv").read_bytes(), "fixture.csv")
    assert all(r.actor1 is not None for r in rows)
    own = sorted({r.actor1.name for r in rows if not r.actor1.canonical})
    assert own == [
        "Military Forces of Israel (2021-)",
        "Protesters (Iraq)",
        "Protesters (Syria)",
        "Rioters (Iraq)",
        "Rioters (Syria)",
        "Unidentified Armed Group (Iraq)",
        "Unidentified Armed Group (Syria)",
    ]
    assert sum(r.actor1.canonical for r in rows) == 28


def test_acleds_old_format_reads():
    rows, problems = acled_reader.read((ACLED / "acled_legacy_2017.csv").read_bytes(), "legacy.csv")
    assert problems == [] and len(rows) == 7
    by_id = {r.dataset_id: r for r in rows}
    assert by_id["SYR8001"].values["date"] == dt.date(2017, 3, 23)
    assert by_id["SYR8002"].values["date"] == dt.date(2017, 4, 5)  # day first, as 23/03/2017 shows
    assert [by_id[i].values["kind"] for i in ("SYR8001", "SYR8002", "SYR8003", "SYR8004", "SYR8005")] == [
        "battle",
        "airstrike_or_shelling",
        "protest",
        "capture_or_liberation",
        "base_established",
    ]
    assert by_id["SYR8001"].values["event_type"] == "Battle-No change of territory"  # ACLED's own, kept
    assert by_id["SYR8001"].values["sub_event_type"] == ""
    assert [a.name for a in by_id["SYR8004"].associated] == ["US-led coalition"]  # from ALLY_ACTOR_1


def test_each_rows_problems_are_named_with_its_line():
    rows, problems = acled_reader.read((ACLED / "acled_with_problems.csv").read_bytes(), "bad.csv")
    assert [r.dataset_id for r in rows] == ["SYR7001", "SYR7001", "SYR7010"]  # the repeat is the importer's
    assert (
        rows[-1].line == 11
        and rows[-1].values["evidence"] == "A good row after the bad ones, with a note over two lines."
    )
    found = {p.line: p.message for p in problems}
    assert sorted(found) == [3, 4, 5, 6, 7, 9, 10]
    assert "'31 February 2020' is not a date" in found[3]
    assert "not in the row's year 2019" in found[4]
    assert "'99', '40.8270' are not coordinates" in found[5]
    assert "'Skirmishes'" in found[6] and "is not an ACLED event type" in found[6]
    assert "no notes" in found[7]
    assert all(s in found[9] for s in ("time_precision '4'", "inter1 '9'", "fatalities '-1'"))
    assert "no event_id_cnty" in found[10]


def test_a_file_without_acleds_columns_is_refused_before_any_row():
    with pytest.raises(
        FileProblem, match=r"x.csv: line 1: missing columns event_id_cnty, .*notes — nothing was written"
    ):
        read("name,lat,lon\nHajin,34.6,40.8\n", "x.csv")


@pytest.mark.parametrize(
    "data,reason",
    [(b"", "empty"), (b"%PDF-1.4 binary", "PDF"), ("événement".encode("utf-16-le") * 3 + b"\x00\xd8", "UTF-16")],
)
def test_unreadable_files_are_refused(data, reason):
    with pytest.raises(FileProblem, match=reason):
        acled_reader.read(data, "bad.csv")


def test_semicolons_excel_encodings_and_gzip_read():
    text = (
        HEADER.replace(",", ";")
        + "SYR1;9-May-20;2020;Battles;Armed clash;Military Forces of Syria (2000-);1;Islamic State (Syria);2;Hajin;34,6927;40,827;Clashes near Hajin.\n"
    )
    rows, problems = read(text)
    # a decimal comma is not a coordinate: named, not guessed
    assert rows == [] and "are not coordinates" in problems[0].message and problems[0].line == 2
    text = (
        HEADER
        + 'SYR1,9-May-20,2020,Battles,Armed clash,Military Forces of Syria (2000-),1,"Islamic State (Syria)",2,Hajin,34.6927,40.827,"Clashes near Hajin, café."\n'
    )
    for data in (text.encode("cp1252"), text.encode("utf-8-sig"), gzip.compress(text.encode())):
        rows, problems = acled_reader.read(data, "x.csv")
        assert problems == [] and rows[0].values["evidence"] == "Clashes near Hajin, café."


def test_spreadsheet_escapes_of_our_exports_are_undone():
    text = (
        HEADER
        + "SYR1,2020-05-09,2020,Battles,Armed clash,'=HYPERLINK(1),,'-ISIS,,Hajin,34.6927,40.827,'=1+1 said someone\n"
    )
    rows, _ = read(text)
    assert rows[0].actor1.mention == "=HYPERLINK(1)" and rows[0].actor2.mention == "-ISIS"
    assert rows[0].values["evidence"] == "=1+1 said someone"


def test_extra_cells_are_a_problem_of_their_row():
    rows, problems = read(HEADER + "SYR1,2020-05-09,2020,Battles,Armed clash,A,,B,,Hajin,34.6,40.8,notes,surplus\n")
    assert rows == [] and problems[0].line == 2 and "14 cells where the header has 13" in problems[0].message


def test_actor_names_are_kept_on_one_clean_line():
    text = (
        HEADER
        + 'SYR1,2020-05-09,2020,Battles,Armed clash,"Evil\u202e Group\u0007 (Syria)",3,,,Hajin,34.6927,40.827,Clashes.\n'
    )
    rows, _ = read(text)
    assert rows[0].actor1.name == rows[0].actor1.mention == "Evil Group (Syria)"
