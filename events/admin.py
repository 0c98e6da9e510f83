"""Admin for reports, events, actors and control (the review workflow grows in issue 5)."""

from django.contrib import admin

from .models import Actor, ControlAssertion, Event, EventEvidence, Mention, Report


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ("label", "text", "start", "end", "place", "actor", "resolved", "score")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ("kind", "date", "place_mention", "actor1", "actor2", "status", "confidence")
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("title", "outlet", "published", "language", "parsed_at")
    list_filter = ("language", "outlet")
    search_fields = ("title", "text", "outlet")
    date_hierarchy = "published"
    readonly_fields = ("content_hash", "parsed_at", "created_at")
    inlines = [EventInline, MentionInline]


class EvidenceInline(admin.TabularInline):
    model = EventEvidence
    extra = 0
    readonly_fields = ("report", "start", "end", "text")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "place_mention", "place", "actor1", "actor2", "status", "confidence")
    list_filter = ("kind", "status", "background", "claim", "actor1")
    list_select_related = ("place", "actor1", "actor2")
    search_fields = ("place_mention", "evidence", "place__name")
    date_hierarchy = "date"
    raw_id_fields = ("report", "place")
    readonly_fields = ("fingerprint", "created_at", "updated_at")
    inlines = [EvidenceInline]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "colour")
    search_fields = ("name",)


@admin.register(ControlAssertion)
class ControlAssertionAdmin(admin.ModelAdmin):
    list_display = ("date", "place", "holder", "source", "status", "confidence")
    list_filter = ("source", "status", "holder")
    list_select_related = ("place", "holder")
    raw_id_fields = ("place", "report", "source_event")
    search_fields = ("place__name", "evidence")
    date_hierarchy = "date"
