"""Place mentions: gazetteer names found in the folded text, then geocoded with the other
places of the report as context.

* Names come from the gazetteer index (every name key of every place, with and without the
  article), matched blind to spaces and ZWNJ by `PhraseMatcher`, with attached و and
  plural/ezafe endings allowed.
* A one-word name that is also a common Persian word (hazm's word list) is taken only after
  a cue word (`شهر طبقه`, `سد طبقه`); the bar is higher for the curated list's cities and
  lower for names known only from the large sources (Who's On First, GeoNames). A match must
  span as many words as the name (`هر یک` is not the village `هریک`), and a word whose ending
  turns it into a common word is not a place (`نیروهای` is not `نیروه`).
* Mentions inside an actor's name (`نیروهای دموکراتیک سوریه`, `ارتش سوریه`) are dropped.
* Cue words before a name ask the geocoder for a kind (`استان X` → governorate); modifiers
  after it (`شرقی`, `تحتانی`) are kept when the gazetteer has the longer name, else noted.
* A cue word followed by a name the gazetteer lacks (`روستای X`) gives an unresolved
  mention, flagged, never guessed.
* Geocoding is two-pass: clear mentions first, then the ambiguous ones with the clear
  settlements as `near` context (`التویمین` near Dashisha is the Hasakah one).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from gazetteer.index import GazetteerIndex
from gazetteer.ranking import Candidate, rank
from lib.text import fold, name_key

from .doc import Doc, Span, SpanIndex
from .labels import ACTOR, PLACE
from .lexicon import person_names
from .matcher import PhraseMatcher

#: Cue words (folded) before a name and the kinds they ask for.
CUES: dict[str, tuple[str, ...]] = {
    "استان": ("governorate",),
    "ولایت": ("governorate",),
    "محافظه": ("governorate",),
    "شهرستان": ("district", "city", "town", "village"),
    "قضا": ("district",),
    "شهر": ("city", "town"),
    "شهرک": ("town", "village", "neighbourhood"),
    "روستای": ("village", "town"),
    "روستا": ("village", "town"),
    "روستاهای": ("village", "town"),
    "قریه": ("village", "town"),
    "قصبه": ("town", "village"),
    "محله": ("neighbourhood",),
    "ناحیه": ("district", "town", "village", "neighbourhood"),
    "منطقه": ("region", "town", "village", "district", "site", "neighbourhood"),
    "اردوگاه": ("site",),
    "کمپ": ("site",),
    "فرودگاه": ("site",),
    "پایگاه": ("site",),
    "پایگاه هوایی": ("site",),
    "فرودگاه نظامی": ("site",),
    "سد": ("site",),
    "پادگان": ("site",),
    "محور": ("town", "village", "region", "site"),
    "جبل": ("site", "region"),
    "ارتفاعات": ("site", "region"),
    "محله های": ("neighbourhood",),
    "محلات": ("neighbourhood",),
    "شهرکهای": ("town", "village"),
    "میدان نفتی": ("site",),
    "میدان گازی": ("site",),
    "گذرگاه": ("site",),
    "گذرگاه مرزی": ("site",),
    "کوه": ("site", "region"),
    "کوههای": ("site", "region"),
    "رود": ("river",),
    "رودخانه": ("river",),
    "دره": ("region",),
    "کشور": ("country",),
}
CUE_FIRST_WORDS = frozenset(
    {"استان", "ولایت", "محافظه", "شهرستان", "قضا", "شهر", "روستای", "منطقه", "محله", "رود", "رودخانه"}
)
#: Facility nouns: the gold mention includes them (`گذرگاه مرزی نصیب`, `پایگاه هوایی قیاره`).
FACILITY_CUES = frozenset(
    {
        "فرودگاه",
        "فرودگاه نظامی",
        "پایگاه",
        "پایگاه هوایی",
        "سد",
        "میدان نفتی",
        "میدان گازی",
        "گذرگاه",
        "گذرگاه مرزی",
        "اردوگاه",
        "پادگان",
        "دانشگاه",
        "مسجد",
        "مسجد جامع",
        "بیمارستان",
        "پالایشگاه",
        "نیروگاه",
        "زندان",
        "کارخانه",
        "پل",
        "معبد",
        "قلعه",
        "پست مرزی",
        "پاسگاه",
        "کمپ",
    }
)
#: An area of a place, named with a direction (`ساحل شرقی موصل`, `حومه غربی حلب`,
#: `بافت قدیمی شهر حمص`): the mention covers the whole phrase.
AREA_HEADS = ("ساحل", "بخش", "حومه", "نیمه", "بافت قدیم", "بافت قدیمی", "مناطق")
DIRECTIONS = ("شرقی", "غربی", "شمالی", "جنوبی", "شمال شرقی", "شمال غربی", "جنوب شرقی", "جنوب غربی", "مرکزی")
#: Words before a country name that make it part of a title, not a place (`نخست وزیر عراق`).
TITLE_WORDS = frozenset(
    {
        "نخست وزیر",
        "رییس جمهور",
        "رئیس جمهور",
        "وزیر",
        "وزارت",
        "دولت",
        "پرچم",
        "پارلمان",
        "مجلس",
        "سفیر",
        "سفارت",
        "حکومت",
        "رییس",
        "سخنگوی",
        "نماینده",
        "پادشاه",
        "ملت",
        "مردم",
        "قانون اساسی",
        "کنسولگری",
        "دولتی",
        "تلویزیون",
        "خبرگزاری",
        "رسانه های",
        "منابع",
        "منابع امنیتی",
        "مقامات",
        "مقام",
        "رسمی",
        "بانک مرکزی",
        "وزارت خارجه",
        "وزیر خارجه",
        "وزارت دفاع",
        "وزیر دفاع",
        "وزارت کشور",
        "صدراعظم",
        "صدر اعظم",
        "حقوق بشر",
        "دیده بان حقوق بشر",
        "سازمان",
        "اتباع",
        "هیئت",
    }
)
#: An operation's name often holds a place (`عملیات طوفان الجزیره`, `عملیات خشم فرات`,
#: `عملیات سپر فرات`): after these heads the place is part of the name, not a location.
OPERATION_NAME = re.compile(
    r"(?:^|\s)عملیات (?:طوفان|خشم|سپر|شاخه زیتون|چشمه صلح|فجر|قادمون|بنیان مرصوص|دفاع از)(?: [^\s]+)? $"
)
#: Words that end the name of a facility (`گذرگاه مرزی باب السلامه در ...`).
NAME_STOPS = frozenset(
    {
        "را",
        "و",
        "در",
        "از",
        "به",
        "با",
        "که",
        "این",
        "آن",
        "خود",
        "های",
        "ها",
        "ای",
        "تا",
        "بر",
        "برای",
        "نیز",
        "هم",
        "است",
        "بود",
        "شد",
    }
)
#: Cue words after which an unknown name is still a place (kept unresolved).
UNKNOWN_NAME_CUES = frozenset(
    {
        "روستای",
        "روستا",
        "روستاهای",
        "شهرک",
        "شهرکهای",
        "قریه",
        "قصبه",
        "شهر",
        "اردوگاه",
        "محله",
        "محله های",
        "ناحیه",
        "محلات",
        "منطقه",
        "محور",
        "کوه",
        "جبل",
        "ارتفاعات",
    }
)
#: Cues that introduce a list (`روستاهای شاقولی، ترجله و بدنه الکبیر`).
LIST_CUES = frozenset({"روستاهای", "شهرکهای", "محله های", "محلات", "ارتفاعات"})
MODIFIERS = frozenset(
    {"تحتانی", "فوقانی", "شرقی", "غربی", "شمالی", "جنوبی", "الکبیر", "الصغیر", "کبیر", "صغیر", "قدیم", "جدید"}
)
#: Words that start a compound place name and need the next word (تل ابیض, عین عیسی).
NAME_HEADS = frozenset({"تل", "ابو", "ام", "عین", "دیر", "بیر", "بئر", "جبل", "کفر", "خربه", "حاوی", "ال"})

#: hazm frequency from which a one-word name needs a cue word: a curated city, another curated
#: place, a place known only from the large sources. Countries never need one; names of two
#: or more words are never common phrases by accident.
COMMON_CITY = 2_000_000
COMMON_CURATED = 1_000_000
COMMON_OTHER = 20_000
MIN_OTHER_LENGTH = 5
#: Endings that make a plural, ezafe or indefinite form of a word.
ENDINGS = ("هایی", "های", "ها", "ای", "یی", "ی")
#: Grammatical words that some gazetteer records happen to be named (a district "های").
FUNCTION_WORDS = frozenset({"ها", "های", "هایی", "هریک", "هرکدام", "یکی", "برخی", "بعضی", "کی", "چه", "چی"})
CLEAR_MARGIN = 0.12
#: Cues whose kind a resolution must have (else the mention stays unresolved).
STRICT_CUES = frozenset({"محله", "محله های", "محلات"})
NEAR_CHARS = 3000  # places within this many characters are the context of a homonym
STOPWORD = 10**9  # the frequency given to hazm's stop words


@dataclass(slots=True)
class PlaceMention:
    key: str
    cue: str | None
    kinds: tuple[str, ...] | None
    modifier: str | None
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def resolved(self) -> bool:
        return bool(self.candidates)


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """hazm's Persian word list, by name key; its stop words count as very common."""
    from hazm import stopwords_list, words_list

    out: dict[str, int] = {}
    for word, freq, _ in words_list():
        key = name_key(word)
        out[key] = max(freq, out.get(key, 0))
    for word in [*stopwords_list(), *FUNCTION_WORDS]:
        out[name_key(word)] = STOPWORD
    return out


