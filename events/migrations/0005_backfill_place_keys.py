"""Fill Event.place_key (the normalised place mention, for search in any script) for events
stored before the field existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from gazetteer.keys import name_key

    Event = apps.get_model("events", "Event")
    batch = []
    for event in (
        Event.objects.filter(place_key="")
        .exclude(place_mention="")
        .only("id", "place_mention")
        .iterator(chunk_size=2000)
    ):
        event.place_key = name_key(event.place_mention)[:300]
        batch.append(event)
        if len(batch) >= 2000:
            Event.objects.bulk_update(batch, ["place_key"])
            batch = []
    Event.objects.bulk_update(batch, ["place_key"])


class Migration(migrations.Migration):
    dependencies = [("events", "0004_roles")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
