"""The datasets' vocabularies (events/dataset_vocab.py and its data files): ACLED's and UCDP's
event types to our kinds, their actor names to our canonical actors, interaction and precision
codes. No database."""

from __future__ import annotations

import pytest

from events import dataset_vocab as vocab
from events.pipeline.labels import CANONICAL_ACTORS, EVENT_KINDS

#: ACLED's codebook (2019 onwards): every event type and its sub-event types.
ACLED_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


def test_every_acled_sub_event_type_has_a_kind_of_ours():
    pairs = [(t, s) for t, subs in ACLED_TYPES.items() for s in subs]
    assert len(pairs) == 25
    kinds = {pair: vocab.event_kind("acled", *pair) for pair in pairs}
    assert all(kind in EVENT_KINDS for kind in kinds.values()), kinds


@pytest.mark.parametrize(
    "event_type,sub,kind",
    [
        ("Protests", "Peaceful protest", "protest"),
        ("Protests", "Excessive force against protesters", "protest"),
        ("Riots", "Mob violence", "riot"),
        ("Riots", "Violent demonstration", "riot"),
        ("Strategic developments", "Change to group/activity", "group_change"),
        ("Strategic developments", "Arrests", "arrest"),
        ("Strategic developments", "Agreement", "agreement"),
        ("Strategic developments", "Non-violent transfer of territory", "surrender_or_defection"),
        ("Battles", "Government regains territory", "capture_or_liberation"),
        ("Explosions/Remote violence", "Suicide bomb", "ied_or_mine"),
        ("battles", "  armed   CLASH ", "battle"),  # case and spaces do not count
        ("Battles", "A sub-type of a later codebook", "battle"),  # the type's kind
        ("Battle-No change of territory", "", "battle"),  # before 2019
        ("Riots/Protests", "", "protest"),
        ("Non-violent transfer of territory", "", "surrender_or_defection"),
    ],
)
def test_acled_types_mean_the_same_kind(event_type, sub, kind):
    assert vocab.event_kind("acled", event_type, sub) == kind


def test_no_protest_or_riot_is_other_and_no_group_change_is_a_surrender():
    for event_type in ("Protests", "Riots"):
        for sub in ACLED_TYPES[event_type]:
            assert vocab.event_kind("acled", event_type, sub) not in ("other", None)
    assert vocab.event_kind("acled", "Strategic developments", "Change to group/activity") != "surrender_or_defection"


def test_an_unknown_type_has_no_kind():
    assert vocab.event_kind("acled", "Skirmishes", "Armed clash") is None
    assert vocab.event_kind("ucdp", "4") is None


def test_ucdp_types_of_violence():
    assert [vocab.event_kind("ucdp", c) for c in "123"] == ["battle", "battle", "attack_on_civilians"]


def test_acled_disorder_types():
    assert vocab.disorder_type("Protests", "Excessive force against protesters") == "Political violence; Demonstrations"
    assert vocab.disorder_type("Riots", "Violent demonstration") == "Demonstrations"
    assert vocab.disorder_type("Battles", "Armed clash") == "Political violence"
    assert vocab.disorder_type("Nonsense", "") == ""


@pytest.mark.parametrize(
    "name,actor",
    [
        ("Military Forces of Turkey (2016-)", "Turkey"),
        ("Military Forces of Syria (2000-)", "Syrian Arab Army"),
        ("Military Forces of Syria (2000-) Air Force", "Syrian Arab Army"),
        ("Police Forces of Iraq (2018-2022)", "Iraqi Security Forces"),
        ("Military Forces of Iraq (2018-2022) Popular Mobilization Forces", "PMF"),
        ("Military Forces of Iraq (2014-2018) Peshmerga", "Peshmerga"),
        ("Military Forces of the United States (2017-2021)", "US-led coalition"),
        ("Operation Peace Spring", "Turkey"),
        ("Global Coalition Against Daesh", "US-led coalition"),
        ("QSD: Syrian Democratic Forces", "SDF"),
        ("HTS: Hayat Tahrir al Sham", "HTS"),
        ("NLF: National Liberation Front", "FSA/SNA"),
        ("NDF: National Defence Forces", "Pro-government militias (Syria)"),
        ("YPG: People’s Protection Units", "YPG"),  # a curly apostrophe
        ("Islamic State (Syria)", "ISIS"),
        ("islamic  state (IRAQ)", "ISIS"),  # case and spaces do not count
        ("Civilians (Syria)", "civilians"),
        ("Shaitat Tribal Militia (Syria)", "Local armed residents"),
        ("Hezbollah", "Hezbollah"),
        ("Syrian Democratic Forces", "SDF"),  # a canonical actor's English alias
        ("Unidentified Armed Group (Syria)", None),  # actors of their own
        ("Protesters (Syria)", None),
        ("Military Forces of Israel (2021-)", None),
        ("PKK: Kurdistan Workers Party", None),
    ],
)
def test_acled_actor_names(name, actor):
    assert vocab.resolve_actor("acled", name) == actor


