"""Events imported from ACLED before issue 15 were known by their fingerprint (`acled:<event_id_cnty>`):
give them their dataset and id, so a re-import updates them."""

from django.db import migrations


def backfill(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    events = list(Event.objects.filter(fingerprint__startswith="acled:", dataset="").only("id", "fingerprint"))
    taken = set(Event.objects.filter(dataset="acled").values_list("dataset_id", flat=True))
    for event in events:
        event_id = event.fingerprint[len("acled:") :][:32]
        if event_id and event_id not in taken:
            taken.add(event_id)
            event.dataset, event.dataset_id = "acled", event_id
    Event.objects.bulk_update([e for e in events if e.dataset], ["dataset", "dataset_id"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("events", "0007_dataset_fields")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
