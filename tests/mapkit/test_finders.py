"""mapkit's static files finder: the npm packages' folders as vendor/<name>/, without settings
importing app code."""

from pathlib import Path

from django.contrib.staticfiles import finders

from mapkit.assets import VENDOR_DIRS
from mapkit.finders import VendorFinder, vendor_dirs


def test_installed_packages_are_served_under_vendor(settings):
    found = finders.find("vendor/leaflet/leaflet.js")
    assert found and Path(found).name == "leaflet.js"
    assert Path(found).resolve().parent == (Path(settings.MAPKIT_NODE_MODULES) / VENDOR_DIRS["leaflet"]).resolve()


def test_packages_that_are_not_installed_are_skipped(tmp_path):
    (tmp_path / "leaflet" / "dist").mkdir(parents=True)
    (tmp_path / "leaflet" / "dist" / "leaflet.js").write_text("/* stand-in */")
    assert vendor_dirs(tmp_path) == [("vendor/leaflet", str(tmp_path / "leaflet" / "dist"))]


def test_the_finder_reads_the_folder_the_setting_names(settings, tmp_path):
    (tmp_path / "moment" / "min").mkdir(parents=True)
    (tmp_path / "moment" / "min" / "moment.min.js").write_text("/* stand-in */")
    settings.MAPKIT_NODE_MODULES = tmp_path
    finder = VendorFinder()
    assert finder.find("vendor/moment/moment.min.js") == str(tmp_path / "moment" / "min" / "moment.min.js")
    assert not finder.find("vendor/leaflet/leaflet.js")  # not installed there
    listed = {path for path, _ in finder.list([])}
    assert listed == {"moment.min.js"}
