"""Outlets in the admin: feeds, the fetch history, a CSV import, and "fetch now"."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.untrusted import UnreadableReport, read_upload

from .models import Feed, FetchedPage, FetchRun, Outlet
from .outlets_csv import import_outlets
from .schedule import fetch_all


class FeedInline(admin.TabularInline):
    model = Feed
    extra = 1
    fields = ("url", "last_status", "etag", "last_modified")
    readonly_fields = ("last_status", "etag", "last_modified")


class FetchRunInline(admin.TabularInline):
    model = FetchRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("started", "seconds", "items", "new_reports", "known", "events", "merged", "errors")
    readonly_fields = fields
    verbose_name_plural = _("fetch history (newest first)")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-started")


class CsvImportForm(forms.Form):
    table = forms.FileField(
        help_text=_("CSV with columns name, language, country, kind, feeds (space-separated), active.")
    )


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "language",
        "country",
        "kind",
        "active",
        "last_fetched",
        "last_items",
        "last_new",
        "failures",
    )
    list_filter = ("active", "kind", "language")
    search_fields = ("name", "feeds__url")
    readonly_fields = ("last_fetched", "last_items", "last_new", "last_errors")
    inlines = [FeedInline, FetchRunInline]
    actions = ["fetch_now", "activate", "deactivate"]
    change_list_template = "admin/monitoring/outlet/change_list.html"

    @admin.display(description=_("failures in last fetch"))
    def failures(self, obj):
        return len([line for line in obj.last_errors.splitlines() if line])

    def get_urls(self):
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv), name="monitoring_outlet_import_csv"),
            *super().get_urls(),
        ]

    def import_csv(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:monitoring_outlet_changelist")
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["table"]
            try:
                outlets = import_outlets(read_upload(upload.name, upload.read()))
            except (ValueError, UnreadableReport) as exc:
                form.add_error("table", str(exc))
            else:
                self.message_user(
                    request, gettext("%(count)s outlets added or updated.") % {"count": len(outlets)}, messages.SUCCESS
                )
                return redirect("admin:monitoring_outlet_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Import outlets"),
        }
        return render(request, "admin/monitoring/outlet/import_csv.html", context)

    @admin.action(description=_("Fetch the selected outlets now"))
    def fetch_now(self, request, queryset):
        for run in fetch_all(queryset.order_by("name")):
            errors = [e for e in run.errors.splitlines() if e]
            level = messages.WARNING if errors else messages.SUCCESS
            self.message_user(
                request,
                gettext("%(outlet)s: %(new)s new reports, %(failed)s failed")
                % {"outlet": run.outlet.name, "new": run.new_reports, "failed": len(errors)},
                level,
            )

    @admin.action(description=_("Activate (fetch them)"))
    def activate(self, request, queryset):
        self.message_user(request, gettext("%(count)s outlets activated.") % {"count": queryset.update(active=True)})

    @admin.action(description=_("Deactivate"))
    def deactivate(self, request, queryset):
        self.message_user(request, gettext("%(count)s outlets deactivated.") % {"count": queryset.update(active=False)})


@admin.register(FetchedPage)
class FetchedPageAdmin(admin.ModelAdmin):
    list_display = ("url", "outlet", "report", "final", "failure", "fetched")
    list_filter = ("final", "outlet")
    search_fields = ("url", "failure")
    readonly_fields = ("url", "outlet", "report", "fetched", "failure")
