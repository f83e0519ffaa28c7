"""Access-matrix rows of passkeys (``gugustugas/passkeys.py``); merged into
tests/access/test_matrix.py MATRIX.

The four WebAuthn ceremonies answer JSON to any logged-in user (anyone else goes to the
login page): a beginning 200 with its options, a completion without a beginning 400 (no
state in the session). A passkey is named or removed by its owner only: for everyone
else, in any task force, it does not exist (404). The owner's own cases are in
tests/gugustugas/test_passkeys.py."""

import os

from django_otp_webauthn.models import WebAuthnCredential

from tests.access.kinds import AUTH_POST, PUBLIC, Row
from tests.conftest import UserFactory


def _someone_elses_passkey(target):
    owner = UserFactory()
    passkey = WebAuthnCredential.objects.create(
        user=owner, name="Laptop", credential_id=os.urandom(32), public_key=b"-"
    )
    return {"pk": passkey.pk}


ROWS: dict = {
    "otp_webauthn:credential-registration-begin": Row(AUTH_POST, status=200, changes=False),
    "otp_webauthn:credential-registration-complete": Row(AUTH_POST, status=400, changes=False),
    "otp_webauthn:credential-authentication-begin": Row(AUTH_POST, status=200, changes=False),
    "otp_webauthn:credential-authentication-complete": Row(AUTH_POST, status=400, changes=False),
    # The scripts' messages in the user's language: the same for everyone.
    "otp_webauthn:js-i18n-catalog": Row(PUBLIC),
    "passkey_name": Row(AUTH_POST, _someone_elses_passkey, status=404, changes=False),
    "passkey_remove": Row(AUTH_POST, _someone_elses_passkey, status=404, changes=False),
}
