"""Fetching every active outlet once (the command, the scheduled Celery task, the benchmark)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .http import Fetcher
from .models import FetchRun, Outlet
from .monitor import fetch_outlet, fetcher_from_settings

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """``15m``, ``1h``, ``90s`` or plain seconds → seconds (ValueError otherwise, or under 1 s)."""
    m = _DURATION.match(text or "")
    if not m:
        raise ValueError(f"{text!r} is not a duration such as 15m, 1h or 90s")
    seconds = float(m.group(1)) * _UNIT[m.group(2)]
    if seconds < 1:
        raise ValueError("the interval must be at least one second")
    return seconds


def fetch_all(
    outlets: Iterable[Outlet],
    *,
    fetcher: Fetcher | None = None,
    on_run: Callable[[Outlet, FetchRun | None, str], None] | None = None,
) -> list[FetchRun]:
    """Fetch each outlet in turn; an outlet that fails unexpectedly is reported (``on_run`` with
    the reason) and the others go on."""
    fetcher = fetcher or fetcher_from_settings()
    runs = []
    for outlet in outlets:
        try:
            run = fetch_outlet(outlet, fetcher)
        except Exception as exc:  # never stop the other outlets; name the failure
            reason = f"internal error: {type(exc).__name__}: {exc}"
            Outlet.objects.filter(pk=outlet.pk).update(last_errors=reason)
            if on_run:
                on_run(outlet, None, reason)
            continue
        runs.append(run)
        if on_run:
            on_run(outlet, run, "")
    return runs
