"""The review workflow: reports, events, actors and control in the Django admin.

- Reports: paste or upload a report (parsed on save), read it with its mentions highlighted,
  see its events, parse it again (people's verified, edited and rejected events are kept).
- Events: filters (kind, status, actor, country, governorate, date), search by place name in any
  script and spelling, by actor and by evidence; verify, reject, merge duplicates; a map to set
  the point; history with revert; ACLED CSV and GeoJSON export, ACLED CSV import with preview.
- Control: the same map (the place's point, read-only), history.

The operations themselves (search, verify/reject, merge) are the models' (events/models.py); the
map comes from mapkit's admin mixin; the highlighted text from the ``highlighted_text`` tag.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV
from simple_history.admin import SimpleHistoryAdmin

from gazetteer.models import Place, PlaceName
from lib.text import name_key
from lib.untrusted import UnreadableReport, check_text, read_upload
from mapkit.widgets import MapPointAdminMixin

from . import admin_import
from .ingest import ingest_text, parse_again
from .models import Actor, ControlAssertion, Event, EventEvidence, Mention, Report, Status
from .resources import EventResource, GeoJSONFormat, UcdpEventResource
from .templatetags.report_tags import highlighted_text

# The URLs the admin map calls, by name (mapkit imports no app of ours).
PLACE_SEARCH_URL = "gazetteer:search-json"
OUTLINES_URL = "mapping:api-outlines"


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ("label", "text", "start", "end", "place", "actor", "resolved", "score")
    readonly_fields = fields
    can_delete = False
    show_change_link = False
    classes = ("collapse",)

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    fk_name = "report"
    extra = 0
    fields = ("kind", "date", "place_mention", "place", "actor1", "actor2", "status", "confidence")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("place", "actor1", "actor2")


class ReportAddForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Upload"),
        required=False,
        allow_empty_file=True,
        help_text=_("A text or HTML file (UTF-8, UTF-16, Windows-1256 or ISO-8859-6)."),
    )

    class Meta:
        model = Report
        fields = ("text", "upload", "published", "outlet", "url", "language", "title")
        widgets = {"text": forms.Textarea(attrs={"dir": "auto", "rows": 14, "cols": 90})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].help_text = _("Paste the report, or upload a file below.")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        upload = data.get("upload")
        if upload:
            try:  # the rules and messages of `manage.py ingest` (lib/untrusted.py; size checked before reading)
                data["text"] = read_upload(upload.name, upload)
            except UnreadableReport as exc:
                raise forms.ValidationError(str(exc)) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste the text of the report or upload a file."))
        if not upload:
            try:  # pasted text: what ingest refuses (over REPORT_MAX_BYTES, binary junk) is refused here, not in save_model
                check_text(data["text"], name="the pasted text")
            except UnreadableReport as exc:
                raise forms.ValidationError(str(exc)) from None
        return data


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "language", "event_count", "parsed_at")
    list_filter = ("language", "outlet")
    search_fields = ("title", "text", "outlet")
    date_hierarchy = "published"
    readonly_fields = ("highlighted", "content_hash", "parsed_at", "created_at")
    inlines = [EventInline, MentionInline]
    actions = ["parse_again_action"]
    list_per_page = 50
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportAddForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ReportAddForm.Meta.fields
        return (
            "title",
            "outlet",
            "published",
            "url",
            "language",
            "highlighted",
            "content_hash",
            "parsed_at",
            "created_at",
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_events=Count("events"))

    @admin.display(description=_("events"), ordering="_events")
    def event_count(self, obj):
        return obj._events

    @admin.display(description=_("text (mentions highlighted)"))
    def highlighted(self, obj):
        direction = "rtl" if obj.is_rtl else "auto"
        return format_html('<div class="cm-report-text" dir="{}">{}</div>', direction, highlighted_text(obj))

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = form.cleaned_data
        result = ingest_text(
            data["text"],
            published=data.get("published"),
            outlet=data.get("outlet") or "",
            url=data.get("url") or "",
            lang=data.get("language") or "fa",
        )
        report = result.report
        if data.get("title") and result.created:
            report.title = data["title"]
            report.save(update_fields=["title"])
        obj.pk = report.pk
        obj.__dict__.update({k: v for k, v in report.__dict__.items() if not k.startswith("_")})
        if result.created:
            messages.success(
                request,
                gettext("Parsed: %(events)s event(s) and %(control)s control statement(s).")
                % {"events": result.events, "control": result.control},
            )
        else:
            messages.warning(
                request, _("This text is already in the database: here is that report (nothing was added).")
            )

    def response_add(self, request, obj, post_url_continue=None):
        """Land on the report, with its text highlighted and its events listed."""
        return HttpResponseRedirect(reverse("admin:events_report_change", args=[obj.pk]))

    class Media:
        css = {"all": ("mapkit/admin-map.css",)}

    @admin.action(description=_("Parse again (keeps verified, edited and rejected events)"))
    def parse_again_action(self, request, queryset):
        events = control = 0
        for report in queryset:
            e, c = parse_again(report)
            events += e
            control += c
        self.message_user(
            request,
            gettext("Parsed %(reports)s report(s) again: %(events)s event(s), %(control)s control statement(s).")
            % {"reports": queryset.count(), "events": events, "control": control},
        )


class EvidenceInline(admin.TabularInline):
    """Every report of the event, its outlet, and its sentence highlighted in its context."""

    model = EventEvidence
    extra = 0
    fields = ("report", "outlet", "in_context", "start", "end")
    readonly_fields = fields
    verbose_name_plural = _("reports of this event (evidence highlighted)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report")

    @admin.display(description=_("outlet"))
    def outlet(self, obj):
        return obj.report.outlet or "—"

    @admin.display(description=_("evidence in its report"))
    def in_context(self, obj):
        text = obj.report.text
        before, after = text[max(0, obj.start - 160) : obj.start], text[obj.end : obj.end + 160]
        return format_html('<span dir="auto">…{}<mark>{}</mark>{}…</span>', before, text[obj.start : obj.end], after)


class SourcesFilter(admin.SimpleListFilter):
    title = _("sources")
    parameter_name = "sources"

    def lookups(self, request, model_admin):
        return [("single", _("single source")), ("several", _("two or more"))]

    def queryset(self, request, queryset):
        if self.value() == "single":
            return queryset.filter(sources=1)
        if self.value() == "several":
            return queryset.filter(sources__gte=2)
        return queryset


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return (("SY", _("Syria")), ("IQ", _("Iraq")))

    def queryset(self, request, queryset):
        return queryset.filter(place__country=self.value()) if self.value() else queryset


class GovernorateFilter(admin.SimpleListFilter):
    title = _("governorate")
    parameter_name = "admin1"

    def lookups(self, request, model_admin):
        return list(
            Place.objects.filter(kind="governorate").exclude(admin1="").order_by("admin1").values_list("admin1", "name")
        )

    def queryset(self, request, queryset):
        return queryset.filter(place__admin1=self.value()) if self.value() else queryset


class ActorFilter(admin.SimpleListFilter):
    """Either side of the event."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        return list(Actor.objects.values_list("id", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(Q(actor1_id=self.value()) | Q(actor2_id=self.value()))


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = "__all__"
        widgets = {"evidence": forms.Textarea(attrs={"dir": "rtl", "rows": 3, "cols": 90})}


