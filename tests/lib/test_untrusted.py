"""Report files: encodings detected, HTML reduced to text, bad input refused with a reason."""

import codecs

import pytest

from lib.untrusted import MAX_BYTES, UnreadableReport, decode, read_report_file

TEXT = "نیروهای دموکراتیک سوریه روستای باغوز تحتانی را آزاد کردند."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        "قوات سوريا الديمقراطية حررت قرية الباغوز".encode("cp1256"),
        "قوات سوريا الديمقراطية حررت قرية الباغوز".encode("iso-8859-6"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "windows-1256", "iso-8859-6"],
)
def test_encodings_are_detected(data):
    text = decode(data)
    assert "باغوز" in text or "الباغوز" in text


def test_html_is_reduced_to_text_without_scripts():
    html = (
        "<html><head><title>x</title><script>alert(1)</script></head><body><p>"
        + TEXT
        + "</p><style>p{}</style></body></html>"
    )
    text = decode(html.encode())
    assert text == TEXT


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, reason):
    with pytest.raises(UnreadableReport, match=reason):
        decode(data, name="x.txt")


def test_oversized_files_are_refused_naming_the_file(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(UnreadableReport, match="huge.txt.*over the limit"):
        read_report_file(path)


def test_the_report_limit_follows_the_setting_through_the_hook(settings):
    from lib.untrusted import check_text, max_report_bytes

    settings.REPORT_MAX_BYTES = 10
    assert max_report_bytes() == 10
    with pytest.raises(UnreadableReport, match="limit"):
        check_text("x" * 11, name="pasted")
