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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGS = ["id", "en"]
PLURAL_FORMS = {"id": "nplurals=1; plural=0;", "en": "nplurals=2; plural=(n != 1);"}
# Role titles are Indonesian words in the msgid; English may keep or translate them.
INDONESIAN_TITLES = {"Koordinator", "Ketua", "Ketua Harian", "Ketua Pengarah"}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgctxt(self) -> str | None:
        return self.fields.get("msgctxt")

    @property
    def msgstrs(self) -> dict[str, str]:
        return {k: v for k, v in self.fields.items() if k.startswith("msgstr")}

    @property
    def label(self) -> str:
        return f"{self.msgctxt}|{self.msgid}" if self.msgctxt is not None else self.msgid


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header first; obsolete (``#~``) entries are skipped."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry()
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.fields[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            entry.fields[key] = _unquote(rest)
    return entries


def catalogue(lang: str) -> list[Entry]:
    return parse_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")


def messages(lang: str) -> list[Entry]:
    """The translatable entries, without the header."""
    return [e for e in catalogue(lang) if e.msgid]


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
    header = catalogue(lang)[0]
    assert header.msgid == "", "the first entry of a .po file is its header"
    assert "fuzzy" not in header.flags, "a fuzzy header is ignored by msgfmt"
    fields = dict(
        line.split(": ", 1) for line in header.fields["msgstr"].splitlines() if ": " in line
    )
    assert fields.get("Language") == lang
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == PLURAL_FORMS[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    entries = messages(lang)
    untranslated = [e.label for e in entries if not all(e.msgstrs.values()) or not e.msgstrs]
    fuzzy = [e.label for e in entries if "fuzzy" in e.flags]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated: {untranslated}"
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy: {fuzzy}"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_entries_have_the_right_number_of_forms(lang):
    expected = {"id": 1, "en": 2}[lang]
    wrong = [
        e.label for e in messages(lang) if "msgid_plural" in e.fields and len(e.msgstrs) != expected
    ]
    assert not wrong, f"{lang}: plural entries without {expected} form(s): {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_placeholders(lang):
    wrong = []
    for e in messages(lang):
        source = e.fields.get("msgid_plural", e.msgid)
        for key, text in e.msgstrs.items():
            # English form 0 is the singular msgid; Indonesian has one form, the plural.
            wanted = _placeholders(e.msgid if key == "msgstr[0]" and lang == "en" else source)
            if _placeholders(text) != wanted:
                wrong.append((e.label, key, text))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


def test_english_catalogue_copies_the_msgid():
    wrong = []
    for e in messages("en"):
        if e.msgid in INDONESIAN_TITLES:
            continue
        if "msgid_plural" in e.fields:
            expected = {"msgstr[0]": e.msgid, "msgstr[1]": e.fields["msgid_plural"]}
        else:
            expected = {"msgstr": e.msgid}
        if e.msgstrs != expected:
            wrong.append(e.label)
    assert not wrong, f"en: msgstr differs from msgid: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogue_matches_the_po_file(lang):
    """The .mo was compiled from the current .po: gettext returns every msgstr."""
    stale = []
    with translation.override(lang):
        for e in messages(lang):
            if "msgid_plural" in e.fields:
                plural = e.fields["msgid_plural"]
                checks = [(1, e.msgstrs["msgstr[0]"])]
                if lang == "en":
                    checks.append((2, e.msgstrs["msgstr[1]"]))
                for n, expected in checks:
                    got = (
                        translation.npgettext(e.msgctxt, e.msgid, plural, n)
                        if e.msgctxt is not None
                        else translation.ngettext(e.msgid, plural, n)
                    )
                    if got != expected:
                        stale.append((e.label, n, got, expected))
            else:
                got = (
                    translation.pgettext(e.msgctxt, e.msgid)
                    if e.msgctxt is not None
                    else translation.gettext(e.msgid)
                )
                if got != e.msgstrs["msgstr"]:
                    stale.append((e.label, got, e.msgstrs["msgstr"]))
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
