#!/usr/bin/env python3
"""Validate the gold JSON Lines development corpus (tests/corpus/*.gold.jsonl).

Checks every record against the gold format (shared/corpus/FORMAT.md) plus the
conventions in tests/corpus/README.md, then prints corpus statistics.

Usage:  python3 tests/corpus/validate_corpus.py [FILE_OR_DIR ...]
Exit status 1 if any error was found. Standard library only.
"""

import collections
import datetime
import glob
import json
import os
import re
import sys

ACTORS = {
    "ISIS",
    "SDF",
    "YPG",
    "Asayish",
    "PYD",
    "Syrian Arab Army",
    "Pro-government militias (Syria)",
    "Hezbollah",
    "Iran",
    "Russia",
    "US-led coalition",
    "Turkey",
    "FSA/SNA",
    "HTS",
    "Iraqi Security Forces",
    "PMF",
    "Peshmerga",
    "Local armed residents",
    "civilians",
}
EVENT_TYPES = {
    "battle",
    "airstrike_or_shelling",
    "siege",
    "capture_or_liberation",
    "ied_or_mine",
    "surrender_or_defection",
    "attack_on_civilians",
    "other",
}
KINDS = {
    "country",
    "governorate",
    "district",
    "city",
    "town",
    "village",
    "neighbourhood",
    "facility",
    "river",
    "region",
    "border",
    "junction",
}
PRECISIONS = {"point", "approx", "centroid", "parent", "none"}
LANGS = {"fa", "fa-AF", "ar", "en"}
RECORD_KEYS = [
    "id",
    "lang",
    "outlet",
    "source_url",
    "published",
    "published_certain",
    "text",
    "notes",
    "places",
    "actors",
    "events",
]
PLACE_KEYS = ["mention", "name_en", "country", "lat", "lon", "certain", "kind", "event_location", "coord_precision"]
PLACE_OPTIONAL = {"context", "note", "alt_coords"}
EVENT_KEYS = ["type", "places", "actor1", "actor2", "date", "control_from", "control_to", "evidence"]
EVENT_OPTIONAL = {"alt_types", "background", "partial", "actor1_also"}
# Syria / Iraq bounding box used for the coordinate sanity check
BOX = (29.0, 38.0, 35.0, 49.0)

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_date(s):
    """Return (start, end) dates for an ISO day, month or day/day range; raise ValueError."""
    if "/" in s:
        a, b = s.split("/")
        if not (DAY.match(a) and DAY.match(b)):
            raise ValueError(f"range must be day/day: {s!r}")
        da = datetime.date.fromisoformat(a)
        db = datetime.date.fromisoformat(b)
        if db < da:
            raise ValueError(f"range end before start: {s!r}")
        return da, db
    if DAY.match(s):
        d = datetime.date.fromisoformat(s)
        return d, d
    if MONTH.match(s):
        y, m = map(int, s.split("-"))
        first = datetime.date(y, m, 1)
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        return first, nxt - datetime.timedelta(days=1)
    raise ValueError(f"not an ISO day, month or range: {s!r}")


def decimals(x):
    s = repr(float(x))
    return len(s.split(".")[1]) if "." in s else 0


