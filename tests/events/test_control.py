"""Control of places: as-of-date queries (events.control) and the import_control command."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from events.control import UNKNOWN_COLOUR, changes_between, control_as_of, control_dates, control_version
from events.models import Actor, ControlAssertion, Report, Status
from gazetteer.geocoder import GazetteerGeocoder
from gazetteer.models import Place, PlaceName
from tests.conftest import shared_path

BASELINE = Path(__file__).resolve().parents[2] / "events" / "data" / "baseline_control.tsv"
D = dt.date.fromisoformat

pytestmark = pytest.mark.django_db


def place(name: str, lat: float, lon: float, *, country: str = "SY", kind: str = "town", names=()) -> Place:
    p = Place.objects.create(
        name=name, kind=kind, country=country, lat=lat, lon=lon, source="core", source_id=f"{name}@{lat},{lon}"
    )
    for n in names:
        PlaceName.objects.create(place=p, name=n, language="ar")
    return p


def actor(name: str) -> Actor:
    return Actor.objects.get(name=name)


def claim(where: Place, holder: str | None, date: str, *, besieged_by=(), **fields) -> ControlAssertion:
    a = ControlAssertion.objects.create(place=where, holder=actor(holder) if holder else None, date=D(date), **fields)
    if besieged_by:
        a.besieged_by.set([actor(b) for b in besieged_by])
    return a


def state(date: str, where: Place, **kw):
    return next((s for s in control_as_of(D(date), **kw) if s.place_id == where.pk), None)


# --- control_as_of -------------------------------------------------------------------------


def test_latest_assertion_on_or_before_the_date_wins_and_future_ones_are_ignored():
    hajin = place("Hajin", 34.69, 40.83)
    claim(hajin, "ISIS", "2017-01-01", evidence="old")
    claim(hajin, "SDF", "2018-12-14", evidence="taken")
    assert state("2016-12-31", hajin) is None
    s = state("2017-06-01", hajin)
    assert (s.holder, s.date, s.evidence, s.colour) == ("ISIS", D("2017-01-01"), "old", actor("ISIS").colour)
    assert state("2018-12-14", hajin).holder == "SDF"  # on the date itself
    assert state("2018-12-13", hajin).holder == "ISIS"


def test_same_day_reviewed_beats_extracted_then_confidence_then_newest():
    town = place("Mayadin", 35.02, 40.45)
    extracted = claim(town, "ISIS", "2017-10-14", confidence=0.99)
    assert state("2017-10-20", town).assertion_id == extracted.pk
    verified = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.VERIFIED, confidence=0.2)
    assert state("2017-10-20", town).assertion_id == verified.pk  # status first, whatever the confidence
    edited = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.EDITED, confidence=0.9)
    assert state("2017-10-20", town).assertion_id == edited.pk  # then confidence
    newer = claim(town, "Syrian Arab Army", "2017-10-14", status=Status.VERIFIED, confidence=0.9)
    assert state("2017-10-20", town).assertion_id == newer.pk  # then the newest


def test_rejected_assertions_are_ignored_and_unknown_holders_kept():
    town = place("Tabqa", 35.84, 38.55)
    claim(town, "ISIS", "2017-01-01")
    claim(town, "SDF", "2017-05-10", status=Status.REJECTED)
    assert state("2017-06-01", town).holder == "ISIS"
    claim(town, None, "2017-05-11")
    s = state("2017-06-01", town)
    assert s.holder is None and s.colour == UNKNOWN_COLOUR


def test_state_carries_place_report_and_besiegers():
    deir = place("Deir ez-Zor", 35.34, 40.14)
    report = Report.objects.create(text="گزارش محاصره دیرالزور", published=D("2017-02-01"))
    a = claim(
        deir,
        "Syrian Arab Army",
        "2017-02-01",
        besieged_by=["ISIS", "Russia"],
        report=report,
        evidence="محاصره",
        source="report",
    )
    s = state("2017-03-01", deir)
    assert s.besieged_by == ("ISIS", "Russia")
    assert (s.name, s.lat, s.lon, s.country, s.report_id, s.source, s.status, s.assertion_id) == (
        "Deir ez-Zor",
        35.34,
        40.14,
        "SY",
        report.pk,
        "report",
        "extracted",
        a.pk,
    )
    claim(deir, "Syrian Arab Army", "2017-11-03")
    assert state("2017-12-01", deir).besieged_by == ()


def test_country_filter():
    sy, iq = place("Raqqa", 35.95, 39.01), place("Mosul", 36.34, 43.13, country="IQ")
    claim(sy, "ISIS", "2017-01-01")
    claim(iq, "ISIS", "2017-01-01")
    assert {s.name for s in control_as_of(D("2017-02-01"), country="IQ")} == {"Mosul"}
    assert {s.name for s in control_as_of(D("2017-02-01"), country="sy")} == {"Raqqa"}
    assert len(control_as_of(D("2017-02-01"))) == 2


def test_queries_are_bounded_whatever_the_number_of_places(django_assert_max_num_queries):
    places = Place.objects.bulk_create(
        [
            Place(
                name=f"Village {i}",
                kind="village",
                country="SY",
                lat=35 + i / 1000,
                lon=38,
                source="core",
                source_id=str(i),
            )
            for i in range(200)
        ]
    )
    isis, sdf, saa = actor("ISIS"), actor("SDF"), actor("Syrian Arab Army")
    rows = []
    for i, p in enumerate(places):
        rows += [
            ControlAssertion(place=p, holder=isis, date=D("2017-01-01")),
            ControlAssertion(place=p, holder=sdf if i % 2 else saa, date=D("2017-10-01")),
            ControlAssertion(place=p, holder=saa, date=D("2018-01-01"), status=Status.VERIFIED),
        ]
    created = ControlAssertion.objects.bulk_create(rows)
    for a in created[1:60:3]:
        a.besieged_by.set([isis])
    with django_assert_max_num_queries(2):
        states = control_as_of(D("2017-11-01"))
    assert len(states) == 200 and {s.holder for s in states} == {"SDF", "Syrian Arab Army"}
    assert sum(1 for s in states if s.besieged_by == ("ISIS",)) == 20
    with django_assert_max_num_queries(5):
        changes = changes_between(D("2017-06-01"), D("2017-11-01"))
    assert len(changes) == 200
    with django_assert_max_num_queries(1):
        assert control_dates() == [D("2017-01-01"), D("2017-10-01"), D("2018-01-01")]
    with django_assert_max_num_queries(2):
        control_version()


# --- changes_between, control_dates, control_version ----------------------------------------


def test_changes_between_reports_new_holders_and_the_assertion_that_established_them():
    raqqa, hajin, tabqa, aleppo = (place(n, 35 + i, 39) for i, n in enumerate(["Raqqa", "Hajin", "Tabqa", "Aleppo"]))
    claim(raqqa, "ISIS", "2017-01-01")
    claim(raqqa, "SDF", "2017-09-01", evidence="partial")  # SDF, then unknown, then SDF again
    claim(raqqa, None, "2017-10-01")
    first = claim(raqqa, "SDF", "2017-10-17", evidence="taken")
    claim(raqqa, "SDF", "2017-11-01", evidence="still held")
    claim(hajin, "ISIS", "2017-01-01")  # no change
    claim(hajin, "ISIS", "2017-11-01")
    new = claim(tabqa, "SDF", "2017-05-10", evidence="first report")  # from nothing known
    claim(aleppo, "Syrian Arab Army", "2017-01-01")
    claim(aleppo, None, "2017-11-01")  # to unknown: not a change of holder
    changes = {c.name: c for c in changes_between(D("2017-02-01"), D("2017-12-01"))}
    assert set(changes) == {"Raqqa", "Tabqa"}
    r = changes["Raqqa"]
    assert (r.holder_before, r.holder_after, r.date, r.evidence, r.assertion_id) == (
        "ISIS",
        "SDF",
        D("2017-10-17"),
        "taken",
        first.pk,
    )
    assert r.colour_after == actor("SDF").colour and r.colour_before == actor("ISIS").colour
    t = changes["Tabqa"]
    assert (t.holder_before, t.holder_after, t.assertion_id, t.colour_before) == (None, "SDF", new.pk, UNKNOWN_COLOUR)
    assert [c.name for c in changes_between(D("2017-02-01"), D("2017-12-01"), country="IQ")] == []
    assert changes_between(D("2017-12-01"), D("2017-12-01")) == []


def test_control_dates_are_distinct_sorted_and_skip_rejected():
    town = place("Hajin", 34.69, 40.83)
    claim(town, "ISIS", "2018-01-01")
    claim(town, "SDF", "2017-01-01")
    claim(place("Baghuz", 34.46, 40.95), "ISIS", "2017-01-01")
    claim(town, "SDF", "2019-01-01", status=Status.REJECTED)
    assert control_dates() == [D("2017-01-01"), D("2018-01-01")]


def test_control_version_changes_on_every_write():
    town = place("Hajin", 34.69, 40.83)
    versions = [control_version()]
    claim(town, "ISIS", "2017-01-01")
    versions.append(control_version())
    a = claim(town, "ISIS", "2018-01-01")
    versions.append(control_version())
    assert control_version() == versions[-1]  # stable while nothing changes
    a.holder = actor("SDF")
    a.save()
    versions.append(control_version())
    ControlAssertion.objects.filter(pk=a.pk).update(status=Status.REJECTED)  # update() skips auto_now
    versions.append(control_version())
    ControlAssertion.objects.filter(pk=a.pk).update(holder=actor("ISIS"))
    versions.append(control_version())
    a.besieged_by.add(actor("SDF"))
    versions.append(control_version())
    assert len(set(versions)) == len(versions)
    a.delete()
    assert control_version() not in versions[2:]
    assert control_version() == versions[1]  # back to the same data: the same version
    ControlAssertion.objects.all().delete()
    assert control_version() == versions[0]  # the same data, the same version


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
    version = control_version()
    summary = run(path, "--date", "2017-07-15")
    assert "assertions: 0 new, 0 updated, 4 unchanged, 0 removed" in summary, summary
    assert (ControlAssertion.objects.count(), Place.objects.count(), PlaceName.objects.count()) == counts
    assert control_version() == version

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
