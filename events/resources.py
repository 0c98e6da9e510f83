"""Events in and out of the admin (django-import-export): ACLED's CSV column layout and GeoJSON.

Export uses the same rows as ``/api/events.csv`` (``events.export``). Import reads an ACLED CSV:
each row becomes an event (status verified: ACLED is coded by people) with its notes as evidence,
in a report of its own; the place is matched by name near the row's coordinates; actors by
ACLED's names. Re-importing a file updates the same events (matched by ``event_id_cnty``). The
admin shows a preview with each row's errors before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.formats.base_formats import TextFormat

from . import export
from .models import Actor, Event, Report, Status
from .pipeline.labels import ACLED, acled_coding

#: ACLED actor names (substrings, lower case) → our canonical actors. First match wins.
ACLED_ACTORS = (
    ("kurdish regional government", "Peshmerga"),
    ("peshmerga", "Peshmerga"),
    ("military forces of syria", "Syrian Arab Army"),
    ("military forces of iraq", "Iraqi Security Forces"),
    ("police forces of iraq", "Iraqi Security Forces"),
    ("military forces of turkey", "Turkey"),
    ("military forces of russia", "Russia"),
    ("military forces of iran", "Iran"),
    ("military forces of the united states", "US-led coalition"),
    ("international military forces", "US-led coalition"),
    ("coalition", "US-led coalition"),
    ("popular mobilization", "PMF"),
    ("pmf", "PMF"),
    ("hashd", "PMF"),
    ("islamic state", "ISIS"),
    ("isis", "ISIS"),
    ("daesh", "ISIS"),
    ("syrian democratic forces", "SDF"),
    ("qsd", "SDF"),
    ("ypg", "YPG"),
    ("asayish", "Asayish"),
    ("hayat tahrir al sham", "HTS"),
    ("hts", "HTS"),
    ("hezbollah", "Hezbollah"),
    ("national defense forces", "Pro-government militias (Syria)"),
    ("ndf", "Pro-government militias (Syria)"),
    ("syrian national army", "FSA/SNA"),
    ("free syrian army", "FSA/SNA"),
    ("national liberation front", "FSA/SNA"),
    ("opposition rebels", "FSA/SNA"),
    ("civilians", "civilians"),
)


def acled_actor(name: str, actors: dict[str, Actor]) -> Actor | None:
    """Our actor for an ACLED actor name (canonical names and aliases too), or None."""
    if not name:
        return None
    low = name.strip().lower()
    for actor in actors.values():
        if low == actor.name.lower() or low in (a.lower() for a in actor.aliases or []):
            return actor
    for needle, canonical in ACLED_ACTORS:
        if needle in low:
            return actors.get(canonical)
    return None


def acled_kind(event_type: str, sub_event_type: str) -> str:
    """Our event kind for ACLED's event type and sub-event type."""
    sub = sub_event_type.lower()
    if "territory" in sub:
        return "capture_or_liberation"
    if "remote explosive" in sub or "landmine" in sub or "suicide" in sub or "ied" in sub:
        return "ied_or_mine"
    if "non-violent transfer" in sub or "change to group" in sub:
        return "surrender_or_defection"
    for kind, (etype, esub) in ACLED.items():
        if etype.lower() == event_type.lower() and esub.lower() == sub:
            return kind
    return {
        "battles": "battle",
        "explosions/remote violence": "airstrike_or_shelling",
        "violence against civilians": "attack_on_civilians",
    }.get(event_type.strip().lower(), "other")


def parse_acled_date(value: str) -> dt.date:
    value = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"event_date {value!r} is not a date (YYYY-MM-DD or '12 March 2018')")


