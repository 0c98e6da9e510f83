"""Importing ACLED and UCDP GED files (events/event_import.py): events, actors, reports and places
written in batches, idempotent re-imports, reviewed events kept, dry runs, problems by line, and
the round trip export → import into an empty database."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io

import pytest

from events import event_import
from events.event_import import FileProblem, import_data, import_file
from events.export import acled_csv
from events.models import Actor, Event, Report, Status
from events.ucdp_export import ucdp_csv
from tests.conftest import FIXTURES, shared_path

ACLED_FILE = FIXTURES / "acled" / "acled_syria_iraq_2020.csv"
UCDP_FILE = FIXTURES / "ucdp" / "ucdp_ged_sample.csv"
SKIP = {"id", "report_id", "created_at", "updated_at"}


def snapshot() -> dict[str, dict]:
    """Every event by dataset id: its fields, actors by name, associated actors, its report."""
    fields = [f.attname for f in Event._meta.concrete_fields if f.attname not in SKIP]
    out = {}
    for e in Event.objects.select_related("actor1", "actor2", "report").prefetch_related("associated_actors"):
        row = {f: getattr(e, f) for f in fields}
        row.update(
            actor1_id=e.actor1 and (e.actor1.name, e.actor1.origin, e.actor1.inter),
            actor2_id=e.actor2 and (e.actor2.name, e.actor2.origin, e.actor2.inter),
            associated=sorted(a.name for a in e.associated_actors.all()),
            report=(e.report.text, e.report.outlet, e.report.published, e.report.language),
        )
        out[f"{e.dataset}:{e.dataset_id}"] = row
    return out


def empty_the_database() -> None:
    Event.objects.all().delete()
    Report.objects.all().delete()
    Actor.objects.exclude(origin="").delete()


def test_an_acled_file_imports_as_it_is(tiny_gazetteer):
    result = import_file(ACLED_FILE, "acled")
    assert (result.rows, result.problems, result.created) == (40, [], 40)
    # own actors: 7 first actors (unidentified groups, protesters, rioters, Israel), PKK, 5 associated
    assert result.new_reports == 40 and result.new_actors == 13
    assert result.linked == 19  # the rows at Hajin, Baghuz Fawqani, Deir ez Zor, Raqqa, Tabqa, Al Tuwaymin, Mosul
    events = Event.objects.filter(dataset="acled").select_related("actor1", "actor2", "place", "report")
    assert events.count() == 40 and all(e.actor1 is not None for e in events)
    assert not events.filter(kind="other", event_type__in=("Protests", "Riots")).exists()
    assert not events.filter(kind="surrender_or_defection", sub_event_type="Change to group/activity").exists()
    hajin = events.get(dataset_id="SYR9002")
    assert (hajin.kind, hajin.place.name, hajin.status, hajin.confidence) == (
        "capture_or_liberation",
        "Hajin",
        Status.VERIFIED,
        1.0,
    )
    assert (hajin.actor1.name, hajin.actor2.name, hajin.actor1_mention) == (
        "SDF",
        "ISIS",
        "QSD: Syrian Democratic Forces",
    )
    assert [a.name for a in hajin.associated_actors.all()] == ["US-led coalition"]
    assert (
        hajin.report.text == hajin.evidence
        and hajin.evidence[hajin.evidence_start : hajin.evidence_end] == hajin.evidence
    )
    assert hajin.report.outlet == "SOHR" and hajin.report.published == dt.date(2020, 5, 9)
    assert (hajin.lat, hajin.lon, hajin.fatalities, hajin.admin3) == (34.6927, 40.827, 3, "Hajin")
    assert hajin.fingerprint == "acled:SYR9002" and hajin.history.get().history_change_reason.startswith(
        "import_events acled"
    )
    uag = Actor.objects.get(name="Unidentified Armed Group (Syria)")
    assert (uag.origin, uag.inter) == ("acled", 3)
    assert events.get(dataset_id="SYR9006").actor1 == uag
    jobar = events.get(dataset_id="SYR9012")
    assert jobar.place is None and (jobar.lat, jobar.lon) == (33.535, 36.328)  # no such place: ACLED's point stays


def test_a_second_run_changes_nothing(tiny_gazetteer):
    import_file(ACLED_FILE, "acled")
    before = snapshot()
    stamps = dict(Event.objects.values_list("id", "updated_at"))
    history = Event.history.count()
    again = import_file(ACLED_FILE, "acled")
    assert (again.created, again.updated, again.unchanged, again.new_reports, again.new_actors) == (0, 0, 40, 0, 0)
    assert snapshot() == before and dict(Event.objects.values_list("id", "updated_at")) == stamps
    assert Event.history.count() == history and Report.objects.count() == 40


def test_a_changed_row_updates_its_event_only(tiny_gazetteer):
    import_file(ACLED_FILE, "acled")
    old = Event.objects.get(dataset_id="SYR9007")
    text = ACLED_FILE.read_text().replace('killing 4 soldiers.",5,', 'killing 6 soldiers.",7,')
    result = import_data(text.encode(), "updated.csv", "acled")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 39)
    new = Event.objects.get(dataset_id="SYR9007")
    assert new.pk == old.pk and new.fatalities == 7 and new.evidence.endswith("killing 6 soldiers.")
    assert new.report_id != old.report_id and new.report.text == new.evidence
    assert not Report.objects.filter(pk=old.report_id).exists()  # the old notes' report, used by nothing
    assert new.history.count() == 2


def test_events_people_edited_or_rejected_are_kept(tiny_gazetteer):
    import_file(ACLED_FILE, "acled")
    Event.objects.filter(dataset_id="SYR9001").update(status=Status.EDITED, kind="battle", fatalities=99)
    Event.objects.filter(dataset_id="SYR9002").update(status=Status.REJECTED)
    result = import_file(ACLED_FILE, "acled")
    assert (result.kept, result.unchanged) == (2, 38)
    assert Event.objects.get(dataset_id="SYR9001").fatalities == 99
    assert Event.objects.get(dataset_id="SYR9002").status == Status.REJECTED


def test_a_dry_run_writes_nothing_and_says_what_it_would(tiny_gazetteer):
    actors = Actor.objects.count()
    result = import_file(ACLED_FILE, "acled", dry_run=True)
    assert result.dry_run and result.created == 40 and result.summary().startswith("dry run, nothing written")
    assert Event.objects.count() == 0 and Report.objects.count() == 0 and Actor.objects.count() == actors


def test_rows_with_problems_are_listed_and_the_others_imported(tiny_gazetteer):
    result = import_file(FIXTURES / "acled" / "acled_with_problems.csv", "acled")
    assert result.rows == 10 and result.created == 2
    assert [p.line for p in result.problems] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "repeats the id 'SYR7001' of line 2" in result.problems[5].message
    lines = result.problem_lines()
    assert lines[0].endswith(
        "acled_with_problems.csv:3: event_date '31 February 2020' is not a date"
        " (2020-05-09, 09 May 2020, 9-May-20, May 9, 2020, 09/05/2020)"
    )
    assert set(Event.objects.values_list("dataset_id", flat=True)) == {"SYR7001", "SYR7010"}


def test_an_unreadable_file_writes_nothing(tiny_gazetteer, tmp_path):
    bad = tmp_path / "scan.csv"
    bad.write_bytes(b"%PDF-1.7 not a table")
    with pytest.raises(FileProblem, match="scan.csv: binary data"):
        import_file(bad, "acled")
    with pytest.raises(FileProblem, match="cannot be read"):
        import_file(tmp_path / "missing.csv", "acled")
    with pytest.raises(FileProblem, match="unknown format 'gdelt'"):
        import_file(ACLED_FILE, "gdelt")
    assert Event.objects.count() == 0 and Report.objects.count() == 0


def test_each_batch_is_written_whole_or_not_at_all(tiny_gazetteer, monkeypatch):
    calls = []
    real = event_import.bulk_create_with_history

    def fail_on_the_second_batch(objs, *args, **kwargs):
        calls.append(len(objs))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(event_import, "bulk_create_with_history", fail_on_the_second_batch)
    with pytest.raises(RuntimeError):
        import_file(ACLED_FILE, "acled", batch_size=15)
    first = list(csv.DictReader(ACLED_FILE.open()))[:15]
    assert set(Event.objects.values_list("dataset_id", flat=True)) == {r["event_id_cnty"] for r in first}
    assert Report.objects.count() == 15  # the second batch's reports went with it
    monkeypatch.undo()
    result = import_file(ACLED_FILE, "acled", batch_size=15)
    assert (result.created, result.unchanged) == (25, 15) and Event.objects.count() == 40


def test_progress_is_reported_per_batch(tiny_gazetteer):
    seen = []
    import_file(ACLED_FILE, "acled", batch_size=16, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(16, 40), (32, 40), (40, 40)]


def test_acled_round_trip_gives_the_same_events(tiny_gazetteer):
    import_file(ACLED_FILE, "acled")
    import_file(FIXTURES / "acled" / "acled_legacy_2017.csv", "acled")
    before = snapshot()
    exported = "".join(acled_csv(Event.objects.all()))
    empty_the_database()
    result = import_data(exported.encode(), "exported.csv", "acled")
    assert (result.created, result.problems) == (47, [])
    assert snapshot() == before
    assert "".join(acled_csv(Event.objects.all())).splitlines()[0] == exported.splitlines()[0]


def test_acled_export_gives_back_acleds_own_words(tiny_gazetteer):
    import_file(ACLED_FILE, "acled")
    original = {r["event_id_cnty"]: r for r in csv.DictReader(ACLED_FILE.open())}
    exported = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO("".join(acled_csv(Event.objects.all()))))}
    assert exported.keys() == original.keys()
    differ = {
        (column, key)
        for key, row in original.items()
        for column, value in row.items()
        if exported[key][column] != value and column not in ("event_date", "timestamp")
    }
    assert differ == set()  # every column but the date's form and the time of export
    assert exported["SYR9001"]["event_date"] == "2020-05-09" and original["SYR9001"]["event_date"] == "9-May-20"


def test_a_ucdp_file_imports(tiny_gazetteer, tmp_path):
    gz = tmp_path / "sample.csv.gz"
    gz.write_bytes(gzip.compress(UCDP_FILE.read_bytes()))
    result = import_file(gz, "ucdp")
    assert (result.rows, result.problems, result.created) == (8, [], 8)
    assert result.new_reports == 7  # two rows share a headline
    events = Event.objects.filter(dataset="ucdp").select_related("place", "actor1", "actor2")
    by_id = {e.dataset_id: e for e in events}
    assert by_id["900001"].place.name == "Deir ez-Zor" and by_id["900001"].place.kind == "city"
    assert by_id["900007"].place.name == "Raqqa" and by_id["900003"].report_id == by_id["900007"].report_id
    assert by_id["900003"].place == by_id["900007"].place  # "Ar Raqqah town": Raqqa by its transliteration
    assert by_id["900003"].report.published == dt.date(2017, 6, 12)  # the earlier of the two rows
    assert by_id["900004"].place.name == "Deir ez-Zor Governorate"  # where_prec 4: the governorate
    assert by_id["900005"].place.name == "Syria"  # where_prec 6: the country
    assert by_id["900006"].place.name == "Tabqa"  # Tabqa Dam: no dam in the gazetteer, the town of its name
    assert by_id["900008"].place is None
    assert [a.name for a in by_id["900004"].associated_actors.all()] == ["HTS"]
    assert all((e.lat, e.lon) == row for e, row in ((by_id[r[0]], (float(r[23]), float(r[24]))) for r in _ucdp_rows()))


def _ucdp_rows():
    return list(csv.reader(UCDP_FILE.open()))[1:]


def test_ucdp_round_trip_gives_the_same_events(tiny_gazetteer):
    import_file(UCDP_FILE, "ucdp")
    before = snapshot()
    exported = "".join(ucdp_csv(Event.objects.all()))
    empty_the_database()
    result = import_data(exported.encode(), "exported.csv", "ucdp")
    assert (result.created, result.problems) == (8, [])
    assert snapshot() == before


@pytest.mark.shared
@pytest.mark.slow
def test_the_real_ucdp_syria_file_imports_once(tiny_gazetteer):
    path = shared_path("data", "events", "ucdp_ged_syria_2016_2019.dev.csv.gz")
    points = {r["id"]: (float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(gzip.open(path, "rt"))}
    result = import_file(path, "ucdp", batch_size=2000)
    assert (result.rows, result.problems, result.created) == (13_224, [], 13_224)
    stored = {i: (lat, lon) for i, lat, lon in Event.objects.values_list("dataset_id", "lat", "lon")}
    assert stored == points  # every row an event, at UCDP's own point (0 km from it)
    again = import_file(path, "ucdp", batch_size=2000)
    assert (again.created, again.updated, again.unchanged, again.new_reports) == (0, 0, 13_224, 0)


def test_events_of_the_old_acled_import_get_their_dataset_id(tiny_gazetteer):
    import importlib

    from django.apps import apps

    import_file(ACLED_FILE, "acled")
    Event.objects.filter(dataset_id="SYR9001").update(dataset="", dataset_id="")  # as the old import left them
    backfill = importlib.import_module("events.migrations.0008_backfill_dataset_ids").backfill
    backfill(apps, None)
    assert Event.objects.get(fingerprint="acled:SYR9001").dataset_id == "SYR9001"
    assert import_file(ACLED_FILE, "acled").unchanged == 40  # so a re-import updates them
