"""The access matrix: every URL pattern of the project, for every role, in and out of scope.

DESIGN.md's access table, as rules:
- a user reads its own task forces and every task force below them (oversight);
- out of read scope an object answers 404; in scope, an action the role may not take 403;
- Sekretariat and Ketua Harian/Ketua Pengarah edit their own task force's data;
- anonymous users are sent to the login page.

Each URL pattern has one row in ``MATRIX``: what kind of access it needs and how to build
its arguments for a target task force. A URL pattern without a row fails
``test_every_url_pattern_is_in_the_matrix``; later issues add rows here.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actionplans.models import PlanStatus, ReviewState
from gugustugas.models import Role
from tests.access.kinds import (
    ADMIN,
    AGENCY_MEMBERS,
    AUTH,
    AUTH_POST,
    EDIT,
    EDIT_POST,
    EDIT_ROLES,
    PUBLIC,
    READ,
    REPORTERS,
    ROLES_GET,
    ROLES_POST,
    SECTION_EDITORS,
    Row,
    _agency,
    _fresh_subgt,
    _membership,
    _person,
    _pk_of_task_force,
    _subgt,
    _tf,
)
from tests.actionplans import builders as b
from tests.conftest import LEVEL_CODES, ROLES

MATRIX: dict[str, Row] = {
    # accounts, language, admin
    "login": Row(PUBLIC),
    "logout": Row(PUBLIC),
    "set_language": Row(PUBLIC),
    "password_change": Row(AUTH),
    "password_change_done": Row(AUTH),
    "admin:*": Row(ADMIN),
    # core
    "dashboard": Row(AUTH),
    "taskforce_list": Row(AUTH),
    "taskforce_detail": Row(READ, _pk_of_task_force),
    "taskforce_history": Row(READ, _pk_of_task_force),
    "taskforce_edit": Row(EDIT, _pk_of_task_force),
    "subgt_create": Row(EDIT, _tf),
    "subgt_edit": Row(EDIT, _subgt),
    "subgt_delete": Row(EDIT_POST, _fresh_subgt),
    # members
    "members:membership_list": Row(READ, _tf),
    "members:membership_create": Row(EDIT, _tf),
    "members:membership_detail": Row(READ, _membership),
    "members:membership_edit": Row(EDIT, _membership),
    "members:membership_end": Row(EDIT, _membership),
    "members:person_edit": Row(EDIT, _person),
    "members:agency_list": Row(READ, _tf),
    "members:agency_create": Row(EDIT, _tf),
    "members:agency_add_defaults": Row(EDIT_POST, _tf),
    "members:agency_edit": Row(EDIT, _agency),
    "members:contact_list": Row(READ, _tf),
    "members:contact_csv": Row(READ, _tf),
    "members:contact_vcard": Row(READ, _tf),
    # action plans
    "actionplans:plan_list": Row(READ, _tf),
    "actionplans:plan_create": Row(EDIT, _tf),
    "actionplans:district_plans": Row(READ, _tf),
    "actionplans:plan_detail": Row(READ, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:plan_edit": Row(EDIT, b.plan_in(PlanStatus.DRAFT)),
    "actionplans:plan_submit": Row(EDIT_POST, b.plan_in(PlanStatus.DRAFT)),
    "actionplans:plan_return": Row(EDIT_POST, b.plan_in(PlanStatus.IN_REVIEW)),
    "actionplans:plan_enact": Row(ROLES_GET, b.plan_in(PlanStatus.IN_REVIEW), {Role.CHAIR}),
    "actionplans:plan_close": Row(EDIT_POST, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:plan_revise": Row(EDIT_POST, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:plan_history": Row(READ, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:plan_compare": Row(READ, b.revised_pair),
    "actionplans:work_plan": Row(READ, b.work_plan_year),
    "actionplans:working_group_add": Row(EDIT, b.plan_in(PlanStatus.DRAFT)),
    "actionplans:working_group_remove": Row(EDIT_POST, b.working_group_member),
    "actionplans:integration_list": Row(READ, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:integration_delete": Row(EDIT_POST, b.integration),
    "actionplans:comment_add": Row(EDIT, b.plan_in(PlanStatus.IN_REVIEW)),
    "actionplans:comment_respond": Row(EDIT, b.plan_comment),
    "actionplans:comment_resolve": Row(EDIT_POST, b.plan_comment),
    "actionplans:section_detail": Row(READ, b.section_of(PlanStatus.ENACTED)),
    "actionplans:objective_add": Row(ROLES_GET, b.section_of(PlanStatus.DRAFT), SECTION_EDITORS),
    "actionplans:activity_create": Row(ROLES_GET, b.section_of(PlanStatus.DRAFT), SECTION_EDITORS),
    "actionplans:activity_detail": Row(READ, b.activity_of(PlanStatus.ENACTED)),
    "actionplans:activity_edit": Row(ROLES_GET, b.activity_of(PlanStatus.DRAFT), SECTION_EDITORS),
    "actionplans:activity_delete": Row(
        ROLES_POST, b.activity_of(PlanStatus.DRAFT), SECTION_EDITORS
    ),
    "actionplans:progress_create": Row(ROLES_GET, b.activity_of(PlanStatus.ENACTED), REPORTERS),
    "actionplans:progress_edit": Row(ROLES_GET, b.report_in(ReviewState.DRAFT), REPORTERS),
    "actionplans:progress_submit": Row(ROLES_POST, b.report_in(ReviewState.DRAFT), REPORTERS),
    "actionplans:progress_accept": Row(
        ROLES_POST, b.report_in(ReviewState.SUBMITTED), {Role.DAILY_CHAIR}
    ),
    "actionplans:progress_return": Row(
        ROLES_POST, b.report_in(ReviewState.SUBMITTED), {Role.DAILY_CHAIR}
    ),
    "actionplans:evidence_download": Row(READ, b.evidence),
    "actionplans:activity_template": Row(READ, b.plan_in(PlanStatus.DRAFT)),
    "actionplans:activity_import": Row(EDIT, b.plan_in(PlanStatus.DRAFT)),
    "actionplans:progress_template": Row(ROLES_GET, b.plan_in(PlanStatus.ENACTED), REPORTERS),
    "actionplans:progress_import": Row(ROLES_GET, b.plan_in(PlanStatus.ENACTED), REPORTERS),
    "actionplans:plan_export": Row(READ, b.plan_in(PlanStatus.ENACTED)),
    "actionplans:work_plan_export": Row(READ, b.work_plan_year),
    # budgets: an agency's members edit their agency's lines; the builders use the
    # <level>_member login's agency.
    "budgets:overview": Row(READ, _tf),
    "budgets:line_list": Row(READ, _tf),
    # Everyone sitting for an agency may propose lines for it.
    "budgets:line_create": Row(ROLES_GET, _tf, frozenset(ROLES)),
    "budgets:forecast": Row(READ, _tf),
    "budgets:calendar": Row(READ, _tf),
    "budgets:calendar_generate": Row(EDIT_POST, b.calendar_year),
    "budgets:advocacy_create": Row(EDIT, _tf),
    "budgets:export": Row(READ, _tf),
    "budgets:line_detail": Row(READ, b.budget_line()),
    "budgets:line_edit": Row(ROLES_GET, b.budget_line(), AGENCY_MEMBERS),
    "budgets:line_delete": Row(ROLES_POST, b.budget_line(), AGENCY_MEMBERS),
    "budgets:line_allocate": Row(EDIT_POST, b.budget_line()),
    "budgets:line_revise": Row(EDIT_POST, b.budget_line("allocated")),
    "budgets:realisation_add": Row(ROLES_POST, b.budget_line("allocated"), AGENCY_MEMBERS),
    "budgets:milestone_done": Row(EDIT_POST, b.milestone),
}


# Rows kept beside the features they cover, merged here.
from tests.access import (  # noqa: E402
    rows_meetings,
    rows_meetings_public,
    rows_minutes,
    rows_monitoring,
    rows_monitoring_forms,
    rows_partners,
    rows_reports,
    rows_training,
)

MATRIX |= (
    rows_partners.ROWS
    | rows_training.ROWS
    | rows_meetings.ROWS
    | rows_meetings_public.ROWS
    | rows_minutes.ROWS
    | rows_monitoring.ROWS
    | rows_reports.ROWS
    | rows_monitoring_forms.ROWS
)


def url_pattern_names(resolver=None, namespace="") -> set[str]:
    """Every named URL pattern of the project; the admin counts as one ("admin:*")."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                names.add("admin:*")
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= url_pattern_names(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(namespace + entry.name)
    return names


def test_every_url_pattern_is_in_the_matrix():
    missing = url_pattern_names() - MATRIX.keys()
    stale = MATRIX.keys() - url_pattern_names()
    assert not missing, f"URL patterns without an access-matrix row: {sorted(missing)}"
    assert not stale, f"Matrix rows for URL patterns that no longer exist: {sorted(stale)}"


ACTORS = ["anonymous", "superuser", "outsider_secretariat"] + [
    f"{level}_{role}" for level in LEVEL_CODES for role in ROLES
]


def actor_task_force(actor: str, tree) -> str | None:
    if actor == "outsider_secretariat":
        return "outsider"
    level = actor.split("_", 1)[0]
    return level if level in LEVEL_CODES else None


def relation(actor: str, target_key: str, tree) -> str:
    """own / above (oversight) / none, between the actor's task force and the target."""
    home = actor_task_force(actor, tree)
    if home is None:
        return "none"
    if home == target_key:
        return "own"
    home_path = tree[home].region.path
    target_path = tree[target_key].region.path
    return "above" if target_path.startswith(home_path + ".") else "none"


def expected_status(kind: str, actor: str, target_key: str, tree, row_roles=frozenset()) -> int:
    if kind == PUBLIC:
        return 200
    if actor == "anonymous":
        return 302
    if kind == AUTH:
        return 200
    if kind == AUTH_POST:
        return 302
    posts = kind in (EDIT_POST, ROLES_POST)
    if actor == "superuser":
        return 302 if posts else 200
    rel = relation(actor, target_key, tree)
    if rel == "none":
        return 404
    if kind == READ:
        return 200
    role = actor.split("_", 1)[1]
    allowed = EDIT_ROLES if kind in (EDIT, EDIT_POST) else row_roles
    if rel == "own" and role in allowed:
        return 302 if posts else 200
    return 403


def request(client, name: str, row: Row, kwargs: dict):
    url = reverse(name, kwargs=kwargs)
    if row.kind in (EDIT_POST, ROLES_POST, AUTH_POST):
        return client.post(url, {"reason": "Lengkapi bukti."})
    if name in ("logout", "set_language"):
        return client.post(url, {"language": "id"})
    return client.get(url)


@pytest.mark.parametrize("name", sorted(n for n in MATRIX if n != "admin:*"))
def test_access_matrix(name, tree, users):
    row = MATRIX[name]
    wrong = []
    clients = {actor: Client() for actor in ACTORS}
    for actor, actor_client in clients.items():
        if actor != "anonymous":
            actor_client.force_login(users[actor])
    posts = row.kind in (EDIT_POST, ROLES_POST, AUTH_POST)
    for target_key in ("province", "outsider"):
        target = tree[target_key]
        # A GET changes nothing, so one set of objects serves every actor; an action
        # gets fresh objects for each request.
        shared = None if posts else row.args(target)
        for actor in ACTORS:
            response = request(clients[actor], name, row, shared or row.args(target))
            want = expected_status(row.kind, actor, target_key, tree, row.roles)
            if name == "logout" or name == "set_language":
                want = 302  # both redirect after their POST, for everyone
            if response.status_code != want:
                wrong.append(f"{actor} on {target_key}: got {response.status_code}, want {want}")
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize(
    "name", sorted(n for n, r in MATRIX.items() if r.kind in (EDIT_POST, ROLES_POST, AUTH_POST))
)
def test_actions_refuse_get(name, client, tree, users):
    client.force_login(users["province_secretariat"])
    url = reverse(name, kwargs=MATRIX[name].args(tree["province"]))
    assert client.get(url).status_code == 405


def test_admin_is_for_superusers_only(client, users):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(users["province_secretariat"])
    assert client.get(url).status_code == 302  # to the admin login: not staff
    client.force_login(users["superuser"])
    assert client.get(url).status_code == 200
