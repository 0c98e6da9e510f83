"""Place kinds in the reader's language (issue 14): the admin shows a place's kind through the
model's choices, whose labels the catalogues translate."""

from __future__ import annotations

import pytest
from django.utils import translation

from gazetteer.models import KIND_CHOICES, KIND_LABELS_MARKED, Place


def test_every_kind_label_is_marked_for_the_catalogues():
    with translation.override("en"):
        assert [str(label) for _kind, label in KIND_CHOICES] == list(KIND_LABELS_MARKED)


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_every_kind_label_is_translated(lang):
    with translation.override(lang):
        untranslated = [str(label) for _kind, label in KIND_CHOICES if str(label) in KIND_LABELS_MARKED]
    assert untranslated == []


@pytest.mark.parametrize(("lang", "town"), [("en", "Town"), ("fa", "شهرک"), ("ar", "بلدة")])
def test_a_places_kind_reads_in_the_readers_language(lang, town):
    place = Place(name="Raqqa", kind="town", country="SY", lat=35.95, lon=39.01)
    with translation.override(lang):
        assert place.get_kind_display() == town
