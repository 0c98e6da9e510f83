"""Groups `editor` (reviews and corrects events, control and places) and `viewer` (reads the
admin, changes nothing). Give a user staff status and one of these groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_MODELS = [
    ("events", "report"),
    ("events", "event"),
    ("events", "eventevidence"),
    ("events", "mention"),
    ("events", "actor"),
    ("events", "controlassertion"),
    ("gazetteer", "place"),
    ("gazetteer", "placename"),
    ("gazetteer", "placeref"),
    ("gazetteer", "boundary"),
    ("events", "historicalevent"),
    ("events", "historicalcontrolassertion"),
    ("events", "historicalactor"),
    ("gazetteer", "historicalplace"),
]
#: What an editor may change, beyond viewing everything.
EDIT = {
    ("events", "event"): ("add", "change", "delete"),
    ("events", "eventevidence"): ("add", "change", "delete"),
    ("events", "controlassertion"): ("add", "change", "delete"),
    ("events", "report"): ("add", "change"),
    ("gazetteer", "place"): ("add", "change"),
    ("gazetteer", "placename"): ("add", "change", "delete"),
}


def add_groups(apps, schema_editor):
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app, model, actions):
        return list(
            Permission.objects.filter(
                content_type__app_label=app, content_type__model=model, codename__in=[f"{a}_{model}" for a in actions]
            )
        )

    viewer, _ = Group.objects.get_or_create(name="viewer")
    editor, _ = Group.objects.get_or_create(name="editor")
    view = [p for app, model in VIEW_MODELS for p in perms(app, model, ["view"])]
    viewer.permissions.set(view)
    editor.permissions.set(view + [p for (app, model), actions in EDIT.items() for p in perms(app, model, actions)])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["viewer", "editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_history"),
        ("gazetteer", "0002_history_and_edited_lock"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(add_groups, remove_groups)]
