"""Reports, their mentions, actors, events (ACLED-compatible) and control assertions, with the
review operations on them.

- ``Event.objects.filter(...).search(query)``: events whose place (any name, any script or
  spelling, through the name keys), place mention, actor or evidence matches.
- ``.set_status(status, user=...)``: verify or reject, one save per event so each change has a
  history record naming who made it.
- ``.merge()`` / ``Event.merge(others)``: merge duplicates into one event, in one transaction;
  the others stay, rejected and pointing at it, so a re-parse does not bring them back.
- ``Report.is_rtl``: whether the report's language is written right to left.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gazetteer.models import PlaceName
from lib.display import isolate, one_line, safe_url
from lib.text import name_key

from .pipeline import labels


class Actor(models.Model):
    name = models.CharField(
        verbose_name=_("name"),
        max_length=100,
        unique=True,
        help_text=_("Canonical name (the closed list of the gold format)."),
    )
    aliases = models.JSONField(
        verbose_name=_("aliases"), default=list, blank=True, help_text=_("Names in Persian, Arabic and English.")
    )
    colour = models.CharField(
        verbose_name=_("colour"), max_length=7, default="#888888", help_text=_("Map colour, #rrggbb.")
    )
    origin = models.CharField(
        verbose_name=_("origin"),
        max_length=8,
        blank=True,
        help_text=_("Empty for our canonical actors; the dataset (acled, ucdp) that named an actor of its own."),
    )
    inter = models.PositiveSmallIntegerField(
        verbose_name=_("inter"),
        null=True,
        blank=True,
        help_text=_("ACLED interaction code (1 state forces ... 8 external forces)."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
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
    text = models.TextField(verbose_name=_("text"), help_text=_("The report as received; never rewritten."))
    language = models.CharField(verbose_name=_("language"), max_length=8, default="fa")
    published = models.DateField(verbose_name=_("published"), null=True, blank=True, db_index=True)
    outlet = models.CharField(verbose_name=_("outlet"), max_length=200, blank=True)
    url = models.URLField(verbose_name=_("url"), max_length=1000, blank=True)
    title = models.CharField(verbose_name=_("title"), max_length=300, blank=True)
    content_hash = models.CharField(verbose_name=_("content hash"), max_length=64, unique=True, editable=False)
    parsed_at = models.DateTimeField(verbose_name=_("parsed at"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-published", "-id"]
        indexes = [models.Index(fields=["outlet"], name="report_outlet_idx")]  # issue 6: admin filter

    def __str__(self) -> str:
        return isolate(self.title) or gettext("Report %(pk)s (%(outlet)s, %(date)s)") % {
            "pk": self.pk,
            "outlet": isolate(self.outlet) or gettext("unknown outlet"),
            "date": self.published or gettext("undated"),
        }

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
    def is_rtl(self) -> bool:
        """Whether the report's language is written right to left (Persian, Dari, Arabic)."""
        return self.language in labels.RTL_LANGUAGES

    @property
    def link(self) -> str:
        """The URL if it is safe to link to (http or https), else "": pages link to this, never
        to ``url`` (rows stored before validation, or written around it, stay harmless)."""
        return safe_url(self.url)


#: A mention's label and its name in the interface (events/pipeline/labels.py names the labels).
MENTION_LABELS = [
    (labels.PLACE, _("place")),
    (labels.ACTOR, _("actor")),
    (labels.TRIGGER, _("event word")),
    (labels.DATE, _("date")),
]


