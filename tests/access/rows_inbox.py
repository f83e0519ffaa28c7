"""Access-matrix rows of "Tugas saya" and the oversight tables (``gugustugas/views_inbox.py``,
``gugustugas/views_oversight.py``); merged into tests/access/test_matrix.py MATRIX.

"My work" lists only the user's own items, so any logged-in user opens it. An oversight
table is read by whoever reads the task force above (its own members and every level
above it); out of scope it is 404 like the task force's page."""

from tests.access.kinds import AUTH, READ, Row


def _table(module):
    def build(target):
        return {"tf": target.pk, "module": module}

    return build


ROWS: dict = {
    "inbox": Row(AUTH),
    "inbox_count": Row(AUTH),
    "oversight": Row(READ, _table("plans")),
    "oversight_xlsx": Row(READ, _table("meetings")),
}
