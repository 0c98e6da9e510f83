"""load_gazetteer: each source, idempotent re-runs, merges, and bad files that write nothing."""

from __future__ import annotations

import http.server
import json
import threading
import zipfile

import pytest
from django.core.management import CommandError, call_command

from gazetteer.geocoder import GazetteerGeocoder
from gazetteer.models import Boundary, Place, PlaceName, PlaceRef
from tests.conftest import FIXTURES

from .wof_samples import feature, sample_features, write_ndjson

pytestmark = pytest.mark.django_db
GEONAMES = FIXTURES / "geonames"


def load(*args) -> None:
    call_command("load_gazetteer", *args, "--no-progress", stdout=open("/dev/null", "w"))


def state() -> tuple:
    """Everything the loaders write, to compare two database states."""
    places = sorted(
        Place.objects.values_list(
            "name", "kind", "country", "admin1", "admin2", "lat", "lon", "population", "geonames_id"
        )
    )
    names = sorted(PlaceName.objects.values_list("place__name", "name", "language", "key"))
    refs = sorted(PlaceRef.objects.values_list("source", "source_id", "place__name"))
    return places, names, refs


# --- Who's On First ---------------------------------------------------------------------------


def test_wof_maps_kinds_admin_codes_and_names(tmp_path):
    load("wof", str(write_ndjson(tmp_path / "sy.ndjson.gz", sample_features())))
    by_name = {p.name: p for p in Place.objects.all()}
    assert set(by_name) == {"Deir ez-Zor", "Abu Kamal", "Hajin"} | {"Abu Kamal"}
    gov = Place.objects.get(kind="governorate")
    assert gov.admin1 == "SY-DY"
    hajin = Place.objects.get(name="Hajin")
    assert (hajin.kind, hajin.admin1, hajin.admin2, hajin.geonames_id, hajin.population) == (
        "town",
        "SY-DY",
        "Abu Kamal",
        9000101,
        37935,
    )  # 20,000+ people
    assert Place.objects.get(name="Abu Kamal", kind="town").lat == 34.4529  # PPLA2 → town
    assert Place.objects.filter(kind="district").count() == 1
    languages = set(hajin.names.values_list("language", flat=True))
    assert languages == {"ar", "fa", "en"}  # Russian names are not kept
    # The cue word of "استان دیرالزور" is dropped in an extra name, so "دیرالزور" finds the governorate.
    assert gov.names.filter(name="دیرالزور", language="fa").exists()
    assert not Place.objects.filter(name__contains="Disengagement").exists()  # region without a code
    assert not Place.objects.filter(name="Old Place").exists()  # deprecated


def test_wof_reload_is_idempotent(tmp_path):
    path = str(write_ndjson(tmp_path / "sy.ndjson.gz", sample_features()))
    load("wof", path)
    first = state()
    load("wof", path)
    assert state() == first


def test_a_reload_drops_the_names_its_source_no_longer_gives_and_keeps_the_others(tmp_path):
    """A name taken off a source's record goes at its next load (a wrong alias stops matching);
    a name added by hand and a name of another source stay."""
    features = sample_features()
    path = str(write_ndjson(tmp_path / "sy.ndjson.gz", features))
    load("wof", path)
    hajin = Place.objects.get(name="Hajin")
    assert set(hajin.names.values_list("name", "source")) >= {("هجين", "wof"), ("هجین", "wof")}
    PlaceName.objects.create(place=hajin, name="Hajeen", language="en")  # an editor's spelling
    PlaceName.objects.create(place=hajin, name="Hadjin", language="en", source="geonames")

    del next(f for f in features if f["properties"]["wof:name"] == "Hajin")["properties"]["name:ara_x_preferred"]
    load("wof", str(write_ndjson(tmp_path / "sy.ndjson.gz", features)))
    names = set(hajin.names.values_list("name", "source"))
    assert ("هجين", "wof") not in names
    assert {("هجین", "wof"), ("Hajeen", ""), ("Hadjin", "geonames")} <= names


