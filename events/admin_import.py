"""The admin's import of events from ACLED and UCDP GED files: the same import as
`manage.py import_events` (`events.event_import`), in two steps.

1. Upload (`import_view`): the file is read and imported in a dry run (written, then rolled
   back), and the page lists every row that would not be imported with its line and why, and
   what would be created, updated and left unchanged. The upload waits in a temporary file.
2. Confirm (`process_view`): the same file is imported for real; the user is named in the
   events' history. A file that cannot be read is refused at step 1 and nothing is written.
"""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .dataset_table import MAX_BYTES
from .event_import import FileProblem, import_data
from .models import Event

#: Problems listed on the preview page at most (the summary counts them all).
SHOWN = 1000
#: Uploads waiting for confirmation longer than this (seconds) are removed.
STALE = 24 * 3600
_TOKEN = re.compile(r"[0-9a-f]{32}")
FORMAT_CHOICES = [("acled", _("ACLED CSV")), ("ucdp", _("UCDP GED CSV (plain or gzipped)"))]
TEMPLATE = "admin/events/event/import_events.html"


class ImportEventsForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    import_file = forms.FileField(label=_("File"))

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"{upload.name}: {upload.size:,} bytes is over the limit of {MAX_BYTES:,}")
        return upload


class ConfirmImportForm(forms.Form):
    format = forms.ChoiceField(choices=FORMAT_CHOICES, widget=forms.HiddenInput)
    token = forms.RegexField(regex=_TOKEN, widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)


def _upload_path(token: str) -> Path:
    if not _TOKEN.fullmatch(token):
        raise ValueError("not an upload token")
    return Path(tempfile.gettempdir()) / f"conflictmap-import-{token}.upload"


def keep_upload(data: bytes) -> str:
    """Keep an upload until it is confirmed; returns its token. Old uploads are removed."""
    for old in Path(tempfile.gettempdir()).glob("conflictmap-import-*.upload"):
        try:
            if old.stat().st_mtime < time.time() - STALE:
                old.unlink()
        except OSError:
            continue
    token = uuid.uuid4().hex
    _upload_path(token).write_bytes(data)
    return token


def _context(model_admin: Any, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Event._meta,
        "title": _("Import events from ACLED or UCDP GED"),
        **extra,
    }


def import_view(model_admin: Any, request: HttpRequest) -> HttpResponse:
    """Step 1: the form, and after an upload the preview with each row's problem."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    form = ImportEventsForm(request.POST or None, request.FILES or None)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        upload, fmt = form.cleaned_data["import_file"], form.cleaned_data["format"]
        data = upload.read()
        try:
            result = import_data(data, upload.name, fmt, dry_run=True, user=request.user)
        except FileProblem as exc:
            form.add_error("import_file", str(exc))
        else:
            token = keep_upload(data)
            confirm = ConfirmImportForm(initial={"format": fmt, "token": token, "name": upload.name})
            extra = {"result": result, "problems": result.problems[:SHOWN], "confirm_form": confirm}
    return TemplateResponse(request, TEMPLATE, _context(model_admin, request, form=form, **extra))


def process_view(model_admin: Any, request: HttpRequest) -> HttpResponse:
    """Step 2: import the previewed file for real."""
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    back = reverse("admin:events_event_import")
    form = ConfirmImportForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        messages.error(request, _("Upload the file first: nothing was imported."))
        return HttpResponseRedirect(back)
    path = _upload_path(form.cleaned_data["token"])
    try:
        data = path.read_bytes()
    except OSError:
        messages.error(
            request, _("The uploaded file is gone (older than a day?): upload it again. Nothing was imported.")
        )
        return HttpResponseRedirect(back)
    try:
        result = import_data(data, form.cleaned_data["name"], form.cleaned_data["format"], user=request.user)
    except FileProblem as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    path.unlink(missing_ok=True)
    messages.success(request, result.summary())
    if result.problems:
        messages.warning(
            request,
            gettext("%(count)s rows were not imported (the preview listed them).")
            % {"count": f"{len(result.problems):,}"},
        )
    return HttpResponseRedirect(reverse("admin:events_event_changelist"))
