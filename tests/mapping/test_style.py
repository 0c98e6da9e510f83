"""mapping.style and the built-in holder palette: colours that tell holders apart as drawn.

Every pair of holders' area fills, composited over the basemap's land at each opacity the maps
use, and every pair of their place dots differ by CIEDE2000 >= 15 (computed with coloraide);
the main sides stay apart under protanopia, deuteranopia and tritanopia simulations; the
colours keep the conventions readers know; an editor's colour wins over the palette.
"""

from __future__ import annotations

import itertools

import pytest
from coloraide import Color

from events.models import Actor
from mapping import style

#: The least CIEDE2000 between two holders, as drawn.
APART = 15.0
#: The least CIEDE2000 between two main sides under a colour-blindness simulation.
APART_CVD = 7.0
OPACITIES = sorted({style.AREA["fillOpacity"], style.TIMELINE_AREA["fillOpacity"], style.CHANGE["fillOpacity"]})


def delta_e(a: Color | str, b: Color | str) -> float:
    return float(Color(a).delta_e(b, method="2000"))


def over_land(colour: str, opacity: float) -> Color:
    """``colour`` drawn at ``opacity`` over the basemap's land, as a browser composites SVG fills
    (in sRGB)."""
    return Color.mix(Color(style.LAND), colour, opacity, space="srgb")


@pytest.fixture
def palette(db) -> dict[str, str]:
    colours = dict(Actor.objects.filter(name__in=style.HOLDERS).values_list("name", "colour"))
    assert set(colours) == set(style.HOLDERS), "every holder of the palette is a built-in actor"
    return colours


def closest(pairs) -> tuple[float, str, str]:
    return min(pairs, key=lambda p: p[0])


def test_the_reference_implementation_agrees_with_published_cie_de2000_pairs():
    # Sharma, Wu and Dalal (2005), pairs 1 and 17 of their test data (CIELAB in, ΔE00 out).
    def lab(*values: float) -> Color:
        return Color("lab-d65", list(values))

    assert lab(50, 2.6772, -79.7751).delta_e(lab(50, 0, -82.7485), method="2000") == pytest.approx(2.0425, abs=1e-4)
    assert lab(50, 2.5, 0).delta_e(lab(73, 25, -18), method="2000") == pytest.approx(27.1492, abs=1e-4)


def test_the_old_palette_failed_the_bar():
    """What issue 14 found: SDF and Peshmerga 5.9 apart; ISIS and HTS two greys at 42 %."""
    assert delta_e("#e8c100", "#fbc02d") == pytest.approx(5.9, abs=0.05)
    assert delta_e(over_land("#1f1f1f", 0.42), over_land("#757575", 0.42)) < APART


@pytest.mark.parametrize("opacity", OPACITIES)
def test_every_pair_of_area_fills_differs_as_drawn(palette, opacity):
    drawn = {name: over_land(colour, opacity) for name, colour in palette.items()}
    pairs = [(delta_e(drawn[a], drawn[b]), a, b) for a, b in itertools.combinations(sorted(drawn), 2)]
    assert closest(pairs)[0] >= APART, closest(pairs)


def test_every_pair_of_place_dots_differs(palette):
    pairs = [(delta_e(palette[a], palette[b]), a, b) for a, b in itertools.combinations(sorted(palette), 2)]
    assert closest(pairs)[0] >= APART, closest(pairs)


@pytest.mark.parametrize("deficiency", ["protan", "deutan", "tritan"])
def test_the_main_sides_stay_apart_for_colour_blind_readers(palette, deficiency):
    def seen(colour: Color | str) -> Color:
        return Color(colour).filter(deficiency)

    pairs = []
    for a, b in itertools.combinations(style.MAIN_HOLDERS, 2):
        pairs.append((delta_e(seen(palette[a]), seen(palette[b])), a, b))
        fill_a, fill_b = (over_land(palette[h], style.AREA["fillOpacity"]) for h in (a, b))
        pairs.append((delta_e(seen(fill_a), seen(fill_b)), f"{a} (area)", f"{b} (area)"))
    assert closest(pairs)[0] >= APART_CVD, closest(pairs)


def test_the_palette_keeps_the_conventions_readers_know(palette):
    def hue(name: str) -> float:
        return float(Color(palette[name]).convert("oklch")["hue"])

    def lightness(name: str) -> float:
        return float(Color(palette[name]).convert("oklch")["lightness"])

    assert hue("Syrian Arab Army") < 35 or hue("Syrian Arab Army") > 345  # government red
    assert 85 < hue("SDF") < 115 and lightness("SDF") > 0.85  # SDF yellow
    assert lightness("ISIS") < 0.2  # ISIS black
    assert 130 < hue("FSA/SNA") < 170  # rebels green
    assert Color(palette["HTS"]).convert("oklch")["chroma"] < 0.04  # HTS grey


@pytest.mark.django_db
def test_an_editor_still_sets_an_actors_colour_in_the_admin(admin_client):
    sdf = Actor.objects.get(name="SDF")
    url = f"/admin/events/actor/{sdf.pk}/change/"
    form = {"name": "SDF", "colour": "#ffd700", "aliases": "[]", "origin": "", "inter": ""}
    assert admin_client.post(url, form).status_code == 302
    sdf.refresh_from_db()
    assert sdf.colour == "#ffd700"
    response = admin_client.post(url, {**form, "colour": "yellow"})
    assert response.status_code == 200 and "#rrggbb" in response.content.decode()
    sdf.refresh_from_db()
    assert sdf.colour == "#ffd700"
