"""The scheduled fetch (Celery beat, when a broker is configured: config/celery.py)."""

from __future__ import annotations

from celery import shared_task

from .models import Outlet
from .schedule import fetch_all


@shared_task(name="monitoring.fetch_feeds")
def fetch_feeds() -> dict:
    """Fetch every active outlet once; returns new reports and failures per outlet."""
    runs = fetch_all(Outlet.objects.filter(active=True).order_by("name"))
    return {run.outlet.name: {"new": run.new_reports, "failed": len(run.errors.splitlines())} for run in runs}
