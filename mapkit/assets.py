"""Folium's browser assets, served by this app instead of CDNs.

folium's classes list the JavaScript and CSS they need as CDN URLs (``default_js`` and
``default_css``). :func:`localise_folium` replaces those lists, once, at start-up, with URLs of
static files the app serves itself. The files come from npm packages pinned in
``package.json``/``package-lock.json`` and installed by ``make`` into ``node_modules/``;
``mapkit.finders.VendorFinder`` serves their folders as ``vendor/<name>/`` (see :data:`VENDOR_DIRS`).

Assets folium asks for that no map of ours needs (Bootstrap 5 restyles the site, awesome-markers,
jQuery UI, highlight.js) are dropped. Any URL that is neither mapped nor dropped raises
:class:`UnmappedAsset` at start-up, so a folium upgrade that adds an asset fails loudly instead
of quietly loading it from the internet.
"""

from __future__ import annotations

from django.utils.functional import Promise, lazy

#: static prefix → folder inside node_modules (whole folders, so source maps and images resolve).
VENDOR_DIRS = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "timedimension": "leaflet-timedimension/dist",
    "iso8601": "iso8601-js-period",
    "moment": "moment/min",
    "fullscreen": "leaflet.fullscreen",
    "jquery": "jquery/dist",
    "glyphicons": "glyphicons-only-bootstrap",
}

#: folium's asset name → our static path (None: dropped, nothing we draw needs it).
ASSETS: dict[str, str | None] = {
    # Map
    "leaflet": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "jquery": "vendor/jquery/jquery.min.js",
    "bootstrap": None,
    "bootstrap_css": None,
    "glyphicons_css": "vendor/glyphicons/css/bootstrap.min.css",
    "awesome_markers": None,
    "awesome_markers_css": None,
    "awesome_markers_font_css": None,
    "awesome_rotate_css": None,
    # MarkerCluster, FastMarkerCluster
    "markerclusterjs": "vendor/markercluster/leaflet.markercluster.js",
    "markerclustercss": "vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "vendor/markercluster/MarkerCluster.Default.css",
    # TimestampedGeoJson (its jQuery is the Map's; the timeline's player needs no jQuery UI)
    "jquery3.7.1": None,
    "jqueryui1.10.2": None,
    "iso8601": "vendor/iso8601/iso8601.js",
    "leaflet.timedimension": "vendor/timedimension/leaflet.timedimension.min.js",
    "moment": "vendor/moment/moment.min.js",
    "highlight.js_css": None,
    # made by `make install` from the package's file, without its @font-face on a CDN
    "leaflet.timedimension_css": "mapkit/generated/timedimension.control.css",
    # Fullscreen
    "Control.Fullscreen.js": "vendor/fullscreen/Control.FullScreen.js",
    "Control.FullScreen.css": "vendor/fullscreen/Control.FullScreen.css",
}

#: Our own CSS loaded after the plugins' (fixes their CDN font URLs, scopes folium's page CSS).
SITE_MAP_CSS = "mapkit/map.css"


class UnmappedAsset(RuntimeError):
    """folium asks for an asset this module does not know: map it or drop it."""


def _folium_classes() -> list[type]:
    import folium
    import folium.plugins as plugins

    classes = []
    for module in (folium, folium.map, folium.features, folium.raster_layers, folium.vector_layers, plugins):
        for value in vars(module).values():
            if isinstance(value, type) and ("default_js" in vars(value) or "default_css" in vars(value)):
                classes.append(value)
    return classes


def local_list(entries: list[tuple[str, str]], static) -> list[tuple[str, str]]:
    """A new asset list with every entry mapped to a static URL (dropped ones left out)."""
    out = []
    for name, url in entries:
        if isinstance(url, Promise) or url.startswith("/"):  # already ours
            out.append((name, url))
            continue
        if name not in ASSETS:
            raise UnmappedAsset(f"folium asset {name!r} ({url}) has no local copy: add it to mapkit/assets.ASSETS")
        if ASSETS[name] is not None:
            out.append((name, static(ASSETS[name])))
    return out


# The classes we draw with; assets of other folium plugins are only checked when they are used.
USED = (
    "Map",
    "MarkerCluster",
    "FastMarkerCluster",
    "TimestampedGeoJson",
    "Fullscreen",
)


def localise_folium(static=None) -> None:
    """Point folium's asset lists at our static files. Idempotent; never mutates folium's lists.

    Classes we draw with must map completely (or start-up fails); other folium classes get
    their CDN entries removed so that even an unplanned use cannot reach the internet.
    """
    if static is None:
        # Resolved when a map renders, not at start-up: the manifest storage only knows its
        # hashed names after collectstatic, which itself starts the app.
        from django.templatetags.static import static as resolve

        static = lazy(resolve, str)
    for cls in _folium_classes():
        for attr in ("default_js", "default_css"):
            entries = vars(cls).get(attr)
            if entries is None:
                continue
            try:
                setattr(cls, attr, local_list(entries, static))
            except UnmappedAsset:
                if cls.__name__ in USED:
                    raise
                setattr(cls, attr, [(n, u) for n, u in entries if isinstance(u, Promise) or u.startswith("/")])


def missing_assets() -> list[str]:
    """Mapped static files that no static finder can find (node_modules not installed?)."""
    from django.contrib.staticfiles import finders

    paths = [p for p in ASSETS.values() if p] + [
        SITE_MAP_CSS,
        "vendor/glyphicons/fonts/glyphicons-halflings-regular.woff2",
    ]
    return [p for p in paths if not finders.find(p)]


def check_assets(app_configs=None, **kwargs):
    from django.core.checks import Warning

    missing = missing_assets()
    if not missing:
        return []
    return [
        Warning(
            f"{len(missing)} map asset(s) not found, e.g. {missing[0]}",
            hint="Install the browser libraries with `make install` (it runs `npm ci` from package-lock.json).",
            id="mapkit.W001",
        )
    ]
