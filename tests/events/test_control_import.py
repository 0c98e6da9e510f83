"""The import of control tables (events.control_import, events.control_table), through the
import_control command and directly: matching rows to places, holders, idempotence, the rows
people reviewed, bad files, and the baseline and real tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.control import changes_between, control_as_of, control_dates
from events.control_import import import_table
from events.control_table import Holders, TableError, parse_date, read_table
from events.models import Actor, ControlAssertion, Status
from gazetteer.geocoder import GazetteerGeocoder
from gazetteer.models import Place, PlaceName
from tests.conftest import shared_path
from tests.events.test_control import actor, claim, place, state

BASELINE = Path(__file__).resolve().parents[2] / "events" / "data" / "baseline_control.tsv"
D = dt.date.fromisoformat

pytestmark = pytest.mark.django_db


# --- import_control --------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_control", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def towns(db):
    return {
        "hajin": place("Hajin", 34.690, 40.830, names=["هجين"]),
        "hamlet": place("Qaryat Foo", 35.500, 39.500, kind="village"),
        "mosul": place("Mosul", 36.340, 43.130, country="IQ", kind="city"),
    }


TABLE = [
    ["name", "lat", "lon", "controller", "besieged_by"],
    ["Hajin", "34.700", "40.840", "isis", ""],  # 1.4 km from Hajin: by name
    ["Unlisted Hamlet", "35.505", "39.505", "sdf", ""],  # 0.7 km from Qaryat Foo: by distance
    ["Mosul", "36.350", "43.140", "government", "isis"],  # matched place in Iraq: government = ISF
    ["Hajin", "35.200", "38.200", "government", ""],  # a Hajin far from the known one: a new place
    ["Tall Contested", "35.000", "39.000", "contested", ""],
    ["Somewhere", "35.100", "39.100", "unknown", ""],
]


def write_table(path: Path, rows, *, delimiter="\t", bom=False) -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8")
    return path


def holders(date: str = "2017-07-16") -> dict[tuple[str, float], str | None]:
    return {(s.name, round(s.lat, 2)): s.holder for s in control_as_of(D(date))}


def test_import_tsv_matches_by_name_by_distance_or_creates_places(towns, tmp_path):
    summary = run(write_table(tmp_path / "wiki.tsv", TABLE), "--date", "2017-07-15")
    assert "6 rows read; 2 matched by name, 1 by distance, 1 unmatched (1 new places)" in summary, summary
    assert "1 contested, 1 unknown" in summary and "assertions: 4 new" in summary
    assert holders() == {
        ("Hajin", 34.69): "ISIS",
        ("Qaryat Foo", 35.5): "SDF",
        ("Mosul", 36.34): "Iraqi Security Forces",
        ("Hajin", 35.2): "Syrian Arab Army",  # nearest place is in Syria
    }
    new = Place.objects.get(name="Hajin", lat=35.2)
    assert (new.kind, new.country, new.source) == ("village", "SY", "control:wiki")
    assert state("2017-07-16", towns["mosul"]).besieged_by == ("ISIS",)
    a = ControlAssertion.objects.get(place=towns["hajin"])
    assert (a.source, a.status, a.confidence, a.date) == ("import", "verified", 1.0, D("2017-07-15"))
    assert a.evidence.startswith("wiki.tsv:2: Hajin")


def test_import_csv_with_bom_row_dates_and_other_header_names(towns, tmp_path):
    rows = [
        ["Label", "Latitude", "Longitude", "Holder", "Date", "name_ar"],
        ["Al-Hajin", "34.70", "40.84", "Syrian Democratic Forces", "2018-12-14", "هجين"],  # by its Arabic name
        ["Mosul", "36.35", "43.14", "SDF", "", ""],  # sdf in Iraq: Peshmerga; date from --date
    ]
    summary = run(write_table(tmp_path / "points.csv", rows, delimiter=",", bom=True), "--date", "2017-01-01")
    assert "2 matched by name" in summary, summary
    assert state("2018-12-14", towns["hajin"]).holder == "SDF"
    assert state("2018-12-13", towns["hajin"]) is None
    assert state("2017-01-01", towns["mosul"]).holder == "Peshmerga"


@pytest.mark.parametrize(
    "holder,country,expected",
    [
        ("government", None, "Syrian Arab Army"),
        ("government", "IQ", "Iraqi Security Forces"),
        ("SDF", "IQ", "Peshmerga"),
        ("rebels", None, "FSA/SNA"),
        ("HTS", None, "HTS"),
        ("Turkey", None, "Turkey"),
        ("syrian arab army", None, "Syrian Arab Army"),  # canonical names in any case
        ("Daesh", None, "ISIS"),  # aliases
        ("داعش", None, "ISIS"),
        ("Russia", None, "Syrian Arab Army"),  # forces that do not hold ground: the state holds
    ],
)
def test_holder_vocabulary(towns, tmp_path, holder, country, expected):
    path = write_table(tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", holder]])
    run(path, "--date", "2017-07-15", *(["--country", country] if country else []))
    assert state("2017-07-15", towns["hajin"]).holder == expected


def test_actor_aliases_from_the_actors_table(towns, tmp_path):
    Actor.objects.filter(name="HTS").update(aliases=["Tahrir al-Sham Front"])
    path = write_table(
        tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", "tahrir al-sham front"]]
    )
    run(path, "--date", "2017-07-15")
    assert state("2017-07-15", towns["hajin"]).holder == "HTS"


def test_import_is_idempotent_and_replaces_the_rows_of_its_source_and_date(towns, tmp_path):
    path = write_table(tmp_path / "wiki.tsv", TABLE)
    run(path, "--date", "2017-07-15")
    counts = (ControlAssertion.objects.count(), Place.objects.count(), PlaceName.objects.count())
    rows = list(ControlAssertion.objects.order_by("pk").values_list())
    summary = run(path, "--date", "2017-07-15")
    assert "assertions: 0 new, 0 updated, 4 unchanged, 0 removed" in summary, summary
    assert (ControlAssertion.objects.count(), Place.objects.count(), PlaceName.objects.count()) == counts
    assert list(ControlAssertion.objects.order_by("pk").values_list()) == rows

    run(path, "--date", "2017-08-01")  # another date: more assertions, same places
    assert ControlAssertion.objects.count() == 8 and Place.objects.count() == counts[1]

    edited = ControlAssertion.objects.get(place=towns["hamlet"], date=D("2017-07-15"))
    edited.holder, edited.status = actor("ISIS"), Status.EDITED
    edited.save()
    changed = [r[:] for r in TABLE if r[2] != "38.200"]  # the far Hajin is gone
    changed[1][3] = "government"  # Hajin: now held by the government
    summary = run(write_table(path, changed), "--date", "2017-07-15")
    assert "0 new, 1 updated, 1 unchanged, 1 removed, 1 kept as people reviewed them" in summary, summary
    assert state("2017-07-20", towns["hajin"]).holder == "Syrian Arab Army"
    assert ControlAssertion.objects.get(pk=edited.pk).holder.name == "ISIS"  # people's edit kept
    far = Place.objects.get(name="Hajin", lat=35.2)
    assert not ControlAssertion.objects.filter(place=far, date=D("2017-07-15")).exists()
    assert ControlAssertion.objects.filter(place=far, date=D("2017-08-01")).exists()  # other date untouched


def test_dry_run_writes_nothing(towns, tmp_path):
    before = (Place.objects.count(), PlaceName.objects.count(), Actor.objects.count())
    summary = run(write_table(tmp_path / "wiki.tsv", TABLE), "--date", "2017-07-15", "--dry-run")
    assert summary.startswith("dry run, nothing written") and "4 new" in summary and "(1 new places)" in summary
    assert ControlAssertion.objects.count() == 0
    assert (Place.objects.count(), PlaceName.objects.count(), Actor.objects.count()) == before


def test_a_later_report_wins_over_an_import_and_a_same_day_one_does_not(towns, tmp_path):
    path = write_table(tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", "isis"]])
    run(path, "--date", "2017-07-15")
    claim(towns["hajin"], "SDF", "2017-07-15", confidence=0.99)  # extracted on the same day
    assert state("2017-07-20", towns["hajin"]).holder == "ISIS"
    claim(towns["hajin"], "SDF", "2017-07-16", confidence=0.3)
    assert state("2017-07-20", towns["hajin"]).holder == "SDF"


def test_rows_meeting_on_one_place_keep_their_own_places_unless_they_are_the_same(towns, tmp_path):
    rows = [
        ["name", "lat", "lon", "holder", "kind"],
        ["Hajin", "34.690", "40.830", "isis", "pog"],
        ["Hajin", "34.695", "40.835", "isis", "pog"],  # the same Hajin written twice (0.7 km)
        ["Hajin", "34.720", "40.850", "sdf", "pog"],  # another Hajin 3.8 km away
        ["Foo East", "35.505", "39.505", "sdf", "pog"],  # 0.7 km from Qaryat Foo
        ["Foo West", "35.501", "39.501", "government", "pog"],  # 0.14 km: nearer, takes Qaryat Foo
        ["Foo Airbase", "35.450", "39.450", "government", "other"],  # a facility far from all
    ]
    path = write_table(tmp_path / "t.tsv", rows)
    summary = run(path, "--date", "2017-07-15")
    assert "1 more rows for a place and date already taken" in summary and "assertions: 5 new" in summary, summary
    assert holders() == {
        ("Hajin", 34.69): "ISIS",
        ("Hajin", 34.72): "SDF",
        ("Qaryat Foo", 35.5): "Syrian Arab Army",
        ("Foo East", 35.51): "SDF",
        ("Foo Airbase", 35.45): "Syrian Arab Army",
    }
    assert Place.objects.get(name="Foo East").kind == "village" and Place.objects.get(name="Foo Airbase").kind == "site"
    assert "0 new, 0 updated, 5 unchanged" in run(path, "--date", "2017-07-15")


def test_unnamed_rows_snap_to_a_nearby_place_or_are_skipped(towns, tmp_path):
    rows = [
        ["label", "link", "lat", "lon", "controller"],
        ["", "", "35.501", "39.501", "sdf"],  # snaps to Qaryat Foo
        ["", "", "33.0", "37.0", "isis"],  # nothing near, no name: skipped
        ["", "#Hajin", "34.70", "40.84", "isis"],  # named by its link
    ]
    summary = run(write_table(tmp_path / "t.tsv", rows), "--date", "2017-07-15")
    assert "1 unnamed, no place of its own near" in summary and "1 matched by name, 1 by distance" in summary, summary


BAD = [
    (b"", None, "empty"),
    (b"\x00\x01\x02binary\x00", None, "binary"),
    (b"name\tlat\tlon\nHajin\t34.69\t40.83\n", 1, "missing column"),
    (b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\nHajin\t95\t40.83\tisis\n", 3, "out of range"),
    (b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\nHajin\t34.69\t200\tisis\n", 3, "out of range"),
    (b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\nHajin\tnorth\t40.83\tisis\n", 3, "not a number"),
    (
        b"name\tlat\tlon\tholder\tdate\nNew\t35.9\t38.0\tisis\t2017-01-01\nHajin\t34.69\t40.83\tisis\t2017-13-45\n",
        3,
        "bad date",
    ),
    (
        b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\nHajin\t34.69\t40.83\tmartians\n",
        3,
        "unknown holder 'martians'",
    ),
    (b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\nHajin\t34.69\t40.83\tisis\tx\ty\n", 3, "6 fields"),
    (b"name,lat,lon,holder\nNew Place,35.9,38.0,isis\nHajin,34.69,40.83,isis; martians\n", 3, "unknown holder"),
    (b"name\tlat\tlon\tholder\n", None, "no rows"),
    # Not UTF-8: read as Windows-1252 (mostly-English text; lib/untrusted.py), so the holder is "é".
    (
        b"name\tlat\tlon\tholder\nNew Place\t35.9\t38.0\tisis\n" + "Hajin\t34.69\t40.83\t\xe9\n".encode("latin-1"),
        3,
        "unknown holder 'é'",
    ),
]


@pytest.mark.parametrize("content,line,reason", BAD)
def test_bad_files_name_the_line_and_write_nothing(towns, tmp_path, content, line, reason):
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    places = Place.objects.count()
    with pytest.raises(CommandError, match=reason) as exc:
        run(path, "--date", "2017-07-15")
    assert (f"bad.tsv:{line}:" if line else "bad.tsv:") in str(exc.value)
    assert "nothing was written" in str(exc.value)
    assert ControlAssertion.objects.count() == 0 and Place.objects.count() == places


def test_a_date_is_required(towns, tmp_path):
    path = write_table(tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", "isis"]])
    with pytest.raises(CommandError, match=r"t.tsv:1: .*give --date"):
        run(path)
    with pytest.raises(CommandError, match="bad date"):
        run(path, "--date", "15/07/2017")
    path = write_table(
        tmp_path / "d.tsv", [["name", "lat", "lon", "holder", "date"], ["Hajin", "34.69", "40.83", "isis", ""]]
    )
    with pytest.raises(CommandError, match=r"d.tsv:2: no date"):
        run(path)
    assert ControlAssertion.objects.count() == 0


def test_a_point_of_no_known_country_needs_country(db, tmp_path):
    path = write_table(
        tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Nowhere", "35.0", "38.0", "government"]]
    )
    with pytest.raises(CommandError, match=r"t.tsv:2: .*--country"):
        run(path, "--date", "2017-07-15")
    assert Place.objects.count() == 0
    run(path, "--date", "2017-07-15", "--country", "IQ")
    assert control_as_of(D("2017-07-15"))[0].holder == "Iraqi Security Forces"


# --- the baseline and the real tables ---------------------------------------------------------


def load_builtin():
    call_command("load_gazetteer", "builtin", "--no-progress", stdout=io.StringIO())


def by_name(date: str, name: str, country: str):
    loc = GazetteerGeocoder().geocode(name, country_codes=country, kinds=["city", "town", "village"])
    assert loc is not None, name
    return next((s for s in control_as_of(D(date)) if s.place_id == loc.raw["place_id"]), None)


def test_baseline_file_is_well_formed():
    rows = list(csv.DictReader(BASELINE.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert list(rows[0]) == ["name", "name_ar", "lat", "lon", "holder", "besieged_by", "date"]
    assert 400 <= len(rows) <= 700
    first = {r["name"] for r in rows if r["date"] == "2017-01-01"}
    assert 250 <= len(first) <= 400 and all(r["name_ar"] for r in rows)
    assert {r["name"] for r in rows} == first  # every place has a row on the first date
    assert {r["date"] for r in rows} == {"2017-01-01", "2017-07-01", "2017-12-01", "2018-06-01", "2019-04-01"}
    assert len({(r["name"], r["date"]) for r in rows}) == len(rows)


def test_baseline_imports_against_the_builtin_gazetteer():
    load_builtin()
    summary = run(BASELINE, "--source", "baseline")
    # Coordinates come from the builtin gazetteer, so every row but one (Adra, which it lacks)
    # matches a place by name.
    assert "518 rows read; 517 matched by name, 0 by distance, 1 unmatched (1 new places)" in summary, summary
    assert "skipped none" in summary and "518 new" in summary, summary
    assert "assertions: 0 new" in run(BASELINE, "--source", "baseline")
    mosul = by_name("2017-01-02", "Mosul", "IQ")
    assert (mosul.holder, mosul.besieged_by) == ("ISIS", ("Iraqi Security Forces",))
    assert by_name("2017-08-01", "Mosul", "IQ").holder == "Iraqi Security Forces"
    assert by_name("2017-08-01", "Raqqa", "SY").besieged_by == ("SDF",)
    assert by_name("2018-01-01", "Raqqa", "SY").holder == "SDF"
    assert by_name("2017-03-01", "Deir ez-Zor", "SY").besieged_by == ("ISIS",)
    assert by_name("2018-01-01", "Deir ez-Zor", "SY").besieged_by == ()
    assert by_name("2017-08-01", "Kirkuk", "IQ").holder == "Peshmerga"
    assert by_name("2018-01-01", "Kirkuk", "IQ").holder == "Iraqi Security Forces"
    assert by_name("2018-01-01", "Afrin", "SY").holder == "SDF"
    assert by_name("2018-07-01", "Afrin", "SY").holder == "FSA/SNA"
    assert by_name("2018-07-01", "Douma", "SY").holder == "Syrian Arab Army"
    assert by_name("2018-07-01", "Hajin", "SY").holder == "ISIS"
    assert by_name("2019-05-01", "Hajin", "SY").holder == "SDF"
    assert by_name("2018-01-01", "Abu Kamal", "SY").holder == "Syrian Arab Army"
    # The Euphrates valley in 2018: the government on the west bank, the SDF on the east bank.
    assert by_name("2017-07-01", "Hatla", "SY").holder == "ISIS"
    assert by_name("2018-01-01", "Hatla", "SY").holder == "Syrian Arab Army"
    assert by_name("2018-01-01", "Al-Busayrah", "SY").holder == "SDF"
    assert by_name("2018-07-01", "Jindires", "SY").holder == "FSA/SNA"
    assert by_name("2018-07-01", "Harasta", "SY").holder == "Syrian Arab Army"
    assert by_name("2017-01-02", "Tal Kayf", "IQ").holder == "ISIS"
    assert by_name("2017-08-01", "Tal Kayf", "IQ").holder == "Iraqi Security Forces"
    assert by_name("2017-08-01", "Makhmour", "IQ").holder == "Peshmerga"
    assert by_name("2018-01-01", "Makhmour", "IQ").holder == "Iraqi Security Forces"
    everywhere = control_as_of(D("2017-01-01"))
    assert len(everywhere) == len(control_as_of(D("2019-04-01"))) >= 250
    assert {s.country for s in everywhere} == {"SY", "IQ"} and all(s.holder for s in everywhere)
    assert control_dates() == [D(d) for d in ("2017-01-01", "2017-07-01", "2017-12-01", "2018-06-01", "2019-04-01")]
    changes = {c.name: c for c in changes_between(D("2017-01-01"), D("2017-12-31"), country="IQ")}
    assert changes["Kirkuk"].holder_before == "Peshmerga" and changes["Kirkuk"].date == D("2017-12-01")


@pytest.mark.shared
def test_wikipedia_syria_table_imports_thousands_of_points():
    path = shared_path("data", "control", "wikipedia_syria_detailed_map.tsv")
    load_builtin()
    summary = run(path, "--date", "2017-07-15", "--country", "SY")
    assert "6,178 rows read" in summary and "112 contested, 37 unknown" in summary, summary
    assert ControlAssertion.objects.filter(source="import").count() > 5000
    assert by_name("2017-07-15", "Mayadin", "SY").holder == "ISIS"
    assert by_name("2017-07-15", "Manbij", "SY").holder == "SDF"
    assert by_name("2017-07-15", "Jarabulus", "SY").holder == "FSA/SNA"
    assert by_name("2017-07-15", "Hajin", "SY").holder == "ISIS"
    assert len(control_as_of(D("2017-07-15"), country="SY")) > 5000
    places = Place.objects.count()
    assert "0 new, 0 updated" in run(path, "--date", "2017-07-15", "--country", "SY")
    assert Place.objects.count() == places


# --- without the command ----------------------------------------------------------------------


def test_import_table_returns_its_stats_and_the_commands_summary(towns, tmp_path):
    path = write_table(tmp_path / "wiki.tsv", TABLE)
    stats = import_table(path, date=D("2017-07-15"))
    assert (stats.rows, stats.by_name, stats.by_distance, stats.new_rows, stats.new_places) == (6, 2, 1, 1, 1)
    assert stats.skipped == {"contested": 1, "unknown": 1} and stats.created == 4
    assert stats.summary().startswith("import_control wiki.tsv: 6 rows read; 2 matched by name")
    assert Place.objects.get(name="Hajin", lat=35.2).source == "control:wiki"  # the default source
    again = import_table(path, date=D("2017-07-15"), dry_run=True)
    assert again.unchanged == 4 and again.summary().startswith("dry run, nothing written: import_control wiki.tsv")


def test_import_table_refuses_bad_arguments_and_tables_with_table_error(towns, tmp_path):
    path = write_table(tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", "isis"]])
    with pytest.raises(TableError, match="--source must not be empty"):
        import_table(path, source="  ", date=D("2017-07-15"))
    with pytest.raises(TableError, match="--max-km must be positive"):
        import_table(path, date=D("2017-07-15"), max_km=0)
    with pytest.raises(TableError, match="--snap-km zero or positive"):
        import_table(path, date=D("2017-07-15"), snap_km=-1)
    with pytest.raises(TableError, match=r"t.tsv:1: the table has no date column"):
        import_table(path)
    assert ControlAssertion.objects.count() == 0


def test_the_commands_argument_errors_keep_their_messages(towns, tmp_path):
    path = write_table(tmp_path / "t.tsv", [["name", "lat", "lon", "holder"], ["Hajin", "34.69", "40.83", "isis"]])
    with pytest.raises(CommandError, match="--source must not be empty"):
        run(path, "--date", "2017-07-15", "--source", " ")
    with pytest.raises(CommandError, match="--max-km must be positive"):
        run(path, "--date", "2017-07-15", "--max-km", "0")


def test_read_table_gives_rows_with_names_languages_facilities_and_dates(db, tmp_path):
    rows = [
        ["label", "link", "name_ar", "lat", "lon", "controller", "kind", "date", "besieged_by"],
        ["Hajin", "", "هجين", "34.69", "40.83", "isis", "pog", "", "SDF; government"],
        ["", "#Foo_Base#x", "", "35.1", "39.1", "sdf", "other", "2018-01-02", ""],
        ["دير الزور\u202e", "", "", "35.3", "40.1", "contested", "", "", ""],
    ]
    read = read_table(write_table(tmp_path / "t.tsv", rows), D("2017-07-15"), Holders())
    hajin, base, deir = read
    assert (hajin.line, hajin.name, hajin.names, hajin.date, hajin.facility) == (
        2,
        "Hajin",
        [("Hajin", "en"), ("هجين", "ar")],
        D("2017-07-15"),
        False,
    )
    assert hajin.besieged_by == ["SDF", "government"] and not hajin.skipped
    assert (base.name, base.facility, base.date) == ("Foo Base", True, D("2018-01-02"))  # named by its link
    assert (deir.names, deir.skipped, deir.facility) == ([("دير الزور", "ar")], True, False)


def test_parse_date_names_the_file_and_line_when_given(tmp_path):
    assert parse_date(" 2017-07-15 ") == D("2017-07-15")
    with pytest.raises(TableError, match=r"^bad date '15/07/2017' \(expected YYYY-MM-DD\)$"):
        parse_date("15/07/2017")
    with pytest.raises(TableError, match=r"t.tsv:4: bad date 'x' .* nothing was written"):
        parse_date("x", tmp_path / "t.tsv", 4)
