"""Hostile and odd report files, as bytes, with what reading them must give: the text (or a part
of it) or the reason for refusing. Shared by the tests of lib/untrusted.py, of ``ingest`` and
of the admin's upload path (``read_upload``), which must all behave the same."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile

FA = "نیروهای دموکراتیک سوریه روز دوشنبه روستای باغوز تحتانی را از کنترل داعش خارج کردند."
AR = "قوات سوريا الديمقراطية حررت قرية الباغوز من سيطرة تنظيم داعش بعد معارك عنيفة."
EN = "The Syrian army retook Palmyra — the café on the “main” road was damaged."


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("report.txt", FA)
    return buf.getvalue()


#: name → (bytes, ("text", expected substring) | ("refused", reason pattern))
READ = {
    "utf8.txt": (FA.encode("utf-8"), ("text", FA)),
    "utf8-bom.txt": (codecs.BOM_UTF8 + FA.encode("utf-8"), ("text", FA)),
    "utf16-le-bom.txt": (codecs.BOM_UTF16_LE + FA.encode("utf-16-le"), ("text", FA)),
    "utf16-be-bom.txt": (codecs.BOM_UTF16_BE + FA.encode("utf-16-be"), ("text", FA)),
    "utf16-le-no-bom.txt": (FA.encode("utf-16-le"), ("text", FA)),
    "utf16-be-no-bom.txt": (AR.encode("utf-16-be"), ("text", AR)),
    "utf32.txt": (FA.encode("utf-32"), ("text", FA)),
    "windows-1256.txt": (AR.encode("cp1256"), ("text", AR)),
    "windows-1256-persian.txt": (FA.replace("ی", "ي").replace("ک", "ك").encode("cp1256"), ("text", "باغوز")),
    "iso-8859-6.txt": (AR.encode("iso-8859-6"), ("text", AR)),
    "windows-1252-english.txt": (EN.encode("cp1252"), ("text", EN)),
    "page.html": (
        (
            "<!DOCTYPE html><html><head><title>t</title><script>alert(1)</script><style>p{color:red}</style></head>"
            f"<body><nav><select><option>menu</option></select></nav><p>{FA}</p><script>document.write('x')</script>"
            "<p>&lt;script&gt;alert(2)&lt;/script&gt; <img src=x onerror=alert(3)></p></body></html>"
        ).encode(),
        ("text", f"{FA}\n<script>alert(2)</script>"),
    ),
    "page-windows-1256.html": (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head><body><p>{AR}</p></body></html>'.encode(
            "cp1256"
        ),
        ("text", AR),
    ),
    "fragment.html": (f"<p>{FA}</p><div>second</div>".encode(), ("text", f"{FA}\nsecond")),
    "script-in-text.txt": (f'{FA} <script>alert("x")</script>'.encode(), ("text", f'{FA} <script>alert("x")</script>')),
    "empty.txt": (b"", ("refused", "empty")),
    "blank.txt": (b" \r\n\t \n", ("refused", "empty")),
    "bom-only.txt": (codecs.BOM_UTF8, ("refused", "empty")),
    "utf16-bom-only.txt": (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), ("refused", "empty")),
    "html-without-text.html": (
        b"<html><head><script>alert(1)</script></head><body><style>x{}</style></body></html>",
        ("refused", "HTML page with no text"),
    ),
    "png.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", ("refused", "binary data \\(a PNG image\\)")),
    "pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ("refused", "binary data \\(a PDF document\\)")),
    "docx.txt": (_zip(), ("refused", "binary data \\(a ZIP archive")),
    "gzip.txt": (gzip.compress(FA.encode()), ("refused", "binary data \\(a gzip archive\\)")),
    "elf.txt": (b"\x7fELF\x02\x01\x01" + bytes(100), ("refused", "binary data \\(a program\\)")),
    "nul-bytes.txt": (b"abc\x00\x01\x02\x00def\xff" * 20, ("refused", "binary data, not text")),
    "control-characters.txt": (
        bytes(range(1, 32)) * 20,
        ("refused", "binary data, not text \\(\\d+ control characters\\)"),
    ),
    "utf16-odd-length.txt": (
        codecs.BOM_UTF16_LE + FA.encode("utf-16-le") + b"x",
        ("refused", "UTF-16 byte-order mark but is not valid UTF-16"),
    ),
    "utf16-lone-surrogate.txt": (codecs.BOM_UTF16_LE + b"a\x00\x00\xd8b\x00", ("refused", "not valid UTF-16")),
    "utf8-bom-then-garbage.txt": (
        codecs.BOM_UTF8 + b"abc \xff\xfe def",
        ("refused", "UTF-8 byte-order mark but is not valid UTF-8"),
    ),
    "koi8-r.txt": (
        "Сирийская армия освободила город Пальмиру от боевиков после тяжелых боев.".encode("koi8-r"),
        ("refused", "not UTF-8 text \\(byte 0x[0-9a-f]{2} at line 1\\)"),
    ),
    "windows-1251.txt": (
        "Сирийская армия освободила город Пальмиру от боевиков.".encode("cp1251"),
        ("refused", "not UTF-8 text"),
    ),
    "iso-8859-7.txt": (
        "Ο συριακός στρατός απελευθέρωσε την πόλη της Παλμύρας.".encode("iso-8859-7"),
        ("refused", "not UTF-8 text"),
    ),
    "shift-jis.txt": (
        "シリア軍はパルミラの町を解放した。激しい戦闘の後で撤退した。".encode("shift_jis"),
        ("refused", "not UTF-8 text"),
    ),
    "gbk.txt": (
        "叙利亚军队解放了巴尔米拉镇，经过激烈的战斗，武装分子撤退了。".encode("gbk"),
        ("refused", "not UTF-8 text"),
    ),
    "random-high-bytes.txt": (bytes(range(128, 256)) * 8, ("refused", "not UTF-8 text")),
}
