"""Interface words that reach the templates as values (event kinds, statuses, countries, the
legend's kind labels), marked here so that ``makemessages`` puts them into the catalogues; the
templates translate them with ``{% translate value %}``. The values themselves stay English in
the database and the APIs."""

from __future__ import annotations

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

from events.pipeline import labels
from gazetteer import kinds as gazetteer_kinds

from .style import KIND_STYLE

#: Event kinds as the models display them (``get_kind_display``).
KINDS = (
    _("battle"),
    _("airstrike or shelling"),
    _("siege"),
    _("capture or liberation"),
    _("ied or mine"),
    _("surrender or defection"),
    _("attack on civilians"),
    _("other"),
    _("protest"),
    _("riot"),
    _("arrest"),
    _("agreement"),
    _("group change"),
    _("disrupted weapons use"),
    _("base established"),
    _("looting or destruction"),
)
#: The legend's labels of event kinds (mapping.style.KIND_STYLE).
KIND_LABELS = (
    _("Battle"),
    _("Air strike or shelling"),
    _("Capture or liberation"),
    _("Siege"),
    _("IED or mine"),
    _("Attack on civilians"),
    _("Surrender or defection"),
    _("Other"),
    _("Protest"),
    _("Riot"),
    _("Arrests"),
    _("Agreement"),
    _("Change to a group or its activity"),
    _("Disrupted weapons use"),
    _("Headquarters or base established"),
    _("Looting or property destruction"),
)
#: How a gazetteer search matched a name (gazetteer.ranking's tiers).
MATCHES = (
    pgettext_lazy("name match", "exact"),
    pgettext_lazy("name match", "alias"),
    pgettext_lazy("name match", "fuzzy"),
    pgettext_lazy("name match", "skeleton"),
)
STATUSES = (_("extracted"), _("verified"), _("edited"), _("rejected"))
COUNTRIES = (_("Syria"), _("Iraq"))
PLACE_KINDS = (
    _("country"),
    _("governorate"),
    _("district"),
    _("city"),
    _("town"),
    _("village"),
    _("neighbourhood"),
    _("region"),
    _("river"),
    _("airport"),
    _("base"),
    _("camp"),
    _("dam"),
    _("oilfield"),
    _("crossing"),
    _("mountain"),
    _("mosque"),
    _("building"),
    _("site"),
)


def missing() -> list[str]:
    """Kinds and labels of the pipeline and the style that this module does not list (a test
    keeps it complete)."""
    kinds = {k.replace("_", " ") for k in labels.EVENT_KINDS} - set(KINDS)
    kind_labels = {label for label, _colour in KIND_STYLE.values()} - set(KIND_LABELS)
    places = set(gazetteer_kinds.PLACE_KINDS) - set(PLACE_KINDS)
    return sorted(kinds | kind_labels | places)
