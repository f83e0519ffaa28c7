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


@dataclass(frozen=True)
class Row:
    kind: str
    args: Callable = _none
    roles: frozenset = frozenset()