@pytest.mark.parametrize(
    "name,actor",
    [
        ("Government of Syria", "Syrian Arab Army"),
        ("Government of Iraq", "Iraqi Security Forces"),
        ("IS", "ISIS"),
        ("Syrian insurgents", "FSA/SNA"),
        ("Jabhat Fateh al-Sham", "HTS"),
        ("Civilians", "civilians"),
        ("al-Nasser clan", "Local armed residents"),
        ("Government of Israel", None),
        ("PKK", None),
    ],
)
def test_ucdp_actor_names(name, actor):
    assert vocab.resolve_actor("ucdp", name) == actor


def test_a_dataset_rule_does_not_apply_to_the_other_dataset():
    assert vocab.resolve_actor("ucdp", "IS") == "ISIS"
    assert vocab.resolve_actor("acled", "IS") is None  # ACLED never writes the bare abbreviation


def test_actor_refs_keep_the_datasets_name_and_code():
    ref = vocab.actor_ref("acled", " Military  Forces of Turkey (2016-) ", 8)
    assert ref == vocab.ActorRef("Military Forces of Turkey (2016-)", "Turkey", True, 8)
    own = vocab.actor_ref("acled", "Unidentified Armed Group (Syria)", 3)
    assert own == vocab.ActorRef("Unidentified Armed Group (Syria)", "Unidentified Armed Group (Syria)", False, 3)
    assert vocab.actor_ref("acled", "  ") is None


def test_the_data_files_name_only_our_kinds_and_canonical_actors():
    assert {t.kind for t in vocab.event_types().values()} <= set(EVENT_KINDS)
    assert {r.actor for r in vocab.actor_rules() if r.actor} <= set(CANONICAL_ACTORS)
    assert {r.dataset for r in vocab.actor_rules()} <= {"acled", "ucdp", "*"}


@pytest.mark.parametrize(
    "value,code", [("1", 1), ("8", 8), ("0", 0), ("2.0", 2), ("State forces", 1), ("protesters", 6), ("", None)]
)
def test_interaction_codes_as_numbers_or_labels(value, code):
    assert vocab.parse_inter(value) == code


@pytest.mark.parametrize("value", ["9", "x", "-1", "1.5"])
def test_a_bad_interaction_code_is_refused_with_its_column(value):
    with pytest.raises(ValueError, match="inter2"):
        vocab.parse_inter(value, "inter2")


def test_interaction_of_two_actors_and_of_one():
    assert vocab.interaction(2, 1) == 12
    assert vocab.interaction(6, None) == 60
    assert vocab.interaction(6, 0) == 60
    assert vocab.interaction(None, None) is None


def test_country_codes_in_every_form_the_datasets_use():
    assert [vocab.country_code(v) for v in ("760", "Syria", "SYR", "652", "652.0", "IQ", "Iraq", "368")] == [
        "SY",
        "SY",
        "SY",
        "SY",
        "SY",
        "IQ",
        "IQ",
        "IQ",
    ]
    assert vocab.country_code("", "Lebanon") == ""


def test_precision_codes_go_there_and_back():
    assert all(vocab.WHERE_TO_GEO[vocab.GEO_TO_WHERE[g]] == g for g in (1, 2, 3))
    assert all(vocab.DATE_TO_TIME[vocab.TIME_TO_DATE[t]] == t for t in (1, 2, 3))
