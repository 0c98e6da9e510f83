"""The language of a report, from script and function words."""

import pytest

from lib.language import detect


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Persian: پ/گ and Persian function words
        ("نیروهای دموکراتیک سوریه روستای باغوز را از کنترل داعش خارج کردند.", "fa"),
        # Persian typed with Arabic ي/ك still reads as Persian (its function words win)
        ("نيروهاي دموكراتيك سوريه روستاي باغوز را از كنترل داعش خارج كردند و پیشروی کردند.", "fa"),
        # Dari: کنترول, قوماندان
        ("یک قوماندان اردوی ملی گفت که کنترول ولسوالی را به دست گرفتند و پیشروی ادامه دارد.", "fa-AF"),
        # Arabic: في، على، التي، ة
        ("سيطرت قوات سوريا الديمقراطية على قرية الباغوز التي كانت في يد تنظيم داعش.", "ar"),
        ("Iraqi forces retook the Baiji refinery from Islamic State militants on Friday.", "en"),
        # English with an Arabic name in Arabic script inside
        ("The town of Manbij (منبج) fell to the SDF after weeks of fighting.", "en"),
    ],
)
def test_each_language_is_told_apart(text, lang):
    assert detect(text) == lang


def test_too_little_text_is_not_guessed():
    assert detect("۱۲۳ - !!") is None
    assert detect("داعش") is None
