"""The place tagger and resolver over a tiny gazetteer: cue words, modifiers, organisation names,
unknown names after a cue, and homonyms resolved with the report's other places."""

import pytest

from events.pipeline.actors import ActorTagger
from events.pipeline.doc import Doc
from events.pipeline.labels import PLACE
from events.pipeline.lexicon import ActorEntry
from events.pipeline.places import PlaceTagger
from events.pipeline.resolve import PlaceResolver
from events.pipeline.sentences import SentenceSplitter

from .tiny_gazetteer import tiny_index


@pytest.fixture(scope="module")
def tagged():
    index = tiny_index()
    actors = ActorTagger(
        (ActorEntry("SDF", "نیروهای دموکراتیک سوریه", "fa", ""), ActorEntry("Syrian Arab Army", "ارتش سوریه", "fa", ""))
    )
    places, resolver = PlaceTagger(index), PlaceResolver(index)

    def run(text):
        doc = resolver(places(actors(SentenceSplitter()(Doc.from_text(text)))))
        return [(doc.text[s.start : s.end], s.value) for s in doc.group(PLACE)]

    return run


def names(result):
    return [(mention, m.best.place.name if m.best else None) for mention, m in result]


def test_no_place_inside_an_organisation_name(tagged):
    assert names(tagged("نیروهای دموکراتیک سوریه و ارتش سوریه در سوریه")) == [("سوریه", "Syria")]


def test_a_cue_word_chooses_the_governorate(tagged):
    assert names(tagged("در استان دیرالزور")) == [("دیرالزور", "Deir ez-Zor Governorate")]
    assert names(tagged("در شهر دیر الزور")) == [("دیر الزور", "Deir ez-Zor")]


def test_a_common_word_needs_a_cue(tagged):
    assert names(tagged("در طبقه دوم ساختمان")) == []
    # a facility mention includes its noun; with no dam in this gazetteer it resolves to the town
    assert names(tagged("سد طبقه و شهر طبقه")) == [("سد طبقه", "Tabqa"), ("طبقه", "Tabqa")]
    assert names(tagged("نیروها وارد الطبقه شدند")) == [("الطبقه", "Tabqa")]


def test_a_modifier_after_a_known_name_is_kept(tagged):
    result = tagged("روستای هجین شرقی")
    assert [(m, v.modifier) for m, v in result] == [("هجین شرقی", "شرقی")]
    assert names(tagged("روستای باغوز تحتانی")) == [("باغوز تحتانی", "Baghuz Tahtani")]


def test_an_unknown_name_after_a_cue_stays_unresolved(tagged):
    result = tagged("نیروها روستای المراشده را گرفتند")
    assert [(m, v.resolved, v.cue) for m, v in result] == [("المراشده", False, "روستای")]


def test_homonyms_are_resolved_by_the_other_places_of_the_report(tagged):
    result = names(tagged("پیشروی از الدشیشه به سوی التویمین"))
    assert result == [("الدشیشه", "Al-Dashisha"), ("التویمین", "Al-Tuwaymin")]


def test_a_place_inside_an_operation_name_is_not_a_place(tagged):
    assert names(tagged("در چارچوب عملیات طوفان الطبقه")) == []
    assert names(tagged("عملیات آزادسازی الطبقه آغاز شد")) == [("الطبقه", "Tabqa")]


def test_the_tagger_finds_places_and_leaves_resolving_to_the_resolver():
    index = tiny_index()
    doc = PlaceTagger(index)(ActorTagger(())(SentenceSplitter()(Doc.from_text("در استان دیرالزور"))))
    (span,) = doc.places
    assert doc.text[span.start : span.end] == "دیرالزور" and span.value.kinds == ("governorate",)
    assert span.value.candidates == []
    PlaceResolver(index)(doc)
    assert span.value.best.place.name == "Deir ez-Zor Governorate"
