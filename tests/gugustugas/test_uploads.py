"""Uploads are checked by content, not by name and first bytes: each case below was
stored before (a JAR renamed .xlsx, an HTML file behind a %PDF header)."""

import io
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from gugustugas.uploads import validate_document, validate_scan
from tests.conftest import PDF_BYTES


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bukti.pdf", PDF_BYTES),
        ("foto.png", png()),
        ("anggaran.xlsx", xlsx()),
        ("notulen.docx", zipped({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})),
    ],
)
def test_real_files_are_accepted(name, content):
    validate_document(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>"),
        ("laporan.pdf", b"%PDF-1.4 test"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"not really an image" * 10),
        ("foto.jpg", png()),  # a PNG named .jpg: the first bytes would not match either
        ("anggaran.xlsx", zipped({"META-INF/MANIFEST.MF": b"Main-Class: Evil\n"})),
        ("notulen.docx", zipped({"[Content_Types].xml": b"<x/>"})),
        ("data.ods", zipped({"mimetype": b"application/java-archive"})),
    ],
)
def test_files_that_are_not_what_their_name_says_are_refused(name, content):
    with pytest.raises(forms.ValidationError, match="does not match"):
        validate_document(upload(name, content))


def test_an_office_file_that_unpacks_to_far_more_than_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 10_000
    bomb = zipped(
        {
            "[Content_Types].xml": b"<x/>",
            "xl/workbook.xml": b"<w/>",
            "xl/worksheets/sheet1.xml": b" " * 300_000,  # compresses to almost nothing
        }
    )
    assert len(bomb) < settings.EVIDENCE_MAX_BYTES
    with pytest.raises(forms.ValidationError, match="does not match"):
        validate_document(upload("bom.xlsx", bomb))


def test_a_scan_accepts_pdf_and_images_only():
    validate_scan(upload("mou.pdf", PDF_BYTES))
    with pytest.raises(forms.ValidationError):
        validate_scan(upload("mou.xlsx", xlsx()))
