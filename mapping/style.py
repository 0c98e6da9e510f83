"""Colours and labels of event kinds on the maps (holders take their Actor's colour)."""

from events.pipeline import labels

KIND_STYLE = {
    labels.BATTLE: ("Battle", "#d32f2f"),
    labels.AIRSTRIKE: ("Air strike or shelling", "#f57c00"),
    labels.CAPTURE: ("Capture or liberation", "#6a1b9a"),
    labels.SIEGE: ("Siege", "#5d4037"),
    labels.IED: ("IED or mine", "#455a64"),
    labels.CIVILIANS: ("Attack on civilians", "#c2185b"),
    labels.SURRENDER: ("Surrender or defection", "#00796b"),
    labels.OTHER: ("Other", "#1976d2"),
}
assert set(KIND_STYLE) == set(labels.EVENT_KINDS)


def kind_label(kind: str) -> str:
    return KIND_STYLE.get(kind, (kind.replace("_", " ").capitalize(), ""))[0]


def kind_colour(kind: str) -> str:
    return KIND_STYLE.get(kind, ("", "#777777"))[1]


def kinds_legend() -> list[dict]:
    return [{"key": k, "label": label, "colour": colour} for k, (label, colour) in KIND_STYLE.items()]