@admin.register(Event)
class EventAdmin(MapPointAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    form = EventForm
    map_search_url_name = PLACE_SEARCH_URL
    map_outlines_url_name = OUTLINES_URL
    resource_classes = [EventResource, UcdpEventResource]
    formats = [CSV, GeoJSONFormat]
    import_formats = [CSV]
    export_formats = [CSV, GeoJSONFormat]
    list_display = ("date", "kind", "place_name", "actors", "status", "confidence", "source_count", "evidence_short")
    list_display_links = ("date", "kind")
    list_filter = (
        "kind",
        "status",
        SourcesFilter,
        ActorFilter,
        CountryFilter,
        GovernorateFilter,
        "dataset",
        "claim",
        "background",
    )
    list_select_related = ("place", "actor1", "actor2")
    search_fields = ("evidence",)  # the search box; the real search is EventQuerySet.search()
    search_help_text = _(
        "Place in any script or spelling (البوکمال, البوكمال, Abu Kamal), actor, or words of the evidence."
    )
    date_hierarchy = "date"
    raw_id_fields = ("report", "place", "merged_into")
    readonly_fields = ("fingerprint", "created_at", "updated_at", "report_link", "sources", "outlets")
    inlines = [EvidenceInline]
    actions = ["verify", "reject", "merge", "split"]
    list_per_page = 100
    show_full_result_count = False
    fieldsets = (
        (
            _("What"),
            {
                "fields": (
                    ("kind", "status", "confidence"),
                    ("event_type", "sub_event_type"),
                    ("claim", "background", "partial"),
                )
            },
        ),
        (_("When"), {"fields": (("date", "date_end", "time_precision"),)}),
        (_("Where"), {"fields": ("place", "place_mention", ("lat", "lon", "geo_precision"), "map")}),
        (_("Who"), {"fields": (("actor1", "actor2"), "associated_actors", ("control_from", "control_to"))}),
        (
            _("Evidence"),
            {
                "fields": (
                    "report_link",
                    "report",
                    "evidence",
                    ("evidence_start", "evidence_end"),
                    ("sources", "outlets"),
                    "merged_into",
                )
            },
        ),
        (
            _("Imported from a dataset"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("dataset", "dataset_id"),
                    ("actor1_mention", "actor2_mention"),
                    ("country", "admin1", "admin2", "admin3"),
                    ("fatalities", "fatalities_low", "fatalities_high"),
                    ("source", "source_scale"),
                    "source_codes",
                ),
            },
        ),
        (_("Record"), {"classes": ("collapse",), "fields": ("fingerprint", "created_at", "updated_at")}),
    )

    def import_action(self, request, **kwargs):
        """ACLED and UCDP GED files, with a preview of each row's problem (events/admin_import.py)."""
        return admin_import.import_view(self, request)

    def process_import(self, request, **kwargs):
        return admin_import.process_view(self, request)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.search(search_term.strip()), False

    @admin.display(description=_("place"), ordering="place__name")
    def place_name(self, obj):
        if obj.place:
            # Each name in a <bdi>: a right-to-left name or a stray override (U+202E) stays inside it (issue 7).
            if obj.place.name == obj.place_mention:
                return format_html("<bdi>{}</bdi>", obj.place.name)
            return format_html("<bdi>{}</bdi> (<bdi>{}</bdi>)", obj.place.name, obj.place_mention)
        return format_html("<bdi>{}</bdi>", obj.place_mention) if obj.place_mention else "—"

    @admin.display(description=_("actors"))
    def actors(self, obj):
        return (
            format_html_join(gettext(" vs "), "<bdi>{}</bdi>", ((a.name,) for a in (obj.actor1, obj.actor2) if a))
            or "—"
        )

    @admin.display(description=_("evidence"))
    def evidence_short(self, obj):
        text = " ".join(obj.evidence.split())
        return format_html('<span dir="rtl">{}</span>', text[:90] + ("…" if len(text) > 90 else ""))

    @admin.display(description=_("sources"), ordering="sources")
    def source_count(self, obj):
        """Distinct reports, and their outlets on hover."""
        return format_html('<span title="{}">{}</span>', "; ".join(obj.outlets or []), obj.sources)

    @admin.display(description=_("report"))
    def report_link(self, obj):
        if not obj.report_id:
            return "—"
        return format_html(
            '<a href="{}"><bdi>{}</bdi></a> · <a href="{}">{}</a>',
            reverse("admin:events_report_change", args=[obj.report_id]),
            obj.report,
            reverse("mapping:report", args=[obj.report_id]),
            _("public page"),
        )

    def save_model(self, request, obj, form, change):
        if change and form.changed_data and obj.status == Status.EXTRACTED and "status" not in form.changed_data:
            obj.status = Status.EDITED  # a person changed it: re-parsing must keep it
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Verify the selected events"), permissions=["change"])
    def verify(self, request, queryset):
        changed = queryset.set_status(Status.VERIFIED, user=request.user)
        self.message_user(request, gettext("%(count)s event(s) verified.") % {"count": changed})

    @admin.action(description=_("Reject the selected events"), permissions=["change"])
    def reject(self, request, queryset):
        changed = queryset.set_status(Status.REJECTED, user=request.user)
        self.message_user(request, gettext("%(count)s event(s) rejected.") % {"count": changed})

    @admin.action(description=_("Merge the selected duplicates into one"), permissions=["change"])
    def merge(self, request, queryset):
        count = queryset.count()
        if count < 2:
            self.message_user(request, _("Select at least two events to merge."), messages.WARNING)
            return
        try:
            keep = queryset.merge(user=request.user)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        url = reverse("admin:events_event_change", args=[keep.pk])
        self.message_user(
            request, format_html(gettext('Merged {} events into <a href="{}">event {}</a>.'), count, url, keep.pk)
        )

    @admin.action(description=_("Split: undo the automatic merges into the selected events"), permissions=["change"])
    def split(self, request, queryset):
        parts = sum(len(event.split(user=request.user)) for event in queryset)
        self.message_user(request, gettext("%(count)s event(s) split off and extracted again.") % {"count": parts})


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "swatch", "colour", "alias_count", "origin", "inter")
    list_filter = ("origin",)
    search_fields = ("name",)

    class ActorForm(forms.ModelForm):
        class Meta:
            model = Actor
            fields = "__all__"
            widgets = {"colour": forms.TextInput(attrs={"type": "color"})}

    form = ActorForm

    @admin.display(description="")
    def swatch(self, obj):
        return format_html(
            '<span style="display:inline-block;width:1.2em;height:1.2em;border-radius:3px;background:{}"></span>',
            obj.colour,
        )

    @admin.display(description=_("aliases"))
    def alias_count(self, obj):
        return len(obj.aliases or [])


