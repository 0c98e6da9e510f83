"""Holder colours that tell holders apart as drawn (issue 14): every pair of these actors' area
fills, composited over the basemap's land at the opacities the maps use, and every pair of their
place dots, differ by CIEDE2000 >= 15 (tests/mapping/test_style.py), close to the colours
readers know (government red, SDF yellow, ISIS black, rebels green, HTS grey). An actor whose
colour an editor changed keeps it: only the colours of migration 0002 are replaced."""

from django.db import migrations

#: name: (colour of 0002, new colour)
PALETTE = {
    "Syrian Arab Army": ("#c62828", "#bb0000"),
    "Iraqi Security Forces": ("#ad1457", "#890078"),
    "Pro-government militias (Syria)": ("#e57373", "#f49bff"),
    "Hezbollah": ("#f57f17", "#4e1b00"),
    "PMF": ("#ef6c00", "#ff7200"),
    "SDF": ("#e8c100", "#fffc3c"),
    "Peshmerga": ("#fbc02d", "#917c41"),
    "ISIS": ("#1f1f1f", "#020e20"),
    "HTS": ("#757575", "#b4b4bc"),
    "FSA/SNA": ("#7cb342", "#83c499"),
    "Turkey": ("#2e7d32", "#005e5b"),
    "Local armed residents": ("#0288d1", "#35bcf1"),
    "Russia": ("#6a1b9a", "#10029b"),
    "Iran": ("#00897b", "#00b900"),
    "US-led coalition": ("#1565c0", "#2965ea"),
}


def recolour(apps, schema_editor, *, forward=True):
    Actor = apps.get_model("events", "Actor")
    for name, (old, new) in PALETTE.items():
        was, becomes = (old, new) if forward else (new, old)
        Actor.objects.filter(name=name, colour__iexact=was).update(colour=becomes)


def back(apps, schema_editor):
    recolour(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("events", "0009_sources_and_disputes")]
    operations = [migrations.RunPython(recolour, back)]
