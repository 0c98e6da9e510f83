"""The assembler on real-world writing patterns (self-written sentences, tiny gazetteer): which
places a capture takes, where a clause ends, what is news."""

import datetime as dt

import pytest

from events.pipeline.grammar import grammar
from events.pipeline.output import to_json
from events.pipeline.runner import Pipeline
from lib.text import fold

from .tiny_gazetteer import tiny_index

PUBLISHED = dt.date(2018, 5, 15)
#: The grammar rows the assembler, the clause cutter and the role finder read.
ASSEMBLER_PATTERNS = (
    "actor-conjunction",
    "actor-speaker",
    "capture-blocked-before",
    "container-between",
    "generic-attack",
    "province-summaries",
    "countryside",
    "object-marker-after",
    "aim-before",
    "again",
    "anaphoric-actor",
    "anaphoric-subject",
    "bare-army",
    "capture-from",
    "capture-place-object",
    "capture-sweeping-object",
    "clause-break",
    "complementizer",
    "coordination",
    "facility-anaphora",
    "support-before",
    "support-list",
    "sides-between",
    "fact-clause",
    "framing",
    "operation-as-time",
    "from-holder",
    "liberation-word",
    "object-of-preposition",
    "place-anaphora",
    "pronoun-subject",
    "reference",
    "refers-back",
    "relative-passive",
    "siege-broken",
    "speaker",
    "speech-complement",
    "state-source",
    "trigger-agent-after",
)


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline(index=tiny_index())


def captured(pipeline, text, lang):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    return {p["name"] for e in out["events"] if e["kind"] == "capture_or_liberation" for p in e["places"]}


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_assembler_patterns_are_written_in_folded_letters(lang):
    """The patterns run over folded text: `ي`, `ك`, `أ`, `آ`, `ء` in a pattern never match."""
    g = grammar(lang)
    for name in ASSEMBLER_PATTERNS:
        unfolded = {c for c in g[name].pattern if not c.isascii() and fold(c) != c}
        assert not unfolded, (name, unfolded)


@pytest.mark.parametrize(
    "text",
    [
        "سيطرت قوات سوريا الديمقراطية على بلدة هجين جنوبي مدينة دير الزور.",
        "سيطرت قوات سوريا الديمقراطية على بلدة هجين (شرق دير الزور).",
        "سيطرت قوات سوريا الديمقراطية على بلدة هجين التابعة لمحافظة دير الزور.",
        "سيطرت قوات سوريا الديمقراطية على بلدة هجين الواقعة في الريف الشرقي لدير الزور.",
        "سيطرت قوات سوريا الديمقراطية على بلدة هجين على بعد 100 كيلومتر إلى الجنوب من دير الزور.",
    ],
)
def test_an_arabic_point_of_reference_does_not_change_hands(pipeline, text):
    assert captured(pipeline, text, "ar") == {"Hajin"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("نیروهای دموکراتیک سوریه شهرک هجین در ۹۰ کیلومتری جنوب شرق دیرالزور را آزاد کردند.", "fa"),
        ("The SDF captured Hajin, 90 km south east of the city of Deir ez-Zor.", "en"),
    ],
)
def test_a_distance_and_a_direction_make_a_point_of_reference(pipeline, text, lang):
    assert captured(pipeline, text, lang) == {"Hajin"}


def test_an_arabic_while_starts_a_new_clause(pipeline):
    """`، فيما دارت اشتباكات قرب X`: the fighting near X is another clause, X did not change hands."""
    text = "سيطرت قوات سوريا الديمقراطية على قرية الدشيشة، فيما دارت اشتباكات عنيفة في بلدة هجين."
    assert captured(pipeline, text, "ar") == {"Al-Dashisha"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("تحاول قوات سوريا الديمقراطية السيطرة على بلدة هجين.", "ar"),
        ("تسعى قوات سوريا الديمقراطية إلى السيطرة على بلدة هجين.", "ar"),
        ("The SDF are trying to capture Hajin.", "en"),
        ("Islamic State said 150 soldiers may have been captured in Hajin.", "en"),
        ("وتتم العملية العسكرية الرامية لاستعادة بلدة هجين بغطاء جوي روسي.", "ar"),
    ],
)
def test_an_effort_or_a_speculation_is_no_capture(pipeline, text, lang):
    """`تحاول`, `trying to`, `may have been`, and an aim with its preposition attached (`الرامية لاستعادة`)."""
    assert captured(pipeline, text, lang) == set()


@pytest.mark.parametrize(
    "text",
    [
        "حشدت قوات سوريا الديمقراطية تعزيزات كبيرة لتحرير بلدة هجين من داعش.",
        "حشدت قوات سوريا الديمقراطية تعزيزات كبيرة لتحرير وتطهير بلدة هجين من داعش.",
        "وصلت تعزيزات إلى قوات سوريا الديمقراطية تمهيدا للسيطرة على بلدة هجين.",
    ],
)
def test_an_arabic_capture_noun_joined_to_an_aim_is_an_aim_too(pipeline, text):
    """`لتحرير X`, `للسيطرة على X` ("in order to take X"), and a capture noun joined to it by `و`
    (`لتحرير وتطهير X`): what the forces are for, no capture."""
    assert captured(pipeline, text, "ar") == set()


def test_an_arabic_hope_after_the_news_leaves_the_news(pipeline):
    """`طردتهم من X، وتأمل في طردهم من ...`: the hope is about what follows it; X was taken."""
    text = "طردت قوات سوريا الديمقراطية مقاتلي داعش من بلدة هجين، وتأمل في طردهم من المصفاة القريبة."
    assert captured(pipeline, text, "ar") == {"Hajin"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The coalition has been conducting air strikes against Islamic State since 2014.", "en"),
        ("A suicide bomber blew himself up, killing five people.", "en"),
        ("شن التحالف الدولي غارات جوية على مواقع داعش.", "ar"),
    ],
)
def test_strikes_and_bombings_with_no_place_are_no_event(pipeline, text, lang):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    assert out["events"] == []


def test_a_country_as_a_point_of_reference_is_no_event_location(pipeline):
    """`در شرق سوریه`, `شرق سوريا`: the country only says where; the event is not placed at it."""
    text = "نیروهای دموکراتیک سوریه حمله گسترده‌ای را به آخرین پایگاه داعش در شرق سوریه آغاز کردند."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert [p["name"] for e in out["events"] for p in e["places"]] == []


def events_of(pipeline, text, lang):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    return sorted((e["kind"], tuple(p["name"] for p in e["places"])) for e in out["events"])


def test_an_arabic_passive_relative_clause_does_not_crowd_out_the_news(pipeline):
    """`صدت هجوما على X التي تم تحريرها`: the repelled attack is the news; the relative clause
    only says what X went through, and its capture does not absorb the fighting."""
    text = "صدت قوات سوريا الديمقراطية هجوما لتنظيم داعش على بلدة هجين التي تم تحريرها مؤخرا."
    assert ("battle", ("Hajin",)) in events_of(pipeline, text, "ar")


def test_an_arabic_pronoun_subject_starts_a_new_clause(pipeline):
    """`سيطرت على X، وهي تواصل تطويق قرى على محور Y`: the siege is on the axis of Y, not at X."""
    text = "سيطرت قوات سوريا الديمقراطية على قرية الدشيشة، وهي تواصل تطويق عدة قرى على محور هجين."
    found = events_of(pipeline, text, "ar")
    assert ("siege", ("Hajin",)) in found
    assert ("siege", ("Al-Dashisha",)) not in found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("حاصر تنظيم داعش بلدة هجين منذ شهرين. وقالت مصادر إن القوات العراقية دخلت إلى بلدة هجين.", "ar"),
        ("قال الجيش العراقي إن قواته دخلت بلدة هجين وفكت الحصار الذي فرضه داعش عليها.", "ar"),
        ("Islamic State militants have besieged Hajin for weeks. Iraqi troops entered Hajin on Sunday.", "en"),
    ],
)
def test_entering_a_town_the_other_side_besieges_is_relief_not_capture(pipeline, text, lang):
    assert "Hajin" not in captured(pipeline, text, lang)


