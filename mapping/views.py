"""Public pages. Thin: read the filters, ask mapping/ for the data and the map, render the site's
template. Maps of control are cached with their counts and legend, keyed by the data's versions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csp import get_nonce
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from events import control
from events.models import Actor, ControlAssertion, Event, Report
from gazetteer.kinds import COUNTRIES
from gazetteer.models import Boundary, Place
from lib import reader
from mapkit.embed import EmbeddedMap, embed

from . import layers, maps, snapshots
from .basemap import new_map
from .filters import ChangesForm, ControlForm, CountryForm, EventFilter
from .style import kinds_legend

#: A rendered control map, its feature counts and its legend: what a page caches. Never the
#: whole snapshot (thousands of places to unpickle on every request).
type RenderedControl = tuple[EmbeddedMap, dict[str, int], snapshots.Legend]

#: Where a cached page's CSP nonce goes: raw markup, so the same text in data (escaped) never
#: matches; replaced with the response's own nonce.
NONCE_SLOT = mark_safe("<cm-csp-nonce>")


def _control_map(kind: str, date: dt.date, *parts: str, places: bool) -> RenderedControl:
    """The control map of ``date`` (``parts``: the country, if any), from the cache."""

    def build() -> RenderedControl:
        snap = snapshots.snapshot(date, *parts)
        m = new_map()
        counts = maps.add_control_layers(m, snap, places=places, layer_control=places)
        return embed(m), counts, snapshots.Legend.of(snap)

    return snapshots.cached(kind, date.isoformat(), *parts, settings.MAP_TILES_URL, build=build)


def home(request: HttpRequest) -> HttpResponse:
    """Overview: the latest control map, recent events, what the database holds, links."""
    date = snapshots.latest_date()
    rendered, counts, legend = _control_map("home-map", date, places=False)
    shown = EventFilter.for_reader(request)
    recent = list(
        shown.apply(Event.objects.all()).select_related("place", "actor1", "actor2").order_by("-date", "-id")[:8]
    )
    by_country = dict(Place.objects.values_list("country").annotate(n=Count("id")).order_by())
    context = {
        "map": rendered,
        "date": date,
        "snap": legend,
        "counts": counts,
        "recent": recent,
        "totals": {
            "reports": Report.objects.count(),
            "events": shown.apply(Event.objects.all()).count(),
            "places": sum(by_country.values()),
            "control": ControlAssertion.objects.count(),
        },
        "by_country": sorted(by_country.items()),
        "control_credits": snapshots.credits(),
        "boundary_total": Boundary.objects.count(),
    }
    return render(request, "mapping/home.html", context)


def events(request: HttpRequest) -> HttpResponse:
    """The events map: its script loads the filtered points and popups from the APIs."""
    f = EventFilter.from_request(request)
    query = f.query()
    m = new_map()
    maps.add_events_layer(
        m,
        points_url=f"{reverse('mapping:api-events-points')}?{query}",
        list_url=f"{reverse('mapping:api-events-list')}?{query}",
    )
    context = {
        "map": embed(m),
        "f": f,
        "errors": f.errors,
        "query": query,
        "total": f.apply(Event.objects.all()).count(),
        "kinds": kinds_legend(),
        "countries": sorted(COUNTRIES.items()),
        "actors": list(Actor.objects.values_list("name", flat=True)),
    }
    return render(request, "mapping/events.html", context)


def report(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's text with its mentions highlighted, its events on a map and in a table."""
    report = get_object_or_404(Report, pk=pk)
    shown = EventFilter.for_reader(request)
    events = list(
        shown.apply(report.events.all()).select_related("place", "actor1", "actor2").order_by("evidence_start", "id")
    )
    m = new_map()
    maps.add_report_events(m, events)
    context = {
        "report": report,
        "events": events,
        "unplaced": list(report.events.filter(lat__isnull=True).exclude(status="rejected")),
        "map": embed(m),
    }
    return render(request, "mapping/report.html", context)


