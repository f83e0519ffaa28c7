"""Checks for uploaded files: type by content (not only by name) and size.

Every upload of the project (RAD evidence, signed MoUs, induction material) goes through
``validate_upload`` with the set of types it accepts. A file must be what its name says
all the way through, not only in its first bytes: a PDF must parse as a PDF with at least
one page, an image must decode as that image format, an office document must be a zip
with the parts of that format (a Java archive renamed ``.xlsx`` is refused), within a
bounded uncompressed size."""

import zipfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = {".pdf": [b"%PDF"]}
IMAGES = {
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}
OFFICE = {
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".ods": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0"],
    ".xls": [b"\xd0\xcf\x11\xe0"],
    ".ppt": [b"\xd0\xcf\x11\xe0"],
}
DOCUMENTS = PDF | IMAGES | OFFICE

# An office document unpacks to at most this many times the upload limit (zip bombs).
MAX_UNPACKED_RATIO = 20


def _is_pdf(upload) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(upload, strict=False).pages) >= 1
    except PyPdfError:
        return False


def _is_image(expected: str):
    def check(upload) -> bool:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(upload) as image:
                found = image.format
                image.verify()
        except (UnidentifiedImageError, Image.DecompressionBombError, SyntaxError):
            return False
        return found == expected

    return check


def _is_package(*required: str, mimetype: str = ""):
    """A zip with the parts an Office Open XML or OpenDocument file of this kind has."""

    def check(upload) -> bool:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
            if unpacked > settings.EVIDENCE_MAX_BYTES * MAX_UNPACKED_RATIO:
                return False
            if not all(part in names for part in required):
                return False
            if mimetype:
                return archive.read("mimetype").decode("ascii", "replace").strip() == mimetype
        return True

    return check


CONTENT_CHECKS = {
    ".pdf": _is_pdf,
    ".png": _is_image("PNG"),
    ".jpg": _is_image("JPEG"),
    ".jpeg": _is_image("JPEG"),
    ".docx": _is_package("[Content_Types].xml", "word/document.xml"),
    ".xlsx": _is_package("[Content_Types].xml", "xl/workbook.xml"),
    ".pptx": _is_package("[Content_Types].xml", "ppt/presentation.xml"),
    ".odt": _is_package("mimetype", mimetype="application/vnd.oasis.opendocument.text"),
    ".ods": _is_package("mimetype", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
}


def validate_upload(upload, types: dict[str, list[bytes]], described: str) -> None:
    """Refuse a file over EVIDENCE_MAX_BYTES, of another type, or whose content does not
    match its extension. ``described`` names the accepted types for the message."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    extension = Path(upload.name).suffix.lower()
    signatures = types.get(extension)
    if signatures is None:
        raise forms.ValidationError(
            _("Only %(types)s are accepted, not “%(ext)s”.")
            % {"types": described, "ext": extension or upload.name}
        )
    head = upload.read(8)
    upload.seek(0)
    mismatch = forms.ValidationError(
        _("The file's content does not match its “%(ext)s” extension.") % {"ext": extension}
    )
    if not any(head.startswith(sig) for sig in signatures):
        raise mismatch
    check = CONTENT_CHECKS.get(extension)
    try:
        if check is not None and not check(upload):
            raise mismatch
    except (ValueError, OSError, zipfile.BadZipFile, RecursionError) as error:
        raise mismatch from error
    finally:
        upload.seek(0)


def validate_document(upload) -> None:
    """PDF, images and office documents: evidence, induction material."""
    validate_upload(upload, DOCUMENTS, _("PDF, images (PNG, JPEG) and office documents"))


def validate_scan(upload) -> None:
    """PDF or image: a scanned, signed document."""
    validate_upload(upload, PDF | IMAGES, _("PDF and images (PNG, JPEG)"))
