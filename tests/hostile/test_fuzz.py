"""Fuzzing the extraction (hypothesis): arbitrary Unicode, real report paragraphs cut at random
with control and format characters inserted, and mixed scripts never make ``extract`` raise, and
every span it returns (places, actors, event words, dates, event and control evidence) is a valid,
non-empty slice of the raw text: ``text[start:end] == mention``.

Lone surrogates (``"\\ud800"``) are valid in a Python ``str`` but not in any file: strict decoding
never produces them, and ``lib.untrusted.check_text`` refuses them in JSON Lines records and
pasted text (``\\ud800`` escapes) before they reach the pipeline or the database. The pipeline is
still fuzzed with them, so using it as a library never crashes on them either.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.pipeline.extraction import extract
from events.pipeline.output import to_json
from events.pipeline.runner import Pipeline
from tests.pipeline.tiny_gazetteer import tiny_index

from .procs import ROOT

PUBLISHED = dt.date(2018, 5, 15)
PARAGRAPHS = [
    json.loads(line)["text"]
    for path in sorted((ROOT / "tests" / "corpus").glob("*.gold.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
#: Characters that break naive text handling: NUL and other C0 controls, CR, tabs, direction
#: overrides and marks, ZWNJ/ZWJ, BOM, tatweel, a lone combining mark, Arabic presentation
#: forms, Persian and Arabic digits, an astral emoji, a lone surrogate, and markup.
JUNK = [
    "\x00",
    "\x07",
    "\x1b",
    "\r",
    "\r\n",
    "\t",
    "\u202e",
    "\u202c",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u200e",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u0640",
    "\u064b",
    "\ufefb",
    "\ufdf2",
    "۱۴",
    "١٤",
    "💥",
    "\ud800",
    "\udfff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\u2028",
    "\u00a0",
    " ",
    "\n\n",
]
OTHER_SCRIPTS = [
    "Сирийская армия",
    "叙利亚军队",
    "ΣΥΡΙΑ",
    "Al-Bukamal",
    "ISIS",
    "ڕۆژاڤا",
    "שלום",
    "अलेप्पो",
    "2018-05-14",
]
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(index=tiny_index())


def assert_valid(pipeline, text: str) -> None:
    if not text.strip():
        return
    doc = pipeline(text, published=PUBLISHED)
    assert doc.raw == text  # the raw text is never rewritten
    out = to_json(extract(doc))
    json.dumps(out, ensure_ascii=False)  # serialisable
    n = len(text)
    for group in ("places", "actors", "triggers", "dates"):
        for item in out[group]:
            assert 0 <= item["start"] < item["end"] <= n, (group, item)
            assert text[item["start"] : item["end"]] == item["mention"], (group, item)
    for group in ("events", "control"):
        for item in out[group]:
            assert 0 <= item["start"] < item["end"] <= n, (group, item)
            assert text[item["start"] : item["end"]] == item["evidence"], (group, item)
    for event in out["events"]:
        assert event["trigger"] and event["trigger"] in event["evidence"]
        for place in event["places"]:
            assert place["mention"] in text


@SETTINGS
@given(text=st.text(st.characters(blacklist_categories=()), max_size=300))
def test_any_unicode_including_lone_surrogates(pipeline, text):
    assert_valid(pipeline, text)


@SETTINGS
@given(
    paragraph=st.sampled_from(PARAGRAPHS),
    inserts=st.lists(st.tuples(st.floats(0, 1), st.sampled_from(JUNK)), max_size=6),
    cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_real_reports_cut_with_control_characters_inserted(pipeline, paragraph, inserts, cut):
    text = paragraph
    for where, junk in inserts:
        at = int(where * len(text))
        text = text[:at] + junk + text[at:]
    a, b = sorted(int(c * len(text)) for c in cut)
    assert_valid(pipeline, text[a : max(b, a + 1)])


@SETTINGS
@given(
    pieces=st.lists(
        st.one_of(
            st.sampled_from(PARAGRAPHS).map(lambda p: " ".join(p.split()[:8])),
            st.sampled_from(OTHER_SCRIPTS),
            st.sampled_from(JUNK),
        ),
        min_size=1,
        max_size=8,
    ),
    separator=st.sampled_from([" ", "", "\n", "\u200c", "،", ". "]),
)
def test_mixed_scripts(pipeline, pieces, separator):
    assert_valid(pipeline, separator.join(pieces))


def test_real_paragraphs_whole_and_with_every_junk_character(pipeline):
    """Every corpus paragraph as it is, and with each junk string at its start, middle and end."""
    for paragraph in PARAGRAPHS:
        assert_valid(pipeline, paragraph)
    for junk in JUNK:
        for paragraph in PARAGRAPHS[::9]:
            mid = len(paragraph) // 2
            assert_valid(pipeline, junk + paragraph[:mid] + junk + paragraph[mid:] + junk)