class Mention(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="mentions")
    label = models.CharField(verbose_name=_("label"), max_length=16, choices=MENTION_LABELS, db_index=True)
    start = models.PositiveIntegerField(verbose_name=_("start"), help_text=_("Offset into the raw report text."))
    end = models.PositiveIntegerField(
        verbose_name=_("end"),
    )
    text = models.CharField(verbose_name=_("text"), max_length=500)
    place = models.ForeignKey(
        "gazetteer.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    resolved = models.BooleanField(
        verbose_name=_("resolved"),
        default=True,
        help_text=_("False for a place the gazetteer lacks (flagged for review)."),
    )
    value = models.CharField(
        max_length=200, blank=True, help_text=_("Trigger kind, or the ISO date of a date mention.")
    )
    score = models.FloatField(verbose_name=_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        ordering = ["report", "start"]

    def __str__(self) -> str:
        return f"{self.get_label_display()}: {isolate(self.text)}"


class Status(models.TextChoices):
    EXTRACTED = "extracted", _("Extracted")
    VERIFIED = "verified", _("Verified")
    EDITED = "edited", _("Edited")
    REJECTED = "rejected", _("Rejected")


HUMAN_STATUSES = (Status.VERIFIED, Status.EDITED, Status.REJECTED)

#: The history reason of the records an automatic merge writes (what ``Event.split`` undoes).
AUTO_MERGE = "automatic merge"

#: Which of several duplicates a merge keeps: the reviewed one first (then the most confident,
#: then the oldest).
MERGE_RANK: dict[str, int] = {Status.VERIFIED: 0, Status.EDITED: 1, Status.EXTRACTED: 2, Status.REJECTED: 3}


class EventQuerySet(models.QuerySet["Event"]):
    def search(self, query: str) -> EventQuerySet:
        """Events whose place (any of its names, in any script and spelling), place mention,
        actor or evidence matches ``query``: البوکمال, البوكمال and Abu Kamal find the same."""
        key = name_key(query)
        q = (
            Q(evidence__icontains=query)
            | Q(actor1__name__icontains=query)
            | Q(actor2__name__icontains=query)
            | Q(place__name__icontains=query)
        )
        if key:
            q |= Q(place__in=PlaceName.objects.filter(key__startswith=key).values("place_id")) | Q(
                place_key__startswith=key
            )
        return self.filter(q)

    def set_status(self, status: str, *, user: Any = None) -> int:
        """Give the events ``status``, one save each so history records who did it (``user``, else
        the user of the current request); returns how many changed."""
        changed = 0
        for event in self.exclude(status=status):
            event.status = status
            if user is not None:
                event._history_user = user  # read by simple_history for the history record
            event.save()
            changed += 1
        return changed

    def merge(self, *, user: Any = None) -> Event:
        """Merge these duplicates into one: the reviewed one, else the most confident, else the
        oldest (see ``Event.merge``); returns it. ValueError for fewer than two events or events
        of different kinds."""
        events: list[Event] = list(self.select_related("report").prefetch_related("associated_actors", "evidence_set"))
        if len(events) < 2:
            raise ValueError("Merge needs at least two events.")
        keep = min(events, key=lambda e: (MERGE_RANK.get(e.status, 9), -e.confidence, e.pk))
        keep.merge([e for e in events if e.pk != keep.pk], user=user)
        return keep


class Event(models.Model):
    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=32,
        choices=[(k, _(k.replace("_", " "))) for k in labels.EVENT_KINDS],
        db_index=True,
    )
    event_type = models.CharField(verbose_name=_("event type"), max_length=64, help_text=_("ACLED event type."))
    sub_event_type = models.CharField(
        verbose_name=_("sub event type"), max_length=64, help_text=_("ACLED sub-event type.")
    )
    date = models.DateField(verbose_name=_("date"), null=True, blank=True, db_index=True)
    date_end = models.DateField(verbose_name=_("date end"), null=True, blank=True)
    time_precision = models.PositiveSmallIntegerField(
        verbose_name=_("time precision"), null=True, blank=True, help_text=_("ACLED: 1 day, 2 week, 3 month.")
    )
    place = models.ForeignKey(
        "gazetteer.Place",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    place_mention = models.CharField(
        verbose_name=_("place mention"), max_length=300, blank=True, help_text=_("The place as the report wrote it.")
    )
    place_key = models.CharField(
        max_length=300,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The mention's normalised key (search in any script)."),
    )
    lat = models.FloatField(verbose_name=_("lat"), null=True, blank=True)
    lon = models.FloatField(verbose_name=_("lon"), null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        verbose_name=_("geo precision"), null=True, blank=True, help_text=_("ACLED: 1 exact, 2 near, 3 region.")
    )
    actor1 = models.ForeignKey(
        Actor,
        verbose_name=_("actor1"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_as_actor1",
    )
    actor2 = models.ForeignKey(
        Actor,
        verbose_name=_("actor2"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events_as_actor2",
    )
    associated_actors = models.ManyToManyField(
        Actor, verbose_name=_("associated actors"), blank=True, related_name="events_associated"
    )
    control_from = models.ForeignKey(
        Actor, verbose_name=_("control from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    control_to = models.ForeignKey(
        Actor, verbose_name=_("control to"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.TextField(
        verbose_name=_("evidence"), help_text=_("The clause of the report that proves the event.")
    )
    evidence_start = models.PositiveIntegerField(
        verbose_name=_("evidence start"),
    )
    evidence_end = models.PositiveIntegerField(
        verbose_name=_("evidence end"),
    )
    background = models.BooleanField(
        verbose_name=_("background"), default=False, help_text=_("A past event mentioned as context.")
    )
    claim = models.BooleanField(verbose_name=_("claim"), default=False, help_text=_("Stated as a claim."))
    partial = models.BooleanField(
        verbose_name=_("partial"), default=False, help_text=_("Partial capture or entry only.")
    )
    confidence = models.FloatField(verbose_name=_("confidence"), default=0.5)
    status = models.CharField(
        verbose_name=_("status"), max_length=16, choices=Status.choices, default=Status.EXTRACTED, db_index=True
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text=_("A duplicate merged into that event (kept, rejected, so re-parsing does not bring it back)."),
    )
    fingerprint = models.CharField(
        verbose_name=_("fingerprint"),
        max_length=64,
        db_index=True,
        editable=False,
        help_text=_("Same kind, place and evidence → same event on re-parse."),
    )
    # What a dataset (ACLED, UCDP GED) says that has no other field (issue 15; events.event_import).
    dataset = models.CharField(
        verbose_name=_("dataset"),
        max_length=8,
        blank=True,
        choices=[("acled", "ACLED"), ("ucdp", "UCDP GED")],
        help_text=_("Imported from."),
    )
    dataset_id = models.CharField(
        verbose_name=_("dataset id"),
        max_length=32,
        blank=True,
        help_text=_("The dataset's id (ACLED event_id_cnty, UCDP id)."),
    )
    actor1_mention = models.CharField(
        verbose_name=_("actor1 mention"),
        max_length=300,
        blank=True,
        help_text=_("The first actor as the source named it."),
    )
    actor2_mention = models.CharField(
        verbose_name=_("actor2 mention"),
        max_length=300,
        blank=True,
        help_text=_("The second actor as the source named it."),
    )
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, help_text=_("The source's country (SY, IQ).")
    )
    admin1 = models.CharField(
        verbose_name=_("admin1"), max_length=100, blank=True, help_text=_("The source's first-level division.")
    )
    admin2 = models.CharField(
        verbose_name=_("admin2"), max_length=100, blank=True, help_text=_("The source's second-level division.")
    )
    admin3 = models.CharField(
        verbose_name=_("admin3"), max_length=100, blank=True, help_text=_("The source's third-level division.")
    )
    fatalities = models.PositiveIntegerField(
        verbose_name=_("fatalities"), null=True, blank=True, help_text=_("Deaths (UCDP: best estimate).")
    )
    fatalities_low = models.PositiveIntegerField(
        verbose_name=_("fatalities low"), null=True, blank=True, help_text=_("UCDP: low estimate of deaths.")
    )
    fatalities_high = models.PositiveIntegerField(
        verbose_name=_("fatalities high"), null=True, blank=True, help_text=_("UCDP: high estimate of deaths.")
    )
    source = models.TextField(
        verbose_name=_("source"), blank=True, help_text=_("The source's sources (ACLED source, UCDP source_office).")
    )
    source_scale = models.CharField(
        verbose_name=_("source scale"), max_length=100, blank=True, help_text=_("ACLED source_scale.")
    )
    source_codes = models.JSONField(
        verbose_name=_("source codes"),
        default=dict,
        blank=True,
        help_text=_("The source's other codes, as it wrote them (given back by the exports)."),
    )
    # How many distinct reports (and which outlets) support the event: 1 until reports of the same
    # event are merged into it (issue 13; ``refresh_sources``).
    sources = models.PositiveIntegerField(
        verbose_name=_("sources"), default=1, db_index=True, help_text=_("Distinct reports of this event.")
    )
    outlets = models.JSONField(
        verbose_name=_("outlets"), default=list, blank=True, help_text=_("Names of the outlets of those reports.")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[associated_actors])

    objects = EventQuerySet.as_manager()
    _history_user: Any  # set before a save to name who made the change in its history record
    _change_reason: str  # likewise, the reason of that record (AUTO_MERGE, "split")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
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
        constraints = [
            # issue 15: an imported event is identified by its dataset's id (re-imports update it)
            models.UniqueConstraint(
                fields=["dataset", "dataset_id"], condition=~Q(dataset=""), name="event_dataset_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s at %(place)s (%(date)s)") % {
            "kind": self.get_kind_display(),
            "place": isolate(self.place_mention) or "?",
            "date": self.date or gettext("undated"),
        }

    def save(self, *args, **kwargs) -> None:
        self.place_key = name_key(self.place_mention)[:300]
        super().save(*args, **kwargs)

    def merge(self, others: Sequence[Event], *, user: Any = None, auto: bool = False) -> None:
        """Merge duplicates into this event, in one transaction. It gains every evidence sentence
        and report link and the associated actors of the others, and their latest date as its end
        date; an extracted event becomes edited (unless ``auto``: an automatic merge of reports of
        one event at ingest, issue 13, which leaves its status and dates as they are and can be
        undone with ``split``).
        The others stay, rejected and pointing at it (so a re-parse does not bring them back).
        Each saved event gets a history record (by ``user``, else the user of the current request);
        an automatic merge records it on each merged duplicate (reason "automatic merge") and only
        updates the kept event's ``sources`` and ``outlets``. ValueError if the events are of different kinds."""
        events = [self, *[e for e in others if e.pk != self.pk]]
        kinds = {e.kind for e in events}
        if len(kinds) > 1:
            raise ValueError(
                f"These events are of different kinds ({', '.join(sorted(kinds))}): merge only duplicates."
            )
        with transaction.atomic():
            EventEvidence.objects.bulk_create(self._evidence_of(events))
            self.associated_actors.add(*{a.pk for e in events for a in e.associated_actors.all()})
            dates = [d for e in events for d in (e.date, e.date_end) if d]
            if not auto and dates and self.date and max(dates) > (self.date_end or self.date):
                self.date_end = max(dates)
            if self.status == Status.EXTRACTED and not auto:
                self.status = Status.EDITED
            self._count_sources()
            for event in events:
                if event is not self:
                    event.status = Status.REJECTED
                    event.merged_into = self
                elif auto:  # only its counts change: no history record (the duplicate's has the merge)
                    Event.objects.filter(pk=self.pk).update(sources=self.sources, outlets=self.outlets)
                    continue
                if user is not None:
                    event._history_user = user  # read by simple_history for the history record
                if auto:
                    event._change_reason = AUTO_MERGE  # read by simple_history
                event.save()

    def split(self, *, user: Any = None) -> list[Event]:
        """Undo the automatic merges into this event (issue 13): each event merged into it by
        ``merge(auto=True)`` is extracted again and on its own, and this event loses the evidence
        their reports brought; returns them. Merges people made stay (undo those in the history)."""
        with transaction.atomic():
            parts = [e for e in self.merged.all() if e.history.filter(history_change_reason=AUTO_MERGE).exists()]
            for event in parts:
                self.evidence_set.filter(report_id=event.report_id).exclude(report_id=self.report_id).delete()
                event.status = Status.EXTRACTED
                event.merged_into = None
                event._change_reason = "split"
                if user is not None:
                    event._history_user = user
                event.save()
            if parts:
                self._count_sources()
                self._change_reason = "split"
                if user is not None:
                    self._history_user = user
                self.save()
        return parts

    def _count_sources(self) -> None:
        """Set ``sources`` and ``outlets`` from the reports of the evidence (and the event's own)."""
        report_ids = {self.report_id, *self.evidence_set.values_list("report_id", flat=True)}
        outlets = Report.objects.filter(pk__in=report_ids).exclude(outlet="").values_list("outlet", flat=True)
        self.sources = len(report_ids)
        self.outlets = sorted(set(outlets))

    def _evidence_of(self, events: Sequence[Event]) -> list[EventEvidence]:
        """The evidence rows this event lacks: every sentence (evidence set and main evidence) of
        ``events``, once per report and offsets."""
        have = {(ev.report_id, ev.start, ev.end) for ev in self.evidence_set.all()}
        new = []
        for e in events:
            main = EventEvidence(report_id=e.report_id, start=e.evidence_start, end=e.evidence_end, text=e.evidence)
            for ev in [*e.evidence_set.all(), main]:
                if (ev.report_id, ev.start, ev.end) not in have:
                    have.add((ev.report_id, ev.start, ev.end))
                    new.append(
                        EventEvidence(event=self, report_id=ev.report_id, start=ev.start, end=ev.end, text=ev.text)
                    )
        return new


class EventEvidence(models.Model):
    """Every report sentence that supports an event (several after a merge of duplicates)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence_set")
    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField(
        verbose_name=_("start"),
    )
    end = models.PositiveIntegerField(
        verbose_name=_("end"),
    )
    text = models.TextField()

    class Meta:
        verbose_name = _("event evidence")
        verbose_name_plural = _("event evidence")

    def __str__(self) -> str:
        return gettext("evidence of event %(event)s in report %(report)s [%(start)s:%(end)s]") % {
            "event": self.event_id,
            "report": self.report_id,
            "start": self.start,
            "end": self.end,
        }


class ControlAssertion(models.Model):
    """Who holds (and who besieges) a place as of a date, from a report or an imported table."""

    place = models.ForeignKey(
        "gazetteer.Place", verbose_name=_("place"), on_delete=models.CASCADE, related_name="control"
    )
    holder = models.ForeignKey(
        Actor, verbose_name=_("holder"), null=True, blank=True, on_delete=models.SET_NULL, related_name="holds"
    )
    besieged_by = models.ManyToManyField(Actor, verbose_name=_("besieged by"), blank=True, related_name="besieges")
    date = models.DateField(verbose_name=_("date"), db_index=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.CASCADE, related_name="control"
    )
    source_event = models.ForeignKey(
        Event, verbose_name=_("source event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="control"
    )
    evidence = models.TextField(verbose_name=_("evidence"), blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(
        verbose_name=_("source"),
        max_length=32,
        default="report",
        choices=[("report", _("report")), ("import", _("import")), ("manual", _("manual"))],
        help_text=_("Extracted from a report, imported from a control table, or entered by hand."),
    )
    confidence = models.FloatField(verbose_name=_("confidence"), default=0.5)
    status = models.CharField(
        verbose_name=_("status"), max_length=16, choices=Status.choices, default=Status.EXTRACTED, db_index=True
    )
    disputed = models.BooleanField(
        verbose_name=_("disputed"),
        default=False,
        db_index=True,
        help_text=_("Another source names another holder of this place on this day: to review (issue 13)."),
    )
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[besieged_by])

    class Meta:
        verbose_name = _("control assertion")
        verbose_name_plural = _("control assertions")
        ordering = ["-date", "place"]
        indexes = [
            models.Index(fields=["place", "date"]),
            models.Index(fields=["source", "date"], name="control_source_date_idx"),  # issue 6: imports, admin filter
        ]

    def __str__(self) -> str:
        return gettext("%(place)s held by %(holder)s on %(date)s") % {
            "place": self.place,
            "holder": isolate(self.holder) or "?",
            "date": self.date,
        }


class MapDataStamp(models.Model):
    """One row whose ``stamp`` database triggers replace with a random token whenever what the
    maps are drawn from is written: control assertions and their besiegers, actors (names,
    colours), places (coordinates) and boundaries (migration ``0012``). Triggers see every write,
    ``save()``, a queryset ``update()``, ``bulk_create``, raw SQL and other processes alike, so
    one primary-key read (``current()``) tells whether a cached map is still good. A token, not
    a counter: a write that is rolled back never gives an old stamp back to other data."""

    stamp = models.CharField(max_length=32)

    ROW = 1

    class Meta:
        verbose_name = _("map data stamp")
        verbose_name_plural = _("map data stamps")

    def __str__(self) -> str:
        return self.stamp

    @classmethod
    def current(cls) -> str:
        """The stamp now (one primary-key query: every cached map asks on every request). The
        row is made again if a flush emptied the table."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT stamp FROM {table} WHERE id = %s", [cls.ROW])
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        cls.objects.get_or_create(pk=cls.ROW, defaults={"stamp": uuid.uuid4().hex})
        found = cls.objects.values_list("stamp", flat=True).get(pk=cls.ROW)
        return found
