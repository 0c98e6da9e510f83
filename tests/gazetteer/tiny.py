"""A tiny in-memory gazetteer with the homonyms the real one has, for ranking tests."""

from gazetteer.index import GazetteerIndex, PlaceRecord

PLACES = [
    # id, name, kind, country, admin1, admin2, lat, lon, population, names
    (
        1,
        "Al-Bukamal",
        "city",
        "SY",
        "SY-DY",
        "Abu Kamal",
        34.4529,
        40.9187,
        50000,
        ["البوكمال", "البو کمال", "Abu Kamal", "Albu Kamal"],
    ),
    (2, "Albu Kamal", "village", "IQ", "IQ-SD", "Balad", 33.9924, 44.3446, 0, ["البو كمال"]),
    (3, "Al-Tuwaymin", "village", "SY", "SY-HA", "Al-Hasakah", 35.919, 41.2655, 0, ["التويمين"]),
    (4, "At Tuwaymin", "village", "IQ", "IQ-NI", "Hatra", 35.9431, 42.3551, 0, ["التويمين"]),
    (5, "Tal al-Jayer", "village", "SY", "SY-HA", "Al-Hasakah", 36.033, 41.098, 0, ["تل الجاير"]),
    (6, "Al-Dashisha", "village", "SY", "SY-HA", "Al-Hasakah", 36.0436, 41.1644, 0, ["الدشيشة"]),
    (7, "Deir ez-Zor", "city", "SY", "SY-DY", "Deir ez-Zor", 35.3359, 40.1408, 211857, ["دير الزور"]),
    (
        8,
        "Deir ez-Zor Governorate",
        "governorate",
        "SY",
        "SY-DY",
        "",
        35.1439,
        40.3168,
        0,
        ["دير الزور", "محافظة دير الزور"],
    ),
    (9, "Al-Qaim", "town", "IQ", "IQ-AN", "Al-Qaim", 34.3688, 41.0945, 74100, ["القائم"]),
    (10, "Raqqa", "city", "SY", "SY-RA", "Raqqa", 35.9528, 39.0079, 220488, ["الرقة"]),
    (11, "Manbij", "town", "SY", "SY-HL", "Manbij", 36.5281, 37.9549, 99497, ["منبج"]),
    (12, "Manbij", "town", "SY", "SY-HL", "Manbij", 36.5300, 37.9560, 0, ["منبج"]),  # a duplicate record
    (13, "Hajin", "town", "SY", "SY-DY", "Abu Kamal", 34.6927, 40.827, 37935, ["هجين"]),
]


def tiny_index() -> GazetteerIndex:
    records = [
        PlaceRecord(pid, name, kind, cc, a1, a2, lat, lon, pop)
        for pid, name, kind, cc, a1, a2, lat, lon, pop, _ in PLACES
    ]
    names = [(pid, n) for pid, *_, ns in PLACES for n in ns]
    return GazetteerIndex.from_records(records, names)