class EventResource(resources.ModelResource):
    """ACLED's columns. Export: every column (or those chosen in the export form); import: the
    columns ACLED's own files have (event_id_cnty, event_date, event_type, sub_event_type, actor1,
    actor2, location, latitude, longitude, notes, source; the others are ignored)."""

    class Meta:
        model = Event
        fields = export.ACLED_COLUMNS
        import_id_fields = ("event_id_cnty",)
        use_transactions = True
        skip_unchanged = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in export.ACLED_COLUMNS:  # plain columns, not model fields
            if column not in self.fields:
                self.fields[column] = fields.Field(attribute=None, column_name=column, readonly=False)
        self._actors: dict[str, Actor] | None = None
        self._geocoder = None

    # -- export ---------------------------------------------------------------------------
    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Event.objects.all()
        selected = [
            c for c in (kwargs.get("export_fields") or export.ACLED_COLUMNS) if c in export.ACLED_COLUMNS
        ] or list(export.ACLED_COLUMNS)
        positions = [export.ACLED_COLUMNS.index(c) for c in selected]
        governorates = export.governorate_names()
        data = tablib.Dataset(headers=selected)
        for row in export.rows(queryset):
            record = export.acled_record(row, governorates)
            data.append([record[i] for i in positions])
        return data

    # -- import ---------------------------------------------------------------------------
    def get_instance(self, instance_loader, row):
        event_id = (row.get("event_id_cnty") or "").strip()
        if not event_id:
            return None
        return Event.objects.filter(fingerprint=f"acled:{event_id}"[:64]).first()

    def init_instance(self, row=None):
        return Event()

    def import_instance(self, instance, row, **kwargs):
        if self._actors is None:
            self._actors = {a.name: a for a in Actor.objects.all()}
        errors = {}
        event_id = (row.get("event_id_cnty") or "").strip()
        if not event_id:
            errors["event_id_cnty"] = "missing: each row needs ACLED's event_id_cnty"
        try:
            date = parse_acled_date(row.get("event_date", ""))
        except ValidationError as exc:
            errors["event_date"] = exc.messages[0]
            date = None
        try:
            lat, lon = float(row.get("latitude", "")), float(row.get("longitude", ""))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError
        except (TypeError, ValueError):
            errors["latitude"] = (
                f"latitude/longitude {row.get('latitude')!r}, {row.get('longitude')!r} are not coordinates"
            )
            lat = lon = None
        notes = " ".join((row.get("notes") or "").split())
        if not notes:
            errors["notes"] = "missing: the notes are the event's evidence"
        if errors:
            raise ValidationError(errors)
        event_type = (row.get("event_type") or "").strip()
        sub = (row.get("sub_event_type") or "").strip()
        kind = acled_kind(event_type, sub)
        actor1 = acled_actor(row.get("actor1", ""), self._actors)
        actor2 = acled_actor(row.get("actor2", ""), self._actors)
        location = (row.get("location") or "").strip()
        place = self._match_place(location, lat, lon)
        default_type, default_sub = acled_coding(kind, actor1=actor1.name if actor1 else None)
        instance.kind = kind
        instance.event_type = event_type or default_type
        instance.sub_event_type = sub or default_sub
        instance.date = date
        instance.time_precision = (
            int(row["time_precision"]) if str(row.get("time_precision") or "").strip().isdigit() else 1
        )
        instance.place = place
        instance.place_mention = location[:300]
        instance.lat, instance.lon = lat, lon
        instance.geo_precision = (
            int(row["geo_precision"]) if str(row.get("geo_precision") or "").strip().isdigit() else 1
        )
        instance.actor1, instance.actor2 = actor1, actor2
        instance.evidence = notes
        instance.evidence_start, instance.evidence_end = 0, len(notes)
        instance.status = (
            instance.status if instance.pk and instance.status in (Status.REJECTED, Status.EDITED) else Status.VERIFIED
        )
        instance.confidence = 1.0
        instance.fingerprint = f"acled:{event_id}"[:64]
        instance._acled_source = (row.get("source") or "ACLED").strip()[:200]

    def _match_place(self, name: str, lat: float, lon: float):
        """The gazetteer place of that name near the row's point (10 km), else the nearest place
        within 2 km, else None (the event keeps the row's coordinates)."""
        from gazetteer.geocoder import GazetteerGeocoder
        from gazetteer.live import get_index
        from gazetteer.models import Place
        from gazetteer.ranking import haversine_km

        if self._geocoder is None:
            self._geocoder = GazetteerGeocoder()
        if name:
            found = self._geocoder.geocode(name, near=[(lat, lon)])
            if found is not None and haversine_km(lat, lon, found.latitude, found.longitude) <= 10:
                return Place.objects.filter(pk=found.raw["place_id"]).first()
        for record, distance in get_index().nearest(lat, lon):
            if distance <= 2:
                return Place.objects.filter(pk=record.id).first()
        return None

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            return  # the preview: nothing written (the transaction is rolled back anyway)
        if not instance.report_id:
            text = f"{instance.evidence}"
            report = Report.objects.filter(content_hash=Report.hash_text(text)).first()
            if report is None:
                report = Report.objects.create(
                    text=text,
                    published=instance.date,
                    outlet=getattr(instance, "_acled_source", "ACLED"),
                    language="en",
                    title=f"ACLED {instance.fingerprint[6:]}: {instance.place_mention}"[:300],
                )
            instance.report = report
        instance.save()


class GeoJSONFormat(TextFormat):
    """Export only: a FeatureCollection of points from the dataset's latitude/longitude columns,
    every other column a property."""

    CONTENT_TYPE = "application/geo+json"

    def get_title(self):
        return "geojson"

    def get_extension(self):
        return "geojson"

    def can_import(self):
        return False

    def can_export(self):
        return True

    def is_available(cls=None):
        return True

    def export_data(self, dataset, **kwargs):
        headers = dataset.headers or []
        features = []
        for values in dataset:
            props = dict(zip(headers, values, strict=False))
            try:
                lat, lon = float(props.get("latitude")), float(props.get("longitude"))
            except (TypeError, ValueError):
                continue
            features.append(
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            )
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)
