"""Outlets that conflictmap watches, their feeds, and what each fetch did (issue 13).

- ``Outlet``: a news outlet (name, language, country, kind) and the summary of its last fetch.
- ``Feed``: one RSS or Atom feed of an outlet, with the validators of conditional GET.
- ``FetchRun``: one fetch of one outlet: when, how many items, new reports, and every failure.
- ``FetchedPage``: an article URL fetched once (its report, or why it gave none), so a known URL
  is never fetched twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from lib.display import isolate, one_line, safe_url


class OutletKind(models.TextChoices):
    STATE = "state", _("state media")
    INDEPENDENT = "independent", _("independent")
    WIRE = "wire", _("wire")
    MONITOR = "monitor", _("monitoring group")
    MILITARY = "military", _("official military")


class Outlet(models.Model):
    name = models.CharField(
        verbose_name=_("name"), max_length=200, unique=True, help_text=_("Also the outlet of its reports.")
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=8,
        default="fa",
        help_text=_("fa, fa-AF, ar or en; empty: detect per article."),
    )
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, help_text=_("Where the outlet is based (ISO code).")
    )
    kind = models.CharField(
        verbose_name=_("kind"), max_length=16, choices=OutletKind.choices, default=OutletKind.INDEPENDENT
    )
    active = models.BooleanField(
        verbose_name=_("active"), default=True, help_text=_("Fetched by fetch_feeds and the scheduled fetch.")
    )
    last_fetched = models.DateTimeField(verbose_name=_("last fetched"), null=True, blank=True)
    last_items = models.PositiveIntegerField(
        verbose_name=_("last items"), default=0, help_text=_("Feed items seen by the last fetch.")
    )
    last_new = models.PositiveIntegerField(
        verbose_name=_("last new"), default=0, help_text=_("New reports from the last fetch.")
    )
    last_errors = models.TextField(
        verbose_name=_("last errors"), blank=True, help_text=_("What failed in the last fetch, one line each.")
    )

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name"]

    def __str__(self) -> str:
        return isolate(self.name)

    def clean(self) -> None:
        super().clean()
        if one_line(self.name, 200) != self.name:
            raise ValidationError({"name": "One line, without control characters or direction overrides."})

    @classmethod
    def add(cls, name: str, *, feeds: list[str], language: str = "", kind: str = "", **fields: object) -> Outlet:
        """Create the outlet, or update the one that has one of ``feeds`` (else the one of that
        name), and attach the feeds. ValueError for a feed that is not an http(s) URL or a kind
        that is not one of ``OutletKind``."""
        bad = [url for url in feeds if not safe_url(url)]
        if bad:
            raise ValueError(f"not an http:// or https:// feed URL: {', '.join(bad)}")
        if kind and kind not in OutletKind.values:
            raise ValueError(f"unknown kind {kind!r}: one of {', '.join(OutletKind.values)}")
        with transaction.atomic():
            feed = Feed.objects.filter(url__in=feeds).select_related("outlet").first()
            outlet = feed.outlet if feed else cls.objects.filter(name=name).first() or cls(name=name)
            outlet.name = name
            if language:
                outlet.language = language
            if kind:
                outlet.kind = kind
            for field, value in fields.items():
                setattr(outlet, field, value)
            outlet.full_clean()
            outlet.save()
            for url in feeds:
                Feed.objects.update_or_create(url=url, defaults={"outlet": outlet})
        return outlet


class Feed(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="feeds")
    url = models.URLField(verbose_name=_("url"), max_length=1000, unique=True)
    etag = models.CharField(verbose_name=_("etag"), max_length=300, blank=True, editable=False)
    last_modified = models.CharField(verbose_name=_("last modified"), max_length=100, blank=True, editable=False)
    last_status = models.CharField(
        verbose_name=_("last status"), max_length=300, blank=True, help_text=_("What its last fetch gave.")
    )

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["outlet", "url"]

    def __str__(self) -> str:
        return self.url


class FetchRun(models.Model):
    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="runs")
    started = models.DateTimeField(
        verbose_name=_("started"),
    )
    seconds = models.FloatField(verbose_name=_("seconds"), default=0)
    items = models.PositiveIntegerField(verbose_name=_("items"), default=0)
    new_reports = models.PositiveIntegerField(verbose_name=_("new reports"), default=0)
    known = models.PositiveIntegerField(
        verbose_name=_("known"), default=0, help_text=_("Items whose URL or text was already stored.")
    )
    events = models.PositiveIntegerField(verbose_name=_("events"), default=0)
    merged = models.PositiveIntegerField(
        verbose_name=_("merged"), default=0, help_text=_("Of those events, how many joined another report's.")
    )
    errors = models.TextField(verbose_name=_("errors"), blank=True)

    class Meta:
        verbose_name = _("fetch run")
        verbose_name_plural = _("fetch runs")
        ordering = ["-started"]

    def __str__(self) -> str:
        return f"{self.outlet} at {self.started:%Y-%m-%d %H:%M}"


class FetchedPage(models.Model):
    url = models.URLField(verbose_name=_("url"), max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, verbose_name=_("outlet"), on_delete=models.CASCADE, related_name="pages")
    report = models.ForeignKey(
        "events.Report", verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fetched = models.DateTimeField(verbose_name=_("fetched"), auto_now=True)
    failure = models.CharField(
        verbose_name=_("failure"), max_length=500, blank=True, help_text=_("Why it gave no report.")
    )
    final = models.BooleanField(
        verbose_name=_("final"),
        default=True,
        help_text=_("Never fetched again (stored, or refused for good); false: retried next time."),
    )

    class Meta:
        verbose_name = _("fetched page")
        verbose_name_plural = _("fetched pages")

    def __str__(self) -> str:
        return self.url
