"""The admin's "add report" form reads uploads and pasted text by the rules of ``manage.py
ingest`` (lib/untrusted.py): the same files are read or refused with the same reasons, a
refused one writes nothing, and a ``javascript:`` URL is a form error."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from events.models import Report
from lib.untrusted import UnreadableReport, read_upload

from .samples import FA, READ

ADD = "/admin/events/report/add/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("boss", password="boss-password-1"))
    return client


def post(client, **fields):
    data = {"text": "", "published": "2018-05-15", "outlet": "", "url": "", "language": "fa", "title": ""}
    data.update(fields)
    return client.post(ADD, data)


@pytest.mark.parametrize(
    "name", ["png.txt", "empty.txt", "koi8-r.txt", "utf16-odd-length.txt", "html-without-text.html", "nul-bytes.txt"]
)
def test_a_refused_upload_is_a_form_error_with_the_reason_of_ingest(admin_client, name):
    data = READ[name][0]
    with pytest.raises(UnreadableReport) as expected:
        read_upload(name, data)
    response = post(admin_client, upload=SimpleUploadedFile(name, data))
    assert response.status_code == 200  # the form again, with the error
    assert str(expected.value) in response.content.decode()
    assert Report.objects.count() == 0


@pytest.mark.parametrize("name", ["windows-1256.txt", "utf16-le-no-bom.txt", "page.html"])
def test_an_upload_in_any_encoding_becomes_the_report_ingest_would_make(admin_client, tiny_gazetteer, name):
    data = READ[name][0]
    response = post(admin_client, upload=SimpleUploadedFile(name, data))
    assert response.status_code == 302
    assert Report.objects.get().text == read_upload(name, data)


def test_pasted_junk_and_script_urls_are_form_errors(admin_client, tiny_gazetteer):
    response = post(admin_client, text="\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 3)
    assert response.status_code == 200 and "the pasted text: binary data, not text" in response.content.decode()
    response = post(admin_client, text=FA, url="javascript:alert(1)")
    assert (
        response.status_code == 200 and "Enter a valid URL." in response.content.decode()
    )  # the form field's own check
    response = post(
        admin_client, text=FA, url="ftp://example.org/r"
    )  # a valid URL, but no link to it: the model's check
    assert response.status_code == 200 and "Only http:// and https:// links are allowed." in response.content.decode()
    assert Report.objects.count() == 0
    assert post(admin_client, text=FA, url="https://example.org/r").status_code == 302
    assert Report.objects.get().url == "https://example.org/r"
