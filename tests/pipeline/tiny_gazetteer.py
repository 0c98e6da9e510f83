"""A tiny curated gazetteer for pipeline tests (homonyms, a common-word name, a country, foreign
capitals)."""

from gazetteer.index import GazetteerIndex, PlaceRecord

PLACES = [
    (1, "Syria", "country", "SY", "", 35.0, 38.5, 0, ["سوریه"]),
    (2, "Deir ez-Zor", "city", "SY", "SY-DY", 35.3359, 40.1408, 211857, ["دير الزور", "دیرالزور"]),
    (3, "Deir ez-Zor Governorate", "governorate", "SY", "SY-DY", 35.1439, 40.3168, 0, ["دیرالزور"]),
    (4, "Al-Tuwaymin", "village", "SY", "SY-HA", 35.919, 41.2655, 0, ["التویمین"]),
    (5, "At Tuwaymin", "village", "IQ", "IQ-NI", 35.9431, 42.3551, 0, ["التویمین"]),
    (6, "Al-Dashisha", "village", "SY", "SY-HA", 36.0436, 41.1644, 0, ["الدشیشه", "دشیشه"]),
    (7, "Baghuz Tahtani", "village", "SY", "SY-DY", 34.4322, 40.9923, 0, ["باغوز تحتانی"]),
    (8, "Hajin", "town", "SY", "SY-DY", 34.6927, 40.827, 37935, ["هجین"]),
    (9, "Tabqa", "city", "SY", "SY-RA", 35.8356, 38.5481, 69425, ["طبقه", "الطبقه"]),
    (10, "Baghuz Fawqani", "village", "SY", "SY-DY", 34.461, 40.949, 0, ["باغوز فوقانی"]),
    (11, "Mosul", "city", "IQ", "IQ-NI", 36.335, 43.1189, 1739800, ["موصل", "الموصل"]),
    (12, "Iraq", "country", "IQ", "", 33.0, 43.7, 0, ["عراق"]),
    (13, "Raqqa", "city", "SY", "SY-RA", 35.9528, 39.0079, 220488, ["رقه", "الرقه"]),
    (14, "Washington", "city", "US", "", 38.9072, -77.0369, 689545, ["واشنطن"]),
    (15, "Amman", "city", "JO", "", 31.9539, 35.9106, 4007526, []),
    (16, "Mosul Dam", "dam", "IQ", "IQ-NI", 36.6306, 42.8231, 0, []),
    (17, "Euphrates", "river", "SY", "", 35.95, 39.01, 0, []),
]


def tiny_index(*extra: tuple) -> GazetteerIndex:
    """The tiny gazetteer, with `extra` places in the same shape as `PLACES`."""
    places = [*PLACES, *extra]
    records = [
        PlaceRecord(pid, name, kind, cc, a1, "", lat, lon, pop, "core")
        for pid, name, kind, cc, a1, lat, lon, pop, _ in places
    ]
    return GazetteerIndex.from_records(records, [(p[0], n) for p in places for n in p[-1]])
