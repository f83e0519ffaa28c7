"""The one check that keeps personal data out of free text: a note that looks like it
holds a national identity number (NIK, 16 digits) or a phone number is refused.

Used by every free-text field of the monitoring app (the note of a quarterly
submission, and any other note that travels up the tree)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# 16 digits in a row, allowing the spaces, dots or dashes people type between groups.
NIK = re.compile(r"(?<!\d)(?:\d[ .-]?){15}\d(?!\d)")
# Indonesian phone numbers: +62 / 62 / 0, then 8-13 more digits, grouped any way.
PHONE = re.compile(r"(?<![\d+])(?:\+62|62|0)[ .-]?\(?\d{2,4}\)?(?:[ .-]?\d){6,11}(?!\d)")


def no_personal_data(value: str) -> None:
    """Refuse text that looks like it holds a NIK or a phone number."""
    if not value:
        return
    if NIK.search(value):
        raise ValidationError(
            _(
                "This looks like a national identity number (16 digits). Personal data of "
                "victims or anyone else does not belong here: remove it."
            ),
            code="nik",
        )
    if PHONE.search(value):
        raise ValidationError(
            _("This looks like a phone number. Personal contact details do not belong here."),
            code="phone",
        )
