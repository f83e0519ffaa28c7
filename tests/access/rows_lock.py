"""Access-matrix rows of issue 15's pages (re-authentication before signing); merged into
tests/access/test_matrix.py MATRIX."""

from tests.access.kinds import AUTH, GET_POST, Row

ROWS = {
    # Any logged-in user confirms their own password; the matrix's POST carries none, so
    # the form comes back with its error and nothing is written.
    "reauthenticate": Row(AUTH, methods=GET_POST),
}