def test_the_besieger_entering_the_town_takes_it(pipeline):
    text = "Iraqi troops have besieged Hajin for weeks. Iraqi troops entered Hajin on Sunday."
    assert "Hajin" in captured(pipeline, text, "en")


@pytest.mark.parametrize(
    ("text", "lang", "taker"),
    [
        (
            "تقدمت قوات البشمركة نحو قرية التويمين. وأعلنت مصادر عسكرية عراقية استعادة مدينة الموصل.",
            "ar",
            "Iraqi Security Forces",
        ),
        ("تقدمت قوات البشمركة نحو قرية التويمين. وأعلنت مصادر عسكرية كردية استعادة مدينة الموصل.", "ar", "Peshmerga"),
        (
            "Peshmerga forces advanced on the village. Mosul was retaken on Sunday, military sources said.",
            "en",
            "Iraqi Security Forces",
        ),
    ],
)
def test_a_liberation_the_states_military_sources_report_is_the_states(pipeline, text, lang, taker):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    takers = [e["control_to"] for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert takers == [taker]


def test_the_speaker_between_said_and_its_complementizer_is_not_the_taker(pipeline):
    """`قالت وسائل إعلام حكومية تركية ... إن X سيطرت على Y`: the news starts at إن; Turkish media
    speak, the rebels take the town."""
    text = "قالت وسائل إعلام حكومية تركية ومسؤولون في المعارضة إن فصائل المعارضة سيطرت على مدينة الرقة."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="ar"))
    assert [e["control_to"] for e in out["events"] if e["kind"] == "capture_or_liberation"] == ["FSA/SNA"]


def test_an_english_of_phrase_does_not_make_the_taker_the_loser(pipeline):
    """ "The flag of ISIS was raised ... as Islamist fighters advanced into X": "of ISIS" is no
    loser; the taker named keeps the place."""
    text = "The black flag of Isis was raised on a hill as Islamist fighters advanced into Hajin."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    captures = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert [(e["control_to"], [p["name"] for p in e["places"]]) for e in captures] == [("ISIS", ["Hajin"])]


def test_a_strike_where_the_report_says_is_an_event(pipeline):
    text = "The coalition carried out air strikes on Islamic State positions in Raqqa."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["kind"], [p["name"] for p in e["places"]]) for e in out["events"]] == [
        ("airstrike_or_shelling", ["Raqqa"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "نیروهای عراقی در ادامه عملیات آزادسازی شهر موصل پیشروی کردند.",
        "نخست وزیر عراق دستور آزادسازی شهر موصل را صادر کرد.",
        "ارتش عراق نیروهای تازه‌ای برای آزادسازی شهر موصل فرستاد.",
    ],
)
def test_a_persian_operation_or_aim_is_no_capture(pipeline, text):
    assert captured(pipeline, text, "fa") == set()


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("نیروهای عراقی شهر موصل را به طور کامل به محاصره درآوردند.", ["siege"]),
        ("شهر موصل از مدتها پیش به محاصره ارتش عراق درآمده بود.", ["siege"]),
        ("زنان ایزدی به اسارت داعش درآمده بودند و در شهر موصل ماندند.", []),
    ],
)
def test_brought_under_siege_or_into_captivity_is_no_capture(pipeline, text, kinds):
    """`درآمد`/`درآورد` take their sense from the noun before them: `به محاصره`, `به اسارت`."""
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert [e["kind"] for e in out["events"]] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "تقدمت القوات العراقية نحو مدينة الموصل التي يسيطر عليها تنظيم داعش.",
        "لا تزال قوات سوريا الديمقراطية تسيطر على مدينة الرقة.",
    ],
)
def test_an_arabic_present_of_control_is_a_state_not_a_capture(pipeline, text):
    assert captured(pipeline, text, "ar") == set()


def test_a_persian_object_before_the_verb_is_not_the_agent(pipeline):
    """`X را`: X is the object. Driven out of a town, X is its previous holder, not the new one."""
    out = to_json(pipeline.extract("کردها داعش را از شهر رقه بیرون راندند.", published=PUBLISHED, lang="fa"))
    (event,) = out["events"]
    assert event["kind"] == "capture_or_liberation"
    assert (event["actor1"], event["control_from"], event["control_to"]) == ("YPG", "ISIS", "YPG")
    out = to_json(pipeline.extract("مواضع داعش را در شهر رقه بمباران کردند.", published=PUBLISHED, lang="fa"))
    assert [e["actor1"] for e in out["events"]] == [None]


def test_the_town_refers_back_to_the_town_not_to_its_point_of_reference(pipeline):
    text = "Clashes went on in Hajin, 90 km south of Raqqa, for a week. The SDF captured the town on Monday."
    assert captured(pipeline, text, "en") == {"Hajin"}


def test_took_over_an_hour_is_a_length_of_time(pipeline):
    assert captured(pipeline, "Islamic State fighters took over an hour to reach Raqqa.", "en") == set()


@pytest.mark.parametrize(
    ("text", "held_by", "taken_by"),
    [
        ("پیش از آن شبه نظامیان داعش از شهر رقه بیرون رانده شده بودند.", "ISIS", None),
        ("ارتش سوریه توانست شهر رقه را از دست داعش خارج کند.", "ISIS", "Syrian Arab Army"),
        ("ارتش سوریه توانست کنترل شهر رقه را به دست گیرد.", None, "Syrian Arab Army"),
    ],
)
def test_persian_passive_and_subjunctive_captures(pipeline, text, held_by, taken_by):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    (event,) = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert [p["name"] for p in event["places"]] == ["Raqqa"]
    assert event["control_from"] == held_by
    assert taken_by is None or event["control_to"] == taken_by


def holders(pipeline, text, lang):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    return [(e["control_from"], e["control_to"]) for e in out["events"] if e["kind"] == "capture_or_liberation"]


@pytest.mark.parametrize(
    "text",
    [
        "أكد متحدث باسم قوات سوريا الديمقراطية أمس أن الجيش السوري طرد مقاتلي داعش من مدينة الرقة.",
        "الجيش السوري طرد مقاتلي داعش من مدينة الرقة.",
    ],
)
def test_an_arabic_subject_before_the_verb_takes_the_place_from_the_object(pipeline, text):
    """SVO: the actor before the verb is the taker, the one after it the loser; a spokesman's
    force (`متحدث باسم X`) is the speaker, not the subject."""
    assert holders(pipeline, text, "ar") == [("ISIS", "Syrian Arab Army")]


