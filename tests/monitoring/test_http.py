"""monitoring.http: the guards of every request (against the local site; resolvers stubbed for
the addresses a test cannot own)."""

import time

import pytest

from monitoring.http import Fetcher, FetchError, refused_address

from .local_site import LocalSite


def fetcher(**kw) -> Fetcher:
    return Fetcher(**({"allow_private": True, "host_delay": 0, "timeout": 1} | kw))


@pytest.fixture
def site():
    with LocalSite() as s:
        s.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        s.add("/a", "<html><body><p>hello</p></body></html>")
        yield s


@pytest.mark.parametrize(
    ("address", "what"),
    [
        ("127.0.0.1", "loopback"),  # the machine itself
        ("::1", "loopback"),
        ("10.1.2.3", "private"),  # RFC 1918
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata services live here
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("0.0.0.0", "reserved"),  # "this host"
        ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ],
)
def test_internal_addresses_are_refused(address, what):
    reason = refused_address("feeds.example", resolve=lambda host: [address])
    assert reason and f"is a {what} address ({address.removeprefix('::ffff:')})" in reason


def test_a_public_address_is_allowed():
    assert refused_address("feeds.example", resolve=lambda host: ["93.184.216.34"]) is None


def test_any_internal_answer_refuses_the_host():
    assert refused_address("x.example", resolve=lambda host: ["93.184.216.34", "10.0.0.1"])


def test_loopback_is_refused_unless_allowed(site):
    with pytest.raises(FetchError, match="loopback address"):
        fetcher(allow_private=False).get(site.url("/a"))
    assert site.requests == []
    assert fetcher().get(site.url("/a")).content.startswith(b"<html>")


def test_a_redirect_to_an_internal_address_is_refused(site):
    site.add("/go", "", status=302, headers={"Location": "http://10.0.0.1/secret"})
    # the local site passes for a public host; the redirect's target is checked on its own
    public_here = Fetcher(
        host_delay=0, timeout=1, resolve=lambda host: ["93.184.216.34" if host == "127.0.0.1" else host]
    )
    with pytest.raises(FetchError, match=r"10.0.0.1/secret: host 10.0.0.1 is a private address"):
        public_here.get(site.url("/go"))
    assert site.paths() == ["/robots.txt", "/go"]


def test_redirects_are_followed_and_loops_named(site):
    site.add("/old", "", status=301, headers={"Location": "/a"})
    assert fetcher().get(site.url("/old")).url == site.url("/a")
    site.add("/l1", "", status=302, headers={"Location": "/l2"})
    site.add("/l2", "", status=302, headers={"Location": "/l1"})
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher().get(site.url("/l1"))


def test_size_limit(site):
    site.add("/huge", b"x" * 5000)
    with pytest.raises(FetchError, match="too large"):
        fetcher(max_bytes=1000).get(site.url("/huge"))


def test_a_slow_server_times_out_and_is_transient(site):
    site.add("/slow", "<p>late</p>", delay=2.0)
    with pytest.raises(FetchError, match="no answer within") as info:
        fetcher(timeout=0.5).get(site.url("/slow"))
    assert info.value.transient


def test_errors_404_is_final_500_is_transient(site):
    site.add("/boom", "x", status=500)
    with pytest.raises(FetchError, match="HTTP 404") as missing:
        fetcher().get(site.url("/nothing"))
    with pytest.raises(FetchError, match="HTTP 500") as boom:
        fetcher().get(site.url("/boom"))
    assert not missing.value.transient and boom.value.transient


def test_robots_txt_is_obeyed_and_read_once(site):
    site.add("/private/x", "<p>secret</p>")
    f = fetcher()
    with pytest.raises(FetchError, match="robots.txt"):
        f.get(site.url("/private/x"))
    f.get(site.url("/a"))
    assert site.paths().count("/robots.txt") == 1 and "/private/x" not in site.paths()


def test_conditional_get_gives_not_modified(site):
    f = fetcher()
    first = f.get(site.url("/a"))
    again = f.get(site.url("/a"), etag=first.etag, modified=first.last_modified)
    assert first.etag and again.not_modified and again.content == b""
    assert site.requests[-1][1]["If-None-Match"] == first.etag


def test_requests_to_one_host_are_spaced(site):
    f = fetcher(host_delay=0.3)
    start = time.monotonic()
    for _ in range(3):
        f.get(site.url("/a"))
    assert time.monotonic() - start >= 0.6  # robots.txt, then three pages: at least two waits between pages


def test_the_user_agent_names_the_project(site):
    fetcher().get(site.url("/a"))
    assert all("conflictmap" in headers["User-Agent"] for _, headers in site.requests)
