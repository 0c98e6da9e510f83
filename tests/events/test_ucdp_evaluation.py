"""events/ucdp_evaluation.py: UCDP rows scored against what is extracted from their headlines."""

from __future__ import annotations

from events.ucdp_evaluation import evaluate_ucdp

ROW = {
    "source_headline": "Shelling on Dar&#8217;a leaves casualties",
    "source_date": "2017-05-02",
    "where_prec": "1",
    "latitude": "32.62",
    "longitude": "36.10",
    "date_start": "2017-05-02",
    "date_end": "2017-05-02",
    "side_a": "Government of Syria",
    "side_b": "Syrian insurgents",
}


def test_the_headline_is_read_with_its_html_character_references_decoded():
    seen = []

    def extract(text, published):
        seen.append((text, published.isoformat()))
        return {
            "events": [
                {
                    "places": [{"lat": 32.62, "lon": 36.1}],
                    "date": None,
                    "actor1": None,
                    "actor2": None,
                    "actor1_also": [],
                }
            ]
        }

    score = evaluate_ucdp([ROW], extract)
    assert seen == [("Shelling on Dar’a leaves casualties", "2017-05-02")]
    assert score.near.share == score.located_right.share == 1.0
