"""Data files read line by line (``lib/untrusted_lines.py``): the same texts, refusals and
messages as reading the file whole (``decode(..., html=False)``), whatever the chunk size; lines
numbered as editors number them; lines over the limit skipped unread, with their length."""

from __future__ import annotations

import codecs

import pytest

from lib import untrusted_lines
from lib.untrusted import UnreadableReport, decode
from lib.untrusted_lines import Line, open_lines
from tests.hostile.samples import FA, READ

LONG = "\n".join(f"{n} {FA}" for n in range(300)) + "\n"
MORE = {
    "bad-byte-late.jsonl": LONG.encode() + b"\xff\n" + FA.encode(),
    "bom-then-bad-late.csv": codecs.BOM_UTF8 + LONG.encode() + b"\xfe",
    "utf16-bom-bad-late.tsv": codecs.BOM_UTF16_LE + LONG.encode("utf-16-le") + b"\x00\xd8a\x00",
    "utf16-no-bom-bad-late.tsv": LONG.encode("utf-16-le") + b"\x00\xdc",
    "nul-late.jsonl": LONG.encode() + b"\x00",
    "controls-late.jsonl": LONG.encode() + b"\x01" * 300,
    "blank-late.jsonl": b"\n" * 5000,
    "cp1256-long.csv": LONG.replace("ی", "ي").replace("ک", "ك").encode("cp1256"),
    "line-ends.jsonl": b"a\r\nb\rc\n\nd\r\n\r\ne",
    "utf32.jsonl": LONG.encode("utf-32"),
}
SAMPLES = {name: data for name, (data, _) in READ.items()} | MORE


def whole(path) -> tuple[list[str] | None, str | None]:
    try:
        return decode(path.read_bytes(), name=str(path), html=False, max_bytes=None).splitlines(), None
    except UnreadableReport as exc:
        return None, str(exc)


def streamed(path, max_chars: int = 10**6) -> tuple[list[str] | None, str | None]:
    try:
        lines = open_lines(path, max_chars=max_chars)
    except UnreadableReport as exc:
        return None, str(exc)
    texts = [line.text for line in lines]
    assert lines.lines == len(texts)  # the count a progress bar is given
    assert None not in texts
    return texts, None  # type: ignore[return-value]


@pytest.mark.parametrize("chunk", [untrusted_lines.CHUNK, 7, 1000])
@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_file_read_line_by_line_gives_what_the_whole_file_gives(tmp_path, monkeypatch, name, chunk):
    monkeypatch.setattr(untrusted_lines, "CHUNK", chunk)  # refusals and lines across chunk boundaries
    path = tmp_path / name
    path.write_bytes(SAMPLES[name])
    assert streamed(path) == whole(path)


def test_a_late_bad_byte_is_named_with_its_line_before_any_line_is_read(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_bytes(MORE["bad-byte-late.jsonl"])
    with pytest.raises(UnreadableReport, match=r"batch\.jsonl: not UTF-8 text \(byte 0xff at line 301\)"):
        open_lines(path, max_chars=1000)


def test_a_legacy_encoding_is_decided_by_the_start_and_checked_to_the_end(tmp_path, monkeypatch):
    monkeypatch.setattr(untrusted_lines, "SAMPLE", 4096)
    monkeypatch.setattr(untrusted_lines, "CHUNK", 4096)
    arabic = LONG.replace("ی", "ي").replace("ک", "ك").encode("cp1256")
    path = tmp_path / "table.csv"
    path.write_bytes(arabic)
    lines = open_lines(path, max_chars=1000)
    assert lines.encoding == "cp1256" and [line.text for line in lines] == arabic.decode("cp1256").splitlines()
    path.write_bytes(arabic + "Сирия".encode("koi8-r") * 10)  # fine for cp1256 too: still read
    assert open_lines(path, max_chars=1000).encoding == "cp1256"
    english = ("The army retook the town. " * 400).encode("cp1252")
    path.write_bytes(english + b"\x81")  # undefined in Windows-1252, far past the start
    with pytest.raises(UnreadableReport, match=r"not UTF-8 text \(byte 0x81 at line 1\), nor UTF-16"):
        open_lines(path, max_chars=100_000)


def test_lines_over_the_limit_are_skipped_unread_with_their_length(tmp_path, monkeypatch):
    monkeypatch.setattr(untrusted_lines, "CHUNK", 16)
    path = tmp_path / "batch.jsonl"
    path.write_text("short\n" + "x" * 1000 + "\n" + "y" * 10 + "\r\n" + "z" * 11, encoding="utf-8")
    assert list(open_lines(path, max_chars=10)) == [
        Line(1, "short", 5),
        Line(2, None, 1000),
        Line(3, "y" * 10, 10),
        Line(4, None, 11),
    ]


def test_missing_and_special_files_are_refused_like_whole_files(tmp_path):
    with pytest.raises(UnreadableReport, match=r"missing\.jsonl: cannot be read"):
        open_lines(tmp_path / "missing.jsonl", max_chars=10)
    with pytest.raises(UnreadableReport, match="not a regular file"):
        open_lines(tmp_path, max_chars=10)
