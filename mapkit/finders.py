"""A static files finder for the browser libraries installed from npm.

``VendorFinder`` serves ``node_modules/<package folder>`` as ``vendor/<name>/`` for each entry of
``mapkit.assets.VENDOR_DIRS`` (whole folders, so source maps and images resolve), the way
``STATICFILES_DIRS`` would, without settings importing any app code. Name it in
``STATICFILES_FINDERS``; ``MAPKIT_NODE_MODULES`` (default ``BASE_DIR / "node_modules"``) says where
npm installed the packages. Folders that are not installed are skipped (``check_assets`` warns).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder, FileSystemFinder
from django.core.files.storage import FileSystemStorage

from .assets import VENDOR_DIRS


def node_modules() -> Path:
    return Path(getattr(settings, "MAPKIT_NODE_MODULES", Path(settings.BASE_DIR) / "node_modules"))


def vendor_dirs(root: Path) -> list[tuple[str, str]]:
    """``(prefix, folder)`` pairs for the vendor folders that exist under ``root``."""
    return [
        (f"vendor/{prefix}", str(root / folder)) for prefix, folder in VENDOR_DIRS.items() if (root / folder).is_dir()
    ]


class VendorFinder(FileSystemFinder):
    """``FileSystemFinder``'s lookups and listing over the npm packages' folders instead of
    ``STATICFILES_DIRS``."""

    def __init__(self, app_names=None, *args, **kwargs) -> None:
        self.locations = vendor_dirs(node_modules())
        self.storages = {}
        for prefix, root in self.locations:
            storage = FileSystemStorage(location=root)
            storage.prefix = prefix  # type: ignore[attr-defined]  # what FileSystemFinder does too
            self.storages[root] = storage
        BaseFinder.__init__(self, *args, **kwargs)

    def check(self, **kwargs):
        return []