def test_an_arabic_loser_after_from_is_no_taker(pipeline):
    text = "تقدمت القوات نحو مدينة الرقة التي استعادت السيطرة عليها من التنظيم في أفريل."
    assert holders(pipeline, text, "ar") == [("ISIS", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اتوبوس‌ها و کمک‌های بشردوستانه وارد شهر رقه شدند.", set()),
        ("Aid convoys and buses entered Raqqa on Monday.", set()),
        ("نیروهای دموکراتیک سوریه وارد شهر رقه شدند.", {"Raqqa"}),
    ],
)
def test_entry_is_a_capture_only_by_a_named_force(pipeline, text, expected):
    lang = "en" if text.isascii() else "fa"
    assert captured(pipeline, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syrian government forces have taken the town of Hajin from Islamic State.", [("ISIS", "Syrian Arab Army")]),
        ("Islamic State succeeded in expelling government troops from Hajin.", [("Syrian Arab Army", "ISIS")]),
        ("The talks took place in Hajin on Monday.", []),
        ("Syrian troops took part in the fighting near Hajin.", []),
    ],
)
def test_took_from_is_a_capture_and_took_place_is_not(pipeline, text, expected):
    assert holders(pipeline, text, "en") == expected


def test_an_arabic_purpose_keeps_the_siege_and_drops_its_aim(pipeline):
    """`تحاصر X لإرغام داعش على الاستسلام`: a siege; the surrender is only its aim."""
    text = "قالت قوات سوريا الديمقراطية إنها تحاصر بلدة هجين لإرغام تنظيم داعش على الاستسلام."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="ar"))
    assert [e["kind"] for e in out["events"]] == ["siege"]


def test_al_qaedas_syrian_affiliate_is_nusra(pipeline):
    text = "Al-Qaeda's Syrian affiliate captured the town of Hajin from government troops."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [a["actor"] for a in out["actors"]][:1] == ["HTS"]
    assert holders(pipeline, text, "en") == [("Syrian Arab Army", "HTS")]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("کردها داعش را از شهر رقه بیرون راندند.", "YPG"),
        ("نیروهای کرد تحت حمایت آمریکا شهر رقه را تصرف کردند.", "SDF"),
        ("شورشیان شهر رقه را تصرف کردند.", "FSA/SNA"),
        ("نیروهای دولتی شهر موصل را آزاد کردند.", "Iraqi Security Forces"),
    ],
)
def test_persian_generic_names_of_forces_take_the_country_of_their_places(pipeline, text, actor):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert out["actors"][0]["actor"] == actor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("واستعادت القوات السورية سيطرتها على بلدة هجين من قوات المعارضة.", [("FSA/SNA", "Syrian Arab Army")]),
        ("سيطرت القوات الديمقراطية على بلدة هجين بعد معارك مع تنظيم داعش.", [("ISIS", "SDF")]),
    ],
)
def test_arabic_short_names_of_the_army_the_sdf_and_the_opposition(pipeline, text, expected):
    assert holders(pipeline, text, "ar") == expected


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Forces loyal to President Bashar al-Assad shelled Raqqa.", "Syrian Arab Army"),
        ("US warplanes struck Islamic State positions near Raqqa.", "US-led coalition"),
        ("Iraqi government troops entered Mosul.", "Iraqi Security Forces"),
    ],
)
def test_english_descriptions_of_the_parties(pipeline, text, actor):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert out["actors"][0]["actor"] == actor


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("نیروهای مردمی شهر موصل را آزاد کردند.", "PMF"),
        ("نیروهای مردمی شهر رقه را تصرف کردند.", "Pro-government militias (Syria)"),
    ],
)
def test_persian_popular_forces_are_the_pmf_in_iraq(pipeline, text, actor):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert out["actors"][0]["actor"] == actor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The militants looted the bank in Raqqa when they took over the city in 2014.", [(None, "ISIS")]),
        ("Hajin is still held by the extremist group since 2014, when it occupied the town.", [(None, "ISIS")]),
    ],
)
def test_an_english_subject_pronoun_is_the_actor_named_before(pipeline, text, expected):
    assert holders(pipeline, text, "en") == expected


def test_al_qaeda_linked_fighters_are_the_reports_jihadist_group(pipeline):
    text = "The Iraqi army has lost Mosul to Al-Qaeda-linked fighters, officials said."
    assert holders(pipeline, text, "en") == [("Iraqi Security Forces", "ISIS")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سقطت مدينة الرقة بيد تنظيم داعش.", {"Raqqa"}),
        ("انتشلت فرق الإنقاذ 17 شخصا سقطوا في بلدة هجين.", set()),
        ("سقطت قذائف على مدينة الرقة.", set()),
    ],
)
def test_a_town_falls_people_and_shells_do_not(pipeline, text, expected):
    assert captured(pipeline, text, "ar") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Islamic State fighters seized at least four tanks from the army near Mosul.", set()),
        ("Rebels captured weapons and ammunition in Raqqa.", set()),
        ("Islamic State fighters seized the city of Mosul.", {"Mosul"}),
        ("Rebels captured Raqqa on Monday.", {"Raqqa"}),
    ],
)
def test_seizing_weapons_is_no_capture_of_a_place(pipeline, text, expected):
    assert captured(pipeline, text, "en") == expected


def test_a_capture_noun_with_no_taker_restates_the_capture_told(pipeline):
    """ "The capture of X underscores ...": no taker named, the capture told before, not another
    one by whichever side the story names last."""
    text = (
        "Rebels captured Raqqa on Monday. Most government troops fled to Mosul.\n\n"
        "The capture of Raqqa underscores how weak the army has become."
    )
    assert holders(pipeline, text, "en") == [("Syrian Arab Army", "FSA/SNA")]


@pytest.mark.parametrize(
    "text",
    [
        "A commander of the Syrian Democratic Forces said his forces were clearing Raqqa.",
        "An official of the Syrian Democratic Forces said their fighters had recaptured Raqqa.",
    ],
)
def test_his_forces_are_the_force_named_before_and_not_the_loser(pipeline, text):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    (event,) = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert event["control_to"] == "SDF"
    assert event["control_from"] != "SDF"


def test_an_arabic_at_a_time_when_starts_a_new_clause(pipeline):
    """ "انسحب داعش من X، في وقت سيطر الجيش على Y": the army took Y; the group that withdrew
    is the loser, not the taker (but في وقت سابق, "earlier", starts no clause)."""
    text = "تراجع تنظيم داعش خلال الأشهر الأخيرة في وقت سيطر الجيش السوري على مدينة الطبقة."
    assert holders(pipeline, text, "ar") == [("ISIS", "Syrian Arab Army")]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("وكان التنظيم الذي سيطر على مساحات واسعة من شمال البلاد قد هاجم الموصل.", "ar", set()),
        ("سيطر الجيش السوري على أجزاء واسعة من الرقة.", "ar", {"Raqqa"}),
        ("Islamic State, which seized vast areas of Iraq and Syria, attacked Mosul.", "en", set()),
        ("Syrian troops captured large parts of Raqqa.", "en", {"Raqqa"}),
    ],
)
def test_a_sweep_over_vast_areas_of_a_country_takes_no_place(pipeline, text, lang, expected):
    assert captured(pipeline, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If rebels take Mosul, it will be their biggest gain since government forces captured Raqqa.", {"Raqqa"}),
        ("If rebels take Mosul, it will be their biggest gain since March.", set()),
    ],
)
def test_a_since_clause_is_a_fact_the_condition_before_it_does_not_cover(pipeline, text, expected):
    assert captured(pipeline, text, "en") == expected


