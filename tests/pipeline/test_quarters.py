"""City quarters need their city, and a landmark cue asks for its kind of landmark
(events/pipeline/resolve.py, events/pipeline/places.py), over a small gazetteer of its own."""

import pytest

from events.pipeline.actors import ActorTagger
from events.pipeline.doc import Doc
from events.pipeline.places import PlaceTagger
from events.pipeline.resolve import PlaceResolver
from events.pipeline.sentences import SentenceSplitter
from gazetteer.index import GazetteerIndex, PlaceRecord

PLACES = [
    # id, name, kind, country, admin1, lat, lon, source, names
    (1, "Aleppo", "city", "SY", "SY-HL", 36.2021, 37.1343, "core", ["حلب"]),
    (2, "Mosul", "city", "IQ", "IQ-NI", 36.335, 43.1189, "core", ["موصل", "الموصل"]),
    (3, "Sheikh Saeed", "neighbourhood", "SY", "SY-HL", 36.160, 37.172, "quarters", ["الشیخ سعید"]),
    (4, "Al-Zuhur (Mosul)", "neighbourhood", "IQ", "IQ-NI", 36.360, 43.160, "quarters", ["الزهور"]),
    (5, "Al-Zuhur", "village", "SY", "SY-HM", 35.300, 36.700, "wof", ["الزهور"]),
    (6, "Al-Wahda Dam", "dam", "SY", "SY-DR", 32.730, 35.960, "core", ["الوحده"]),
    (7, "Al-Wahda", "village", "SY", "SY-HL", 36.400, 37.500, "wof", ["الوحده"]),
    (9, "Al-Sukkar (Mosul)", "neighbourhood", "IQ", "IQ-NI", 36.370, 43.140, "quarters", ["السکر"]),
    (8, "Ghuwayran", "neighbourhood", "SY", "SY-HA", 36.480, 40.755, "core", ["غویران"]),
]


def index() -> GazetteerIndex:
    records = [
        PlaceRecord(pid, name, kind, cc, a1, "", lat, lon, 0, src)
        for pid, name, kind, cc, a1, lat, lon, src, _ in PLACES
    ]
    return GazetteerIndex.from_records(records, [(p[0], n) for p in PLACES for n in p[-1]])


@pytest.fixture(scope="module")
def places():
    gazetteer = index()
    tagger, resolver, actors, sentences = (
        PlaceTagger(gazetteer),
        PlaceResolver(gazetteer),
        ActorTagger(()),
        SentenceSplitter(),
    )

    def run(text):
        doc = resolver(tagger(actors(sentences(Doc.from_text(text)))))
        return [(doc.text[s.start : s.end], s.value.best.place.name if s.value.best else None) for s in doc.places]

    return run


def test_a_quarter_is_read_in_a_report_that_names_its_city(places):
    assert places("ارتش سوریه در حلب الشیخ سعید را گرفت") == [("حلب", "Aleppo"), ("الشیخ سعید", "Sheikh Saeed")]


def test_a_quarter_without_its_city_is_no_place(places):
    # "Sheikh Saeed said": a person; no place of the report is near the Aleppo quarter
    assert places("الشیخ سعید گفت که مذاکرات ادامه دارد") == []


def test_a_quarter_far_from_the_report_gives_way_to_a_homonym_or_to_nothing(places):
    # Mosul's al-Zuhur is 600 km from Aleppo: the mention takes its other reading, the village
    assert places("در حلب ارتفاعات الزهور آزاد شد") == [("حلب", "Aleppo"), ("الزهور", "Al-Zuhur")]
    assert places("در حلب، ارتفاعات السکر آزاد شد") == [("حلب", "Aleppo")]  # no other reading: no place
    assert places("در موصل محله الزهور آزاد شد") == [("موصل", "Mosul"), ("الزهور", "Al-Zuhur (Mosul)")]


def test_a_neighbourhood_cue_or_the_curated_list_keeps_a_quarter_without_its_city(places):
    assert places("درگیری در محله الزهور") == [("الزهور", "Al-Zuhur (Mosul)")]
    assert places("درگیری در غویران ادامه دارد") == [("غویران", "Ghuwayran")]


def test_a_landmark_cue_asks_for_its_kind(places):
    assert places("نیروها به سد الوحده رسیدند") == [("سد الوحده", "Al-Wahda Dam")]
