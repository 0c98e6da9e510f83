"""Fetching an outlet: its feeds, each new item's page, the article's text into ``ingest_text``
(issue 13). One outlet's failures never stop the others, and each is recorded with its reason.

``fetch_outlet(outlet, fetcher)`` → the outlet's ``FetchRun`` (also summarised on the outlet).
Known URLs (``FetchedPage`` done for good, or a report with that URL) are not fetched again;
known texts are stored once by ``ingest_text`` (content hash).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from events.ingest import ingest_text
from events.models import Report
from lib.display import one_line
from lib.untrusted import UnreadableReport, decode

from .articles import Article, ArticleError, FeedError, FeedItem, article_text, parse_feed
from .http import Fetcher, FetchError
from .models import Feed, FetchedPage, FetchRun, Outlet

FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


def fetcher_from_settings() -> Fetcher:
    return Fetcher(
        user_agent=settings.FEEDS_USER_AGENT,
        timeout=settings.FEEDS_TIMEOUT,
        max_bytes=settings.FEEDS_MAX_BYTES,
        host_delay=settings.FEEDS_HOST_DELAY,
        allow_private=settings.FEEDS_ALLOW_PRIVATE_HOSTS,
    )


class _Run:
    def __init__(self, outlet: Outlet, fetcher: Fetcher) -> None:
        self.outlet, self.fetcher = outlet, fetcher
        self.run = FetchRun(outlet=outlet, started=timezone.now())
        self.errors: list[str] = []

    def feed(self, feed: Feed) -> list[FeedItem]:
        try:
            page = self.fetcher.get(feed.url, etag=feed.etag, modified=feed.last_modified, accept=FEED_TYPES)
            items = [] if page.not_modified else parse_feed(page.content, page.url)
        except (FetchError, FeedError) as exc:
            reason = str(exc) if isinstance(exc, FetchError) else f"{feed.url}: {exc}"
            self.errors.append(f"feed {reason}")
            feed.last_status = reason[:300]
            feed.save(update_fields=["last_status"])
            return []
        if not page.not_modified:
            feed.etag, feed.last_modified = page.etag[:300], page.last_modified[:100]
        feed.last_status = "not modified" if page.not_modified else f"{len(items)} items"
        feed.save(update_fields=["etag", "last_modified", "last_status"])
        return items

    def item(self, item: FeedItem) -> None:
        self.run.items += 1
        if (
            FetchedPage.objects.filter(url=item.url, final=True).exists()
            or Report.objects.filter(url=item.url).exists()
        ):
            self.run.known += 1
            return
        try:
            article = self.article(item)
            result = ingest_text(
                article.text,
                published=article.published or item.published,
                outlet=self.outlet.name,
                url=item.url,
                lang=self.outlet.language,
                name=item.url,
            )
        except FetchError as exc:
            self.failed(item, str(exc), final=not exc.transient)
            return
        except (ArticleError, UnreadableReport, ValueError) as exc:  # EmptyText is a ValueError too
            message = str(exc) if str(exc).startswith(item.url) else f"{item.url}: {exc}"
            self.failed(item, message, final=True)
            return
        except DatabaseError as exc:
            self.failed(item, f"{item.url}: database error ({exc})", final=False)
            return
        FetchedPage.objects.update_or_create(
            url=item.url, defaults={"outlet": self.outlet, "report": result.report, "failure": "", "final": True}
        )
        if result.created:
            title = one_line(article.title or item.title, 300)
            if title:  # the headline, not the first words of the text
                Report.objects.filter(pk=result.report.pk).update(title=title)
            self.run.new_reports += 1
            self.run.events += result.events
            self.run.merged += result.merged
        else:
            self.run.known += 1

    def article(self, item: FeedItem) -> Article:
        page = self.fetcher.get(item.url, accept="text/html, application/xhtml+xml;q=0.9, */*;q=0.1")
        kind = page.content_type.split(";")[0].strip().lower()
        if kind not in HTML_TYPES:
            raise ArticleError(f"not a web page ({kind})")
        html = decode(page.content, name=item.url, html=False, max_bytes=None)
        return article_text(html, item.url)

    def failed(self, item: FeedItem, reason: str, *, final: bool) -> None:
        self.errors.append(reason)
        FetchedPage.objects.update_or_create(
            url=item.url, defaults={"outlet": self.outlet, "report": None, "failure": reason[:500], "final": final}
        )

    def finish(self, started: float) -> FetchRun:
        run, outlet = self.run, self.outlet
        run.seconds = round(time.monotonic() - started, 3)
        run.errors = "\n".join(self.errors)
        run.save()
        outlet.last_fetched, outlet.last_items, outlet.last_new = run.started, run.items, run.new_reports
        outlet.last_errors = run.errors
        outlet.save(update_fields=["last_fetched", "last_items", "last_new", "last_errors"])
        return run


def fetch_outlet(outlet: Outlet, fetcher: Fetcher | None = None) -> FetchRun:
    """Fetch every feed of ``outlet`` and every new item's page; ingest each article."""
    fetcher = fetcher or fetcher_from_settings()
    started = time.monotonic()
    run = _Run(outlet, fetcher)
    seen = set()
    for feed in outlet.feeds.all():
        for item in run.feed(feed):
            seen.add(item.url)
            run.item(item)
    # Pages that failed for a passing reason (a server error, a timeout) are tried again, also
    # when their feed has not changed since (304).
    for url in outlet.pages.filter(final=False).exclude(url__in=seen).values_list("url", flat=True):
        run.item(FeedItem(url=url))
    return run.finish(started)
