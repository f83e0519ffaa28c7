"""The public verification page: what was signed, and a check of an uploaded copy
("valid and identical", "valid signature but a different document", "not signed or
signature broken"); bad uploads get a clear message, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Report, Status
from tests.reports.builders import attach_files, make_report, tiny_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(tree, users):
    report = make_report(tree["province"], year=2025)
    report.take("submit", users["province_daily_chair"])
    attach_files(Report.objects.get(pk=report.pk))
    report = Report.objects.get(pk=report.pk)
    report.take("approve", users["province_chair"])
    report.take("publish", users["province_chair"])
    return Report.objects.get(pk=report.pk)


def _check(client, report, content: bytes, name="laporan.pdf"):
    url = reverse("reports:verify", args=[report.verification_code])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_page_shows_what_was_signed(client, published):
    page = client.get(published.get_verification_url()).content.decode()
    assert published.signed_sha256 in page
    assert published.signer_name in page and published.title in page
    assert 'data-test="demo-certificate"' in page


def test_the_signed_file_is_valid_and_identical(client, published):
    response = _check(client, published, published.signed_pdf.open("rb").read())
    assert response.context["verdict"].outcome == "identical"


def test_one_changed_byte_is_refused(client, published):
    data = bytearray(published.signed_pdf.open("rb").read())
    data[10] ^= 0x01  # in the binary comment of the header: inside the signed byte range
    response = _check(client, published, bytes(data))
    assert response.context["verdict"].outcome == "invalid"


def test_another_signed_document_is_a_different_document(client, published, tree, users):
    other = make_report(tree["province"], year=2024)
    other.take("submit", users["province_daily_chair"])
    attach_files(Report.objects.get(pk=other.pk))
    Report.objects.get(pk=other.pk).take("approve", users["province_chair"])
    other = Report.objects.get(pk=other.pk)
    response = _check(client, published, other.signed_pdf.open("rb").read())
    assert response.context["verdict"].outcome == "different"


@pytest.mark.parametrize(
    ("content", "outcome"),
    [(b"hello, not a pdf", "invalid"), (None, "invalid")],
)
def test_unsigned_or_not_a_pdf_is_refused(client, published, content, outcome):
    response = _check(client, published, content or tiny_pdf())
    assert response.status_code == 200
    assert response.context["verdict"].outcome == outcome


def test_empty_and_oversized_uploads_get_a_message(client, published, settings):
    response = _check(client, published, b"")
    assert response.status_code == 200 and response.context["form"].errors
    settings.VERIFY_UPLOAD_MAX_BYTES = 100
    response = _check(client, published, b"%PDF-" + b"0" * 200)
    assert response.status_code == 200
    assert "limit" in str(response.context["form"].errors)


def test_an_unpublished_report_has_no_public_verification_page(client, tree):
    report = make_report(tree["province"], Status.APPROVED)
    assert client.get(report.get_verification_url()).status_code == 404
