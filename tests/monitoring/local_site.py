"""A local news site for the monitor's tests and benchmark: never the internet.

``LocalSite`` serves routes (path → status, content type, body) from a thread on 127.0.0.1,
answers conditional GETs (ETag, Last-Modified → 304) and records every request (path and
headers). ``news_site()`` builds the site of the issue's bar: three outlets (a Persian RSS feed,
an Arabic Atom feed, an English RSS feed) whose pages carry menus, related links, "most read"
lists, footers and scripts; a wire that republishes four of the English stories under a new
lead; and broken cases (a malformed feed, a 404, a 500 and a PDF linked from a feed).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes = b"", **kw) -> None:
        data = body.replace("{base}", self.base).encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **kw)

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers.items())))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>Not found</body></html>")
                    return
                if route.delay:
                    time.sleep(route.delay)
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                if route.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.status == 200:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", formatdate(0, usegmt=True))
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args) -> None:
                pass

        return Handler


# --- the news site of the bar -----------------------------------------------------------

CHROME_WORDS = ("Home", "Sport", "Most read", "Related stories", "Copyright", "subscribe", "trackingPixel")

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="article:published_time" content="{date}">
<script>var trackingPixel = "Mosul Raqqa Tabqa"; window.dataLayer = [];</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/subscribe">subscribe</a></li></ul></nav></header>
<main><article><h1>{title}</h1><time datetime="{date}">{date}</time>
{paragraphs}
</article>
<aside><h2>Related stories</h2><ul><li><a href="/r1">Clashes in Mosul last year</a></li>
<li><a href="/r2">Raqqa reconstruction stalls</a></li></ul></aside>
<section class="most-read"><h2>Most read</h2><ol><li><a href="/m1">Football: Tabqa club wins</a></li>
<li><a href="/m2">Weather: heat wave in Deir ez-Zor</a></li></ol></section></main>
<footer><p>Copyright 2018 {site}. All rights reserved.</p><a href="/about">About us</a></footer>
<script>document.write("subscribe to our newsletter");</script></body></html>"""


def page(title: str, paragraphs: list[str], *, date: str = "2018-05-15", lang: str = "en", site: str = "News") -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return PAGE.format(title=escape(title), paragraphs=body, date=date, lang=lang, site=site)


def rss(title: str, items: list[tuple[str, str]], *, date: str = "Tue, 15 May 2018 08:00:00 GMT") -> str:
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{{base}}{link}</link><pubDate>{date}</pubDate>"
        f"<guid>{{base}}{link}</guid></item>"
        for t, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{{base}}/</link><description>x</description>{entries}</channel></rss>"
    )


def atom(title: str, items: list[tuple[str, str]], *, date: str = "2018-05-15T08:00:00Z") -> str:
    entries = "".join(
        f'<entry><title>{escape(t)}</title><link href="{{base}}{link}"/><id>{{base}}{link}</id>'
        f"<updated>{date}</updated></entry>"
        for t, link in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>{{base}}/ar/</id><updated>{date}</updated>{entries}</feed>"
    )