def control_map(request: HttpRequest) -> HttpResponse:
    """Who holds what on a date (default: the latest with data), with fronts and sieges.

    The whole page depends only on its URL, the language, the tiles and the data, so it is
    cached under those (one query for the map data stamp on a hit); each response gets its own
    CSP nonce in place of the slot."""
    path = request.get_full_path()
    html = (
        snapshots.cached(
            "control-page", get_language(), settings.MAP_TILES_URL, path, build=lambda: _control_page(request)
        )
        if len(path) <= 300
        else _control_page(request)
    )
    return HttpResponse(html.replace(NONCE_SLOT, str(get_nonce(request))))


def _control_page(request: HttpRequest) -> str:
    """The control page of ``request``'s date and country. It carries no control data: its
    script loads /api/control/map.json (gzipped, ETag)."""
    dates = control.control_dates()
    form = ControlForm(request.GET, dates=dates)
    date, country = form.value("date"), form.value("country")
    query = urlencode({"date": date.isoformat(), **({"country": country} if country else {})})
    snap = snapshots.snapshot(date, country)
    m = new_map()
    maps.add_control_data(m, url=f"{reverse('mapping:api-control-map')}?{query}", names=_control_layer_names())
    data = layers.control_map_data(snap)
    context = {
        "map": embed(m),
        "errors": form.messages,
        "date": date,
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "dates": dates,
        "snap": snapshots.Legend.of(snap),
        "counts": {key: len(data[key]["features"]) for key in ("areas", "fronts", "rings", "places")},
        "cap_km": settings.MAP_AREA_CAP_KM,
        "control_credits": snapshots.credits(),
        "csp_nonce": NONCE_SLOT,
    }
    return render_to_string("mapping/control.html", context, request)


def language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switcher: keep ``code`` in the language cookie (LocaleMiddleware reads it)
    and go back to ``next`` (a path of this site). A plain link, so pages need no form or CSRF
    token and stay the same for every reader of a language (cacheable, ETags)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404("no such language")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("mapping:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _control_layer_names() -> dict[str, str]:
    return {
        "areas": gettext("Areas of control"),
        "fronts": gettext("Front lines"),
        "rings": gettext("Sieges"),
        "places": gettext("Places"),
    }


def changes_map(request: HttpRequest) -> HttpResponse:
    """What changed hands between two dates (default: the last two with data). The map's layers
    come from /api/changes/map.json (gzipped, ETag); the page lists the changed places."""
    form = ChangesForm(request.GET, dates=snapshots.changes_form_dates())
    date_from, date_to, country = form.value("date_from"), form.value("date_to"), form.value("country")
    ch = snapshots.changes(date_from, date_to, country)
    query = urlencode(
        {"from": date_from.isoformat(), "to": date_to.isoformat(), **({"country": country} if country else {})}
    )
    language = get_language()
    m = new_map()
    maps.add_changes_data(
        m,
        url=f"{reverse('mapping:api-changes-map')}?{query}",
        names={
            "changes": gettext("Changed hands"),
            "fronts_from": gettext("Front line %(day)s") % {"day": reader.short_date(date_from, language)},
            "fronts_to": gettext("Front line %(day)s") % {"day": reader.short_date(date_to, language)},
            "places": gettext("Places that changed hands"),
        },
    )
    context = {
        "map": embed(m),
        "errors": form.messages,
        "date_from": date_from,
        "date_to": date_to,
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "ch": ch,
        "control_credits": snapshots.credits(),
    }
    return render(request, "mapping/changes.html", context)


def timeline(request: HttpRequest) -> HttpResponse:
    """Areas and fronts of every date where control changed, played in turn from the latest; the
    frames' layers come from /api/timeline/map.json (gzipped, ETag)."""
    form = CountryForm(request.GET)
    country = form.value("country")
    timeline_frames = snapshots.frames(country)  # issue 14: the dates where control changed
    frames = timeline_frames.dates
    m = new_map()
    if frames:
        query = f"?{urlencode({'country': country})}" if country else ""
        language = get_language()
        labels = {day.isoformat(): reader.short_date(day, language) for day in frames}
        maps.add_timeline_data(m, url=f"{reverse('mapping:api-timeline-map')}{query}", labels=labels)
    context = {
        "map": embed(m),
        "errors": form.messages,
        "frames": frames,
        "frame_changes": list(zip(frames, timeline_frames.changed, strict=True)),
        "country": country,
        "countries": sorted(COUNTRIES.items()),
        "control_credits": snapshots.credits(),
    }
    return render(request, "mapping/timeline.html", context)
