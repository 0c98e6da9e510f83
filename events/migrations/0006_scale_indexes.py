"""Issue 6: indexes for the filters and orderings of the maps, the APIs and the admin.

* events in date order (the admin's list, the overview's latest events): (date, id);
* the events of one place for a popup, newest first: (place, date);
* the events of one point without a place (popups of coordinates-only events): (lat, lon);
* control assertions of one source and dates (re-imports, the admin's filter): (source, date);
* reports of an outlet (the admin's filter): outlet.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0005_backfill_place_keys")]

    operations = [
        migrations.AddIndex(model_name="event", index=models.Index(fields=["date", "id"], name="event_date_id_idx")),
        migrations.AddIndex(
            model_name="event", index=models.Index(fields=["place", "date"], name="event_place_date_idx")
        ),
        migrations.AddIndex(model_name="event", index=models.Index(fields=["lat", "lon"], name="event_lat_lon_idx")),
        migrations.AddIndex(
            model_name="controlassertion", index=models.Index(fields=["source", "date"], name="control_source_date_idx")
        ),
        migrations.AddIndex(model_name="report", index=models.Index(fields=["outlet"], name="report_outlet_idx")),
    ]