def test_a_name_written_before_names_kept_their_source_is_claimed_by_the_source_that_gives_it(tmp_path):
    path = str(write_ndjson(tmp_path / "sy.ndjson.gz", sample_features()))
    load("wof", path)
    PlaceName.objects.update(source="")  # as the rows were before the column existed
    load("wof", path)
    assert not PlaceName.objects.filter(source="").exists()


def test_wof_reads_plain_ndjson_and_feature_collections(tmp_path):
    load("wof", str(write_ndjson(tmp_path / "a.ndjson", sample_features()[:3], gz=False)))
    collection = {"type": "FeatureCollection", "features": sample_features()[3:4]}
    (tmp_path / "b.geojson").write_text(json.dumps(collection))
    load("wof", str(tmp_path / "b.geojson"))
    assert Place.objects.filter(kind__in=["village", "town"]).count() == 2


def test_a_truncated_gzip_stops_with_file_and_line_and_writes_nothing(tmp_path):
    features = [feature(2000000 + i, "locality", f"Village {i}", 35.0, 40.0 + i / 1000) for i in range(3000)]
    good = write_ndjson(tmp_path / "big.ndjson.gz", features)
    bad = tmp_path / "truncated.ndjson.gz"
    bad.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    with pytest.raises(CommandError) as err:
        load("wof", str(good), str(bad))
    message = str(err.value)
    assert "truncated.ndjson.gz:" in message and "truncated" in message and "nothing was written" in message
    assert int(message.split("truncated.ndjson.gz:")[1].split(":")[0]) > 100  # the line it got to
    assert Place.objects.count() == 0


def test_a_malformed_line_is_named(tmp_path):
    path = write_ndjson(tmp_path / "x.ndjson", sample_features()[:3], gz=False)
    path.write_text(path.read_text() + '{"type": "Feature", "properties": {\n')
    with pytest.raises(CommandError, match=r"x\.ndjson:4: not valid JSON"):
        load("wof", str(path))
    assert Place.objects.count() == 0


def test_a_locality_before_its_region_still_gets_its_governorate_and_district(tmp_path):
    features = sample_features()
    localities = [f for f in features if f["properties"].get("wof:placetype") == "locality"]
    others = [f for f in features if f["properties"].get("wof:placetype") != "locality"]
    load("wof", str(write_ndjson(tmp_path / "sy.ndjson.gz", localities + others)))  # streamed in one pass
    hajin = Place.objects.get(name="Hajin")
    assert (hajin.admin1, hajin.admin2) == ("SY-DY", "Abu Kamal")


def test_a_line_over_the_limit_stops_the_load_with_its_line(tmp_path, monkeypatch):
    from gazetteer.loaders import base, wof

    features = sample_features()[:3]
    features[1]["properties"]["padding"] = "x" * 5000  # one huge record
    ndjson = write_ndjson(tmp_path / "sy.ndjson", features, gz=False)
    dump = tmp_path / "SY.txt"
    rows = (GEONAMES / "SY-sample.txt").read_text().splitlines()
    dump.write_text("\n".join([rows[0], rows[1] + "," * 5000, *rows[2:]]) + "\n")
    for module in (base, wof):
        monkeypatch.setattr(module, "LINE_LIMIT", 4000)
    with pytest.raises(CommandError, match=r"sy\.ndjson:2: a line over 4,000 characters .*nothing was written"):
        load("wof", str(ndjson))
    with pytest.raises(CommandError, match=r"SY\.txt:2: a line over 4,000 characters .*nothing was written"):
        load("geonames", str(dump))
    assert Place.objects.count() == 0


@pytest.mark.parametrize(
    "content,reason",
    [(b"", "empty"), (b"\x00\x01\x02\xff\xfe binary", "binary data"), (b'{"type": "Topology"}', "neither")],
)
def test_empty_binary_and_foreign_files_are_refused(tmp_path, content, reason):
    path = tmp_path / "bad.geojson"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason):
        load("wof", str(path))


def test_a_missing_file_is_refused():
    with pytest.raises(CommandError, match="no such file"):
        load("wof", "/nonexistent/file.ndjson")


