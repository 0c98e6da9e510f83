"""Gazetteer search: a page for people and a JSON endpoint (used by forms for autocomplete)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .geocoder import CUE_KINDS, GazetteerGeocoder
from .models import KIND_CHOICES

#: A place kind's name in the reader's language.
KIND_NAMES = dict(KIND_CHOICES)

MAX_QUERY = 200


def _search(request: HttpRequest) -> tuple[str, list]:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    if not query:
        return query, []
    country = request.GET.get("country") or None
    kind = request.GET.get("kind")
    kinds = kind if kind in CUE_KINDS else None
    return query, GazetteerGeocoder().candidates(query, country_codes=country, kinds=kinds)[:20]


def search(request: HttpRequest) -> HttpResponse:
    query, found = _search(request)
    return render(request, "gazetteer/search.html", {"query": query, "candidates": found, "kinds": sorted(CUE_KINDS)})


def search_json(request: HttpRequest) -> JsonResponse:
    query, found = _search(request)
    return JsonResponse(
        {
            "query": query,
            "candidates": [
                {**c.as_dict(), "kind_label": str(KIND_NAMES.get(c.place.kind, c.place.kind))} for c in found
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