@lru_cache(maxsize=50_000)
def inflects_common_word(word: str) -> bool:
    """`نیروهای`, `روستای`, `کوچکی`: a common word, or one with a plural/ezafe ending."""
    freqs = word_frequencies()
    key = name_key(word)
    if freqs.get(key, 0) >= COMMON_OTHER:
        return True
    return any(
        key.endswith(e) and freqs.get(key[: -len(e)], 0) >= COMMON_OTHER for e in ENDINGS if len(key) > len(e) + 1
    )


@lru_cache(maxsize=50_000)
def _frequency(name: str) -> int:
    """How common a one-word name is as a Persian word (0 for longer names and unknown words)."""
    words = fold(name).split()
    if len(words) != 1:
        return 0
    return word_frequencies().get(name_key(words[0]), 0)


def _needs_cue(places: list, name: str, key: str) -> bool:
    freq = _frequency(name)
    curated = [p for p in places if p.source == "core"]
    if any(p.kind == "country" for p in curated):
        return False
    if any(p.kind == "city" for p in curated):
        return freq >= COMMON_CITY
    if curated:
        return freq >= COMMON_CURATED
    if freq >= COMMON_OTHER or len(key) < MIN_OTHER_LENGTH:
        return True
    words = fold(name).split()
    return len(words) == 1 and (inflects_common_word(words[0]) or is_verb(words[0]))