def test_and_in_a_list_of_supporters_starts_no_clause(pipeline):
    """ "X, backed by airstrikes and tribal fighters, recaptured Y": X took Y, the fighters are
    its supporters and airstrikes in its support are no event of their own."""
    text = "The Syrian Democratic Forces, backed by US airstrikes and tribal fighters, recaptured Raqqa."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["kind"], e["control_to"]) for e in out["events"]] == [("capture_or_liberation", "SDF")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Clashes between the regime forces and rebels in Hajin on Monday.", "en"),
        ("Clashes between the army and rebels in Hajin on Monday.", "en"),
        ("درگیری بین نیروهای ارتش سوریه و داعش در هجین ادامه دارد.", "fa"),
        ("اشتباكات بين قوات النظام و تنظيم داعش في هجين.", "ar"),
    ],
)
def test_the_and_of_between_joins_two_sides(pipeline, text, lang):
    """ "Clashes between A and B in X": the "and" joins the two sides of "between": it starts no
    clause, so the clash keeps its place, and B is A's opponent (actor2), not its ally."""
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    assert [(e["kind"], [p["name"] for p in e["places"]]) for e in out["events"]] == [("battle", ["Hajin"])]
    assert out["events"][0]["actor1"] and out["events"][0]["actor2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Smuggling near Raqqa largely stopped during the Mosul offensive.", []),
        ("Iraqi forces launched an offensive on Mosul on Monday.", ["battle"]),
    ],
)
def test_a_named_operation_as_a_point_in_time_is_no_event(pipeline, text, expected):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [e["kind"] for e in out["events"] if e["kind"] == "battle"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وتأتي هذه الخطوة في إطار الحملة التي أطلقتها قوات سوريا الديمقراطية للسيطرة على الرقة.", set()),
        ("سيطرت قوات سوريا الديمقراطية على الرقة.", {"Raqqa"}),
    ],
)
def test_an_arabic_capture_word_with_the_purpose_lam_is_an_aim(pipeline, text, expected):
    assert captured(pipeline, text, "ar") == expected


def kinds_at(pipeline, text, lang="fa"):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    return [(e["kind"], sorted(p["name"] for p in e["places"])) for e in out["events"]]


@pytest.mark.parametrize(
    "text",
    [
        "ارتش عراق وارد شهر رقه شد. روز شنبه جنگنده‌ها سه روستا را در اطراف موصل بمباران کردند.",
        "ارتش عراق وارد شهر رقه شد. روز شنبه جنگنده‌ها در اطراف موصل به پایگاه‌های داعش حمله هوایی کردند.",
    ],
)
def test_counted_villages_and_plural_bases_do_not_refer_back(pipeline, text):
    """`سه روستا را`, `به پایگاه‌های`: a number of villages, bases in general; not the place named
    before. The point of reference locates the strike."""
    assert kinds_at(pipeline, text)[-1] == ("airstrike_or_shelling", ["Mosul"])


def test_these_two_towns_still_refer_back(pipeline):
    text = "داعش به شهر رقه و شهر موصل حمله کرد. جنگنده‌ها این دو شهر را بمباران کردند."
    assert kinds_at(pipeline, text)[-1] == ("airstrike_or_shelling", ["Mosul", "Raqqa"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ارتش ترکیه از هفته پیش حمله به شهر رقه را به منظور عقب راندن نیروهای کرد آغاز کرده است.", ["battle"]),
        ("نخست وزیر دستور آغاز عملیات در شهر موصل را صادر کرد تا بدین ترتیب داعش این شهر را از دست بدهد.", ["battle"]),
    ],
)
def test_a_purpose_phrase_holds_only_for_its_own_event_words(pipeline, text, expected):
    """`به منظور ...`, `تا بدین ترتیب ...`: the aim is no event, the act before it is."""
    assert [k for k, _ in kinds_at(pipeline, text)] == expected


def test_ending_a_siege_is_a_battle(pipeline):
    text = "ارتش عراق امروز موفق شد محاصره شهر موصل را پایان دهد."
    assert kinds_at(pipeline, text) == [("battle", ["Mosul"])]


def test_a_slash_ends_a_headline_part_but_not_a_date_or_a_time(pipeline):
    g = grammar("fa")
    assert g["clause-break"].search(fold("محاصره شهر موصل شکسته شد/ داعش عقب نشینی کرد"))
    assert not g["clause-break"].search(fold("در آذر/دی ۱۳۹۵ ساعت 8:30 صبح"))


@pytest.mark.parametrize(
    "text",
    [
        "هواپیماهای ائتلاف ضربات سنگینی بر شهر رقه وارد نمودند.",
        "بر اساس توافق آتش بس، اتوبوس‌ها به شهر رقه رفتند.",
    ],
)
def test_inflicting_blows_is_no_entry_and_an_agreement_in_force_is_no_new_one(pipeline, text):
    assert [k for k, _ in kinds_at(pipeline, text)] in ([], ["airstrike_or_shelling"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ارتش سوریه روستای باغوز تحتانی در هجین را آزاد کرد.", {"Baghuz Tahtani"}),
        (
            "ارتش سوریه روستاهای «باغوز تحتانی» و «باغوز فوقانی» در «هجین» را آزاد کرد.",
            {"Baghuz Tahtani", "Baghuz Fawqani"},
        ),
        ("ارتش سوریه روستای باغوز تحتانی و شهر هجین را آزاد کرد.", {"Baghuz Tahtani", "Hajin"}),
    ],
)
def test_a_place_that_says_where_another_is_does_not_change_hands(pipeline, text, expected):
    """`X در Y`: Y locates X. A list (`X و Y`) names two places."""
    assert captured(pipeline, text, "fa") == expected


def test_a_village_in_the_countryside_is_the_place_taken(pipeline):
    """`حومه X`, `ریف X`: the countryside around X is as broad as a region; a village named with
    it is the place that changed hands."""
    text = "ارتش سوریه کنترل ریف شمالی هجین از جمله روستای باغوز تحتانی را به دست گرفت."
    assert captured(pipeline, text, "fa") == {"Baghuz Tahtani"}


def test_a_distance_from_a_town_centre_is_a_point_of_reference(pipeline):
    text = "ارتش عراق پایگاه نظامی در ۲۰ کیلومتری مرکز شهر موصل را آزاد کرد."
    assert "Mosul" not in captured(pipeline, text, "fa")


@pytest.mark.parametrize(
    "text",
    [
        "تلفات حمله ائتلاف به شهر هجین به ۲۰ تن رسید.",
        "جنگنده‌ها پایگاه‌ها را زدند. در حمله این ائتلاف به شهر هجین ۲۰ تن کشته شدند.",
    ],
)
def test_an_attack_by_the_coalition_is_an_air_strike(pipeline, text):
    assert ("airstrike_or_shelling", ["Hajin"]) in kinds_at(pipeline, text)
    assert "battle" not in [k for k, _ in kinds_at(pipeline, text)]


def test_fighting_in_a_province_and_in_a_town_inside_it_is_one_event(pipeline):
    text = "درگیری‌ها در استان دیرالزور شدت گرفت. درگیری‌های شدیدی در اطراف شهر هجین جریان دارد."
    assert kinds_at(pipeline, text) == [("battle", ["Hajin"])]
    assert kinds_at(pipeline, "درگیری‌ها در استان دیرالزور شدت گرفت.") == [("battle", ["Deir ez-Zor Governorate"])]


@pytest.mark.parametrize(
    "text",
    [
        "کردها در شهر رقه علیه عملیات ترکیه تظاهرات کردند.",
        "ساکنان شهر رقه با برگزاری تظاهرات خواهان خروج شبه نظامیان شدند.",
    ],
)
def test_a_protest_against_an_operation_or_a_demand_is_no_event(pipeline, text):
    assert kinds_at(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بیش از دو هزار غیرنظامی روز شنبه شهر رقه را ترک کردند.", []),
        ("شبه نظامیان داعش روز شنبه شهر رقه را ترک کردند.", ["other"]),
    ],
)
def test_civilians_leaving_a_town_are_no_withdrawal(pipeline, text, expected):
    assert [k for k, _ in kinds_at(pipeline, text)] == expected


