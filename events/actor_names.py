"""The canonical actors' names as readers of each language know them.

The canonical name (events/pipeline/labels.py, the gold format's closed list) stays the key
everywhere: in the database, the APIs, exports and colours. Only what a reader sees is named in
the reader's language; an actor of our list missing here, or one a dataset named, keeps its name.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

NAMES = {
    "ISIS": pgettext_lazy("actor", "ISIS"),
    "SDF": pgettext_lazy("actor", "SDF"),
    "YPG": pgettext_lazy("actor", "YPG"),
    "Asayish": pgettext_lazy("actor", "Asayish"),
    "PYD": pgettext_lazy("actor", "PYD"),
    "Syrian Arab Army": pgettext_lazy("actor", "Syrian Arab Army"),
    "Pro-government militias (Syria)": pgettext_lazy("actor", "Pro-government militias (Syria)"),
    "Hezbollah": pgettext_lazy("actor", "Hezbollah"),
    "Iran": pgettext_lazy("actor", "Iran"),
    "Russia": pgettext_lazy("actor", "Russia"),
    "US-led coalition": pgettext_lazy("actor", "US-led coalition"),
    "Turkey": pgettext_lazy("actor", "Turkey"),
    "FSA/SNA": pgettext_lazy("actor", "FSA/SNA"),
    "HTS": pgettext_lazy("actor", "HTS"),
    "Iraqi Security Forces": pgettext_lazy("actor", "Iraqi Security Forces"),
    "PMF": pgettext_lazy("actor", "PMF"),
    "Peshmerga": pgettext_lazy("actor", "Peshmerga"),
    "Local armed residents": pgettext_lazy("actor", "Local armed residents"),
    "civilians": pgettext_lazy("actor", "civilians"),
}


def actor_name(name: str | None) -> str:
    """``name`` as the reader reads it (the active language); "" for none."""
    if not name:
        return ""
    return str(NAMES.get(name, name))


def actor_names() -> dict[str, str]:
    """Every canonical actor's name in the active language, by canonical name."""
    return {key: str(value) for key, value in NAMES.items()}
