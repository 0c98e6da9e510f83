/* Admin map widget: a Leaflet map (served locally) that shows and sets a form's point.
 *
 * Markup (rendered by mapkit.widgets.MapPointWidget): <div class="cm-admin-map" data-lat="id_lat"
 * data-lon="id_lon" data-place="id_place" data-search="/gazetteer/search.json" data-outlines="...">
 * (an empty data-search: no search box; an empty data-lat: a read-only data-point).
 * - click on the map, or drag the marker: sets latitude and longitude;
 * - type a place name in any script: pick a gazetteer place to set the place and its point;
 * - edit the latitude/longitude inputs: the marker follows.
 * Names from the gazetteer are put into the page as text, never as HTML.
 */
(function () {
  "use strict";

  function round(x) { return Math.round(x * 100000) / 100000; }

  function setup(box) {
    var lat = document.getElementById(box.getAttribute("data-lat"));
    var lon = document.getElementById(box.getAttribute("data-lon"));
    var place = box.getAttribute("data-place") ? document.getElementById(box.getAttribute("data-place")) : null;
    var fixedPoint = box.getAttribute("data-point");  // read-only point (the place of a control assertion)
    var mapDiv = box.querySelector(".cm-admin-map-canvas");
    var map = L.map(mapDiv, { center: [34.8, 40.5], zoom: 5, maxZoom: 14, minZoom: 4, zoomSnap: 0.5 });
    box.cmMap = map;
    var outlines = box.getAttribute("data-outlines");
    if (outlines) {
      fetch(outlines).then(function (r) { return r.json(); }).then(function (fc) {
        L.geoJSON(fc, { interactive: false, style: { color: "#666", weight: 1.2, fillColor: "#f1eee6", fillOpacity: 1 } }).addTo(map).bringToBack();
      }).catch(function () {});
    }
    var marker = null;
    var icon = box.getAttribute("data-icon") ? L.icon({
      iconUrl: box.getAttribute("data-icon"), iconRetinaUrl: box.getAttribute("data-icon2x"), shadowUrl: box.getAttribute("data-shadow"),
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], shadowSize: [41, 41],
    }) : new L.Icon.Default();

    function current() {
      if (fixedPoint) { var p = fixedPoint.split(","); return [parseFloat(p[0]), parseFloat(p[1])]; }
      if (!lat || !lon) return null;
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      return isFinite(a) && isFinite(b) ? [a, b] : null;
    }

    function show(point, zoom) {
      if (!point) return;
      if (!marker) {
        marker = L.marker(point, { icon: icon, draggable: !fixedPoint && !!lat, autoPan: true }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(point);
      }
      map.setView(point, zoom || Math.max(map.getZoom(), 9));
    }

    function write(latlng) {
      if (!lat || !lon || fixedPoint) return;
      lat.value = round(latlng.lat);
      lon.value = round(latlng.lng);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
      box.setAttribute("data-moved", "1");
    }

    map.on("click", function (ev) { if (lat && !fixedPoint) { show([ev.latlng.lat, ev.latlng.lng], map.getZoom()); write(ev.latlng); } });
    [lat, lon].forEach(function (input) { if (input) input.addEventListener("input", function () { show(current(), map.getZoom()); }); });
    show(current(), 9);

    var search = box.querySelector(".cm-admin-map-search");
    var list = box.querySelector(".cm-admin-map-results");
    var timer = null;
    if (search && list && box.getAttribute("data-search")) {
      search.addEventListener("input", function () {
        clearTimeout(timer);
        var q = search.value.trim();
        if (!q) { list.textContent = ""; return; }
        timer = setTimeout(function () {
          fetch(box.getAttribute("data-search") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
            .then(function (r) { return r.json(); })
            .then(function (data) {
              list.textContent = "";
              data.candidates.slice(0, 8).forEach(function (c) {
                var li = document.createElement("li");
                var button = document.createElement("button");
                button.type = "button";
                button.className = "cm-admin-map-pick";
                button.setAttribute("data-place-id", c.place_id);
                button.textContent = c.name + " · " + (c.kind_label || c.kind) + " · " + (c.admin1 || c.country) + (c.matched_name !== c.name ? " (" + c.matched_name + ")" : "");
                button.addEventListener("click", function () {
                  if (place) { place.value = c.place_id; place.dispatchEvent(new Event("change", { bubbles: true })); }
                  if (lat && lon && !fixedPoint) { lat.value = round(c.lat); lon.value = round(c.lon); }
                  if (fixedPoint) fixedPoint = c.lat + "," + c.lon;
                  show([c.lat, c.lon], 10);
                  var chosen = box.querySelector(".cm-admin-map-chosen");
                  if (chosen) chosen.textContent = box.getAttribute("data-chosen") + " " + c.name + " (" + (c.kind_label || c.kind) + ", " + (c.admin1 || c.country) + ")";
                  list.textContent = "";
                });
                li.appendChild(button);
                list.appendChild(li);
              });
              if (!data.candidates.length) { var li = document.createElement("li"); li.textContent = box.getAttribute("data-none"); list.appendChild(li); }
            });
        }, 250);
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".cm-admin-map"), setup);
  });
})();
