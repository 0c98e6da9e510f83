"""Events out of the admin (django-import-export): ACLED's CSV column layout, UCDP GED's, and
GeoJSON. Export uses the same rows as ``/api/events.csv`` (``events.export``,
``events.ucdp_export``). The admin's import is ``events.admin_import`` (``events.event_import``).
"""

from __future__ import annotations

import json
from typing import SupportsFloat

import tablib
from import_export import fields, resources
from import_export.formats.base_formats import TextFormat

from . import export, ucdp_export
from .models import Event


def _float(value: object) -> float:
    """float(value); TypeError when the value is of no kind that converts."""
    if not isinstance(value, str | SupportsFloat):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


class EventResource(resources.ModelResource):
    """ACLED's columns: every column, or those chosen in the export form."""

    columns: tuple[str, ...] = export.ACLED_COLUMNS

    class Meta:
        model = Event
        fields = export.ACLED_COLUMNS
        name = "ACLED"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in self.columns:  # plain columns, not model fields
            if column not in self.fields:
                self.fields[column] = fields.Field(attribute=None, column_name=column, readonly=True)

    def export(self, queryset=None, **kwargs):
        if queryset is None:
            queryset = Event.objects.all()
        selected = [c for c in (kwargs.get("export_fields") or self.columns) if c in self.columns] or list(self.columns)
        positions = [self.columns.index(c) for c in selected]
        governorates = export.governorate_names()
        data = tablib.Dataset(headers=selected)
        for row in export.rows(queryset):
            record = self.record(row, governorates)
            data.append([record[i] for i in positions])
        return data

    def record(self, row: dict, governorates: dict[str, str]) -> list:
        return export.acled_record(row, governorates)


class UcdpEventResource(EventResource):
    """UCDP GED's columns."""

    columns = ucdp_export.UCDP_COLUMNS

    class Meta:
        model = Event
        fields = ucdp_export.UCDP_COLUMNS
        name = "UCDP GED"

    def record(self, row: dict, governorates: dict[str, str]) -> list:
        return ucdp_export.ucdp_record(row, governorates)


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
                lat, lon = _float(props.get("latitude")), _float(props.get("longitude"))
            except (TypeError, ValueError):
                continue
            features.append(
                {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
            )
        return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, default=str)