def test_a_group_driven_out_and_back_again(pipeline):
    """`این گروه ... از X بیرون رانده شد، اما ... بار دیگر آن را اشغال کرد`: the group named before
    lost X (it is no taker), and its retake "once again" is a new event, not a restatement."""
    text = (
        "ارتش سوریه با داعش در شهر رقه درگیر شد. داعش در سال ۲۰۱۵ شهر رقه را اشغال کرد. "
        "این گروه در سال ۲۰۱۶ از شهر رقه بیرون رانده شد، اما در سال ۲۰۱۷ بار دیگر آن را اشغال کرد."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    captures = [(e["control_from"], e["control_to"]) for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert captures[1:] == [("ISIS", "Syrian Arab Army"), ("Syrian Arab Army", "ISIS")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the countryside of a place named with its noun and an attached preposition
        ("سيطرت قوات سوريا الديمقراطية على قرية الدشيشة الواقعة في الريف الشرقي لمدينة الرقة.", {"Al-Dashisha"}),
        # a purpose phrase: its place is what the campaign aims at, not what changed hands
        ("سيطرت قوات سوريا الديمقراطية على مواقع جديدة في ريف دير الزور ضمن الحملة الهادفة لعزل مدينة الرقة.", set()),
        # a place inside the quoted name of a campaign is no place of the capture
        ("سيطرت قوات سوريا الديمقراطية على قرية الدشيشة ضمن حملة «غضب الرقة».", {"Al-Dashisha"}),
    ],
)
def test_an_arabic_capture_is_not_placed_at_its_surroundings_aim_or_campaign_name(pipeline, text, expected):
    assert captured(pipeline, text, "ar") == expected


def test_an_arabic_campaign_of_strikes_is_about_its_place(pipeline):
    """Only a quoted name is a campaign's name: `حملة قصف على X` is a campaign on X."""
    out = to_json(pipeline.extract("شنت الطائرات حملة قصف على مدينة الرقة.", published=PUBLISHED, lang="ar"))
    assert [p["name"] for e in out["events"] for p in e["places"]] == ["Raqqa"]


def test_an_arabic_denial_drops_the_capture_and_persian_oil_is_no_denial(pipeline):
    denied = "ونفت مصادر محلية سيطرة قوات سوريا الديمقراطية على بلدة هجين."
    assert captured(pipeline, denied, "ar") == set()
    oil = "نیروهای دموکراتیک سوریه میدان نفت و شهرک هجین را آزاد کردند."
    assert captured(pipeline, oil, "fa") == {"Hajin"}


def test_support_at_the_start_of_a_sentence_is_no_event(pipeline):
    """ "Supported by air strikes ..., X moved forward": the strikes support the news even where the
    support opens the sentence."""
    text = (
        "Syrian jets carried out air strikes on Raqqa on Monday.\n\n"
        "Supported by air strikes that allies requested days earlier, Kurdish fighters moved forward."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [e["evidence"][:6] for e in out["events"] if e["kind"] == "airstrike_or_shelling"] == ["Syrian"]


def test_a_time_clause_has_its_own_subject_and_the_dam_is_the_dam_named_before(pipeline):
    """ ", when the militants attacked again south of the city of Mosul, capturing the dam":
    the militants took the dam (not the force of the main clause), the dam named before (not the
    city of Mosul, which is named, not referred to)."""
    text = (
        "Peshmerga fighters retook the Mosul Dam from Islamic State on Sunday.\n\n"
        "Peshmerga units have been weakened since spring, when the militants attacked again "
        "south of the city of Mosul, capturing the dam in early May."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    captures = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert [([p["name"] for p in e["places"]], e["control_to"]) for e in captures] == [
        (["Mosul Dam"], "Peshmerga"),
        (["Mosul Dam"], "ISIS"),
    ]


def test_an_actor_inside_what_was_taken_is_not_the_taker(pipeline):
    """ "Allied units recaptured X, for years a hub of ISIS raids": ISIS is part of the object; the
    taker is the force the story just named."""
    text = (
        "The Iraqi army and tribal fighters pushed north of Mosul on Sunday.\n\n"
        "Allied units recaptured Mosul, for years a hub of ISIS raids, on May 3."
    )
    assert holders(pipeline, text, "en")[-1][1] == "Iraqi Security Forces"


def test_captured_the_city_is_the_city_named_before_not_a_place_later_in_the_clause(pipeline):
    text = (
        "Iraqi forces entered Mosul on Tuesday.\n\n"
        "When Islamic State captured the city, it recruited local men who disliked the rulers in Raqqa."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    captures = [e for e in out["events"] if e["kind"] == "capture_or_liberation" and e["control_to"] == "ISIS"]
    assert [[p["name"] for p in e["places"]] for e in captures] == [["Mosul"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iraqi troops have driven out Islamic State militants from Mosul.", ("ISIS", "Iraqi Security Forces")),
        (
            "Mosul hailed a victory of Iraqi troops against Islamic State militants, who were driven out days ago.",
            ("ISIS", "Iraqi Security Forces"),
        ),
    ],
)
def test_driven_out_is_active_after_have_and_passive_alone(pipeline, text, expected):
    """ "X have driven out Y": X took the place; "Y, who were driven out": Y, the actor right
    before the participle, lost it."""
    assert holders(pipeline, text, "en") == [expected]


def test_a_river_names_no_country_for_the_generic_army(pipeline):
    """ "its security forces ... near the Euphrates" in an Iraqi story: the Iraqi forces
    (a river runs through both countries)."""
    text = (
        "Mosul, an Iraqi city, hailed this week a victory of its security forces near the "
        "Euphrates over Islamic State militants, who were driven out days ago."
    )
    assert holders(pipeline, text, "en") == [("ISIS", "Iraqi Security Forces")]


def test_a_verb_after_the_support_phrase_is_the_news(pipeline):
    """ "X backed by militia have driven out Y": the support phrase ends before the verb."""
    text = "Iraqi troops backed by Shiite militia have driven out Islamic State militants from Mosul."
    assert [taker for _, taker in holders(pipeline, text, "en")] == ["Iraqi Security Forces"]


def test_a_comma_and_as_before_a_force_start_a_clause_and_the_first_agent_leads_the_story(pipeline):
    """ "Kurds have retaken the dam, as tribesmen fight west of X": the fighting is the tribesmen's
    in a clause of its own; the next sentence's capture with no taker is the Kurds'."""
    text = (
        "Iraqi Kurds with US air cover have retaken the dam from the jihadists, as Sunni tribesmen "
        "keep fighting the militants in Mosul.\n\n"
        "The recapture of Mosul Dam is the largest gain against Islamic State this year."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["kind"], e["actor1"]) for e in out["events"]] == [
        ("battle", "Local armed residents"),
        ("capture_or_liberation", "Peshmerga"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Islamic State militants seized a military air base, pushing the army out of its final foothold in Raqqa.",
            set(),
        ),
        ("The capture of the air base leaves Raqqa wholly outside government control.", set()),
        (
            "Kurdish fighters reached the Mosul Dam on Friday. On Sunday they recaptured the dam near Mosul.",
            {"Mosul Dam"},
        ),
        ("Islamic State militants seized the Mosul Dam on Sunday.", {"Mosul Dam"}),
    ],
)
def test_a_facility_named_by_its_noun_alone_is_not_the_town_or_province_of_the_clause(pipeline, text, expected):
    assert captured(pipeline, text, "en") == expected


def test_the_groups_are_not_the_group(pipeline):
    """ "the group's" is the group (ISIS in these reports); "the groups" are several others."""
    out = to_json(
        pipeline.extract("The groups cleared Mosul after the group's retreat.", published=PUBLISHED, lang="en")
    )
    assert [a["mention"].lower() for a in out["actors"]] == ["the group"]


def test_shelled_out_ruins_are_no_shelling_and_civilians_take_nothing(pipeline):
    """ "Ending two years of siege, civilians and rebels left the shelled-out streets of X":
    a siege, no shelling; the civilians named after the siege word are not the besiegers, and
    the handover told next is not to them."""
    text = (
        "Ending almost two years of government siege, tired civilians and rebel fighters left the "
        "shelled-out streets of Raqqa.\n\nThe agreement turns over the city to government control."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert "airstrike_or_shelling" not in [e["kind"] for e in out["events"]]
    assert all(e["actor1"] != "civilians" and e["control_to"] != "civilians" for e in out["events"])


def test_trapped_on_a_mountain_is_a_siege_and_breaking_the_siege_happens_there(pipeline):
    """ "families trapped on X" is a siege; "Kurdish fighters broke the siege by ISIS and took
    the families to Y": the siege broken is the one told, at X, not at Y."""
    text = (
        "Hundreds of families who were trapped on the Mosul Dam reached safety on Sunday.\n\n"
        "Kurdish fighters managed to break the siege by ISIS and put the families on buses, "
        "which took them to the town of Raqqa."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["kind"], [p["name"] for p in e["places"]]) for e in out["events"]] == [
        ("siege", ["Mosul Dam"]),
        ("battle", ["Mosul Dam"]),
    ]


def test_the_oil_rich_province_refers_back_to_the_province(pipeline):
    """ "the oil-rich province": two words (a hyphen folds to a space) before the kind noun."""
    text = (
        "Islamic State has captured most of Deir ez-Zor Governorate, the monitor said. They were killed in "
        "Hajin.\n\nClashes between the militants and a local clan broke out in the oil-rich province last week."
    )
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    battles = [[p["name"] for p in e["places"]] for e in out["events"] if e["kind"] == "battle"]
    # the deaths told with their place ("They were killed in Hajin") are an event of their own
    assert battles == [["Hajin"], ["Deir ez-Zor Governorate"]]


def test_brought_under_control_is_a_capture_by_the_speaker_side(pipeline):
    text = "The Turkish Defense Ministry announced that Raqqa had been brought under control after days of fighting with the SDF."
    assert holders(pipeline, text, "en") == [("SDF", "Turkey")]


def test_strikes_in_support_do_not_replace_the_offensive_they_support(pipeline):
    """ "X launched an offensive on Y, backed by artillery and coalition airstrikes": the offensive is
    news (a battle) next to the strikes; fighting only frames another event that is not support."""
    text = "Peshmerga units launched an offensive on Mosul backed by Turkish artillery and US coalition airstrikes."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert sorted(e["kind"] for e in out["events"]) == ["airstrike_or_shelling", "battle"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Army gunners shell two villages near Raqqa", "airstrike_or_shelling"),
        ("Government jets bombard Raqqa overnight", "airstrike_or_shelling"),
        ("Kurdish fighters kill five militants near Mosul", "battle"),
        ("Kurdish fighters push deeper into Raqqa", "capture_or_liberation"),
        ("Kurdish fighters target the outskirts of Raqqa", "airstrike_or_shelling"),
        ("Iraqi forces make fresh gains in Mosul", "battle"),
        ("Iraqi forces chip away at the last districts held in Mosul", "battle"),
        ("The Iraqi military pushes deeper into Mosul", "capture_or_liberation"),
    ],
)
def test_a_headline_in_the_present_tense_is_an_event(pipeline, text, kind):
    """Headlines tell past events in the present tense: "forces shell X", "jets bombard X",
    "fighters kill N in X", "troops push deeper into X", "forces target the outskirts of X",
    "make fresh gains in X", "chip away at ... in X"."""
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert kind in [e["kind"] for e in out["events"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نیروهای ارتش سوریه موفق شدند شهرک هجین را از اشغال داعش آزاد کنند.", {"Hajin"}),
        ("نیروهای دموکراتیک سوریه موفق شدند بر روستای الدشیشه مسلط شوند.", {"Al-Dashisha"}),
        ("نیروهای دموکراتیک سوریه نتوانستند بر روستای الدشیشه مسلط شوند.", set()),
        ("ارتش سوریه قصد دارد شهرک هجین را از اشغال داعش آزاد کند.", set()),
    ],
)
def test_a_persian_subjunctive_capture_after_succeeded_is_a_capture(pipeline, text, expected):
    """`موفق شدند ... آزاد کنند` (succeeded in liberating) happened; a failure or an intention did not."""
    assert captured(pipeline, text, "fa") == expected


def test_a_town_taken_under_a_reconciliation_deal_is_one_capture(pipeline):
    """`در چارچوب مصالحه ... وارد X شد`: the deal is how the army took the town, not a second event;
    a deal told without a capture is still one."""
    text = "ارتش سوریه در چارچوب مصالحه با گروههای مسلح وارد شهرک هجین شد و بر آن مسلط شد."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert [e["kind"] for e in out["events"]] == ["capture_or_liberation"]
    out = to_json(
        pipeline.extract("گروههای مسلح در شهرک هجین توافق مصالحه را پذیرفتند.", published=PUBLISHED, lang="fa")
    )
    assert [e["kind"] for e in out["events"]] == ["surrender_or_defection"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("شهرک هجین زیر اداره نیروهای دموکراتیک سوریه قرار گرفته است.", {"Hajin"}),
        ("کنترل کامل شهرک هجین در اختیار نیروهای دموکراتیک سوریه قرار گرفت.", {"Hajin"}),
        ("نیروهای دموکراتیک سوریه شهرک هجین را از دست داعش گرفتند.", {"Hajin"}),
        ("کمک ها در اختیار مردم شهرک هجین قرار گرفت.", set()),
        ("مردم شهرک هجین مورد حمله قرار گرفتند.", set()),
        ("نیروهای دموکراتیک سوریه در شهرک هجین مواضع جدیدی گرفتند.", set()),
    ],
)
def test_a_persian_town_that_came_under_a_force_or_was_taken_from_its_hands_changed_hands(pipeline, text, expected):
    """`X زیر اداره / تحت کنترل Y قرار گرفت` (came under Y's control), `X را از دست Y گرفتند` (took X
    from Y's hands): captures; `قرار گرفت` and `گرفتند` alone are not."""
    assert captured(pipeline, text, "fa") == expected


