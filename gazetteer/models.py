"""Places of Syria and Iraq, their names in every script, and their boundaries."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from lib.display import isolate
from lib.text import name_key

from . import kinds

#: The kinds of place (gazetteer/kinds.py), as model choices.
KIND_CHOICES = [(kind, _(kinds.KIND_LABELS.get(kind, kind.capitalize()))) for kind in kinds.PLACE_KINDS]
#: The kinds' labels as above, marked for the catalogues (the admin shows them in the reader's
#: language; tests/gazetteer/test_kind_labels.py keeps this list complete).
KIND_LABELS_MARKED = (
    gettext_noop("Country"),
    gettext_noop("Governorate"),
    gettext_noop("District"),
    gettext_noop("City"),
    gettext_noop("Town"),
    gettext_noop("Village"),
    gettext_noop("Neighbourhood"),
    gettext_noop("Region"),
    gettext_noop("River"),
    gettext_noop("Airport or air base"),
    gettext_noop("Military base"),
    gettext_noop("Camp"),
    gettext_noop("Dam"),
    gettext_noop("Oil or gas field"),
    gettext_noop("Border crossing"),
    gettext_noop("Mountain or hill"),
    gettext_noop("Mosque or shrine"),
    gettext_noop("Building"),
    gettext_noop("Other landmark"),
)
SETTLEMENT_KINDS = kinds.SETTLEMENT_KINDS


class Place(models.Model):
    name = models.CharField(
        verbose_name=_("name"), max_length=200, help_text=_("Display name (English or a Latin transliteration).")
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=KIND_CHOICES, db_index=True)
    country = models.CharField(
        verbose_name=_("country"), max_length=2, db_index=True, help_text=_("ISO 3166-1 alpha-2 (SY, IQ).")
    )
    admin1 = models.CharField(
        verbose_name=_("admin1"),
        max_length=8,
        blank=True,
        db_index=True,
        help_text=_("ISO 3166-2 code of the governorate, e.g. SY-DY."),
    )
    admin2 = models.CharField(verbose_name=_("admin2"), max_length=200, blank=True, help_text=_("District name."))
    lat = models.FloatField(
        verbose_name=_("lat"),
    )
    lon = models.FloatField(
        verbose_name=_("lon"),
    )
    population = models.PositiveBigIntegerField(verbose_name=_("population"), null=True, blank=True)
    source = models.CharField(
        verbose_name=_("source"), max_length=32, help_text=_("The source that created the place.")
    )
    source_id = models.CharField(verbose_name=_("source id"), max_length=64)
    geonames_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True, verbose_name=_("GeoNames id"))
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True, db_index=True)
    edited = models.BooleanField(
        verbose_name=_("edited"),
        default=False,
        help_text=_("Corrected by a person: gazetteer reloads keep its fields (names are still added)."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "admin1", "name"]
        indexes = [
            models.Index(fields=["country", "kind"]),
            models.Index(fields=["source"], name="place_source_idx"),  # issue 6: admin filter
        ]

    def __str__(self) -> str:
        return f"{isolate(self.name)} ({self.get_kind_display()}, {self.admin1 or self.country})"

    @property
    def point(self) -> tuple[float, float]:
        return (self.lat, self.lon)


class PlaceRef(models.Model):
    """One record of one source (Who's On First id, GeoNames id, curated slug) behind a place.
    Loaders upsert by (source, source_id); records of several sources can share one place."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="refs")
    source = models.CharField(verbose_name=_("source"), max_length=32)
    source_id = models.CharField(verbose_name=_("source id"), max_length=64)

    class Meta:
        verbose_name = _("place ref")
        verbose_name_plural = _("place refs")
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="placeref_unique_source_id")]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_id}"


class PlaceName(models.Model):
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(verbose_name=_("name"), max_length=300)
    language = models.CharField(
        verbose_name=_("language"), max_length=8, help_text=_("ar, fa, en, ku, or und (transliteration).")
    )
    key = models.CharField(verbose_name=_("key"), max_length=300, db_index=True, editable=False)
    preferred = models.BooleanField(verbose_name=_("preferred"), default=False)
    source = models.CharField(
        verbose_name=_("source"),
        max_length=32,
        blank=True,
        default="",
        help_text=_("The gazetteer source whose records give this name; empty for a name added by hand."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        ordering = ["-preferred", "language", "name"]
        constraints = [models.UniqueConstraint(fields=["place", "name", "language"], name="placename_unique")]

    def __str__(self) -> str:
        return f"{isolate(self.name)} [{self.language}]"

    def save(self, *args, **kwargs) -> None:
        self.key = name_key(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def of(
        cls, place_id: int, name: str, language: str, *, source: str, preferred: bool, now: dt.datetime
    ) -> PlaceName:
        """A name as a loader writes it in bulk (`bulk_create` skips `save()`, which sets the key)."""
        return cls(
            place_id=place_id,
            name=name,
            language=language,
            key=name_key(name),
            preferred=preferred,
            source=source,
            updated_at=now,
        )


class BoundaryLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    GOVERNORATE = "governorate", _("Governorate")
    DISTRICT = "district", _("District")
    RIVER = "river", _("River")  # a line, for the basemap


class Boundary(models.Model):
    """An outline as GeoJSON (Polygon or MultiPolygon, lon/lat), for maps and admin1 look-up;
    rivers are (Multi)LineStrings, drawn on the basemap only."""

    level = models.CharField(verbose_name=_("level"), max_length=16, choices=BoundaryLevel.choices, db_index=True)
    country = models.CharField(verbose_name=_("country"), max_length=2, db_index=True)
    code = models.CharField(
        verbose_name=_("code"), max_length=32, help_text=_("ISO code (SY, SY-DY) or the source's id for districts.")
    )
    name = models.CharField(verbose_name=_("name"), max_length=200)
    name_ar = models.CharField(verbose_name=_("name in Arabic"), max_length=200, blank=True)
    name_fa = models.CharField(verbose_name=_("name in Persian"), max_length=200, blank=True)
    source = models.CharField(verbose_name=_("source"), max_length=32)
    geometry = models.JSONField()
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")
        ordering = ["level", "country", "code"]
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="boundary_unique_level_code")]

    def __str__(self) -> str:
        return f"{isolate(self.name)} ({self.get_level_display()})"
