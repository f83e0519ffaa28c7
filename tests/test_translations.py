"""The translation catalogues (locale/id and locale/en) are complete and compiled.

- every entry of both .po files has a non-empty msgstr and no ``fuzzy`` flag;
- every translation keeps the msgid's placeholders (``%(name)s``, ``%(count)d``);
- the English msgstr is the msgid itself (English is the source language), except the
  Indonesian role titles, which may be kept;
- the compiled .mo files match the .po files: ``gettext`` under each language returns
  the msgstr of every entry, so a forgotten ``compilemessages`` fails here;
- the login page is in Indonesian by default (whatever the browser sends) and in English
  with the ``django_language=en`` cookie.

After changing strings: ``manage.py makemessages -l id -l en --no-obsolete --no-location
--ignore=.venv --ignore=var --ignore=tests``, translate, ``manage.py compilemessages
--ignore=.venv``.
"""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGS = ["id", "en"]
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
# Role titles are Indonesian words in the msgid; English may keep or translate them.
INDONESIAN_TITLES = {"Koordinator", "Ketua", "Ketua Harian", "Ketua Pengarah"}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))


def messages(lang: str) -> list[polib.POEntry]:
    """The translatable entries; obsolete (``#~``) entries are left out."""
    return [e for e in catalogue(lang) if not e.obsolete]


def label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def msgstrs(entry: polib.POEntry) -> dict[str, str]:
    """The translations by their .po key: ``msgstr``, or ``msgstr[0]``, ``msgstr[1]``..."""
    if entry.msgid_plural:
        return {f"msgstr[{n}]": text for n, text in sorted(entry.msgstr_plural.items())}
    return {"msgstr": entry.msgstr}


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_exists_and_is_not_empty(lang):
    assert (LOCALE_DIR / lang / "LC_MESSAGES" / "django.po").is_file()
    assert (LOCALE_DIR / lang / "LC_MESSAGES" / "django.mo").is_file(), (
        "run `manage.py compilemessages --ignore=.venv`"
    )
    assert len(messages(lang)) > 100


@pytest.mark.parametrize("lang", LANGS)
def test_header(lang):
    po = catalogue(lang)
    assert not po.metadata_is_fuzzy, "a fuzzy header is ignored by msgfmt"
    fields = po.metadata
    assert fields.get("Language") == lang
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    entries = messages(lang)
    untranslated = [label(e) for e in entries if not msgstrs(e) or not all(msgstrs(e).values())]
    fuzzy = [label(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy: {fuzzy}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_entries_have_the_right_number_of_forms(lang):
    expected = {"id": 1, "en": 2}[lang]
    wrong = [label(e) for e in messages(lang) if e.msgid_plural and len(msgstrs(e)) != expected]
    assert not wrong, f"{lang}: plural entries without {expected} form(s): {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang):
    wrong = []
    for e in messages(lang):
        source = e.msgid_plural or e.msgid
        for key, text in msgstrs(e).items():
            # English form 0 is the singular msgid; Indonesian has one form, the plural.
            wanted = _placeholders(e.msgid if key == "msgstr[0]" and lang == "en" else source)
            if _placeholders(text) != wanted:
                wrong.append((label(e), key, text))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


def test_english_catalogue_copies_the_msgid():
    wrong = []
    for e in messages("en"):
        if e.msgid in INDONESIAN_TITLES:
            continue
        if e.msgid_plural:
            expected = {"msgstr[0]": e.msgid, "msgstr[1]": e.msgid_plural}
        else:
            expected = {"msgstr": e.msgid}
        if msgstrs(e) != expected:
            wrong.append(label(e))
    assert not wrong, f"en: msgstr differs from msgid: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_the_po_file(lang):
    """The .mo was compiled from the current .po: gettext returns every msgstr."""
    stale = []
    with translation.override(lang):
        for e in messages(lang):
            if e.msgid_plural:
                plural = e.msgid_plural
                checks = [(1, msgstrs(e)["msgstr[0]"])]
                if lang == "en":
                    checks.append((2, msgstrs(e)["msgstr[1]"]))
                for n, expected in checks:
                    got = (
                        translation.npgettext(e.msgctxt, e.msgid, plural, n)
                        if e.msgctxt is not None
                        else translation.ngettext(e.msgid, plural, n)
                    )
                    if got != expected:
                        stale.append((label(e), n, got, expected))
            else:
                got = (
                    translation.pgettext(e.msgctxt, e.msgid)
                    if e.msgctxt is not None
                    else translation.gettext(e.msgid)
                )
                if got != msgstrs(e)["msgstr"]:
                    stale.append((label(e), got, msgstrs(e)["msgstr"]))
    assert not stale, (
        f"{lang}: the .mo is out of date, run `manage.py compilemessages --ignore=.venv`: {stale}"
    )


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
@pytest.mark.parametrize("lang", LANGS)
def test_msgfmt_check_passes(lang):
    result = subprocess.run(
        [
            "msgfmt",
            "--check",
            "-o",
            "/dev/null",
            str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_domain_terms_in_indonesian():
    """A few terms officials use, as DOMAIN.md asks."""
    with translation.override("id"):
        assert translation.gettext("Dashboard") == "Dasbor"
        assert translation.gettext("Task force") == "Gugus Tugas"
        assert translation.gettext("Founding decree") == "SK pembentukan"
        assert translation.gettext("Secretariat") == "Sekretariat"
        assert translation.gettext("Head of sub-GT") == "Kepala Sub-GT"
        assert translation.gettext("Province of %(name)s") % {"name": "Jawa Barat"} == (
            "Provinsi Jawa Barat"
        )


@pytest.mark.django_db
def test_login_page_is_indonesian_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    body = response.content.decode()
    assert '<html lang="id">' in body
    assert "Masuk" in body
    assert "Log in" not in body


@pytest.mark.django_db
def test_login_page_in_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
    assert "Masuk" not in body


@pytest.mark.django_db
def test_login_page_ignores_an_english_browser(client):
    """Office computers often run English browsers: only the language switch counts."""
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "id"
    assert "Masuk" in response.content.decode()