def test_a_withdrawal_in_an_adjunct_of_a_capture_is_no_event_of_its_own(pipeline):
    """`با عقب‌نشینی ارتش، X را تصرف کردند`: the withdrawal is how the capture came about; said
    with its own verb it is a withdrawal (`other`)."""
    text = "داعش با عقب نشینی ارتش سوریه شهرک هجین را تصرف کرد."
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="fa"))
    assert [e["kind"] for e in out["events"]] == ["capture_or_liberation"]
    out = to_json(pipeline.extract("ارتش سوریه از شهرک هجین عقب نشینی کرد.", published=PUBLISHED, lang="fa"))
    assert [e["kind"] for e in out["events"]] == ["other"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("رقه- ایرنا- نیروهای دموکراتیک سوریه شهرک هجین را آزاد کردند.", "fa"),
        ("RAQQA - The SDF captured Hajin on Friday.", "en"),
    ],
)
def test_a_dash_dateline_is_where_the_report_was_filed_not_the_event(pipeline, text, lang):
    """Folding makes the dash of a dateline (`رقه- ایرنا-`, `RAQQA -`) a space: it is read on the raw text."""
    assert captured(pipeline, text, lang) == {"Hajin"}


@pytest.fixture(scope="module")
def with_province():
    """The tiny gazetteer and a governorate named in English."""
    from .tiny_gazetteer import tiny_index

    governorate = (18, "Al-Hasakah Governorate", "governorate", "SY", "SY-HA", 36.4, 40.9, 0, ["Hasakah"])
    return Pipeline(index=tiny_index(governorate))


