"""Public pages. Thin: gather counts and render."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gazetteer.models import Boundary, Place


def home(request: HttpRequest) -> HttpResponse:
    by_country = dict(Place.objects.values_list("country").annotate(n=Count("id")).order_by())
    by_kind = list(Place.objects.values("kind").annotate(n=Count("id")).order_by("-n"))
    context = {
        "place_total": sum(by_country.values()),
        "by_country": sorted(by_country.items()),
        "by_kind": by_kind,
        "boundary_total": Boundary.objects.count(),
    }
    return render(request, "mapping/home.html", context)
