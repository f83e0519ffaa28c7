"""Checking an uploaded PDF against a signed report: the public verification page's answer.

``verify(pdf_bytes, expected_sha256)`` answers one of three outcomes, with the reason:

- ``IDENTICAL``: the signature is valid, chains to the configured CA, covers the whole
  file, and the file is byte for byte the one the system stored when it was signed;
- ``DIFFERENT``: a valid signature, but another document (another report, another
  version, or a copy signed again);
- ``INVALID``: not a PDF, not signed, or the signature is broken (the content changed
  after signing, something was appended, or the certificate is not the organisation's).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Outcome(models.TextChoices):
    IDENTICAL = "identical", gettext_lazy("Valid and identical")
    DIFFERENT = "different", gettext_lazy("Valid signature, but a different document")
    INVALID = "invalid", gettext_lazy("Not signed, or the signature is broken")


@dataclass(frozen=True)
class Verdict:
    outcome: str
    reason: str
    sha256: str = ""
    signer: str = ""
    signed_at: object = None

    @property
    def label(self) -> str:
        return str(Outcome(self.outcome).label)

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.IDENTICAL


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(pdf_bytes: bytes, expected_sha256: str) -> Verdict:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    from reports.signing import _outside_event_loop, trust_roots

    digest = sha256_of(pdf_bytes)
    if not pdf_bytes:
        return Verdict(Outcome.INVALID, _("The file is empty."), digest)
    if not pdf_bytes.lstrip()[:5].startswith(b"%PDF-"):
        return Verdict(Outcome.INVALID, _("The file is not a PDF."), digest)
    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # a damaged file raises anything from deep in the parser
        return Verdict(Outcome.INVALID, _("The file is not a readable PDF."), digest)
    if not signatures:
        return Verdict(Outcome.INVALID, _("The PDF carries no signature."), digest)
    signature = signatures[-1]
    results = []
    try:
        # pyHanko's synchronous API runs its own event loop (see reports.signing).
        _outside_event_loop(
            lambda: results.append(
                validate_pdf_signature(
                    signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
                )
            )
        )
        status = results[0]
    except (SignatureValidationError, ValueError, KeyError) as error:
        return Verdict(
            Outcome.INVALID,
            _("The signature cannot be validated: %(error)s") % {"error": error},
            digest,
        )
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    signed_at = status.signer_reported_dt
    if not status.intact or not status.valid:
        return Verdict(
            Outcome.INVALID,
            _("The signature is broken: the signed content was changed after signing."),
            digest,
            signer,
            signed_at,
        )
    if status.coverage is None or status.coverage.name != "ENTIRE_FILE":
        return Verdict(
            Outcome.INVALID,
            _("Something was added to the file after it was signed."),
            digest,
            signer,
            signed_at,
        )
    if not status.trusted:
        return Verdict(
            Outcome.INVALID,
            _("The signing certificate was not issued by this system's certificate authority."),
            digest,
            signer,
            signed_at,
        )
    if digest != expected_sha256:
        return Verdict(
            Outcome.DIFFERENT,
            _("The signature is valid, but this is not the document that was published here."),
            digest,
            signer,
            signed_at,
        )
    return Verdict(
        Outcome.IDENTICAL,
        _("The signature is valid and the file is identical to the published one."),
        digest,
        signer,
        signed_at,
    )