def _kinds_places_victims(pipeline, text):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    return [(e["kind"], [p["name"] for p in e["places"]], e["actor2"]) for e in out["events"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline telling deaths with their place and no other event word: the victims are the
        # subject, not the agent
        ("Four regime soldiers killed in Hajin", [("battle", ["Hajin"], "Syrian Arab Army")]),
        ("Three children were killed in Raqqa on Monday", [("attack_on_civilians", ["Raqqa"], "civilians")]),
        ("More casualties in Hajin as the toll rises", [("battle", ["Hajin"], None)]),
        # the deaths restate the event word of their clause: one event, of that word's kind
        ("Five people were killed in air strikes on Raqqa", [("airstrike_or_shelling", ["Raqqa"], None)]),
        # a toll over a whole governorate is no event's place
        ("Casualties in Hasakah province rise to 40", []),
        # "they" stands for the last group named
        (
            "Most of the dead were civilians, activists said. They were killed in Hajin.",
            [("attack_on_civilians", ["Hajin"], "civilians")],
        ),
    ],
)
def test_deaths_told_with_their_place_are_an_event(with_province, text, expected):
    assert _kinds_places_victims(with_province, text) == expected


def test_deaths_in_a_fight_are_the_fight(pipeline):
    out = to_json(pipeline.extract("Two militants killed in clashes in Hajin", published=PUBLISHED, lang="en"))
    assert [(e["kind"], e["trigger"]) for e in out["events"]] == [("battle", "clashes")]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # a week or a month after "since" opens the period of a toll: not the day of the strike
        ("Air strikes on Raqqa raise the death toll to 40 since late April", None),
        ("Air strikes on Raqqa raise the death toll to 40 since April 2018", None),
        ("Air strikes on Raqqa on Monday raise the death toll to 40 since late April", "2018-05-14"),
        # a day after "since" is the day it began
        ("Air strikes have pounded Raqqa since yesterday", "2018-05-14"),
    ],
)
def test_a_period_opened_by_since_is_no_events_day(pipeline, text, date):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [e["date"] for e in out["events"]] == [date]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headline words of the monitors and agencies: present tense, and nouns for the event
        ("Gunmen assassinate a local commander in Hajin", [("battle", ["Hajin"])]),
        ("New assassinations in Hajin leave two dead", [("battle", ["Hajin"])]),
        ("Advancement for the regime forces in Hajin", [("battle", ["Hajin"])]),
        ("Islamic State blows up a bridge in Raqqa", [("ied_or_mine", ["Raqqa"])]),
        ("A vehicle bomb hits a checkpoint in Hajin", [("ied_or_mine", ["Hajin"])]),
        ("Helicopters drop 20 explosive barrels on Hajin", [("airstrike_or_shelling", ["Hajin"])]),
        ("Local commander killed by Islamic State in Hajin", [("battle", ["Hajin"])]),
        ("Gunmen open fire on a checkpoint in Hajin", [("battle", ["Hajin"])]),
        ("Human losses and injuries in Hajin", [("battle", ["Hajin"])]),
        ("Shelling claims the lives of 4 persons in Hajin", [("airstrike_or_shelling", ["Hajin"])]),
        ("The regime forces renew targeting on areas in Hajin", [("airstrike_or_shelling", ["Hajin"])]),
        ("Islamic State fighters took the control of Hajin town", [("capture_or_liberation", ["Hajin"])]),
        # SOHR's present tense "control" with a place after it is a capture; a force that controls
        # a town (a state) is not
        ("The regime forces control Hajin town", [("capture_or_liberation", ["Hajin"])]),
        ("Kurdish forces that control the market said Hajin was calm", []),
        # the headline verb "target" with a place after it is a strike; after "to" it is an aim
        ("The regime forces target Hajin city", [("airstrike_or_shelling", ["Hajin"])]),
        ("The fighters are now close enough to target Hajin city", []),
        # or with a side and its place after it; a "target of" is a noun
        ("Iraqi forces target Islamic State fighters in Hajin", [("airstrike_or_shelling", ["Hajin"])]),
        ("Hajin is the main target of the campaign", []),
        # "killed" with a place it happened near or north (south...) of, as "killed in"
        ("Twenty armed men killed northwest of Hajin", [("battle", ["Hajin"])]),
        ("Five fighters killed near Hajin", [("battle", ["Hajin"])]),
        ("ISIS stones a man to death in Hajin", [("attack_on_civilians", ["Hajin"])]),
        ("Two hundred fighters killed around Hajin", [("battle", ["Hajin"])]),
        # an exchange of fire (of shelling, of "targeting") between two sides is a clash
        ("Exchange of fire between two armed groups in Hajin", [("battle", ["Hajin"])]),
        ("Iraqi troops and Islamic State fighters exchanged fire near Hajin", [("battle", ["Hajin"])]),
        ("Exchange of targeting between the regime forces and rebels in Hajin", [("battle", ["Hajin"])]),
        ("Islamic State slaughters 12 people in Hajin", [("attack_on_civilians", ["Hajin"])]),
        ("Rebels expel Islamic State out of Hajin", [("capture_or_liberation", ["Hajin"])]),
        # a second event noun after "and" starts its own clause, with its own place
        (
            "Shelling on Hajin and clashes around Raqqa",
            [("airstrike_or_shelling", ["Hajin"]), ("battle", ["Raqqa"])],
        ),
    ],
)
def test_headline_event_words(pipeline, text, expected):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["kind"], [p["name"] for p in e["places"]]) for e in out["events"]] == expected


def test_the_agent_follows_killed_by(pipeline):
    out = to_json(
        pipeline.extract("Four regime soldiers killed by Islamic State in Hajin", published=PUBLISHED, lang="en")
    )
    assert [(e["actor1"], e["actor2"]) for e in out["events"]] == [("ISIS", "Syrian Arab Army")]


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        # the actors after an active verb are its object, not the agent of the strike word before it
        ("Warplanes kill 20 members of the Islamic State in Raqqa", (None, "ISIS")),
        # an actor whose name holds the event word ("Coalition warplanes") is its subject
        ("Coalition warplanes kill 10 ISIS members in Raqqa", ("US-led coalition", "ISIS")),
    ],
)
def test_warplanes_kill_members_of_a_group(pipeline, text, roles):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
    assert [(e["actor1"], e["actor2"]) for e in out["events"]] == [roles]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a governorate beside a town of another governorate is a second place, not the town's
        ("Air strikes hit Hajin and Hasakah province", ["Hajin", "Al-Hasakah Governorate"]),
        # a governorate that holds the town only locates it
        ("Air strikes hit Al-Tuwaymin in Hasakah province", ["Al-Tuwaymin"]),
    ],
)
def test_a_governorate_is_an_event_place_beside_towns_of_other_governorates(with_province, text, places):
    out = to_json(with_province.extract(text, published=PUBLISHED, lang="en"))
    assert [[p["name"] for p in e["places"]] for e in out["events"]] == [places]


