"""PLACEHOLDER until the lead's signing module is merged (it replaces this file).

The interface the rest of ``reports`` calls: ``get_signer().sign(pdf_bytes, identity)``
returns the signed bytes or raises ``SigningError`` with a reason for the user.
This stand-in returns the bytes unchanged: it signs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


class SigningError(Exception):
    """The document could not be signed; the message says why."""


@dataclass(frozen=True)
class SignerIdentity:
    name: str
    role: str
    organisation: str
    verify_url: str


class PlaceholderSigner:
    def sign(self, pdf_bytes: bytes, identity: SignerIdentity) -> bytes:
        if not pdf_bytes.startswith(b"%PDF"):
            raise SigningError("not a PDF")
        return pdf_bytes


def get_signer() -> PlaceholderSigner:
    return PlaceholderSigner()