@lru_cache(maxsize=1)
def _lemmatizer():
    from hazm import Lemmatizer

    return Lemmatizer()


@lru_cache(maxsize=50_000)
def is_verb(word: str) -> bool:
    """hazm's lemmatizer gives verbs as `past#present` stems (`فرستادند` → `فرستاد#فرست`)."""
    return "#" in _lemmatizer().lemmatize(word)


class PlaceTagger:
    name = "places"
    requires = ("tokens", "actors")
    assigns = (PLACE,)

    def __init__(self, index: GazetteerIndex) -> None:
        self.index = index
        phrases: list[tuple[str, str]] = []
        self.always: set[str] = set()
        #: key → the word counts its names have (a match must span as many words, give or
        #: take one for curated names: `البو کمال` / `البوکمال`)
        self.word_counts: dict[str, tuple[int, int]] = {}
        for key, hits in index.exact.items():
            names = [name for _, name in hits if fold(name).split()[0] not in CUE_FIRST_WORDS]
            if not names:
                continue  # "استان رقه": the bare name is indexed too; cue words are read from the text
            places = [index.places[pid] for pid, _ in hits]
            counts = [len(fold(name).split()) for name in names]
            slack = 1 if any(p.source == "core" for p in places) else 0
            self.word_counts[key] = (max(1, min(counts) - slack), max(counts) + slack)
            if not _needs_cue(places, names[0], key):
                self.always.add(key)
            phrases.append((names[0], key))
        self.matcher = PhraseMatcher(phrases, min_length=2)
        self.cue_matcher = PhraseMatcher(
            ((cue, cue) for cue in [*CUES, *FACILITY_CUES, *UNKNOWN_NAME_CUES]), min_length=2
        )
        self.title_matcher = PhraseMatcher(((t, t) for t in TITLE_WORDS), min_length=2)
        self.person_matcher = PhraseMatcher(((n, n) for n in person_names()), min_length=2)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        actors = doc.group(ACTOR)
        compact = doc.compact()
        cues = {end: (start, found[0]) for start, end, _, found in self.cue_matcher.find(text, compact)}
        titles = {end for _, end, _, _ in self.title_matcher.find(text, compact)}
        person_index = SpanIndex(
            [Span(start, end, "person") for start, end, _, _ in self.person_matcher.find(text, compact)]
        )
        actor_index = SpanIndex(actors)
        spans: list[Span] = []
        dropped_actors: list[Span] = []
        for start, end, key, _ in self.matcher.find(text, compact):
            span = Span(start, end, PLACE, source=self.name)
            if person_index.overlapping(start, end) and _cue_before(text, start, cues)[1] is None:
                continue  # "حیدر العبادی" is a person, not the village العبادی
            blocking = actor_index.overlapping(start, end)
            if blocking and not all(a.attrs.get("country_name") and _reads_as_place(text, a.start) for a in blocking):
                continue
            low, high = self.word_counts[key]
            if not low <= len(text[start:end].split()) <= high:
                continue  # "هر یک" is not the village "هریک"
            word = _whole_word(text, start, end)
            if word != text[start:end] and inflects_common_word(word):
                continue  # "نیروهای" is not "نیروه" + ای
            if word_frequencies().get(key, 0) >= STOPWORD:
                continue  # "تحت", "کی": grammatical words are never places, cue or not
            cue_start, cue = _cue_before(text, start, cues)
            if key in CUES or (cue is None and key not in self.always):
                continue
            if OPERATION_NAME.search(text[max(0, start - 40) : start]):
                continue  # "عملیات طوفان الجزیره" names an operation
            if _gap_end(text, start) in titles and any(
                p.kind == "country" for p in (self.index.places[pid] for pid, _ in self.index.exact.get(key, ()))
            ):
                continue  # "نخست وزیر عراق": a title, not a place
            dropped_actors += blocking
            kinds = CUES.get(cue) if cue else None
            if cue in FACILITY_CUES:
                span.start, kinds = cue_start, ("site",)
            else:
                span.start = _area_start(text, span.start)
            end, modifier = _modifier_after(text, start + len(word))
            span.end = end
            span.value = PlaceMention(key=key, cue=cue, kinds=kinds, modifier=modifier)
            spans.append(span)
        if dropped_actors:
            dropped = {id(a) for a in dropped_actors}
            doc.spans[ACTOR] = [a for a in actors if id(a) not in dropped]
        self._superseded: set[int] = set()
        spans += self._unknown_after_cues(doc, cues, spans, doc.group(ACTOR))
        spans = [s for s in spans if id(s) not in self._superseded]
        spans.sort(key=lambda s: s.start)
        self._resolve(doc, spans)
        doc.spans[PLACE] = spans
        return doc

    def _unknown_after_cues(
        self, doc: Doc, cues: dict[int, tuple[int, str]], found: list[Span], actors: list[Span]
    ) -> list[Span]:
        """`روستای X` where X is not in the gazetteer: an unresolved mention (and each name of
        a list after a plural cue: `روستاهای X، Y و Z`)."""
        text = doc.text
        out = []
        taken = SpanIndex([*found, *actors])
        added: list[Span] = []
        for cue_end, (cue_start, cue) in sorted(cues.items()):
            if cue not in UNKNOWN_NAME_CUES and cue not in FACILITY_CUES:
                continue
            position = cue_end
            while True:
                name = _facility_name_after(text, position) if cue in FACILITY_CUES else _name_after(text, position)
                if name is None:
                    break
                start, end = name
                inner = taken.overlapping(start, end)
                if inner and all(s.label == PLACE and start < s.start and s.end <= end for s in inner):
                    # "معرسته الخان": the gazetteer knew only the tail "الخان"; the whole name wins
                    self._superseded.update(id(s) for s in inner)
                    inner = []
                if not inner and not any(a.start < end and start < a.end for a in added[-3:]):
                    if cue in FACILITY_CUES:
                        start = cue_start
                    end, modifier = _modifier_after(text, end)
                    mention = PlaceMention(
                        key=name_key(text[name[0] : name[1]]), cue=cue, kinds=CUES.get(cue), modifier=modifier
                    )
                    out.append(Span(start, end, PLACE, mention, source="cue", score=0.5))
                    added.append(out[-1])
                if cue not in LIST_CUES:
                    break
                joiner = re.match(r"\s*(،|,| و )\s*", text[end : end + 4])
                if not joiner:
                    break
                position = end + joiner.end()
        return out

    def _resolve(self, doc: Doc, spans: list[Span]) -> None:
        pending = []
        for span in spans:
            mention: PlaceMention = span.value
            if span.source != "cue":
                mention.candidates = rank(self.index, mention.key, kinds=_kinds(mention.kinds))
                if (
                    mention.cue in STRICT_CUES
                    and mention.candidates
                    and mention.candidates[0].place.kind not in mention.kinds
                ):
                    mention.candidates = []  # "محله الجولان" is not the Golan: unresolved, flagged
            if len(mention.candidates) > 1 and mention.candidates[0].score - mention.candidates[1].score < CLEAR_MARGIN:
                pending.append(span)
        waiting = {id(s) for s in pending}
        anchors = [
            s
            for s in spans
            if s.value.best
            and id(s) not in waiting
            and s.value.best.place.kind not in ("country", "governorate", "region", "river")
        ]
        starts = [a.start for a in anchors]
        for span in pending:
            mention = span.value
            # context: the clear settlements of the same stretch of the report
            lo, hi = bisect_left(starts, span.start - NEAR_CHARS), bisect_right(starts, span.start + NEAR_CHARS)
            near = [(a.value.best.place.lat, a.value.best.place.lon) for a in anchors[lo:hi]][:20]
            if near:
                mention.candidates = rank(self.index, mention.key, kinds=_kinds(mention.kinds), near=near)


