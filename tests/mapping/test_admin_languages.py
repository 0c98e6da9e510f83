"""Our part of the admin in Persian and Arabic (issue 14): a staff member whose browser asks for fa
or ar gets the admin index, every changelist of ours and a change form right-to-left, with none
of our English labels left (app and model names, column headers, filter titles, actions,
fieldset titles, field labels). Django's own admin words are Django's translations."""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from gazetteer.models import Place
from monitoring.models import FetchedPage, Outlet

pytestmark = pytest.mark.django_db

OURS = ("events", "gazetteer", "mapping", "monitoring", "mapkit")

#: Where the admin writes labels: headers, captions, titles, filter titles, form labels, the
#: breadcrumbs and the action menu. Text inside <bdi> (data: names, evidence) is left out.
LABEL_TAGS = {"th", "caption", "h1", "h2", "h3", "summary", "label", "legend"}


class AdminLabels(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # per open element: (tag, is it a label place?)
        self.texts: list[str] = []
        self.html_attrs: dict[str, str | None] = {}
        self.in_actions = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if tag in {"input", "br", "img", "meta", "link", "hr"}:
            return
        if tag == "select":
            self.in_actions = a.get("name") == "action"
        inside = bool(self.stack and self.stack[-1][1])
        label = tag in LABEL_TAGS or "breadcrumbs" in (a.get("class") or "") or (tag == "option" and self.in_actions)
        self.stack.append((tag, (inside or label) and tag != "bdi"))

    def handle_endtag(self, tag):
        if tag == "select":
            self.in_actions = False
        if self.stack and tag in {t for t, _ in self.stack}:
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and data.strip():
            self.texts.append(" ".join(data.split()))


def parse(html: str) -> AdminLabels:
    parser = AdminLabels()
    parser.feed(html)
    return parser


#: Django's own admin words that its fa and ar catalogues do not translate yet (Django 6.1): the
#: sidebar's hidden "Model name" column header. Not ours, and it holds our label "name".
DJANGO_UNTRANSLATED = {"Model name"}


def found(labels: set[str], texts: list[str]) -> set[str]:
    """The labels that appear, as whole words, in the label text of a page (any case)."""
    joined = "\n".join(t for t in texts if t not in DJANGO_UNTRANSLATED)
    return {lab for lab in labels if re.search(rf"(?<![\w]){re.escape(lab)}(?![\w])", joined, re.IGNORECASE)}


def our_model_admins():
    return [(m, ma) for m, ma in admin.site._registry.items() if m._meta.app_label in OURS]


def english_labels():
    """Per admin page, the English labels of ours it shows, read from the code in English."""
    with translation.override("en"):
        index = {str(apps.get_app_config(m._meta.app_label).verbose_name) for m, _ in our_model_admins()}
        index |= {str(m._meta.verbose_name_plural) for m, _ in our_model_admins()}
        pages = {reverse("admin:index"): index}
        for model, model_admin in our_model_admins():
            labels = {str(model._meta.verbose_name_plural)}
            for name in model_admin.list_display:
                label = str(label_for_field(name, model, model_admin))
                if label and name != "__str__":
                    labels.add(label)
            for item in model_admin.list_filter:
                if isinstance(item, str):
                    labels.add(str(get_fields_from_path(model, item)[-1].verbose_name))
                else:
                    labels.add(str(item.title))
            for action in model_admin._get_base_actions():
                if action.func.__module__.split(".")[0] in OURS:
                    labels.add(str(action.description))
            opts = model._meta
            pages[reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")] = labels
    return pages


def event_form_labels(model_admin) -> set[str]:
    with translation.override("en"):
        labels = {str(title) for title, _ in model_admin.fieldsets}
        for _title, options in model_admin.fieldsets:
            for line in options["fields"]:
                for name in (line,) if isinstance(line, str) else line:
                    if name != "map":
                        labels.add(str(label_for_field(name, model_admin.model, model_admin)))
    return labels


@pytest.fixture
def admin_world(world):
    outlet = Outlet.add("Test Agency", feeds=["http://feeds.invalid/rss"], language="fa")
    FetchedPage.objects.create(url="http://feeds.invalid/a/1", outlet=outlet, report=world["report"])
    Place.objects.create(  # the events' governorate filter lists governorates
        name="Raqqa Governorate",
        kind="governorate",
        country="SY",
        admin1="SY-RA",
        lat=35.9,
        lon=39.0,
        source="test",
        source_id="g1",
    )
    return world


@pytest.fixture
def admin_pages(admin_world):
    from events.models import Event

    pages = english_labels()
    event = admin_world["events"][0]
    pages[reverse("admin:events_event_change", args=[event.pk])] = event_form_labels(admin.site._registry[Event])
    return pages


def test_every_admin_page_of_ours_has_its_english_labels_in_english(admin_client, admin_pages):
    """The walk below can fail: in English each page shows the labels it is checked for."""
    for path, labels in admin_pages.items():
        response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, path
        page = parse(response.content.decode())
        assert page.html_attrs.get("lang") == "en", path
        assert found(labels, page.texts) == labels, f"{path}: not shown {labels - found(labels, page.texts)}"
    assert len(admin_pages) >= 10 and sum(len(labels) for labels in admin_pages.values()) > 100


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_the_admin_in_persian_and_arabic_has_none_of_our_english_labels(admin_client, admin_pages, lang):
    for path, labels in admin_pages.items():
        response = admin_client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200, path
        page = parse(response.content.decode())
        assert page.html_attrs.get("lang") == lang and page.html_attrs.get("dir") == "rtl", path
        # Names of formats, datasets and codes stay as they are (ACLED, UCDP GED, GeoNames, ETag).
        left = {lab for lab in found(labels, page.texts) if not re.fullmatch(r"[A-Z0-9 ]+|GeoNames id|etag", lab)}
        assert left == set(), f"{path} in {lang}: English labels {sorted(left)}"


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_the_events_import_page_is_translated(admin_client, lang):
    response = admin_client.get(reverse("admin:events_event_import"), HTTP_ACCEPT_LANGUAGE=lang)
    html = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in html and 'dir="rtl"' in html
    for english in ("An ACLED export", "Preview", "Import events from ACLED or UCDP GED", "File:"):
        assert english not in html, english


@pytest.mark.parametrize(("lang", "battle", "extracted"), [("fa", "نبرد", "استخراج‌شده"), ("ar", "معركة", "مستخرج")])
def test_event_kinds_and_statuses_read_in_the_admins_language(admin_client, admin_world, lang, battle, extracted):
    html = admin_client.get(reverse("admin:events_event_changelist"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    cells = [
        re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<t[dh] class="field-(?:kind|status)">(.*?)</t[dh]>', html)
    ]
    assert battle in cells and extracted in cells, cells
    assert not {"battle", "Extracted", "Verified", "Rejected"} & set(cells), cells


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_the_forms_help_texts_are_translated(admin_client, admin_world, lang):
    from events.models import Event

    with translation.override("en"):
        english = {str(f.help_text) for f in Event._meta.get_fields() if getattr(f, "help_text", "")}
    event = admin_world["events"][0]
    url = reverse("admin:events_event_change", args=[event.pk])
    in_english = {text for text in english if escape(text) in admin_client.get(url).content.decode()}
    assert len(in_english) >= 15  # the form shows them in English: the check below can fail
    html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert {text for text in in_english if escape(text) in html} == set()


# Every admin page, Django's and the packages' words included ---------------------------------

SITE_PACKAGES = Path(django.__file__).parent.parent
#: The English strings the admin can show: Django's admin, auth and core catalogues, those of
#: django-import-export and django-axes, and ours (any language's .po lists every msgid).
CATALOGUES = [
    Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/en/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "conf/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "import_export/locale/de/LC_MESSAGES/django.po",
    SITE_PACKAGES / "axes/locale/de/LC_MESSAGES/django.po",
    Path(__file__).resolve().parents[2] / "locale/fa/LC_MESSAGES/django.po",
]
#: msgids that are names in every language (formats, codes) or single letters and symbols.
NOT_WORDS = re.compile(r"[^A-Za-z]*|[A-Z0-9 ./_-]+|IPv4|IPv6|GeoNames id|etag|conflictmap")


#: Contexts whose strings are names of data, not interface words: the canonical actors' names
#: (events/actor_names.py), which the admin shows as their records' names.
DATA_CONTEXTS = {'"actor"'}


def msgids(path: Path) -> set[str]:
    """The msgids of a .po file (a small reader: quoted lines after ``msgid``, joined), but for
    those in DATA_CONTEXTS."""
    ids, current, in_id, context = set(), [], False, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgctxt "):
            context = line[8:]
        elif line.startswith("msgid "):
            current, in_id = ([line[6:]], True) if context not in DATA_CONTEXTS else ([], False)
            context = None
        elif in_id and line.startswith('"'):
            current.append(line)
        elif in_id:
            text = "".join(ast.literal_eval(part) for part in current)
            if text:
                ids.add(text)
            in_id = False
    return ids


PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]|\{\}")


def english_patterns() -> list[re.Pattern[str]]:
    """One pattern per interface string: its placeholders (``%(name)s``, ``%s``, ``{}``) match any
    text, and a trailing colon is optional (labels are shown with one)."""
    patterns = []
    for path in CATALOGUES:
        for text in msgids(path):
            words = PLACEHOLDER.sub("", text)
            if NOT_WORDS.fullmatch(text) or len(re.findall(r"[A-Za-z]", words)) < 3:
                continue
            parts = PLACEHOLDER.split(text.strip().rstrip(":"))
            body = ".+".join(re.escape(part) for part in parts)
            patterns.append(re.compile(body + ":?"))
    return patterns


class PageText(HTMLParser):
    """Every piece of text a reader sees or hears on an admin page (titles, labels, buttons,
    help, aria labels, placeholders), outside <bdi> (names and evidence), scripts and styles."""

    SKIP = {"script", "style", "bdi", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        for name, value in attrs:
            if value and (
                name in ("title", "placeholder", "aria-label")
                or (name == "value" and tag == "input" and ("type", "submit") in attrs)
            ):
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def every_admin_page(client) -> list[str]:
    """The index, and per registered model its list, its add form and one object's form."""
    paths = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:events_event_import")]
    for model in admin.site._registry:
        opts = model._meta
        paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200:
            paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        obj = model._default_manager.first()
        if obj is not None:
            paths.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return paths


@pytest.fixture
def every_model_has_a_row(admin_world, admin_user):
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="editors")
    editors.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    AccessAttempt.objects.create(username="someone", ip_address="10.0.0.1", failures_since_start=1)
    return admin_world


def untranslated(client, path: str, lang: str, patterns) -> set[str]:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200, path
    page = PageText()
    page.feed(response.content.decode())
    found = set()
    for text in page.texts:
        for part in re.split(r" \| | › |: (?=\S)", text):  # titles, breadcrumbs, permission labels
            if any(p.fullmatch(part.strip()) for p in patterns):
                found.add(part.strip())
    return found


def test_the_walk_finds_django_s_own_english_words_in_english(admin_client, every_model_has_a_row):
    patterns = english_patterns()
    english = {w for path in every_admin_page(admin_client) for w in untranslated(admin_client, path, "en", patterns)}
    assert {
        "Run",
        "Model name",
        "- Select an option -",
        "Enabled",
        "Pagination users",
        "Can add place",
    } <= english  # words the check below must see
    assert len(english) > 200


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_every_admin_page_in_persian_and_arabic_has_no_english_interface_string(
    admin_client, every_model_has_a_row, lang
):
    """Django's, the packages' and our strings, on the index, every list, add form and object form
    of every registered model, the password change and the events import: none left in English."""
    patterns = english_patterns()
    left = {
        path: words
        for path in every_admin_page(admin_client)
        if (words := untranslated(admin_client, path, lang, patterns))
    }
    assert left == {}


@pytest.mark.parametrize(("lang", "words"), [("fa", ["انتخاب همهٔ %s", "یکشنبه"]), ("ar", ["اليوم (%(date)s)"])])
def test_the_admins_javascript_strings_are_translated_too(admin_client, lang, words):
    """The permission chooser and the calendar take their words from the JavaScript catalogue,
    where locale/*/djangojs.po fills what Django's own lacks."""
    script = admin_client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    assert all(word in catalogue.values() for word in words), words
