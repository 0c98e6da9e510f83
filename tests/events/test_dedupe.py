"""events.dedupe: the rule that tells two reports of one real-world event (no database)."""

import datetime as dt

from django.test import SimpleTestCase

from events.dedupe import EventKey, best_match, days_apart, distance_km, same_event
from events.pipeline.labels import TIME_DAY, TIME_MONTH, TIME_WEEK

D = dt.date(2018, 5, 14)


def key(**kw):
    base = {"kind": "battle", "first": D, "last": D, "precision": TIME_DAY, "place_id": 1}
    base |= {"lat": 34.45, "lon": 40.92, "actor1": 1, "actor2": 2}
    return EventKey(**(base | kw))


class SameEventTests(SimpleTestCase):
    def test_rows_of_the_rule(self):
        cases = [
            # (a, b, same?, the rule)
            (key(), key(), True, "identical"),
            (key(), key(kind="explosion"), False, "another kind"),
            (key(), key(first=D + dt.timedelta(days=1), last=D + dt.timedelta(days=1)), True, "a day apart"),
            (key(), key(first=D + dt.timedelta(days=2), last=D + dt.timedelta(days=2)), False, "two days apart"),
            (key(), key(place_id=2, lat=34.47, lon=40.93), True, "another place within a few km"),
            (key(), key(place_id=2, lat=34.70, lon=40.92), False, "another place 28 km away"),
            (key(), key(actor2=None), True, "one side left open"),
            (key(), key(actor1=2, actor2=1), True, "the sides named in the other order"),
            (key(), key(actor1=3), False, "another attacker"),
            (key(actor2=None), key(actor1=3, actor2=None), False, "each names only its own, different actor"),
            (key(actor1=None, actor2=None), key(actor1=3, actor2=None), True, "no actor named: any"),
            (key(actor2=None), key(actor1=2, actor2=1), True, "one side named, both named in the other order"),
            (key(), key(first=None, last=None), False, "undated"),
            (
                key(first=dt.date(2018, 5, 1), last=dt.date(2018, 5, 31), precision=TIME_MONTH),
                key(first=dt.date(2018, 5, 20), last=dt.date(2018, 5, 20)),
                True,
                "a month-precision date overlapping a day",
            ),
            (
                key(first=dt.date(2018, 4, 1), last=dt.date(2018, 4, 30), precision=TIME_MONTH),
                key(first=dt.date(2018, 5, 1), last=dt.date(2018, 5, 1)),
                False,
                "month precision: adjacent is not overlapping",
            ),
            (
                key(first=D, last=D + dt.timedelta(days=6), precision=TIME_WEEK),
                key(first=D + dt.timedelta(days=7), last=D + dt.timedelta(days=7)),
                False,
                "week precision needs an overlap",
            ),
            (
                key(first=D + dt.timedelta(days=3), last=D + dt.timedelta(days=3), precision=TIME_WEEK),
                key(),
                True,
                "an undated report's event (its date, week precision) covers the week before",
            ),
            (
                key(first=D + dt.timedelta(days=8), last=D + dt.timedelta(days=8), precision=TIME_WEEK),
                key(),
                False,
                "but not the week before that",
            ),
            (
                key(first=dt.date(2018, 5, 1), last=dt.date(2018, 5, 1), precision=TIME_MONTH),
                key(first=dt.date(2018, 5, 30), last=dt.date(2018, 5, 30)),
                True,
                "a month-precision day stands for its month",
            ),
            (
                key(place_id=None, lat=None, lon=None, place_key="x"),
                key(place_id=None, lat=None, lon=None, place_key="x"),
                True,
                "unlocated, same mention",
            ),
            (key(control_to=1), key(control_to=2), False, "different winners of a capture"),
        ]
        for a, b, expected, rule in cases:
            with self.subTest(rule):
                self.assertIs(same_event(a, b), expected)
                self.assertIs(same_event(b, a), expected)

    def test_distance_and_gap(self):
        self.assertAlmostEqual(distance_km(key(lat=0, lon=0), key(lat=0, lon=1)), 111.2, delta=0.2)
        self.assertEqual(days_apart(key(), key(first=D + dt.timedelta(days=3), last=D + dt.timedelta(days=3))), 3)

    def test_best_match_is_the_nearest(self):
        far = key(place_id=7, lat=34.48, lon=40.92, pk=10)
        near = key(place_id=8, lat=34.451, lon=40.921, pk=11)
        other = key(kind="explosion", pk=12)
        self.assertEqual(best_match(key(place_id=9), [far, near, other]).pk, 11)
        self.assertIsNone(best_match(key(), [other]))