_AREA = re.compile(r"(?:(?:" + "|".join(AREA_HEADS) + r") (?:" + "|".join(DIRECTIONS) + r")|بافت قدیمی?)(?: شهر)? $")
_PLACE_CONTEXT = re.compile(r"(?:^|\s)(?:در|به|از|تا|مرز|خاک|داخل|کشور|مرزهای|سوی|سمت|شمال|جنوب|شرق|غرب) $")


def _area_start(text: str, start: int) -> int:
    """Start of `ساحل شرقی <name>`-like phrases that end at `start`."""
    match = _AREA.search(text, max(0, start - 30), start)
    return match.start() if match else start


def _reads_as_place(text: str, start: int) -> bool:
    """A country name after a preposition or `مرز`, `خاک`...: a place, not an agent."""
    return bool(_PLACE_CONTEXT.search(text, max(0, start - 12), start))


def _gap_end(text: str, start: int) -> int:
    i = start
    while i > 0 and text[i - 1] in " \u200c":
        i -= 1
    return i


def _name_after(text: str, position: int) -> tuple[int, int] | None:
    """The name right after a cue: one word, or two when the first is a name head (تل، ابو، عین)."""
    words = _next_words(text, position, 2)
    if not words or words[0][0] - position > 2:
        return None
    start, end = words[0]
    with_modifier = len(words) > 1 and text[words[1][0] : words[1][1]] in MODIFIERS
    joined = len(words) > 1 and words[1][0] - words[0][1] == 1  # one space, no punctuation between
    if text[start:end] in NAME_HEADS and len(words) > 1:
        end = words[1][1]
    elif with_modifier or (
        joined and text[words[1][0] : words[1][1]].startswith("ال") and words[1][1] - words[1][0] > 3
    ):
        end = words[1][1]  # "معرسته الخان", "بدنه الکبیر"
    name = text[start:end]
    first = name.split()[0] if name.strip() else ""
    if not first or word_frequencies().get(name_key(first), 0) >= STOPWORD:
        return None
    if not with_modifier and (inflects_common_word(first) or is_verb(first)):
        return None
    return start, end


