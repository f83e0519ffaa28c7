"""Every PDF of ``gugustugas/pdf.py`` is a tagged PDF with its language and title: read
back with pypdf (the catalogue's /StructTreeRoot, /MarkInfo and /Lang, the /Title), on the
minutes PDF of a meeting in both languages."""

import datetime
import io

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from gugustugas import pdf as pdf_module
from gugustugas.pdf import UntitledDocument, render_pdf
from meetings.models import Decision, Kind
from tests.meetings.builders import make_action_point, make_meeting, member_of


def structure_types(node, seen=None) -> set[str]:
    """The structure types (/H1, /P, /Table, ...) below a structure element."""
    seen = set() if seen is None else seen
    node = node.get_object()
    if "/S" in node:
        seen.add(str(node["/S"]))
    kids = node.get("/K")
    if kids is None:
        return seen
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and ("/S" in kid or "/K" in kid):
            structure_types(kid, seen)
    return seen


@pytest.fixture
def minutes(tree, users):
    tf = tree["province"]
    meeting = make_meeting(
        tf,
        Kind.OVERALL,
        -datetime.timedelta(days=1),
        title="Rapat Koordinasi Triwulan IV",
        note_taker=member_of(tf, "province_secretariat"),
        discussion="Pembahasan rujukan korban",
    )
    Decision.objects.create(meeting=meeting, text="SOP rujukan disepakati")
    make_action_point(meeting, description="Rujuk ke rumah aman")
    return meeting


@pytest.mark.parametrize(("language", "title"), [("id", "Notulen"), ("en", "Minutes")])
def test_minutes_pdf_is_tagged_with_language_and_title(client, users, minutes, language, title):
    client.force_login(users["province_secretariat"])
    client.cookies["django_language"] = language
    response = client.get(reverse("meetings:minutes_pdf", args=[minutes.pk]))
    assert response.status_code == 200

    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == language
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 -- a pypdf BooleanObject
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == f"{title}: Rapat Koordinasi Triwulan IV"
    assert "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()  # PDF/UA-1 claimed

    types = structure_types(catalog["/StructTreeRoot"])
    # The headings, paragraphs and tables of the HTML are in the structure tree.
    assert {"/H1", "/P", "/Table", "/TR", "/TD"} <= types, sorted(types)


def test_a_pdf_without_a_title_is_refused(monkeypatch):
    template = engines["django"].from_string("<html><body><p>Tanpa judul</p></body></html>")
    monkeypatch.setattr(pdf_module, "render_to_string", lambda *a, **k: template.render({}))
    with pytest.raises(UntitledDocument):
        render_pdf("untitled.html", {})


def test_a_pdf_without_lang_gets_the_active_language(monkeypatch):
    template = engines["django"].from_string(
        "<html><head><title>Laporan</title></head><body><h1>Laporan</h1></body></html>"
    )
    monkeypatch.setattr(pdf_module, "render_to_string", lambda *a, **k: template.render({}))
    with translation.override("en"):
        reader = PdfReader(io.BytesIO(render_pdf("report.html", {})))
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title == "Laporan"
