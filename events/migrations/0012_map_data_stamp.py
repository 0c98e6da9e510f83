"""The map data stamp (``MapDataStamp``) and the triggers that renew it on every write to the
tables the maps are drawn from, on SQLite (a trigger per table and operation, per row) and on
PostgreSQL (one function, a statement trigger per table)."""

from django.db import migrations, models

#: The tables whose writes change a map: control, besiegers, actors (names, colours), places
#: (names, coordinates) and boundaries (outlines, rivers).
TABLES = (
    "events_controlassertion",
    "events_controlassertion_besieged_by",
    "events_actor",
    "gazetteer_place",
    "gazetteer_boundary",
)
STAMP_TABLE = "events_mapdatastamp"


def _sqlite(op: str, table: str) -> tuple[str, str]:
    name = f"cm_stamp_{table}_{op.lower()}"
    create = (
        f'CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON "{table}" BEGIN '
        f'UPDATE "{STAMP_TABLE}" SET stamp = lower(hex(randomblob(16))) WHERE id = 1; END'
    )
    return create, f"DROP TRIGGER IF EXISTS {name}"


POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION cm_renew_map_stamp() RETURNS trigger AS $$
BEGIN
    UPDATE "{STAMP_TABLE}" SET stamp = md5(random()::text || clock_timestamp()::text) WHERE id = 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def create_triggers(apps, schema_editor):
    apps.get_model("events", "MapDataStamp").objects.get_or_create(pk=1, defaults={"stamp": "initial"})
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for op in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(_sqlite(op, table)[0])
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f'CREATE TRIGGER cm_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION cm_renew_map_stamp()"
            )
    else:  # without triggers the stamp would never change and cached maps would go stale
        raise RuntimeError(f"MapDataStamp triggers are written for SQLite and PostgreSQL, not {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in TABLES:
            for op in ("INSERT", "UPDATE", "DELETE"):
                schema_editor.execute(_sqlite(op, table)[1])
    elif vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS cm_stamp ON "{table}"')
        schema_editor.execute("DROP FUNCTION IF EXISTS cm_renew_map_stamp()")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_interface_languages"),
        ("gazetteer", "0006_interface_languages"),
    ]

    operations = [
        migrations.CreateModel(
            name="MapDataStamp",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("stamp", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