def test_records_sharing_a_geonames_id_merge_into_one_place(tmp_path):
    load("geonames", str(GEONAMES / "SY-sample.txt"))
    hajin_gn = Place.objects.get(geonames_id=900000003)
    features = [
        feature(
            3000001,
            "locality",
            "Hajin",
            34.6930,
            40.8275,
            **{"wof:concordances": {"gn:id": 900000003}, "name:fas_x_preferred": ["هجین"]},
        )
    ]
    load("wof", str(write_ndjson(tmp_path / "w.ndjson.gz", features)))
    assert Place.objects.filter(names__key="hajin").distinct().count() == 1
    assert set(hajin_gn.refs.values_list("source", flat=True)) == {"geonames", "wof"}
    hajin_gn.refresh_from_db()
    assert hajin_gn.lat == 34.6927  # the place's own source keeps its fields


def test_a_record_without_id_merges_by_name_and_distance_but_not_across_the_border(tmp_path):
    load("geonames", str(GEONAMES / "SY-sample.txt"))
    near = feature(3000002, "locality", "Al Mayadin", 35.03, 40.46, **{"name:ara_x_preferred": ["الميادين"]})
    far = feature(
        3000003, "locality", "Al Mayadin", 33.30, 44.40, country="IQ", **{"name:ara_x_preferred": ["الميادين"]}
    )
    load("wof", str(write_ndjson(tmp_path / "w.ndjson.gz", [near, far])))
    mayadin = Place.objects.filter(names__key="المیادین").distinct()
    assert mayadin.count() == 2
    assert set(mayadin.values_list("country", flat=True)) == {"SY", "IQ"}
    assert PlaceRef.objects.get(source="wof", source_id="3000002").place.geonames_id == 900000008


# --- GeoNames -------------------------------------------------------------------------------------


def test_geonames_dump_with_alternate_names():
    load("geonames", str(GEONAMES / "SY-sample.txt"), "--alternate-names", str(GEONAMES / "alternateNames-sample.txt"))
    kinds = dict(Place.objects.values_list("geonames_id", "kind"))
    assert kinds == {
        900000001: "country",
        900000002: "governorate",
        900000003: "town",
        900000004: "village",
        900000005: "river",
        900000006: "airport",
        900000008: "town",
    }  # the hotel (S.HTL) is skipped
    mayadin = Place.objects.get(geonames_id=900000008)
    assert mayadin.admin1 == "SY-DY"
    names = set(mayadin.names.values_list("name", "language"))
    assert {("المیادین", "fa"), ("میادین", "fa"), ("الميادين", "und")} <= names
    assert not mayadin.names.filter(name__startswith="http").exists()
    assert not PlaceName.objects.filter(name="حاجين القديمة").exists()  # historic name


