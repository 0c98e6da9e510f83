"""Feeds into items, article pages into report text (issue 13): feedparser and trafilatura do
the work; this module only shapes what they give.

* ``parse_feed(data, url)``: RSS 0.9x-2.0 and Atom through feedparser → ``FeedItem``s (link,
  title, published date); ``FeedError`` for something that is not a feed.
* ``article_text(html, url)``: the article's headline and main text through trafilatura
  (menus, related links, "most read" lists, footers and scripts left out) → ``Article``;
  ``ArticleError`` when a page holds no article text.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

import feedparser
import trafilatura


class FeedError(ValueError):
    """Not a feed (the message says what feedparser found)."""


class ArticleError(ValueError):
    """A page without article text."""


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str = ""
    published: dt.date | None = None


@dataclass(frozen=True)
class Article:
    title: str
    body: str
    published: dt.date | None = None

    @property
    def text(self) -> str:
        """The report's text: the headline, then the body (which often repeats it first)."""
        body = self.body.strip()
        title = " ".join(self.title.split())
        if not title or body.startswith(title):
            return body
        return f"{title}\n\n{body}"


def parse_feed(data: bytes, url: str) -> list[FeedItem]:
    """The items of an RSS or Atom feed, in feed order, each link absolute and without fragment."""
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise FeedError(f"malformed feed ({_reason(parsed.get('bozo_exception'))})")
        if not parsed.get("version"):
            raise FeedError("not an RSS or Atom feed")
    items, seen = [], set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        link = urldefrag(urljoin(url, link)).url
        if link in seen:
            continue
        seen.add(link)
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.datetime.fromtimestamp(calendar.timegm(when), dt.UTC).date() if when else None
        items.append(FeedItem(url=link, title=" ".join((entry.get("title") or "").split()), published=published))
    return items


#: trafilatura drops characters that are not printable, among them the zero-width non-joiner
#: and joiner that Persian words need (شبه‌نظامیان); they cross it as printable stand-ins that the
#: page does not contain, and are put back in the text.
_JOINERS = ("\u200c", "\u200d")
_STAND_INS = ("\u2e3a", "\u2e3b", "\u2e48", "\u2e49", "\u2e4a", "\u2e4b", "\u2e4c", "\u2e4d")


def _keep_joiners(html: str) -> tuple[str, dict[str, str]]:
    free = [c for c in _STAND_INS if c not in html]
    back = {}
    for joiner, stand_in in zip(_JOINERS, free):
        if joiner in html:
            html = html.replace(joiner, stand_in)
            back[stand_in] = joiner
    return html, back


def _restore(text: str, back: dict[str, str]) -> str:
    for stand_in, joiner in back.items():
        text = text.replace(stand_in, joiner)
    return text


def article_text(html: str, url: str) -> Article:
    """The article of a page: title, main text and date, without the site's chrome."""
    html, back = _keep_joiners(html)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
    )
    body = getattr(doc, "text", None) or ""
    if not body.strip():
        raise ArticleError("no article text found in the page")
    published = None
    date = getattr(doc, "date", None)
    if date:
        try:
            published = dt.date.fromisoformat(str(date)[:10])
        except ValueError:
            published = None
    title = getattr(doc, "title", None) or ""
    return Article(title=_restore(title, back), body=_restore(body, back), published=published)


def _reason(exc: object) -> str:
    text = " ".join(str(exc or "unreadable").split())
    return text if len(text) <= 160 else text[:157] + "..."
