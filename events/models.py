"""Reports, their mentions, actors, events (ACLED-compatible) and control assertions."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from lib.text import name_key
from lib.untrusted import isolate, one_line, safe_url

from .pipeline import labels


class Actor(models.Model):
    name = models.CharField(
        max_length=100, unique=True, help_text="Canonical name (the closed list of the gold format)."
    )
    aliases = models.JSONField(default=list, blank=True, help_text="Names in Persian, Arabic and English.")
    colour = models.CharField(max_length=7, default="#888888", help_text="Map colour, #rrggbb.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", self.colour or ""):
            errors["colour"] = "A colour is #rrggbb, e.g. #1f77b4."
        if one_line(self.name, 100) != self.name:
            errors["name"] = "One line, without control characters or direction overrides (U+202E)."
        if errors:
            raise ValidationError(errors)


class Report(models.Model):
    text = models.TextField(help_text="The report as received; never rewritten.")
    language = models.CharField(max_length=8, default="fa")
    published = models.DateField(null=True, blank=True, db_index=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    parsed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet"], name="report_outlet_idx")]  # issue 6: admin filter

    def __str__(self) -> str:
        return (
            isolate(self.title)
            or f"Report {self.pk} ({isolate(self.outlet) or 'unknown outlet'}, {self.published or 'undated'})"
        )

    def save(self, *args, **kwargs) -> None:
        self.content_hash = self.hash_text(self.text)
        if not self.title:
            self.title = " ".join(self.text.split())[:120]
        super().save(*args, **kwargs)

    @staticmethod
    def hash_text(text: str) -> str:
        """The identity of a report: its text in NFC with outer white space stripped."""
        return hashlib.sha256(unicodedata.normalize("NFC", text).strip().encode("utf-8")).hexdigest()

    def clean(self) -> None:
        super().clean()
        if self.url and not safe_url(self.url):
            raise ValidationError({"url": "Only http:// and https:// links are allowed."})

    @property
    def link(self) -> str:
        """The URL if it is safe to link to (http or https), else "": pages link to this, never
        to ``url`` (rows stored before validation, or written around it, stay harmless)."""
        return safe_url(self.url)


class Mention(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="mentions")
    label = models.CharField(max_length=16, choices=[(x, x) for x in labels.SPAN_LABELS], db_index=True)
    start = models.PositiveIntegerField(help_text="Offset into the raw report text.")
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=500)
    place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions")
    resolved = models.BooleanField(
        default=True, help_text="False for a place the gazetteer lacks (flagged for review)."
    )
    value = models.CharField(max_length=200, blank=True, help_text="Trigger kind, or the ISO date of a date mention.")
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["report", "start"]

    def __str__(self) -> str:
        return f"{self.label}: {isolate(self.text)}"


class Status(models.TextChoices):
    EXTRACTED = "extracted"
    VERIFIED = "verified"
    EDITED = "edited"
    REJECTED = "rejected"


HUMAN_STATUSES = (Status.VERIFIED, Status.EDITED, Status.REJECTED)


class Event(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        max_length=32, choices=[(k, k.replace("_", " ")) for k in labels.EVENT_KINDS], db_index=True
    )
    event_type = models.CharField(max_length=64, help_text="ACLED event type.")
    sub_event_type = models.CharField(max_length=64, help_text="ACLED sub-event type.")
    date = models.DateField(null=True, blank=True, db_index=True)
    date_end = models.DateField(null=True, blank=True)
    time_precision = models.PositiveSmallIntegerField(null=True, blank=True, help_text="ACLED: 1 day, 2 week, 3 month.")
    place = models.ForeignKey(
        "gazetteer.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    place_mention = models.CharField(max_length=300, blank=True, help_text="The place as the report wrote it.")
    place_key = models.CharField(
        max_length=300,
        blank=True,
        db_index=True,
        editable=False,
        help_text="The mention's normalised key (search in any script).",
    )
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="ACLED: 1 exact, 2 near, 3 region."
    )
    actor1 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_as_actor1")
    actor2 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_as_actor2")
    associated_actors = models.ManyToManyField(Actor, blank=True, related_name="events_associated")
    control_from = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    control_to = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.TextField(help_text="The clause of the report that proves the event.")
    evidence_start = models.PositiveIntegerField()
    evidence_end = models.PositiveIntegerField()
    background = models.BooleanField(default=False, help_text="A past event mentioned as context.")
    claim = models.BooleanField(default=False, help_text="Stated as a claim.")
    partial = models.BooleanField(default=False, help_text="Partial capture or entry only.")
    confidence = models.FloatField(default=0.5)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXTRACTED, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text="A duplicate merged into that event (kept, rejected, so re-parsing does not bring it back).",
    )
    fingerprint = models.CharField(
        max_length=64,
        db_index=True,
        editable=False,
        help_text="Same kind, place and evidence → same event on re-parse.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[associated_actors])

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["status", "date"]),
            # issue 6 (events/migrations/*_scale_indexes.py): lists in date order, a place's
            # popup, the events of a point without a place
            models.Index(fields=["date", "id"], name="event_date_id_idx"),
            models.Index(fields=["place", "date"], name="event_place_date_idx"),
            models.Index(fields=["lat", "lon"], name="event_lat_lon_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {isolate(self.place_mention) or '?'} ({self.date or 'undated'})"

    def save(self, *args, **kwargs) -> None:
        self.place_key = name_key(self.place_mention)[:300]
        super().save(*args, **kwargs)


class EventEvidence(models.Model):
    """Every report sentence that supports an event (several after a merge of duplicates)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence_set")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        verbose_name_plural = "event evidence"

    def __str__(self) -> str:
        return f"evidence of event {self.event_id} in report {self.report_id} [{self.start}:{self.end}]"


class ControlAssertion(models.Model):
    """Who holds (and who besieges) a place as of a date, from a report or an imported table."""

    place = models.ForeignKey("gazetteer.Place", on_delete=models.CASCADE, related_name="control")
    holder = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="holds")
    besieged_by = models.ManyToManyField(Actor, blank=True, related_name="besieges")
    date = models.DateField(db_index=True)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="control")
    source_event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="control")
    evidence = models.TextField(blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=32, default="report", help_text="report, import or manual.")
    confidence = models.FloatField(default=0.5)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.EXTRACTED, db_index=True)
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[besieged_by])

    class Meta:
        ordering = ["-date", "place"]
        indexes = [
            models.Index(fields=["place", "date"]),
            models.Index(fields=["source", "date"], name="control_source_date_idx"),  # issue 6: imports, admin filter
        ]

    def __str__(self) -> str:
        return f"{self.place} held by {isolate(self.holder) or '?'} on {self.date}"
