"""The admin pages of reports, events, actors and control open with data in them."""

import datetime as dt

from events.ingest import ingest_text
from events.models import Event

TEXT = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."


def test_admin_lists_and_forms_open(tiny_gazetteer, admin_client):
    report = ingest_text(TEXT, published=dt.date(2018, 5, 15)).report
    event = Event.objects.get(report=report)
    for url in (
        "/admin/events/report/",
        f"/admin/events/report/{report.pk}/change/",
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/actor/",
        "/admin/events/controlassertion/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get("/admin/events/event/").content.decode()
    assert "باغوز تحتانی" in page and "capture" in page