class Checker:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"{where}: {msg}")

    def check_record(self, rec, where):
        for k in RECORD_KEYS:
            if k not in rec:
                self.err(where, f"missing key {k!r}")
        text = rec.get("text", "")
        if not isinstance(text, str) or not text.strip():
            self.err(where, "empty text")
            return
        if rec.get("lang") not in LANGS:
            self.err(where, "bad lang {!r}".format(rec.get("lang")))
        pub = rec.get("published")
        pubd = None
        try:
            if not (isinstance(pub, str) and DAY.match(pub)):
                raise ValueError
            pubd = datetime.date.fromisoformat(pub)
        except ValueError:
            self.err(where, f"published must be a full YYYY-MM-DD date: {pub!r}")
        if rec.get("published_certain") is not True:
            self.err(where, "published_certain must be true")
        if "\u200c\u200c" in text or "  " in text:
            self.warn(where, "double ZWNJ or double space in text")

        # places
        names_ev = collections.defaultdict(bool)
        names = set()
        by_mention = collections.defaultdict(list)
        for i, p in enumerate(rec.get("places", [])):
            pw = "%s place[%d] %r" % (where, i, p.get("mention"))
            for k in PLACE_KEYS:
                if k not in p:
                    self.err(pw, f"missing key {k!r}")
            extra = set(p) - set(PLACE_KEYS) - PLACE_OPTIONAL
            if extra:
                self.err(pw, f"unknown keys {sorted(extra)}")
            m = p.get("mention", "")
            if not m or m not in text:
                self.err(pw, "mention not verbatim in text")
            ctx = p.get("context")
            if ctx is not None:
                if ctx not in text:
                    self.err(pw, "context not verbatim in text")
                if m not in ctx:
                    self.err(pw, "context does not contain the mention")
            if p.get("kind") not in KINDS:
                self.err(pw, "bad kind {!r}".format(p.get("kind")))
            prec = p.get("coord_precision")
            if prec not in PRECISIONS:
                self.err(pw, f"bad coord_precision {prec!r}")
            for b in ("certain", "event_location"):
                if not isinstance(p.get(b), bool):
                    self.err(pw, f"{b} must be boolean")
            lat, lon = p.get("lat"), p.get("lon")
            if prec == "none":
                if lat is not None or lon is not None:
                    self.err(pw, "coord_precision none requires null lat/lon")
            else:
                if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
                    self.err(pw, "lat/lon must be numbers")
                else:
                    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                        self.err(pw, "lat/lon out of range")
                    if p.get("country") in ("SY", "IQ") and not (BOX[0] <= lat <= BOX[1] and BOX[2] <= lon <= BOX[3]):
                        self.err(pw, f"SY/IQ place outside 29-38N 35-49E: {lat},{lon}")
                    if decimals(lat) > 4 or decimals(lon) > 4:
                        self.err(pw, "more than 4 decimals")
            for ac in p.get("alt_coords", []) or []:
                if not (isinstance(ac, list) and len(ac) == 2):
                    self.err(pw, "alt_coords must be [lat, lon] pairs")
            if not re.match(r"^[A-Z]{2}$", str(p.get("country"))):
                self.err(pw, "country must be an ISO alpha-2 code")
            names.add(p.get("name_en"))
            names_ev[p.get("name_en")] |= bool(p.get("event_location"))
            by_mention[m].append(p)
        for m, ps in by_mention.items():
            refs = {q.get("name_en") for q in ps}
            if len(ps) != len(refs):
                self.err(where, f"duplicate place entry for mention {m!r}")
            if len(refs) > 1:
                ctxs = [q.get("context") for q in ps]
                if any(c is None for c in ctxs) or len(set(ctxs)) != len(ctxs):
                    self.err(where, "mention %r has %d referents: each needs a distinct context" % (m, len(refs)))

        # actors
        seen_actor = set()
        for i, a in enumerate(rec.get("actors", [])):
            aw = "%s actor[%d] %r" % (where, i, a.get("mention"))
            if set(a) != {"mention", "canonical"}:
                self.err(aw, "actor keys must be mention, canonical")
            if not a.get("mention") or a.get("mention") not in text:
                self.err(aw, "mention not verbatim in text")
            if a.get("canonical") not in ACTORS:
                self.err(aw, "canonical not in closed list: {!r}".format(a.get("canonical")))
            if a.get("mention") in seen_actor:
                self.err(aw, "duplicate actor mention")
            seen_actor.add(a.get("mention"))

        # events
        used_names = set()
        for i, e in enumerate(rec.get("events", [])):
            ew = "%s event[%d] %s" % (where, i, e.get("type"))
            for k in EVENT_KEYS:
                if k not in e:
                    self.err(ew, f"missing key {k!r}")
            extra = set(e) - set(EVENT_KEYS) - EVENT_OPTIONAL
            if extra:
                self.err(ew, f"unknown keys {sorted(extra)}")
            t = e.get("type")
            if t not in EVENT_TYPES:
                self.err(ew, "bad type")
            for at in e.get("alt_types", []) or []:
                if at not in EVENT_TYPES or at == t:
                    self.err(ew, f"bad alt_type {at!r}")
            for pn in e.get("places", []):
                if pn not in names:
                    self.err(ew, f"place {pn!r} not in places")
                elif not names_ev[pn]:
                    self.err(ew, f"place {pn!r} has no entry with event_location true")
                used_names.add(pn)
            for k in ("actor1", "actor2", "control_from", "control_to"):
                v = e.get(k)
                if v is not None and v not in ACTORS:
                    self.err(ew, f"{k} not in closed list: {v!r}")
            for v in e.get("actor1_also", []) or []:
                if v not in ACTORS:
                    self.err(ew, f"actor1_also not in closed list: {v!r}")
                if v == e.get("actor1"):
                    self.err(ew, "actor1_also repeats actor1")
            if t == "capture_or_liberation":
                if e.get("control_from") is None and e.get("control_to") is None:
                    self.err(ew, "capture without control_from/control_to")
            elif e.get("control_from") is not None or e.get("control_to") is not None:
                self.err(ew, "control_from/to only on capture_or_liberation")
            if e.get("partial") and t != "capture_or_liberation":
                self.err(ew, "partial only on capture_or_liberation")
            for b in ("background", "partial"):
                if b in e and not isinstance(e[b], bool):
                    self.err(ew, f"{b} must be boolean")
            d = e.get("date")
            if d is not None:
                try:
                    start, end = parse_date(d)
                    if pubd and start > pubd:
                        self.err(ew, f"date {d} after published {pub}")
                except ValueError as ex:
                    self.err(ew, str(ex))
            ev = e.get("evidence")
            if not ev or ev not in text:
                self.err(ew, "evidence not verbatim in text")
        for p in rec.get("places", []):
            if p.get("event_location") and p.get("name_en") not in used_names:
                self.warn(where, "place {!r} is event_location but in no event".format(p.get("name_en")))

        # every actor used by an event or a control statement is named in the paragraph;
        # civilians are listed only when they are the target of an annotated event
        used = set()
        for e in rec.get("events", []):
            used.update(v for v in (e.get("actor1"), e.get("actor2"), e.get("control_from"), e.get("control_to")) if v)
            used.update(e.get("actor1_also", []) or [])
        for c in rec.get("control", []) or []:
            used.update([c.get("holder")] + list(c.get("besieged_by", []) or []))
        listed = {a.get("canonical") for a in rec.get("actors", [])}
        for v in sorted(used - listed - {None}):
            self.warn(where, f"actor {v!r} used in events/control but not in actors")
        if "civilians" in listed and "civilians" not in used:
            self.warn(where, "civilians listed as actor but target of no event")

        # control
        for i, c in enumerate(rec.get("control", []) or []):
            cw = "%s control[%d]" % (where, i)
            if c.get("place") not in names:
                self.err(cw, "place {!r} not in places".format(c.get("place")))
            if c.get("holder") not in ACTORS:
                self.err(cw, "holder not in closed list: {!r}".format(c.get("holder")))
            for b in c.get("besieged_by", []) or []:
                if b not in ACTORS:
                    self.err(cw, f"besieged_by not in closed list: {b!r}")
            extra = set(c) - {"place", "holder", "besieged_by"}
            if extra:
                self.err(cw, f"unknown keys {sorted(extra)}")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    targets = argv[1:] or [here]
    files = []
    for t in targets:
        files += sorted(glob.glob(os.path.join(t, "*.gold.jsonl"))) if os.path.isdir(t) else [t]
    ck = Checker()
    recs = []
    ids = collections.Counter()
    per_file = collections.OrderedDict()
    for fn in files:
        n = 0
        with open(fn, encoding="utf-8") as f:
            for ln, line in enumerate(f, 1):
                if not line.strip():
                    continue
                where = "%s:%d" % (os.path.basename(fn), ln)
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as ex:
                    ck.err(where, f"JSON: {ex}")
                    continue
                where += " " + str(rec.get("id"))
                ids[rec.get("id")] += 1
                ck.check_record(rec, where)
                recs.append(rec)
                n += 1
        per_file[os.path.basename(fn)] = n
    for i, c in ids.items():
        if c > 1:
            ck.err("corpus", f"duplicate id {i!r}")

    # statistics
    print("paragraphs: %d" % len(recs))
    for fn, n in per_file.items():
        print("  %-40s %3d" % (fn, n))
    print("per lang: {}".format(dict(collections.Counter(r["lang"] for r in recs))))
    print(
        "per country of event places: {}".format(
            dict(
                collections.Counter(
                    c
                    for r in recs
                    for c in sorted(
                        {p["country"] for p in r["places"] if p["event_location"] and p["country"] in ("SY", "IQ")}
                    )
                )
            )
        )
    )
    evs = [e for r in recs for e in r["events"]]
    print(
        "events: %d (background %d, partial %d, with alt_types %d, date null %d)"
        % (
            len(evs),
            sum(1 for e in evs if e.get("background")),
            sum(1 for e in evs if e.get("partial")),
            sum(1 for e in evs if e.get("alt_types")),
            sum(1 for e in evs if e["date"] is None),
        )
    )
    for t, n in sorted(collections.Counter(e["type"] for e in evs).items()):
        print("  %-24s %3d" % (t, n))
    caps = [e for e in evs if e["type"] == "capture_or_liberation"]
    print(
        "control changes (capture_or_liberation): %d; with both sides named %d"
        % (len(caps), sum(1 for e in caps if e["control_from"] and e["control_to"]))
    )
    ctl = [c for r in recs for c in r.get("control", []) or []]
    print("control statements: %d (with besieged_by %d)" % (len(ctl), sum(1 for c in ctl if c.get("besieged_by"))))
    print("paragraphs without events: %d" % sum(1 for r in recs if not r["events"]))
    pl = [p for r in recs for p in r["places"]]
    print("places: %d entries (%d distinct name_en)" % (len(pl), len({p["name_en"] for p in pl})))
    print("  coord_precision: {}".format(dict(collections.Counter(p["coord_precision"] for p in pl))))
    print(
        "  certain & point/approx (scored for distance): %d"
        % sum(1 for p in pl if p["certain"] and p["coord_precision"] in ("point", "approx"))
    )
    print(
        "  event_location true: %d; with context: %d"
        % (sum(1 for p in pl if p["event_location"]), sum(1 for p in pl if "context" in p))
    )
    act = collections.Counter(a["canonical"] for r in recs for a in r["actors"])
    print(f"actor mentions per canonical: {dict(sorted(act.items()))}")
    missing = ACTORS - set(act)
    if missing:
        print(f"canonical actors never mentioned: {sorted(missing)}")

    for w in ck.warnings:
        print("WARNING", w)
    for e in ck.errors:
        print("ERROR", e)
    print("%d errors, %d warnings" % (len(ck.errors), len(ck.warnings)))
    return 1 if ck.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
