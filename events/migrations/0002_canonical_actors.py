"""The canonical actors of the gold format, with map colours (Wikipedia's locality-map
conventions where they exist: government red, SDF yellow, ISIS black, rebels lime, HTS grey,
Turkey green)."""

from django.db import migrations

ACTORS = [
    ("ISIS", "#1f1f1f"),
    ("SDF", "#e8c100"),
    ("YPG", "#d9b300"),
    ("Asayish", "#c7a500"),
    ("PYD", "#b89800"),
    ("Syrian Arab Army", "#c62828"),
    ("Pro-government militias (Syria)", "#e57373"),
    ("Hezbollah", "#f57f17"),
    ("Iran", "#00897b"),
    ("Russia", "#6a1b9a"),
    ("US-led coalition", "#1565c0"),
    ("Turkey", "#2e7d32"),
    ("FSA/SNA", "#7cb342"),
    ("HTS", "#757575"),
    ("Iraqi Security Forces", "#ad1457"),
    ("PMF", "#ef6c00"),
    ("Peshmerga", "#fbc02d"),
    ("Local armed residents", "#0288d1"),
    ("civilians", "#9e9e9e"),
]


def add(apps, schema_editor):
    Actor = apps.get_model("events", "Actor")
    for name, colour in ACTORS:
        Actor.objects.update_or_create(name=name, defaults={"colour": colour})


def remove(apps, schema_editor):
    apps.get_model("events", "Actor").objects.filter(name__in=[n for n, _ in ACTORS], events_as_actor1=None).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
