"""How the maps look: colours and labels of event kinds, and the styles of the control layers
(holders take their Actor's colour, set per feature by ``mapping.layers``).

Holder colours live on the actors (editable in the admin); the built-in palette
(events/migrations/0010_holder_palette.py) keeps every pair of ``HOLDERS`` apart as drawn:
area fills composited at ``AREA``'s, ``TIMELINE_AREA``'s and ``CHANGE``'s opacity over ``LAND``,
and place dots, differ by CIEDE2000 >= 15, also checked under colour-blindness simulations for
the main sides (tests/mapping/test_style.py)."""

from __future__ import annotations

from typing import Any

from events.pipeline import labels

type Style = dict[str, Any]

KIND_STYLE = {
    labels.BATTLE: ("Battle", "#d32f2f"),
    labels.AIRSTRIKE: ("Air strike or shelling", "#f57c00"),
    labels.CAPTURE: ("Capture or liberation", "#6a1b9a"),
    labels.SIEGE: ("Siege", "#5d4037"),
    labels.IED: ("IED or mine", "#455a64"),
    labels.CIVILIANS: ("Attack on civilians", "#c2185b"),
    labels.SURRENDER: ("Surrender or defection", "#00796b"),
    labels.OTHER: ("Other", "#1976d2"),
    labels.PROTEST: ("Protest", "#388e3c"),
    labels.RIOT: ("Riot", "#afb42b"),
    labels.ARREST: ("Arrests", "#5e35b1"),
    labels.AGREEMENT: ("Agreement", "#0097a7"),
    labels.GROUP_CHANGE: ("Change to a group or its activity", "#7986cb"),
    labels.DISRUPTED_WEAPONS: ("Disrupted weapons use", "#78909c"),
    labels.BASE: ("Headquarters or base established", "#8d6e63"),
    labels.LOOTING: ("Looting or property destruction", "#e64a19"),
}
assert set(KIND_STYLE) == set(labels.EVENT_KINDS)

#: The basemap's land (countries filled under everything when there are no tiles).
LAND = "#f1eee6"
#: The actors that hold ground on the control maps, whose colours must tell them apart.
HOLDERS = (
    "Syrian Arab Army",
    "Iraqi Security Forces",
    "Pro-government militias (Syria)",
    "Hezbollah",
    "PMF",
    "SDF",
    "Peshmerga",
    "ISIS",
    "HTS",
    "FSA/SNA",
    "Turkey",
    "Local armed residents",
    "Russia",
    "Iran",
    "US-led coalition",
)
#: The main sides of the 2014-2019 maps, told apart under colour-blindness simulations too.
MAIN_HOLDERS = (
    "Syrian Arab Army",
    "Iraqi Security Forces",
    "PMF",
    "SDF",
    "Peshmerga",
    "ISIS",
    "HTS",
    "FSA/SNA",
    "Turkey",
)

#: Areas of control, filled and outlined in the holder's colour.
AREA: Style = {"fillOpacity": 0.5, "weight": 0.5, "opacity": 0.6}
#: Front lines of the control map.
FRONT: Style = {"color": "#111", "weight": 2.6, "opacity": 0.9}
#: Siege rings, in the besieger's colour (black when it has none).
RING: Style = {"weight": 4, "fill": False, "opacity": 0.95}
RING_COLOUR = "#000"
#: Place dots of the control map: marker options, then style (fill in the holder's colour).
PLACE_MARKER: Style = {"radius": 3.5, "fill": True, "weight": 1}
PLACE: Style = {"color": "#333", "fillOpacity": 0.95}
#: Land that changed hands, in the gainer's colour.
CHANGE: Style = {"fillOpacity": 0.6, "weight": 1}
#: The two front lines of the changes map: before (dashed) and after.
FRONT_BEFORE: Style = {"color": "#444", "weight": 2.2, "dashArray": "6 5", "opacity": 0.9}
FRONT_AFTER: Style = {"color": "#111", "weight": 2.8, "opacity": 0.95}
#: Places that changed hands: marker options, then style (fill in the gainer's colour).
CHANGED_PLACE_MARKER: Style = {"radius": 5, "fill": True, "weight": 1.5}
CHANGED_PLACE: Style = {"color": "#222", "fillOpacity": 1}
#: The timeline's areas (filled in the holder's colour) and front lines.
TIMELINE_AREA: Style = {"fillOpacity": 0.5, "weight": 0.5}
TIMELINE_FRONT: Style = {"color": "#111", "weight": 2.5}
#: The events of a report on its page.
REPORT_EVENT_MARKER: Style = {
    "radius": 7,
    "weight": 2,
    "color": "#ffffff",
    "fill": True,
    "fill_color": "#8a1c1c",
    "fill_opacity": 0.9,
}


def kind_label(kind: str) -> str:
    return KIND_STYLE.get(kind, (kind.replace("_", " ").capitalize(), ""))[0]


def kinds_legend() -> list[dict[str, str]]:
    return [{"key": k, "label": label, "colour": colour} for k, (label, colour) in KIND_STYLE.items()]


def filled(colour: str, style: Style) -> Style:
    """``style`` filled and outlined in ``colour``."""
    return {"fillColor": colour, "color": colour, **style}


def dot(colour: str, style: Style) -> Style:
    """``style`` with its fill in ``colour`` (the outline stays the style's)."""
    return {"fillColor": colour, **style}
