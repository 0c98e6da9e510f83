"""Encodings and formats: every file of ``samples.READ`` is read (or refused, with the reason and
the file's name) the same way by ``manage.py ingest``, ``manage.py extract`` and the admin's
upload (``read_upload``); refused files write nothing and the rest of the batch goes in. Also:
size limits, JSON Lines records, text checks, URLs, and short fields."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from events.models import Event, Mention, Report
from lib.display import isolate, one_line, safe_url
from lib.untrusted import (
    MAX_BYTES,
    UnreadableReport,
    check_text,
    decode,
    max_report_bytes,
    read_report_file,
    read_upload,
)

from .samples import FA, READ


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", list(READ))
def test_each_sample_is_read_or_refused_with_its_reason_the_same_everywhere(name, tmp_path):
    data, (outcome, expected) = READ[name]
    path = tmp_path / name
    path.write_bytes(data)
    if outcome == "text":
        text = read_report_file(path)
        assert expected in text
        assert read_upload(name, data) == text == read_upload(name, SimpleUploadedFile(name, data))
        assert "<script>alert(1)</script>" not in text and "document.write" not in text and "menu" not in text
    else:
        with pytest.raises(UnreadableReport, match=expected) as from_file:
            read_report_file(path)
        assert str(from_file.value).startswith(f"{path}: ")  # names the file
        with pytest.raises(UnreadableReport, match=expected) as from_upload:
            read_upload(name, SimpleUploadedFile(name, data))
        assert str(from_upload.value) == str(from_file.value).replace(str(path), name)
        with pytest.raises(CommandError, match=re.escape(name) + ".*" + expected):
            run("extract", str(path))


def test_one_batch_of_every_sample_ingests_the_good_ones_and_names_each_refused_file(tiny_gazetteer, tmp_path):
    for name, (data, _) in READ.items():
        (tmp_path / name).write_bytes(data)
    summary, errors = run("ingest", str(tmp_path), "--no-progress", "--published", "2018-05-15")
    good = [n for n, (_, (outcome, _)) in READ.items() if outcome == "text"]
    bad = [n for n in READ if n not in good]
    for name in bad:
        assert re.search(re.escape(f"skipped {tmp_path / name}: ") + ".*" + READ[name][1][1], errors), name
    texts = {read_report_file(tmp_path / n).strip() for n in good}
    assert Report.objects.count() == len(texts)  # identical texts in several encodings: one report
    assert (
        f"{len(good)} reports read, {len(texts)} new, {len(good) - len(texts)} already known, {len(bad)} skipped"
        in summary
    )
    for report in Report.objects.all():
        assert report.parsed_at is not None
        for m in Mention.objects.filter(report=report):
            assert report.text[m.start : m.end] == m.text


def test_the_size_limit_is_a_setting_and_is_checked_before_reading(settings, tmp_path, tiny_gazetteer):
    assert max_report_bytes() == MAX_BYTES == 2 * 1024 * 1024  # the default
    settings.REPORT_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(("خبر " * 400).encode())  # 2,800 bytes
    small = tmp_path / "small.txt"
    small.write_text(FA, encoding="utf-8")
    with pytest.raises(UnreadableReport, match=r"big\.txt: 2,800 bytes is over the limit of 1,000"):
        read_report_file(big)

    class Huge:  # an upload that must not be read at all
        size = 10**9

        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(UnreadableReport, match=r"^upload\.txt: 1,000,000,000 bytes is over the limit of 1,000"):
        read_upload("/tmp/../upload.txt", Huge())
    summary, errors = run("ingest", str(tmp_path), "--no-progress")
    assert "1 new" in summary and "1 skipped" in summary and "big.txt: 2,800 bytes" in errors
    # A JSON Lines record over the limit is refused on its own.
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"text": "خبر " * 400})
        + "\n"
        + json.dumps({"text": "ارتش سوریه شهر رقه را از داعش پس گرفت."})
        + "\n"
    )
    summary, errors = run("ingest", str(tmp_path / "b.jsonl"), "--no-progress")
    assert "b.jsonl:1: 2,800 bytes is over the limit of 1,000" in errors and "1 new" in summary


def test_special_files_are_refused(tmp_path):
    with pytest.raises(UnreadableReport, match="not a regular file"):
        read_report_file(tmp_path)
    with pytest.raises(UnreadableReport, match="cannot be read"):
        read_report_file(tmp_path / "missing.txt")


def test_broken_json_lines_records_are_skipped_with_their_line_and_the_rest_goes_in(tiny_gazetteer, tmp_path):
    good = "ارتش سوریه شهر رقه را از داعش پس گرفت."
    lines = [
        json.dumps(
            {
                "text": good,
                "published": "2017-10-20",
                "outlet": "Outlet\u202e <b>x</b>\x00",
                "url": 'javascript:alert("x")',
            }
        ),
        '{"text": "NUL \\u0000 inside"}',
        '{"text": "lone surrogate \\ud800 inside"}',
        "[" * 100_000 + "]" * 100_000,  # deep nesting: RecursionError in json
        '{"text": 12}',
        '["a list"]',
        "{not json",
        json.dumps({"text": "   "}),
        json.dumps({"text": "a\x01b\x02c\x03d\x04e\x05f\x06g\x07h\x08i\x0bj\x0ck\x0el\x0fm"}),
        json.dumps(
            {
                "text": "هجین تحت محاصره نیروهای عراقی است.",
                "url": "https://example.org/a",
                "outlet": {"nested": 1},
                "lang": ["fa"],
            }
        ),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary, errors = run("ingest", str(path), "--no-progress")
    for n, reason in [
        (2, "NUL characters"),
        (3, "unpaired surrogate"),
        (4, "RecursionError"),
        (5, "text is not a string"),
        (6, "not a report record"),
        (7, "not a report record"),
        (8, "empty"),
        (9, "binary data, not text"),
    ]:
        assert re.search(rf"batch\.jsonl:{n}: .*{reason}", errors), (n, errors)
    assert "2 new" in summary and "8 skipped" in summary
    first = Report.objects.get(text=good)
    assert first.url == "" and first.outlet == "Outlet <b>x</b>"  # no javascript: URL, no NUL or override
    assert "batch.jsonl:1: URL 'javascript:alert(\"x\")' not kept" in errors
    second = Report.objects.exclude(pk=first.pk).get()
    assert second.url == "https://example.org/a" and second.outlet == "" and second.language == "fa"


def test_check_text_refuses_what_cannot_be_stored():
    assert check_text("متن\u200c\u202eعادی\x07") == "متن\u200c\u202eعادی\x07"  # kept as received
    for text, reason in [
        ("a\x00b", "NUL characters"),
        ("a\ud800b", "unpaired surrogate"),
        ("  \n", "empty"),
        (b"bytes", "not a string"),
    ]:
        with pytest.raises(UnreadableReport, match=reason):
            check_text(text, name="pasted text")


def test_html_entities_and_tags_become_text_never_markup():
    text = decode(b"<p>a &lt;img src=x onerror=alert(1)&gt; b</p><p><b>bold</b> &amp; <i>it</i></p>")
    assert text == "a <img src=x onerror=alert(1)> b\nbold & it"


@pytest.mark.parametrize(
    "url,safe",
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("vbscript:msgbox(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("http:///no-host", False),
        ("https://example.org/\u202eabc", False),
        ("https://exa mple.org/", False),
        ("http://[::1", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_and_https_urls_become_links(url, safe):
    assert (safe_url(url) != "") is safe


def test_report_validation_refuses_script_urls_and_pages_link_only_to_safe_ones(db):
    report = Report(text="x", url="javascript:alert(1)")
    with pytest.raises(Exception, match="Only http"):
        report.full_clean()
    assert report.link == ""
    report.url = "https://example.org/r"
    report.full_clean()
    assert report.link == "https://example.org/r"


def test_actor_validation_refuses_overrides_and_bad_colours(db):
    from events.models import Actor

    with pytest.raises(Exception) as exc:
        Actor(name="ISIS\u202e", colour="red;x").full_clean()
    assert "name" in exc.value.message_dict and "colour" in exc.value.message_dict


def test_short_fields_and_labels():
    assert one_line(" a\u202e\x00 b\n\tc\ud800 ", 100) == "a b c"
    assert one_line("x" * 300, 200) == "x" * 200 and one_line(None, 5) == ""
    assert isolate("Hajin") == "Hajin"
    assert isolate("evil\u202eeman") == "\u2068evil\u202eeman\u2069"


def test_ingest_text_refuses_and_writes_nothing(tiny_gazetteer):
    from events.ingest import ingest_text

    for text in ("رقه \x00", "رقه \udc80"):
        with pytest.raises(UnreadableReport):
            ingest_text(text, name="record 7")
    assert Report.objects.count() == Event.objects.count() == 0
