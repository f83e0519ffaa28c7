"""PDF documents from HTML templates (WeasyPrint): the minutes of a meeting, later reports.

Every PDF made here is accessible (PDF/UA-1, as WeasyPrint writes it): a tagged PDF whose
structure tree (headings, paragraphs, tables, lists) follows the HTML, with the document
language (the template's ``<html lang>``, else the active language) and its title (the
template's ``<title>``, required) shown by the viewer instead of the file name.

The renderer fetches nothing from the network and nothing from the disk except the
project's own static files (stylesheets, logos), found the way ``collectstatic`` finds
them. Any other address in a template (an image link typed into a text, ``file:///etc``)
is refused, and WeasyPrint leaves it out of the document.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils._os import safe_join

# Relative addresses in the HTML resolve against this made-up origin; only its static
# path is served.
BASE_URL = "https://pdf.invalid/"
# PDF/UA-1 implies pdf_tags (the structure tree) and PDF 1.7.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


class RefusedURL(ValueError):
    """An address the PDF renderer does not fetch."""


def static_file(url: str) -> Path:
    """The file behind a static-file address of the document, or ``RefusedURL``."""
    parts = urlsplit(url)
    static_url = urlsplit(settings.STATIC_URL)
    base = urlsplit(BASE_URL)
    own_origin = (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
    static_origin = bool(static_url.netloc) and (parts.scheme, parts.netloc) == (
        static_url.scheme,
        static_url.netloc,
    )
    if not (own_origin or static_origin) or not parts.path.startswith(static_url.path):
        raise RefusedURL(f"Not a static file of this project: {url}")
    relative = unquote(parts.path[len(static_url.path) :])
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        raise RefusedURL(f"Not a static file of this project: {url}")
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        try:
            candidate = Path(safe_join(settings.STATIC_ROOT, relative))
        except ValueError as error:  # outside STATIC_ROOT
            raise RefusedURL(str(error)) from error
        if candidate.is_file():
            return candidate
    raise RefusedURL(f"No such static file: {url}")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the project's static files; refuses every other address."""

        def fetch(self, url, headers=None):
            path = static_file(url)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": mime_type})

    return StaticOnlyFetcher()


class UntitledDocument(ValueError):
    """A PDF template without a ``<title>``: an accessible PDF needs a title."""


def _show_title(document, pdf) -> None:
    """PDF/UA: the viewer's window shows the document's title, not its file name."""
    import pydyf

    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """The template rendered to HTML, then to a tagged PDF with its language and title."""
    return render_document(template_name, context, request=request)[0]


def render_document(
    template_name: str,
    context: dict,
    request=None,
    attachments: list[tuple[str, bytes, str]] = (),
    pdf_variant: str | None = None,
) -> tuple[bytes, int]:
    """The tagged PDF (with its language and title) and its page count. ``attachments``
    are embedded files as (name, content, description), so a reader can take the figures
    out of the document; ``pdf_variant`` is one of WeasyPrint's (``"pdf/a-3b"`` keeps
    embedded files and is archivable) and replaces PDF/UA-1; the PDF stays tagged."""
    from weasyprint import HTML, Attachment  # heavy import: only when a PDF is made

    options = dict(PDF_OPTIONS)
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render(**options)
    if not (document.metadata.title or "").strip():
        raise UntitledDocument(f"{template_name} has no <title>; every PDF needs one")
    if not document.metadata.lang:
        document.metadata.lang = translation.get_language() or settings.LANGUAGE_CODE
    if attachments:
        options["attachments"] = [
            Attachment(string=content, name=name, description=description, relationship="Data")
            for name, content, description in attachments
        ]
    return document.write_pdf(finisher=_show_title, **options), len(document.pages)
