"""Signing a report's PDF: one small interface, chosen by configuration.

``get_signer().sign(pdf_bytes, identity) -> signed_bytes`` is all the workflow knows.

- ``LocalCertificateSigner`` signs with pyHanko (PAdES baseline, SHA-256) using the
  PKCS#12 file and passphrase named by ``REPORT_SIGNING_PKCS12`` and
  ``REPORT_SIGNING_PASSPHRASE``, with a trusted timestamp when ``REPORT_SIGNING_TSA_URL`` is
  set. The first page gets a visible stamp (signer, role, date) with a QR code of the
  verification address.
- A certified remote signing service (BSrE, which Indonesian agencies use for legally
  certified electronic signatures) is another implementation with the same method; see
  ``docs/signing.md`` for its shape. ``REPORT_SIGNER`` names the class to use.

For a local run, ``ensure_demo_certificate()`` makes a demonstration CA and signing
certificate once (under ``var/signing/``): they prove the mechanism, not an identity.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

FIELD_NAME = "GugusTugasSignature"


class SigningError(Exception):
    """Signing is not possible; the message says why, for the user. Nothing was signed."""


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs, as printed on the stamp and stored in the signature."""

    name: str
    role: str
    location: str
    verify_url: str
    reason: str = ""


class Signer(Protocol):
    def sign(self, pdf_bytes: bytes, identity: SignerIdentity) -> bytes: ...


def preload() -> None:
    """Import what signing needs (``REPORT_SIGNING_PRELOAD``, on in production)."""
    from pyhanko import stamp  # noqa: F401
    from pyhanko.pdf_utils import incremental_writer, text  # noqa: F401
    from pyhanko.sign import fields, signers, timestamps  # noqa: F401


def get_signer() -> Signer:
    return import_string(settings.REPORT_SIGNER)()


class LocalCertificateSigner:
    """PAdES signature with the organisation's own certificate (a PKCS#12 file)."""

    def __init__(self, path: str | Path | None = None, passphrase: str | None = None):
        self.path = Path(path or settings.REPORT_SIGNING_PKCS12)
        self.passphrase = (
            passphrase if passphrase is not None else settings.REPORT_SIGNING_PASSPHRASE
        )

    def load(self):
        from pyhanko.sign import signers

        if settings.REPORT_SIGNING_DEMO and not self.path.exists():
            ensure_demo_certificate()
        if not self.path.is_file():
            raise SigningError(
                _("The signing certificate file is missing; ask the system administrator.")
            )
        # pyHanko returns None instead of raising for a wrong passphrase or a bad file.
        signer = signers.SimpleSigner.load_pkcs12(
            str(self.path), passphrase=self.passphrase.encode() if self.passphrase else None
        )
        if signer is None:
            raise SigningError(
                _(
                    "The signing certificate could not be opened: the passphrase is wrong or "
                    "the file is damaged."
                )
            )
        cert = signer.signing_cert
        now = timezone.now()
        if cert.not_valid_after < now:
            raise SigningError(
                _("The signing certificate expired on %(date)s; it cannot sign.")
                % {"date": cert.not_valid_after.date().isoformat()}
            )
        if cert.not_valid_before > now:
            raise SigningError(_("The signing certificate is not valid yet."))
        return signer

    def sign(self, pdf_bytes: bytes, identity: SignerIdentity) -> bytes:
        from pyhanko import stamp
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.text import TextBoxStyle
        from pyhanko.sign import fields, signers, timestamps

        signer = self.load()
        timestamper = (
            timestamps.HTTPTimeStamper(settings.REPORT_SIGNING_TSA_URL)
            if settings.REPORT_SIGNING_TSA_URL
            else None
        )
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            name=identity.name,
            location=identity.location,
            reason=identity.reason or identity.role,
        )
        style = stamp.QRStampStyle(
            stamp_text=_("Signed electronically by\n%(signer)s\n%(role)s\n%(ts)s"),
            text_box_style=TextBoxStyle(font_size=7),
            border_width=1,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=signer,
            timestamper=timestamper,
            stamp_style=style,
            new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=(320, 30, 570, 110)),
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes))
        out = io.BytesIO()

        def sign() -> None:
            pdf_signer.sign_pdf(
                writer,
                output=out,
                appearance_text_params={
                    "url": identity.verify_url,
                    "signer": identity.name,
                    "role": identity.role,
                },
            )

        try:
            _outside_event_loop(sign)
        except Exception as error:  # pyHanko raises many kinds; the user needs one message
            raise SigningError(
                _("The document could not be signed: %(error)s") % {"error": error}
            ) from error
        return out.getvalue()


def _outside_event_loop(work) -> None:
    """Run ``work`` where ``asyncio.run`` may be called: pyHanko's synchronous API starts
    its own event loop, which fails in a thread that already runs one (an ASGI server,
    Playwright's sync API in the browser tests); such a caller gets a short-lived thread."""
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # handed back to the caller's thread
            errors.append(error)

    thread = threading.Thread(target=run, name="report-signing")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def trust_roots() -> list:
    """The certificates a report's signature must chain to (the configured CA)."""
    from pyhanko.keys import load_certs_from_pemder

    path = Path(settings.REPORT_SIGNING_TRUST_ROOTS)
    if settings.REPORT_SIGNING_DEMO and not path.exists():
        ensure_demo_certificate()
    if not path.is_file():
        return []
    return list(load_certs_from_pemder([str(path)]))


def ensure_demo_certificate(directory: Path | None = None, *, valid_days: int = 3 * 365) -> Path:
    """Make the demonstration CA and signing certificate once; return the PKCS#12 path.

    For a local run and the tests only: the certificate names say so."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory = Path(directory or Path(settings.REPORT_SIGNING_PKCS12).parent)
    p12_path = directory / Path(settings.REPORT_SIGNING_PKCS12).name
    ca_path = directory / Path(settings.REPORT_SIGNING_TRUST_ROOTS).name
    if p12_path.exists() and ca_path.exists():
        return p12_path
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)

    def name(common: str):
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SIGT-PPTPPO DEMONSTRATION ONLY"),
                x509.NameAttribute(NameOID.COMMON_NAME, common),
            ]
        )

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = name("Demo CA - not for legal use")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=10 * 365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("Demo signer - Gugus Tugas PPTPPO"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"demo-signer",
        key,
        cert,
        [ca],
        serialization.BestAvailableEncryption(settings.REPORT_SIGNING_PASSPHRASE.encode()),
    )
    p12_path.write_bytes(p12)
    p12_path.chmod(0o600)
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return p12_path