@admin.register(ControlAssertion)
class ControlAssertionAdmin(MapPointAdminMixin, SimpleHistoryAdmin):
    map_lat_field = map_lon_field = None  # the map shows the place's point
    map_search_url_name = PLACE_SEARCH_URL
    map_outlines_url_name = OUTLINES_URL
    list_display = ("date", "place", "holder", "besiegers", "source", "status", "confidence", "disputed")
    list_filter = ("disputed", "source", "status", "holder", "place__country")
    list_select_related = ("place", "holder")
    raw_id_fields = ("place", "report", "source_event")
    filter_horizontal = ("besieged_by",)
    search_fields = ("place__name", "evidence")
    date_hierarchy = "date"
    list_per_page = 100
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("place", "map", "date", "holder", "besieged_by", "status", "confidence")}),
        (_("Source"), {"fields": ("source", "report", "source_event", "evidence")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("besieged_by")

    @admin.display(description=_("besieged by"))
    def besiegers(self, obj):
        return ", ".join(a.name for a in obj.besieged_by.all()) or ""

    def get_search_results(self, request, queryset, search_term):
        results, dup = super().get_search_results(request, queryset, search_term)
        key = name_key(search_term)
        if key:
            results = results | queryset.filter(
                place__in=PlaceName.objects.filter(key__startswith=key).values("place_id")
            )
        return results, dup
