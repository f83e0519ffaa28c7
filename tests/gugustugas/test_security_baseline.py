"""The security baseline that CI checks besides `check --deploy` and bandit (Makefile):
the Content Security Policy header allows no inline script or style, and no template
carries one (the policy would block it, so it would be a broken page too)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "dashboard"])
def test_every_page_sends_a_strict_content_security_policy(url_name, admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse(url_name))
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def _web_templates():
    # PDF and e-mail templates are not served under the CSP (WeasyPrint, mail clients).
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "email" in path.parts or path.name.endswith("_pdf.html") or "pdf" in path.parts:
            continue
        yield path


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in _web_templates():
        text = path.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, STYLE_ATTRIBUTE, STYLE_ELEMENT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)[:60]}")
    assert not offenders, "\n".join(offenders)
