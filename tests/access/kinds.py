"""The vocabulary of the access matrix: kinds of access, role sets and argument builders
shared by every row module (``tests/access/rows_*.py``) and ``test_matrix.py``."""

from collections.abc import Callable
from dataclasses import dataclass

from gugustugas.models import Role, SubTaskForce
from tests.conftest import AgencyFactory, make_member

READ, EDIT, EDIT_POST, AUTH, PUBLIC, ADMIN = "read", "edit", "edit_post", "auth", "public", "admin"
ROLES_GET, ROLES_POST = "roles_get", "roles_post"  # allowed for ``Row.roles`` on its own task force
AUTH_POST = "auth_post"  # a POST action for any logged-in user (its own settings): 302
EDIT_ROLES = frozenset({Role.SECRETARIAT, Role.DAILY_CHAIR})
# The builders below put activities in the sub-GT of the <level>_subgt_head login, with
# the <level>_member login's agency responsible.
SECTION_EDITORS = EDIT_ROLES | {Role.SUBGT_HEAD}
REPORTERS = SECTION_EDITORS | {Role.MEMBER}
AGENCY_MEMBERS = EDIT_ROLES | {Role.MEMBER}


def _tf(target):
    return {"tf": target.pk}


def _pk_of_task_force(target):
    return {"pk": target.pk}


def _membership(target):
    return {"pk": make_member(target, Role.MEMBER).pk}


def _person(target):
    return {"pk": make_member(target, Role.MEMBER).person_id}


def _agency(target):
    return {"pk": AgencyFactory(task_force=target).pk}


def _subgt(target):
    return {"pk": target.subgts.first().pk}


def _fresh_subgt(target):
    # Deleting must find something to delete on every request.
    return {"pk": SubTaskForce.objects.create(task_force=target, kind="other").pk}


def _none(target):
    return {}


GET, POST = "GET", "POST"
GET_ONLY, POST_ONLY, GET_POST = frozenset({GET}), frozenset({POST}), frozenset({GET, POST})
# The methods a kind of row accepts, unless the row names its own: a page answers GET,
# a form GET and POST, an action POST only. The matrix tries GET and POST on every URL.
KIND_METHODS = {
    READ: frozenset({GET}),
    AUTH: frozenset({GET}),
    PUBLIC: frozenset({GET}),
    EDIT: frozenset({GET, POST}),
    ROLES_GET: frozenset({GET, POST}),
    EDIT_POST: frozenset({POST}),
    ROLES_POST: frozenset({POST}),
    AUTH_POST: frozenset({POST}),
}


@dataclass(frozen=True)
class Row:
    """One URL pattern of the matrix: its kind of access, how to build its URL arguments
    for a target task force, and the roles of a ``ROLES_*`` kind.

    Optional: ``methods`` it accepts when not those of its kind; ``data``, the body of its
    POST (else a reason, which most actions ask for); ``changes=False`` when an allowed
    POST of ``data`` legitimately writes nothing (an allowed action must otherwise change
    the database, so a redirect with an error message does not pass for success);
    ``get_writes`` when its GET may write (the calendar page makes the user's key);
    ``post``, the kind of its POST when not its own (a list page whose form adds a row);
    ``status``, the answer to an actor who is let through when not that of its kind (a
    JSON endpoint's 200 or 400; 404 for an object only its owner, no actor, may reach)."""

    kind: str
    args: Callable = _none
    roles: frozenset = frozenset()
    methods: frozenset | None = None
    data: dict | None = None
    changes: bool = True
    get_writes: bool = False
    post: str | None = None
    status: int | None = None

    def kind_of(self, method: str) -> str:
        return self.post if method == POST and self.post else self.kind

    @property
    def accepted(self) -> frozenset:
        return self.methods if self.methods is not None else KIND_METHODS[self.kind]
