/* conflictmap: the parts of the maps that folium does not draw itself.
 *
 * Everything that comes from reports (evidence, place and actor names) is put into the page with
 * textContent, never as HTML, so a hostile report cannot run a script in a reader's browser.
 * Each map keeps what it drew in `map.conflictmap` (counts for the browser tests and the legend).
 */
(function () {
  "use strict";

  /* The interface's words in the reader's language (the page's <script id="cm-strings">, from
   * templatetags/reader.py), English when absent; numbers in the reader's digits. */
  var STRINGS = null;
  function t(key, n) {
    if (STRINGS === null) {
      var node = document.getElementById("cm-strings");
      try { STRINGS = node ? JSON.parse(node.textContent) : {}; } catch (e) { STRINGS = {}; }
    }
    var text = STRINGS[key] !== undefined ? STRINGS[key] : ENGLISH[key];
    return n === undefined ? text : text.replace("%(n)s", num(n));
  }
  function num(value) {
    t("digits");
    var digits = STRINGS.digits;
    return digits ? String(value).replace(/[0-9]/g, function (d) { return digits.charAt(+d); }) : String(value);
  }
  var ENGLISH = {
    report: "report", edit: "edit", since: "since", besiegedBy: "besieged by", holderUnknown: "holder unknown",
    unnamed: "Unnamed place", loading: "Loading…", loadFailed: "Could not load the events.", undated: "undated",
    claimed: "(claimed)", vs: "vs", source: "source:", event: "%(n)s event", events: "%(n)s events",
    latest: "(latest %(n)s shown)", kinds: {}, actors: {}, digits: "",
    areaLabel: "%(holder)s (%(area)s km²)", frontLabel: "front line: %(a)s | %(b)s (%(km)s km)",
    changeLabel: "%(gainer)s from %(loser)s (%(area)s km²)", nobody: "nobody", unclaimed: "unclaimed land",
    unknown: "unknown", arrow: "→", listSeparator: ", ",
  };
  function kindLabel(kind) { return t("kinds")[kind.key] || kind.label; }
  /* A canonical actor's name in the reader's language (the data keeps the canonical name). */
  function actorName(name) { var names = t("actors") || {}; return names[name] || name; }
  /* The template with its %(key)s placeholders replaced, in one pass (a name that looks like a
   * placeholder stays as written). */
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, k) { return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m; });
  }
  function rounded(value) { return num(Math.round(Number(value) || 0)); }
  /* A name put into a plain-text label, between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
   * when it carries direction controls (as lib/display.py's isolate): an override in it then
   * reorders only the name, not the label around it. */
  var BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  function isolated(name) { var s = String(name); return BIDI_CONTROLS.test(s) ? "\u2068" + s + "\u2069" : s; }
  function side(name) { return isolated(actorName(name)); }
  /* A layer's tooltip in the reader's language, from the feature's fields (the API's English
   * ``label`` is the fallback for a layer without them). */
  function labelOf(p) {
    switch (p.layer) {
      case "area":
        return fill(t("areaLabel"), { holder: side(p.holder), area: rounded(p.area_km2) });
      case "front":
        return fill(t("frontLabel"), { a: side(p.a), b: side(p.b), km: rounded(p.length_km) });
      case "ring":
        return t("besiegedBy") + " " + (p.besiegers || [p.besieger]).map(side).join(t("listSeparator"));
      case "change":
        return fill(t("changeLabel"), {
          gainer: p.gainer ? side(p.gainer) : t("nobody"),
          loser: p.loser ? side(p.loser) : t("unclaimed"),
          area: rounded(p.area_km2),
        });
      case "changed_place":
        return (p.before ? side(p.before) : t("unknown")) + " " + t("arrow") + " " + side(p.holder);
      default:
        return p.label;
    }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* Names and other values from reports, each in its own <bdi>: right-to-left text or a stray
   * direction override (U+202E) in one name cannot reorder the words around it. */
  function joined(values, separator) {
    var box = el("span", { dir: "auto" });
    values.forEach(function (v, i) {
      if (i) box.appendChild(document.createTextNode(separator));
      box.appendChild(el("bdi", {}, v));
    });
    return box;
  }

  function safeHref(url) {
    // Only our own relative links become hrefs.
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : null;
  }

  function state(map) {
    map.conflictmap = map.conflictmap || { ready: false, markers: 0, events: 0, groups: {} };
    return map.conflictmap;
  }

  /* One popup: the events of a marker, newest first, each with its evidence sentence. */
  function eventsPopup(data, title) {
    var box = el("div", { "class": "cm-popup" });
    var h = el("h3", { dir: "auto" });
    h.appendChild(el("bdi", {}, title[0]));
    h.appendChild(document.createTextNode(" · " + title[1]));
    box.appendChild(h);
    var meta = el("p", { "class": "cm-meta" }, t(data.total === 1 ? "event" : "events", data.total));
    if (data.total > data.events.length) meta.textContent += " " + t("latest", data.events.length);
    box.appendChild(meta);
    data.events.forEach(function (e) {
      var item = el("div", { "class": "cm-event", "data-event": e.id });
      var head = el("p", { "class": "cm-event-head" });
      head.appendChild(el("span", { "class": "cm-kind cm-kind-" + e.kind }, t("kinds")[e.kind] || e.kind.replace(/_/g, " ")));
      head.appendChild(document.createTextNode(" " + (e.date ? num(e.date) : t("undated"))));
      var actors = [e.actor1, e.actor2].filter(Boolean).map(actorName);
      if (actors.length) {
        head.appendChild(document.createTextNode(" · "));
        var names = joined(actors, " " + t("vs") + " ");
        names.setAttribute("class", "cm-actors");
        head.appendChild(names);
      }
      if (e.claim) head.appendChild(el("span", { "class": "cm-claim" }, " " + t("claimed")));
      item.appendChild(head);
      if (e.sources) {  /* issue 13: how many reports, from which outlets */
        var sources = el("p", { "class": "cm-sources" }, (e.sources === 1 ? "1 source" : e.sources + " sources") + (e.outlets && e.outlets.length ? ": " : ""));
        if (e.outlets && e.outlets.length) sources.appendChild(joined(e.outlets, ", "));
        item.appendChild(sources);
      }
      item.appendChild(el("blockquote", { "class": "cm-evidence", dir: "rtl" }, e.evidence));
      var links = el("p", { "class": "cm-links" });
      var report = safeHref(e.report);
      if (report) links.appendChild(el("a", { href: report }, t("report")));
      var admin = safeHref(e.admin);
      if (admin) { links.appendChild(document.createTextNode(" · ")); links.appendChild(el("a", { href: admin }, t("edit"))); }
      item.appendChild(links);
      box.appendChild(item);
    });
    return box;
  }

  function kindIcon(colour, count) {
    var size = count > 99 ? 30 : count > 9 ? 24 : 18;
    return L.divIcon({
      className: "cm-dot",
      html: '<span style="background:' + colour + ";width:" + size + "px;height:" + size + "px;line-height:" + size + 'px">' + (count > 1 ? num(count) : "") + "</span>",
      iconSize: [size, size],
    });
  }

  function clusterIcon(colour) {
    return function (cluster) {
      var n = 0;
      cluster.getAllChildMarkers().forEach(function (m) { n += m.options.cmCount; });
      var size = n > 999 ? 44 : n > 99 ? 38 : 32;
      return L.divIcon({
        className: "cm-cluster",
        html: '<span style="background:' + colour + ";width:" + size + "px;height:" + size + "px;line-height:" + size + 'px">' + num(n) + "</span>",
        iconSize: [size, size],
      });
    };
  }

  /* Events, grouped server-side by place and kind, in one marker cluster layer per kind. */
  function eventsLayer(map, options) {
    var st = state(map);
    fetch(options.pointsUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("points: HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var overlays = {};
        var byKind = data.kinds.map(function (k) {
          var group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50, iconCreateFunction: clusterIcon(k.colour) });
          group.cmKind = k.key;
          group.cmMarkers = [];
          group.cmEvents = 0;
          return group;
        });
        data.points.forEach(function (p) {
          var kind = data.kinds[p[2]], group = byKind[p[2]];
          var marker = L.marker([p[0], p[1]], { icon: kindIcon(kind.colour, p[3]), cmCount: p[3], title: p[5] || "" });
          marker.cmPoint = p;
          marker.bindPopup(function () { return el("div", {}, t("loading")); }, { maxWidth: 420, minWidth: 280, maxHeight: 360 });
          marker.on("popupopen", function (ev) {
            var url = options.listUrl + (options.listUrl.indexOf("?") < 0 ? "?" : "&") + "kind=" + encodeURIComponent(kind.key) +
              (p[4] ? "&place=" + p[4] : "&lat=" + p[0] + "&lon=" + p[1]);
            fetch(url, { credentials: "same-origin" })
              .then(function (r) { return r.json(); })
              .then(function (d) { ev.popup.setContent(eventsPopup(d, [p[5] || t("unnamed"), kindLabel(kind)])); })
              .catch(function () { ev.popup.setContent(el("div", {}, t("loadFailed"))); });
          });
          group.cmMarkers.push(marker);
          group.cmEvents += p[3];
        });
        byKind.forEach(function (group, i) {
          if (!group.cmMarkers.length) return;
          group.addLayers(group.cmMarkers);
          group.addTo(map);
          var k = data.kinds[i];
          var label = el("span", {}, kindLabel(k) + " (" + num(group.cmEvents) + ")");
          overlays['<span class="cm-swatch" style="background:' + k.colour + '"></span>' + label.innerHTML] = group;
          st.groups[k.key] = { markers: group.cmMarkers.length, events: group.cmEvents };
          st.markers += group.cmMarkers.length;
          st.events += group.cmEvents;
        });
        if (Object.keys(overlays).length) L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
        st.ready = true;
        map.fire("cm:ready");
      })
      .catch(function (err) {
        st.error = String(err);
        st.ready = true;
        if (window.console) console.warn("conflictmap:", err);
      });
  }

  /* Tooltips for GeoJSON layers folium drew, from feature properties, as text. */
  function textTooltips(layer, fields) {
    layer.eachLayer(function (l) {
      var props = (l.feature && l.feature.properties) || {};
      var parts = fields.map(function (f) {
        if (f === "holder" && props[f]) return actorName(props[f]);
        return f === "label" ? labelOf(props) : props[f];
      })
        .filter(function (v) { return v !== null && v !== undefined && v !== ""; });
      if (parts.length) l.bindTooltip(joined(parts, " · "), { sticky: true });
    });
  }

  /* Control popups: a place, its holder and the sentence (or import) that says so. */
  function controlPopups(layer, options) {
    layer.eachLayer(function (l) {
      var p = (l.feature && l.feature.properties) || {};
      l.bindPopup(function () {
        var box = el("div", { "class": "cm-popup" });
        box.appendChild(el("h3", { dir: "auto" }, p.name || t("unnamed")));
        var meta = el("p", { "class": "cm-meta" });
        meta.appendChild(el("bdi", {}, p.holder ? actorName(p.holder) : t("holderUnknown")));
        meta.appendChild(document.createTextNode(" " + t("since") + " " + (p.date ? num(p.date) : "?")));
        if (p.besieged_by && p.besieged_by.length) {
          meta.appendChild(document.createTextNode(" · " + t("besiegedBy") + " "));
          meta.appendChild(joined(p.besieged_by.map(actorName), ", "));
        }
        box.appendChild(meta);
        if (p.evidence) box.appendChild(el("blockquote", { "class": "cm-evidence", dir: "auto" }, p.evidence));
        else if (p.source) box.appendChild(el("p", { "class": "cm-meta" }, t("source") + " " + p.source));
        var href = safeHref(p.report_url);
        if (href) { var links = el("p", { "class": "cm-links" }); links.appendChild(el("a", { href: href }, t("report"))); box.appendChild(links); }
        return box;
      }, { maxWidth: 380 });
    });
  }

  /* The control map's layers, loaded from the API (``/api/control/map.json``) instead of written
   * into the page: areas in their holder's colour, front lines, siege rings in the besieger's
   * colour and the places as dots drawn on one canvas (thousands of them stay light), with the
   * text tooltips and popups above. ``options``: url, styles (from mapping/style.py), names (the
   * layer control's labels, in the reader's language). */
  function controlLayers(map, options) {
    var st = state(map), s = options.styles;
    // The dots' canvas in a pane of its own, above the areas and outlines (SVG).
    if (!map.getPane("cm-places")) map.createPane("cm-places").style.zIndex = 450;
    var canvas = L.canvas({ padding: 0.3, pane: "cm-places" });
    function filled(style, colour) { return L.extend({ fillColor: colour, color: colour }, style); }
    fetch(options.url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("control: HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var overlays = {}, counts = {};
        function add(key, collection, layerOptions, tooltip, popups) {
          counts[key] = collection.features.length;
          if (!collection.features.length) return;
          var layer = L.geoJSON(collection, layerOptions).addTo(map);
          textTooltips(layer, tooltip);
          if (popups) controlPopups(layer, {});
          overlays[options.names[key]] = layer;
        }
        add("areas", data.areas, { style: function (f) { return filled(s.area, f.properties.colour); } }, ["holder"]);
        add("fronts", data.fronts, { style: function () { return s.front; } }, ["label"]);
        add("rings", data.rings, { style: function (f) { return L.extend({ color: data.colours[f.properties.besieger] || s.ringColour }, s.ring); } }, ["label"]);
        add("places", data.places, {
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ renderer: canvas, pane: "cm-places" }, s.placeMarker)); },
          style: function (f) { return L.extend({ fillColor: f.properties.colour }, s.place); },
        }, ["name", "holder"], true);
        if (Object.keys(overlays).length) L.control.layers(null, overlays, { collapsed: false }).addTo(map);
        st.counts = counts;
        st.ready = true;
        map.fire("cm:ready");
      })
      .catch(function (err) {
        st.error = String(err);
        st.ready = true;
        if (window.console) console.warn("conflictmap:", err);
      });
  }

  /* The changes map's layers, loaded from the API (``/api/changes/map.json``): the land that
   * changed hands in the gainer's colour, the earlier front dashed under the later solid one,
   * and the places that changed hands as dots on a canvas, with tooltips and popups (evidence).
   * ``options``: url, styles (from mapping/style.py), names (the layer control's labels). */
  function changesLayers(map, options) {
    var st = state(map), s = options.styles;
    if (!map.getPane("cm-places")) map.createPane("cm-places").style.zIndex = 450;
    var canvas = L.canvas({ padding: 0.3, pane: "cm-places" });
    fetch(options.url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("changes: HTTP " + r.status); return r.json(); })
      .then(function (data) {
        var overlays = {}, counts = {};
        function add(key, layerOptions, tooltip, popups) {
          var collection = data[key];
          counts[key] = collection.features.length;
          if (!collection.features.length) return;
          var layer = L.geoJSON(collection, layerOptions).addTo(map);
          textTooltips(layer, tooltip);
          if (popups) controlPopups(layer, {});
          overlays[options.names[key]] = layer;
        }
        add("changes", { style: function (f) { return L.extend({ fillColor: f.properties.colour, color: f.properties.colour }, s.change); } }, ["label"]);
        add("fronts_from", { style: function () { return s.frontFrom; } }, ["label"]);
        add("fronts_to", { style: function () { return s.frontTo; } }, ["label"]);
        add("places", {
          pointToLayer: function (f, latlng) { return L.circleMarker(latlng, L.extend({ renderer: canvas, pane: "cm-places" }, s.placeMarker)); },
          style: function (f) { return L.extend({ fillColor: f.properties.colour }, s.place); },
        }, ["name", "label"], true);
        if (Object.keys(overlays).length) L.control.layers(null, overlays, { collapsed: false }).addTo(map);
        st.counts = counts;
        st.ready = true;
        map.fire("cm:ready");
      })
      .catch(function (err) {
        st.error = String(err);
        st.ready = true;
        if (window.console) console.warn("conflictmap:", err);
      });
  }

  /* The timeline, loaded from the API (``/api/timeline/map.json``): a TimeDimension player that
   * steps through the frames (the dates where control changed, not every day between them),
   * opens on the latest and shows only the current frame's areas and front lines, each with its
   * style and a text tooltip. ``options``: url, period, duration, dateFormat, dateLabels (each
   * frame's date as the reader writes it, by YYYY-MM-DD), control (the player control's options). */
  function timelineLayer(map, options) {
    var st = state(map);
    map.timeDimension = L.timeDimension({ period: options.period });
    fetch(options.url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error("timeline: HTTP " + r.status); return r.json(); })
      .then(function (data) {
        st.frames = 0;
        if (data.features.length) {
          var base = L.geoJSON(data, {
            style: function (f) { return f.properties.style; },
            onEachFeature: function (f, l) { l.bindTooltip(joined([labelOf(f.properties)], ""), { sticky: true }); },
          });
          var layer = L.timeDimension.layer.geoJson(base, { updateTimeDimension: true, addlastPoint: false, duration: options.duration }).addTo(map);
          var Control = L.Control.TimeDimension.extend({
            _getDisplayDateFormat: function (date) {
              var label = options.dateLabels[moment(date).format("YYYY-MM-DD")];
              return label || moment(date).format(options.dateFormat);
            },
          });
          map.addControl(new Control(L.extend({ timeDimension: map.timeDimension }, options.control)));
          var times = (layer._availableTimes || []).slice();
          if (times.length) {
            map.timeDimension.setAvailableTimes(times, "replace");
            map.timeDimension.setCurrentTime(times[times.length - 1]); // open on the latest frame
          }
          st.frames = times.length;
        }
        st.ready = true;
        map.fire("cm:ready");
      })
      .catch(function (err) {
        st.error = String(err);
        st.ready = true;
        if (window.console) console.warn("conflictmap:", err);
      });
  }

  /* A <select data-sets-date="ID"> copies its choice into the date input ID and submits. */
  document.addEventListener("change", function (ev) {
    var target = ev.target;
    if (!target.matches || !target.matches("select[data-sets-date]") || !target.value) return;
    var input = document.getElementById(target.getAttribute("data-sets-date"));
    if (input) { input.value = target.value; target.form.submit(); }
  });

  window.conflictmap = { eventsLayer: eventsLayer, controlLayers: controlLayers, changesLayers: changesLayers, textTooltips: textTooltips, labelOf: labelOf, controlPopups: controlPopups, timelineLayer: timelineLayer, state: state, el: el, joined: joined };
})();