def _facility_name_after(text: str, position: int) -> tuple[int, int] | None:
    """The name of a facility after its noun: up to three words that are not common Persian
    words, verbs or function words, and no punctuation between (`باب السلامه`, `مرشدپینار`)."""
    words = _next_words(text, position, 3)
    if not words or words[0][0] - position > 2:
        return None
    taken = []
    for start, end in words:
        word = text[start:end]
        function_word = word in NAME_STOPS or word_frequencies().get(name_key(word), 0) >= STOPWORD
        common = not word.isdigit() and (inflects_common_word(word) or is_verb(word))
        if function_word or common or (taken and text[taken[-1][1] : start].strip()):
            break  # "پایگاه ادامه ..." is a sentence going on, not a base named ادامه
        taken.append((start, end))
    if not taken:
        return None
    return taken[0][0], taken[-1][1]


def _whole_word(text: str, start: int, end: int) -> str:
    """The text from `start` to the end of the word that contains `end - 1`."""
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _kinds(kinds: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(kinds) if kinds else None


def _cue_before(text: str, start: int, cues: dict[int, tuple[int, str]]) -> tuple[int, str | None]:
    """(start, cue) of the cue word that ends right before `start` (spaces between)."""
    return cues.get(_gap_end(text, start), (start, None))


def _next_words(text: str, position: int, count: int) -> list[tuple[int, int]]:
    words = []
    i, n = position, len(text)
    while len(words) < count and i < n:
        while i < n and text[i] == " ":
            i += 1
        start = i
        while i < n and text[i].isalnum():
            i += 1
        if i == start:
            break
        words.append((start, i))
    return words


def _modifier_after(text: str, end: int) -> tuple[int, str | None]:
    words = _next_words(text, end, 1)
    if words and text[words[0][0] : words[0][1]] in MODIFIERS and words[0][0] - end <= 1:
        return words[0][1], text[words[0][0] : words[0][1]]
    return end, None
