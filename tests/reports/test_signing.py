"""Signing and verifying a report PDF: pyHanko signs, our verifier and poppler's pdfsig
(an independent validator) agree on a good file, a changed byte and an appended edit."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import timezone

from reports import signing
from reports.signing import LocalCertificateSigner, SignerIdentity, SigningError
from reports.verification import Outcome, sha256_of, verify

IDENTITY = SignerIdentity(
    name="Ir. Uji Coba",
    role="Ketua Gugus Tugas PPTPPO Provinsi Jawa Barat",
    location="Bandung",
    verify_url="https://sigt.example.id/verify/abc/",
)


@pytest.fixture(scope="session")
def demo_pki(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signing")
    return directory


@pytest.fixture
def pki(demo_pki, settings):
    settings.REPORT_SIGNING_PKCS12 = str(demo_pki / "demo-signer.p12")
    settings.REPORT_SIGNING_TRUST_ROOTS = str(demo_pki / "demo-ca.pem")
    signing.ensure_demo_certificate(demo_pki)
    return demo_pki


@pytest.fixture(scope="session")
def pdf_bytes():
    from weasyprint import HTML

    return HTML(string="<h1>Laporan Tahunan 2026</h1><p>Isi laporan.</p>").write_pdf()


@pytest.fixture
def signed(pki, pdf_bytes):
    return LocalCertificateSigner().sign(pdf_bytes, IDENTITY)


def test_signed_report_verifies_as_identical(signed):
    verdict = verify(signed, sha256_of(signed))
    assert verdict.outcome == Outcome.IDENTICAL, verdict.reason
    assert "Demo signer" in verdict.signer


def test_one_changed_byte_breaks_the_signature(signed):
    # Find a byte inside the first signed range: the document body before /Contents.
    changed = bytearray(signed)
    changed[200] ^= 0x01
    verdict = verify(bytes(changed), sha256_of(signed))
    assert verdict.outcome == Outcome.INVALID


def test_an_edit_appended_after_signing_is_refused(signed):
    appended = signed + b"\n% appended after signing\n"
    verdict = verify(appended, sha256_of(signed))
    assert verdict.outcome == Outcome.INVALID


def test_another_validly_signed_document_is_different(pki, signed):
    from weasyprint import HTML

    other = LocalCertificateSigner().sign(HTML(string="<p>Lain</p>").write_pdf(), IDENTITY)
    verdict = verify(other, sha256_of(signed))
    assert verdict.outcome == Outcome.DIFFERENT


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"GIF89a not a pdf", "not a PDF"), (b"%PDF-1.7 garbage", "readable")],
)
def test_files_that_are_not_signed_pdfs_are_refused_with_a_reason(pki, data, reason):
    verdict = verify(data, "0" * 64)
    assert verdict.outcome == Outcome.INVALID
    assert reason in verdict.reason


def test_an_unsigned_pdf_is_refused(pki, pdf_bytes):
    verdict = verify(pdf_bytes, sha256_of(pdf_bytes))
    assert verdict.outcome == Outcome.INVALID
    assert "no signature" in verdict.reason


def test_a_certificate_of_another_authority_is_not_trusted(pki, signed, tmp_path, settings):
    other = tmp_path / "other"
    settings.REPORT_SIGNING_PKCS12 = str(other / "demo-signer.p12")
    settings.REPORT_SIGNING_TRUST_ROOTS = str(other / "demo-ca.pem")
    signing.ensure_demo_certificate(other)
    verdict = verify(signed, sha256_of(signed))
    assert verdict.outcome == Outcome.INVALID
    assert "authority" in verdict.reason


def test_wrong_passphrase_is_a_clear_refusal(pki, pdf_bytes):
    with pytest.raises(SigningError, match="passphrase"):
        LocalCertificateSigner(passphrase="wrong").sign(pdf_bytes, IDENTITY)


def test_missing_certificate_file_is_a_clear_refusal(pki, pdf_bytes, tmp_path, settings):
    settings.REPORT_SIGNING_DEMO = False
    with pytest.raises(SigningError, match="missing"):
        LocalCertificateSigner(path=tmp_path / "none.p12").sign(pdf_bytes, IDENTITY)


def test_expired_certificate_does_not_sign(pki, pdf_bytes, monkeypatch):
    later = timezone.now() + datetime.timedelta(days=20 * 365)
    monkeypatch.setattr(signing.timezone, "now", lambda: later)
    with pytest.raises(SigningError, match="expired"):
        LocalCertificateSigner().sign(pdf_bytes, IDENTITY)


def test_signature_carries_a_visible_stamp_on_the_first_page(signed):
    from pypdf import PdfReader

    first = PdfReader(__import__("io").BytesIO(signed)).pages[0]
    widgets = [a.get_object() for a in first.get("/Annots", [])]
    assert any(w.get("/FT") == "/Sig" and w.get("/AP") for w in widgets)


PDFSIG = shutil.which("pdfsig")


def _pdfsig(path, nssdir):
    return subprocess.run(
        [PDFSIG, "-nssdir", f"sql:{nssdir}", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout


@pytest.fixture
def nssdir(pki, tmp_path):
    certutil = shutil.which("certutil")
    if certutil is None:
        pytest.skip("certutil (libnss3-tools) is not installed")
    directory = tmp_path / "nss"
    directory.mkdir()
    subprocess.run([certutil, "-N", "-d", f"sql:{directory}", "--empty-password"], check=True)
    subprocess.run(
        [
            certutil,
            "-A",
            "-d",
            f"sql:{directory}",
            "-n",
            "demo-ca",
            "-t",
            "C,,",
            "-i",
            str(pki / "demo-ca.pem"),
        ],
        check=True,
    )
    return directory


@pytest.mark.skipif(PDFSIG is None, reason="poppler-utils (pdfsig) is not installed")
def test_poppler_pdfsig_agrees(signed, tmp_path, nssdir):
    good = tmp_path / "signed.pdf"
    good.write_bytes(signed)
    output = _pdfsig(good, nssdir)
    assert "Signature is Valid" in output, output
    changed = bytearray(signed)
    changed[200] ^= 0x01
    bad = tmp_path / "changed.pdf"
    bad.write_bytes(bytes(changed))
    assert "Digest Mismatch" in _pdfsig(bad, nssdir)
