"""The one rendering of a report's highlighted text (``{% highlighted_text %}``), shared by the
admin and the public report page: marks titled with what each mention resolved to, all escaped."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from events.models import Actor, Mention, Report
from events.report_text import Segment
from events.templatetags.report_tags import highlighted_text, mark
from gazetteer.models import Place

pytestmark = pytest.mark.django_db

TEXT = "داعش <b>حمله</b> به رقه و قریه کرد"


@pytest.fixture
def report():
    report = Report.objects.create(text=TEXT, language="fa")
    raqqa = Place.objects.create(
        name="Raqqa", kind="city", country="SY", lat=35.95, lon=39.0, source="t", source_id="1"
    )

    def mention(word: str, label: str, **fields) -> None:
        start = TEXT.index(word)
        Mention.objects.create(report=report, label=label, start=start, end=start + len(word), text=word, **fields)

    mention("داعش", "actor", actor=Actor.objects.get(name="ISIS"))
    mention("حمله", "trigger", value="attack")
    mention("رقه", "place", place=raqqa)
    mention("قریه", "place", resolved=False)
    return report


def test_mentions_are_marked_and_titled_with_what_they_resolved_to(report):
    html = highlighted_text(report)
    assert html.startswith('<mark class="m-actor" title="actor: ISIS">داعش</mark> ')
    assert '<mark class="m-trigger" title="event word: attack">حمله</mark>' in html
    assert '<mark class="m-place" title="place: Raqqa">رقه</mark>' in html
    assert '<mark class="m-place" title="place">قریه</mark>' in html  # unresolved, nothing to say
    assert html.endswith(" کرد")


def test_an_unresolved_place_can_say_so(report):
    html = highlighted_text(report, unresolved="not in the gazetteer")
    assert '<mark class="m-place" title="place: not in the gazetteer">قریه</mark>' in html


def test_the_report_text_is_escaped_never_rendered(report):
    html = highlighted_text(report)
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_a_title_is_escaped():
    html = mark(Segment("x", "actor", '"><script>'))
    assert html == '<mark class="m-actor" title="actor: &quot;&gt;&lt;script&gt;">x</mark>'


def test_the_tag_renders_the_same_in_a_template(report):
    template = Template('{% load report_tags %}{% highlighted_text report unresolved="?" %}')
    assert template.render(Context({"report": report})) == highlighted_text(report, unresolved="?")


def test_titles_name_the_label_and_the_event_kind_in_the_readers_language(report):
    Mention.objects.filter(label="trigger").update(value="battle")
    with translation.override("fa"):
        html = highlighted_text(report)
    assert '<mark class="m-trigger" title="واژه‌ی رویداد: نبرد">حمله</mark>' in html, html
    assert '<mark class="m-place" title="مکان: Raqqa">رقه</mark>' in html
