"""Checks for uploaded files: type by content (not only by name) and size.

Every upload of the project (RAD evidence, signed MoUs, induction material) goes through
``validate_upload`` with the set of types it accepts."""

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
    if not any(head.startswith(sig) for sig in signatures):
        raise forms.ValidationError(
            _("The file's content does not match its “%(ext)s” extension.") % {"ext": extension}
        )


def validate_document(upload) -> None:
    """PDF, images and office documents: evidence, induction material."""
    validate_upload(upload, DOCUMENTS, _("PDF, images (PNG, JPEG) and office documents"))


def validate_scan(upload) -> None:
    """PDF or image: a scanned, signed document."""
    validate_upload(upload, PDF | IMAGES, _("PDF and images (PNG, JPEG)"))