def test_geonames_zip_and_reload(tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(GEONAMES / "SY-sample.txt", "SY.txt")
        zf.writestr("readme.txt", "not data")
    load("geonames", str(archive))
    first = state()
    load("geonames", str(archive))
    assert state() == first
    assert Place.objects.count() == 7


def test_geonames_with_the_wrong_columns_names_the_line(tmp_path):
    bad = tmp_path / "SY.txt"
    lines = (GEONAMES / "SY-sample.txt").read_text().splitlines()
    bad.write_text("\n".join(lines[:3] + ["\t".join(lines[3].split("\t")[:7])] + lines[4:]) + "\n")
    with pytest.raises(CommandError, match=r"SY\.txt:4: expected 19 tab-separated columns, found 7"):
        load("geonames", str(bad))
    assert Place.objects.count() == 0


def test_geonames_download_from_a_configured_server(tmp_path, settings):
    """--download fetches <URL>/SY.zip and alternatenames/SY.zip (a server on 127.0.0.1 here;
    the real GeoNames site is only used by people who ask for it)."""
    root = tmp_path / "www"
    (root / "alternatenames").mkdir(parents=True)
    with zipfile.ZipFile(root / "SY.zip", "w") as zf:
        zf.write(GEONAMES / "SY-sample.txt", "SY.txt")
    with zipfile.ZipFile(root / "alternatenames" / "SY.zip", "w") as zf:
        zf.write(GEONAMES / "alternateNames-sample.txt", "SY.txt")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **kw):
            super().__init__(*a, directory=str(root), **kw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings.GEONAMES_DOWNLOAD_URL = f"http://127.0.0.1:{server.server_port}/"
        settings.VAR_DIR = tmp_path / "var"
        load("geonames", "--download", "SY")
    finally:
        server.shutdown()
    assert Place.objects.filter(geonames_id=900000008, names__name="میادین").exists()


# --- boundaries and the built-in gazetteer ---------------------------------------------------------


def test_boundaries_from_a_feature_collection(tmp_path):
    square = {"type": "Polygon", "coordinates": [[[40, 34], [41, 34], [41, 35], [40, 35], [40, 34]]]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "wof:placetype": "region",
                    "wof:country": "IQ",
                    "wof:shortcode": "SL",
                    "wof:id": 1,
                    "wof:name": "As-Sulaymaniyah",
                },
                "geometry": square,
            },
            {
                "type": "Feature",
                "properties": {"ISO_A2": "SY", "NAME": "Syria", "NAME_FA": "سوریه"},
                "geometry": square,
            },
            {"type": "Feature", "properties": {"ISO_A2": "TR", "NAME": "Turkey"}, "geometry": square},
        ],
    }
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps(collection))
    load("boundaries", str(path))
    load("boundaries", str(path))
    assert sorted(Boundary.objects.values_list("level", "code")) == [("country", "SY"), ("governorate", "IQ-SU")]


def test_builtin_loads_offline_and_is_idempotent():
    load()
    first = state()
    assert Place.objects.filter(country="SY").count() > 300 and Place.objects.filter(country="IQ").count() > 150
    assert Place.objects.filter(kind="governorate", country="SY").values("admin1").distinct().count() == 14
    assert set(Boundary.objects.filter(level="country").values_list("code", flat=True)) == {"SY", "IQ"}
    load()
    assert state() == first


def test_builtin_landmarks_have_their_own_kinds_and_quarters_their_source():
    load()
    kinds = dict(Place.objects.filter(source="core").values_list("source_id", "kind"))
    assert (kinds["iq-mosul-dam"], kinds["sy-tabqa-airbase"], kinds["iq-rabia-crossing"]) == (
        "dam",
        "airport",
        "crossing",
    )
    quarters = Place.objects.filter(source="quarters")
    assert quarters.filter(kind="neighbourhood", admin1="SY-HL").count() >= 40  # Aleppo's quarters
    assert set(quarters.values_list("kind", flat=True)) >= {"neighbourhood", "mosque", "base", "building"}
    nuri = GazetteerGeocoder().geocode("جامع النوري")
    assert nuri is not None and nuri.raw["kind"] == "mosque" and nuri.raw["country"] == "IQ"
    assert Place.objects.get(source_id="sy-aleppo-sheikh-saeed").get_kind_display() == "Neighbourhood"
    assert Place.objects.get(source_id="sy-menagh-airbase").get_kind_display() == "Airport or air base"
    # "جبل الأكراد" in the war's reporting is the range of north-east Latakia, not Afrin's Kurd Dagh
    akrad = GazetteerGeocoder().geocode("جبل الأكراد")
    assert akrad is not None and (akrad.raw["kind"], akrad.raw["admin1"]) == ("mountain", "SY-LA")


@pytest.mark.parametrize(
    "query,name_contains,country",
    [
        ("البو کمال", "kamal", "SY"),
        ("دیرالزور", "deir", "SY"),
        ("رقه", "raqq", "SY"),
        ("موصل", "mosul", "IQ"),
        ("تلعفر", "afar", "IQ"),
        ("القائم", "qa", "IQ"),
    ],
)
def test_builtin_resolves_persian_spellings(query, name_contains, country):
    load()
    loc = GazetteerGeocoder().geocode(query)
    assert loc is not None, query
    assert name_contains in loc.raw["name"].lower() and loc.raw["country"] == country
