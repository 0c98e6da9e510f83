"""Polite, guarded HTTP for the monitor (issue 13), on requests.

``Fetcher.get(url)`` fetches one URL or raises ``FetchError`` with a reason fit for the outlet's
record and the command's output:

* server-side request forgery: every address a host name resolves to (and every redirect's) is
  checked; loopback, private, link-local, multicast and reserved addresses are refused unless
  ``allow_private`` (``FEEDS_ALLOW_PRIVATE_HOSTS=true``);
* redirects followed by hand (each hop checked), at most ``MAX_REDIRECTS``, loops named;
* a connect and read timeout, and a whole-response deadline (a slow drip is cut);
* a size limit: a declared Content-Length over it is refused unread, a body is read no further;
* conditional GET: ``etag`` and ``modified`` are sent back; 304 gives ``Page.not_modified``;
* a delay between two requests to one host (``host_delay`` seconds);
* robots.txt (``urllib.robotparser``) read once per host and obeyed for our User-Agent; a missing
  one (4xx) allows everything, an unreachable one (5xx, network) allows nothing (RFC 9309);
* an honest User-Agent naming the project.

The DNS check and the connection resolve separately, so a host that changes its answer between
the two (DNS rebinding) is not caught; a proxy that resolves once would be.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 5
USER_AGENT = "conflictmap-monitor/0.1 (+news monitoring for conflict mapping; honours robots.txt)"


class FetchError(Exception):
    """A URL that gave nothing usable; the message says why (and names the URL). ``transient``:
    worth trying again later (a server error, a timeout, the network), not a refusal for good."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def refused_address(host: str, resolve: Callable[[str], list[str]] | None = None) -> str | None:
    """Why ``host`` may not be fetched (an address of it is loopback, private, ...), or None."""
    try:
        addresses = (resolve or _resolve)(host)
    except OSError as exc:
        return f"host {host} cannot be resolved ({exc.strerror or exc})"
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        for test, what in (
            (ip.is_loopback, "loopback"),
            (ip.is_link_local, "link-local"),
            (ip.is_multicast, "multicast"),
            (ip.is_reserved or ip.is_unspecified, "reserved"),
            (ip.is_private, "private"),
            (not ip.is_global, "non-public"),  # shared address space (100.64/10) and the like
        ):
            if test:
                return (
                    f"host {host} is a {what} address ({ip}): refused "
                    "(set FEEDS_ALLOW_PRIVATE_HOSTS=true to fetch from your own network)"
                )
    return None


def _resolve(host: str) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


@dataclass
class Fetcher:
    user_agent: str = USER_AGENT
    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    host_delay: float = 1.0
    allow_private: bool = False
    obey_robots: bool = True
    resolve: Callable[[str], list[str]] | None = None  # host → addresses (default: the system's resolver)
    session: requests.Session = field(default_factory=requests.Session)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, *, etag: str = "", modified: str = "", accept: str = "") -> Page:
        """The page at ``url`` (following redirects); FetchError with the reason otherwise."""
        self._check_address(url)
        if self.obey_robots and not self.allowed(url):
            raise FetchError(
                f"{url}: robots.txt of {urlsplit(url).netloc} disallows it (or cannot be read)",
                transient=self._robots.get(_root(url)) is None,
            )
        headers = {"User-Agent": self.user_agent}
        if accept:
            headers["Accept"] = accept
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            page = self._one(current, headers)
            if page.status in (301, 302, 303, 307, 308):
                target = urljoin(current, page.content.decode("latin-1")) if page.content else ""
                if not target:
                    raise FetchError(f"{url}: redirect {page.status} without a Location")
                if target in seen:
                    raise FetchError(f"{url}: redirect loop ({' → '.join([*seen, target])})")
                seen.append(target)
                current = target
                continue
            if page.status == 304 or 200 <= page.status < 300:
                return page
            raise FetchError(f"{url}: HTTP {page.status}", transient=page.status >= 500 or page.status == 429)
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _one(self, url: str, headers: dict[str, str]) -> Page:
        """One request, no redirect followed (a redirect's Location is returned as content)."""
        parts = self._check_address(url)
        self._wait_for(parts.netloc)
        try:
            with self.session.get(
                url, headers=headers, timeout=(self.timeout, self.timeout), stream=True, allow_redirects=False
            ) as response:
                if response.is_redirect:
                    return Page(url, response.status_code, response.headers.get("Location", "").encode("latin-1"))
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: too large ({int(declared):,} bytes; the limit is {self.max_bytes:,})")
                content = self._body(url, response) if response.status_code == 200 else b""
                return Page(
                    url=url,
                    status=response.status_code,
                    content=content,
                    content_type=response.headers.get("Content-Type", ""),
                    etag=response.headers.get("ETag", ""),
                    last_modified=response.headers.get("Last-Modified", ""),
                )
        except requests.Timeout:
            raise FetchError(f"{url}: no answer within {self.timeout:g} s", transient=True) from None
        except requests.RequestException as exc:
            raise FetchError(f"{url}: {type(exc).__name__} ({_short(exc)})", transient=True) from None

    def _check_address(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: not an http:// or https:// URL")
        if not self.allow_private:
            reason = refused_address(parts.hostname, self.resolve)
            if reason:
                raise FetchError(f"{url}: {reason}")
        return parts

    def _body(self, url: str, response: requests.Response) -> bytes:
        deadline = time.monotonic() + 3 * self.timeout
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: too large (over {self.max_bytes:,} bytes)")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: too slow (not complete within {3 * self.timeout:g} s)", transient=True)
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for(self, host: str) -> None:
        with self._lock:
            wait = self._last.get(host, -1e9) + self.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets our User-Agent fetch ``url`` (read once per host)."""
        root = _root(url)
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        robots = self._robots[root]
        if robots is None:
            return False
        return robots.can_fetch(self.user_agent, url)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(f"{root}/robots.txt")
        try:
            page = self._one(f"{root}/robots.txt", {"User-Agent": self.user_agent})
        except FetchError:
            return None
        if page.status >= 500:
            return None
        if page.status != 200:  # 4xx (none) or a redirect: no rules
            parser.parse([])
        else:
            parser.parse(page.content.decode("utf-8", "replace").splitlines())
        return parser


def _root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "..."
