"""The data commands refuse what reports are refused for, with the same reasons, naming the file,
and write nothing: ``import_control`` (tables, read like reports: every encoding reports may
have) and ``load_gazetteer`` (Who's On First, GeoNames, boundaries: UTF-8 files or archives)."""

from __future__ import annotations

import codecs
import io

import pytest
from django.core.management import CommandError, call_command

from events.models import ControlAssertion
from gazetteer.models import Boundary, Place, PlaceName

from .samples import READ

ROWS = [
    ["name", "name_ar", "lat", "lon", "holder", "date"],
    ["Hajin", "هجين", "34.6927", "40.8270", "isis", "2018-01-01"],
    ["New Village\u202e <b>x</b>", "قرية جديدة", "35.3000", "39.3000", "sdf", "2018-01-01"],
]
TSV = "".join("\t".join(r) + "\n" for r in ROWS)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [
        ("utf-8.tsv", TSV.encode("utf-8")),
        ("utf-8-bom.csv", codecs.BOM_UTF8 + TSV.replace("\t", ",").encode("utf-8")),
        ("excel-unicode-text.txt", codecs.BOM_UTF16_LE + TSV.encode("utf-16-le")),  # Excel's "Unicode text"
        ("utf-16-no-bom.tsv", TSV.encode("utf-16-le")),
        ("arabic-excel.csv", TSV.replace("\t", ",").replace("\u202e", "").encode("cp1256")),  # Excel on Arabic Windows
    ],
)
def test_import_control_reads_the_encodings_reports_may_have(tiny_gazetteer, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    summary = run("import_control", str(path), "--source", "t")
    assert "2 rows read" in summary
    assert ControlAssertion.objects.count() == 2
    assert ControlAssertion.objects.get(place__name="Hajin").holder.name == "ISIS"
    # The name of a new place is one clean line: no direction override, markup kept as text.
    assert Place.objects.filter(name="New Village <b>x</b>").exists()
    assert PlaceName.objects.filter(name="قرية جديدة").exists()
    assert not Place.objects.filter(name__contains="\u202e").exists()


BAD_TABLES = [name for name, (_, (outcome, _)) in READ.items() if outcome == "refused" and not name.endswith(".html")]


@pytest.mark.parametrize("name", BAD_TABLES)
def test_import_control_refuses_bad_files_like_reports_and_writes_nothing(tiny_gazetteer, tmp_path, name):
    data, (_, reason) = READ[name]
    path = tmp_path / name
    path.write_bytes(data)
    places = Place.objects.count()
    with pytest.raises(CommandError, match=f"{name}: .*{reason}.*nothing was written"):
        run("import_control", str(path), "--date", "2018-01-01")
    assert ControlAssertion.objects.count() == 0 and Place.objects.count() == places


GAZETTEER_BAD = [
    ("empty.geojson", b"", "the file is empty"),
    ("blank.ndjson", b"\n \n", "the file is empty"),
    ("image.geojson", READ["png.txt"][0], "binary data \\(a PNG image\\)"),
    ("program.txt", READ["elf.txt"][0], "binary data \\(a program\\)"),
    ("nul.ndjson", READ["nul-bytes.txt"][0], "binary data, not text"),
    ("pdf.zip", READ["pdf.txt"][0], "binary data \\(a PDF document\\)"),
    (
        "utf16.geojson",
        codecs.BOM_UTF16_LE + '{"type": "FeatureCollection", "features": []}'.encode("utf-16-le"),
        "UTF-16 text: this kind of file must be UTF-8",
    ),
    (
        "windows-1256.ndjson",
        '{"type": "Feature", "properties": {"name": "هجين"}}'.encode("cp1256"),
        "not UTF-8 text \\(byte 0x",
    ),
    ("deep.geojson", b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    (
        "windows-1256.txt",
        "1\tهجين\tHajin\t\t34.69\t40.83\tP\tPPL\tSY\t\t07\t\t\t\t37935\t\t\t\tAsia/Damascus\t2018-01-01\n".encode(
            "cp1256"
        ),
        "not UTF-8 text \\(byte 0x",
    ),
]


@pytest.mark.parametrize("source", ["wof", "geonames", "boundaries"])
@pytest.mark.parametrize("name,data,reason", GAZETTEER_BAD, ids=[g[0] for g in GAZETTEER_BAD])
def test_load_gazetteer_refuses_bad_files_naming_them_and_writes_nothing(db, tmp_path, source, name, data, reason):
    if source == "boundaries" and name.endswith(".txt"):
        pytest.skip("a GeoNames dump is not a boundaries file")
    if source == "geonames" and name == "deep.geojson":
        reason = "expected 19 tab-separated columns"  # GeoNames dumps are not JSON
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as exc:
        run("load_gazetteer", source, str(path), "--no-progress")
    message = str(exc.value)
    assert name in message and "nothing was written" in message
    if source == "boundaries" and "not UTF-8" in reason:
        reason = "not UTF-8 text"
    assert __import__("re").search(reason, message), message
    assert Place.objects.count() == 0 and Boundary.objects.count() == 0