FA_STORIES = {
    "/fa/baghuz": (
        "آزادی باغوز تحتانی",
        [
            "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند.",
            "به گفته یک منبع محلی، شبه‌نظامیان داعش پس از چند ساعت درگیری به سمت مناطق جنوبی عقب نشستند.",
        ],
    ),
    "/fa/hajin": (
        "محاصره هجین",
        [
            "هجین تحت محاصره نیروهای دموکراتیک سوریه قرار دارد.",
            "ساکنان شهر از کمبود شدید آب و دارو خبر می‌دهند و راه‌های خروج بسته شده است.",
        ],
    ),
}
AR_STORIES = {
    "/ar/raqqa": (
        "غارة جوية على الرقة",
        [
            "شن التحالف الدولي غارة جوية على مدينة الرقة يوم الأحد 13 أيار 2018 وقتل خمسة أشخاص.",
            "وقال ناشطون إن الغارة استهدفت مبنى سكنياً في وسط المدينة.",
        ],
    ),
    "/ar/mosul": (
        "اشتباكات في الموصل",
        [
            "اشتبكت القوات العراقية مع مسلحي داعش في الموصل يوم السبت 12 أيار 2018.",
            "وأفاد مصدر أمني بأن الاشتباكات استمرت ساعات في الأحياء الغربية.",
        ],
    ),
}
EN_STORIES = {
    "/en/baghuz": (
        "SDF captures Baghuz Tahtani",
        [
            "The Syrian Democratic Forces captured the village of Baghuz Tahtani from ISIS on Monday, 14 May 2018.",
            "Commanders said the militants withdrew south after several hours of fighting.",
        ],
    ),
    "/en/raqqa": (
        "Coalition air strike hits Raqqa",
        [
            "An air strike by the US-led coalition hit Raqqa on 13 May 2018, killing five people.",
            "Residents said a residential building in the city centre was destroyed.",
        ],
    ),
    "/en/mosul": (
        "Iraqi forces clash with ISIS in Mosul",
        [
            "Iraqi Security Forces clashed with ISIS militants in Mosul on 12 May 2018.",
            "A security source said the fighting lasted for hours in the western districts.",
        ],
    ),
    "/en/tabqa": (
        "Car bomb explodes in Tabqa",
        [
            "A car bomb exploded in Tabqa on 11 May 2018, killing three civilians.",
            "No group has claimed responsibility for the attack so far.",
        ],
    ),
}
#: The wire's new leads over the English stories' bodies.
WIRE_LEADS = {
    "/en/baghuz": "US-backed fighters said on Tuesday they had driven ISIS out of Baghuz Tahtani on 14 May 2018.",
    "/en/raqqa": "Five people were killed when a US-led coalition air strike hit Raqqa on 13 May 2018, residents said.",
    "/en/mosul": "Clashes broke out between Iraqi Security Forces and ISIS in Mosul on 12 May 2018, officials said.",
    "/en/tabqa": "Three civilians died when a car bomb exploded in Tabqa on 11 May 2018, a monitor said.",
}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BROKEN_CASES = ("/en/missing", "/en/error", "/en/report.pdf")


def news_site(site: LocalSite) -> dict[str, str]:
    """Fill ``site`` with the bar's outlets; returns {outlet name: feed URL}."""
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    for path, (title, paras) in FA_STORIES.items():
        site.add(path, page(title, paras, lang="fa", site="Khabar"))
    for path, (title, paras) in AR_STORIES.items():
        site.add(path, page(title, paras, lang="ar", site="Akhbar"))
    for path, (title, paras) in EN_STORIES.items():
        site.add(path, page(title, paras, site="Daily"))
        site.add("/wire" + path, page(title + " (wire)", [WIRE_LEADS[path], *paras[1:]], site="Wire"))
    site.add("/en/error", "<html><body>Internal error</body></html>", status=500)
    site.add("/en/report.pdf", PDF, content_type="application/pdf")
    site.add(
        "/fa/rss.xml", rss("Khabar", [(t, p) for p, (t, _) in FA_STORIES.items()]), content_type="application/rss+xml"
    )
    site.add(
        "/ar/atom.xml",
        atom("Akhbar", [(t, p) for p, (t, _) in AR_STORIES.items()]),
        content_type="application/atom+xml",
    )
    en_items = [(t, p) for p, (t, _) in EN_STORIES.items()] + [
        ("Gone", "/en/missing"),
        ("Error", "/en/error"),
        ("PDF", "/en/report.pdf"),
    ]
    site.add("/en/rss.xml", rss("Daily", en_items), content_type="application/rss+xml")
    site.add(
        "/wire/rss.xml",
        rss("Wire", [(t, "/wire" + p) for p, (t, _) in EN_STORIES.items()]),
        content_type="application/rss+xml",
    )
    site.add("/broken/rss.xml", "this is not <rss a feed {{{ at all", content_type="application/rss+xml")
    return {
        "Khabar (fa)": site.url("/fa/rss.xml"),
        "Akhbar (ar)": site.url("/ar/atom.xml"),
        "Daily (en)": site.url("/en/rss.xml"),
        "Wire": site.url("/wire/rss.xml"),
        "Broken": site.url("/broken/rss.xml"),
    }
