"""Hostile data for the browser tests (tests/browser/test_hostile_browser.py).

``seed_site(manage, env)`` is called by tests/browser/conftest.py while it builds the site, after
the sample data and before the server starts:

1. ``manage.py ingest tests/hostile/reports`` (reports whose text, outlet and URL carry script
   tags, ``onerror`` images, ``javascript:`` URLs and right-to-left overrides; an empty file and
   broken records that must be skipped while the rest of the batch goes in);
2. ``manage.py import_control tests/hostile/control.tsv`` (places named with markup);
3. ``apply_orm_edits()`` in ``manage.py shell`` (what an editor could type in the admin, or a
   row stored before validation existed): the actor Turkey and the hostile place renamed (with
   U+202E), a place name added, an event moved to that place, a report's URL set to
   ``javascript:``, its outlet and an event's place mention set to markup. Nothing that other
   tests rely on is renamed but Turkey, which no other test uses.
The admin pages are visited as the conftest's superuser.

Every hostile value ends with ``U+202E evil-<label>`` so the tests can check that the override
reverses only the value itself (see ``RLO_VALUES``).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
CONTROL = HERE / "control.tsv"

RLO = "\u202e"
SCRIPT = '<script>alert("xss-{}")</script>'
IMG = '"><img src=x onerror=alert("xss-{}")>'
JS_URL = 'javascript:alert("xss-url")'


def hostile(label: str, limit: int = 1000) -> str:
    value = f"{label[:6]} {SCRIPT.format(label)}{IMG.format(label)} {RLO}evil-{label}"
    assert len(value) <= limit, (label, len(value))
    return value


ACTOR = hostile("actor", 100)
PLACE = hostile("place-renamed", 200)
PLACE_NAME = hostile("placename", 300)
OUTLET = hostile("outlet", 200)
MENTION = hostile("mention", 300)

#: What the seeding stored (ids), for the tests; filled by seed_site().
SEEDED: dict = {}


def seed_site(manage, env: dict) -> dict:
    """Run the seeding steps with ``manage(env, *args)`` (tests/browser/conftest.py's helper)."""
    out = manage(env, "ingest", str(REPORTS), "--no-progress", "--published", "2019-03-20")
    SEEDED["ingest"] = out.strip()
    SEEDED["import"] = manage(env, "import_control", str(CONTROL), "--source", "hostile").strip()
    shell = manage(env, "shell", "-c", "from tests.hostile.seed import apply_orm_edits; apply_orm_edits()")
    SEEDED.update(json.loads(shell.strip().splitlines()[-1]))
    return SEEDED


def apply_orm_edits() -> None:
    """Inside Django: the edits an editor (or an old row) could make; prints the ids as JSON."""
    from events.models import Actor, ControlAssertion, Event, Report
    from gazetteer.models import PlaceName

    turkey = Actor.objects.get(name="Turkey")
    turkey.name = ACTOR
    turkey.save()
    # The place import_control created for the first hostile row (its name without the U+202E,
    # which the import drops), renamed as an editor could, given a name, and given an event.
    place = ControlAssertion.objects.filter(source="import", place__name__contains='xss-place"').first().place
    place.name = PLACE
    place.save()
    PlaceName.objects.create(place=place, name=PLACE_NAME, language="en")
    report = Report.objects.get(text__contains="xss-report")
    # Written around validation (.update): the pages must still never link to it.
    Report.objects.filter(pk=report.pk).update(url=JS_URL, outlet=OUTLET)
    event = Event.objects.filter(report=report, kind="capture_or_liberation").order_by("id").first()
    Event.objects.filter(pk=event.pk).update(place=place, lat=place.lat, lon=place.lon)
    unplaced = Event.objects.filter(report__text__contains="xss-jsonl").exclude(lat=None).first()
    Event.objects.filter(pk=unplaced.pk).update(place=None, place_mention=MENTION)
    print(
        json.dumps(
            {
                "report": report.pk,
                "http_report": Report.objects.get(text__contains="xss-jsonl-2").pk,
                "event": event.pk,
                "unplaced_event": unplaced.pk,
                "actor": turkey.pk,
                "hostile_place": place.pk,
            }
        )
    )


#: The hostile values whose U+202E must stay inside the value (a suffix of one of these).
def rlo_values() -> list[str]:
    values = [ACTOR, PLACE, PLACE_NAME, OUTLET, MENTION]
    values += [line for line in CONTROL.read_text(encoding="utf-8").split("\t") if RLO in line]
    for path in REPORTS.iterdir():
        if path.suffix in (".txt", ".html"):
            values.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict):
                    values += [v for v in record.values() if isinstance(v, str)]
    return [v for v in values if RLO in v]