@pytest.mark.parametrize(
    ("text", "day", "places"),
    [
        # an incident log's title: a date, a colon, the incident's code, where (Airwars' titles)
        ("April 15th 2017: (S612) Hajin, Deir Ezzor governorate, Syria", "2017-04-15", ["Hajin"]),
        # older titles have no code; the list of places ends in the country
        ("July 11th 2015: Mosul, Nineveh province, Iraq", "2015-07-11", ["Mosul"]),
        # the title after other headlines joined by a semicolon, its days a range
        (
            "Clashes continue in the desert;May 4th-5th 2016: Mosul, Nineveh province, Iraq",
            "2016-05-04/2016-05-05",
            ["Mosul"],
        ),
        # the log also leaves out the year (the log's own), hedges the day, or gives two
        ("March 18th: (I434) Hajin, Deir Ezzor governorate, Syria", "2017-03-18", ["Hajin"]),
        ("Around April 15th 2017: (S612) Hajin, Deir Ezzor governorate, Syria", "2017-04-15", ["Hajin"]),
        ("April 15th/16th 2017: (S612) Hajin, Deir Ezzor governorate, Syria", "2017-04-15/2017-04-16", ["Hajin"]),
    ],
)
def test_an_incident_title_is_an_air_strike_there_that_day(pipeline, text, day, places):
    out = to_json(pipeline.extract(text, published=dt.date(2017, 6, 1), lang="en"))
    assert [(e["kind"], e["date"], [p["name"] for p in e["places"]]) for e in out["events"]] == [
        ("airstrike_or_shelling", day, places)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The report of April 15th 2017: forces in Hajin and Mosul, Syria",  # the date does not open the line
        "April 15th 2017: a quiet day in Hajin, with talks planned",  # no code, no list down to the country
        "Since 2017: Hajin, Deir Ezzor governorate, Syria",  # no day
    ],
)
def test_a_date_and_a_colon_alone_are_no_incident(pipeline, text):
    out = to_json(pipeline.extract(text, published=dt.date(2017, 6, 1), lang="en"))
    assert out["events"] == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # raising the flag over a place tells its capture, when the report says nothing else
        ("ارتش سوریه پرچم این کشور را بر بالای ساختمان شورای شهر هجین به اهتزاز درآورد.", "fa", ["Hajin"]),
        ("القوات العراقية ترفع العلم العراقي فوق مبنى المحافظة في الموصل.", "ar", ["Mosul"]),
        # told with its own verb first, the flag is the same capture
        ("ارتش سوریه شهر هجین را آزاد کرد و پرچم سوریه را بر فراز ساختمانهای هجین به اهتزاز درآورد.", "fa", ["Hajin"]),
    ],
)
def test_raising_the_flag_over_a_place_is_its_capture(pipeline, text, lang, expected):
    out = to_json(pipeline.extract(text, published=PUBLISHED, lang=lang))
    captures = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
    assert [sorted({p["name"] for p in e["places"]}) for e in captures] == [expected]


def test_the_dateline_locates_no_event(pipeline):
    """ "MOSUL, Kurdistan Region – ... clashed on a front the gazetteer lacks": where the report was
    filed is no fallback for the event's place; a place named in the clause still is."""
    text = "MOSUL, Iraq – Peshmerga forces clashed with ISIS fighters on the western front."
    assert events_of(pipeline, text, "en") == []
    text = "MOSUL, Iraq – Peshmerga forces clashed with ISIS fighters in Hajin."
    assert events_of(pipeline, text, "en") == [("battle", ("Hajin",))]


def test_an_english_past_killing_with_its_count_is_an_event(pipeline):
    # "X killed at least 20 fighters in Y": the subject killed; a bare "5 killed" needs its place
    for text in (
        "The YPG says it killed two ISIS militants in Hajin on Sunday.",
        "Kurdish fighters killed at least 20 ISIS militants in Hajin on Sunday.",
        "The YPG says it has killed 70 ISIS militants in Hajin.",  # the count in figures
    ):
        out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
        assert [(e["kind"], e["actor1"], [p["name"] for p in e["places"]]) for e in out["events"]] == [
            ("battle", "YPG", ["Hajin"])
        ]


def test_a_town_told_as_a_point_of_reference_beats_a_region():
    """ "clashes east of Hajin in the Syrian Desert": the town the place is told by locates a
    battle better than the region; a capture "east of Hajin" still does not take Hajin."""
    pipeline = Pipeline(index=tiny_index((18, "Syrian Desert", "region", "SY", "SY-HM", 34.5, 38.5, 0, [])))
    assert events_of(pipeline, "Violent clashes east of Hajin in the Syrian Desert.", "en") == [("battle", ("Hajin",))]
    assert events_of(pipeline, "Violent clashes in the Syrian Desert.", "en") == [("battle", ("Syrian Desert",))]
    assert captured(pipeline, "The army captured a village east of Hajin in the Syrian Desert.", "en") != {"Hajin"}


def test_an_english_place_told_near_also_locates_an_event(pipeline):
    """ "attacked a checkpoint near Hajin in Raqqa": Hajin locates the attack too (ACLED codes
    "near X" at X); a capture of a village near Hajin does not take Hajin."""
    assert events_of(pipeline, "Gunmen attacked a checkpoint near Hajin in Raqqa.", "en") == [
        ("battle", ("Raqqa", "Hajin"))
    ]
    assert "Hajin" not in captured(pipeline, "The army captured a village near Hajin in Raqqa.", "en")


def test_a_place_told_in_its_governorate_s_city_is_the_event_s_place(pipeline):
    """ "near Hajin in Deir ez-Zor": Deir ez-Zor says where Hajin is, Hajin is where it happened
    (the event's point)."""
    out = to_json(
        pipeline.extract("Clashes broke out near Hajin in Deir ez-Zor on Monday.", published=PUBLISHED, lang="en")
    )
    assert [[p["name"] for p in e["places"]][0] for e in out["events"]] == ["Hajin"]


def test_an_english_name_never_ends_in_a_detached_article():
    """ "near Mosul as Iraqi troops advanced" is Mosul, not the one-word exonym "Mosulas" that
    GeoNames lists among a city's alternate names (its letters run on across the space)."""
    exonym = (99, "Mosulas", "village", "LT", "", 55.0, 24.0, 0, [])
    pipeline = Pipeline(index=tiny_index(exonym))
    out = to_json(
        pipeline.extract("Clashes near Mosul as Iraqi troops advanced on Monday.", published=PUBLISHED, lang="en")
    )
    assert [(p["mention"], p["name"]) for p in out["places"]] == [("Mosul", "Mosul")]


def test_the_loser_of_a_capture_is_not_guessed_between_two_sides_named_as_often(pipeline):
    """The capture's clause names only the taker; two other sides are each named once later. A
    foreign state's forces (a besieged Turkish post) are the less likely loser of a Syrian town;
    between two Syrian groups the report does not say which lost it, so neither is named."""
    turkish_post = (
        "The Syrian army took control of Hajin on Friday. A post of the Turkish army in Tabqa is now "
        "besieged. Hayat Tahrir al-Sham fighters withdrew to the north."
    )
    two_groups = (
        "The Syrian army took control of Hajin on Friday. Islamic State fighters are besieged in Tabqa. "
        "Hayat Tahrir al-Sham fighters withdrew to the north."
    )
    for text, loser in (
        (turkish_post, "HTS"),
        (two_groups, None),
        (two_groups + " Hayat Tahrir al-Sham said so.", "HTS"),
    ):
        out = to_json(pipeline.extract(text, published=PUBLISHED, lang="en"))
        (capture,) = [e for e in out["events"] if e["kind"] == "capture_or_liberation"]
        assert (capture["actor1"], capture["actor2"], capture["control_from"]) == ("Syrian Arab Army", loser, loser), (
            text
        )
