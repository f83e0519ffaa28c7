"""The access matrix: every URL pattern of the project, for every role, in and out of scope.

DESIGN.md's access table, as rules:
- a user reads its own task forces and every task force below them (oversight);
- out of read scope an object answers 404; in scope, an action the role may not take 403;
- Sekretariat and Ketua Harian/Ketua Pengarah edit their own task force's data;
- anonymous users are sent to the login page.

Each URL pattern has one row in ``MATRIX``: what kind of access it needs and how to build
its arguments for a target task force. A URL pattern without a row fails
``test_every_url_pattern_is_in_the_matrix``; later issues add rows here.

Every URL is tried with GET and with POST. A method it accepts goes to every actor on a
target in and out of their scope; one it does not accept must answer 405. A trigger on
every table (``tests/written.py``) tells which tables each request wrote: a refused
request and a GET write nothing, an allowed action writes something (a redirect with an
error message is not success), a form sent back with errors writes nothing. The users and
their sessions are built once (``tests/conftest.py``, ``actor_sessions``).
"""

import itertools

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actionplans.models import PlanStatus, ReviewState
from gugustugas import defaults
from gugustugas.models import Role
from members.models import Agency
from tests.access.kinds import (
    ADMIN,
    AGENCY_MEMBERS,
    AUTH,
    AUTH_POST,
    EDIT,
    EDIT_POST,
    EDIT_ROLES,
    GET,
    GET_ONLY,
    GET_POST,
    POST,
    POST_ONLY,
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
from tests.conftest import LEVEL_CODES, ROLES, SHARED
from tests.written import take, track, untrack

_years = itertools.count(2030)


def _calendar_year_not_generated(target):
    # Generating a year's calendar twice adds nothing: each request gets its own year.
    return {"tf": target.pk, "year": next(_years)}


def _tf_without_default_agencies(target):
    # Adding the default agencies twice adds nothing: remove those nobody sits for.
    Agency.objects.filter(
        task_force=target, short_name__in=DEFAULT_SHORT_NAMES, memberships__isnull=True
    ).delete()
    return {"tf": target.pk}


DEFAULT_SHORT_NAMES = {short for level in defaults.MEMBER_AGENCIES.values() for _n, short in level}

MATRIX: dict[str, Row] = {
    # accounts, language, admin
    "login": Row(PUBLIC, methods=GET_POST),
    "logout": Row(PUBLIC, methods=POST_ONLY),
    "set_language": Row(PUBLIC, methods=GET_POST),
    "password_change": Row(AUTH, methods=GET_POST),
    "password_change_done": Row(AUTH),
    "twofactor_status": Row(AUTH),
    # Opening the set-up page makes the (unconfirmed) device; a wrong code counts a failure.
    "twofactor_setup": Row(AUTH, methods=GET_POST, get_writes=True),
    "twofactor_verify": Row(AUTH, methods=GET_POST, get_writes=True),
    # New codes need a verified session: the shared sessions are not, so nothing is made.
    "twofactor_recovery_codes": Row(AUTH_POST, changes=False),
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
    "members:agency_add_defaults": Row(EDIT_POST, _tf_without_default_agencies),
    "members:agency_edit": Row(EDIT, _agency),
    "members:contact_list": Row(READ, _tf),
    "members:contact_csv": Row(READ, _tf),
    "members:contact_vcard": Row(READ, _tf),
    # action plans
    "actionplans:plan_list": Row(READ, _tf),
    "actionplans:plan_create": Row(EDIT, _tf),
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
    # The list page's form adds a record: its POST is an edit.
    "actionplans:integration_list": Row(
        READ, b.plan_in(PlanStatus.ENACTED), methods=GET_POST, post=EDIT
    ),
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
    "actionplans:progress_template": Row(
        ROLES_GET, b.plan_in(PlanStatus.ENACTED), REPORTERS, methods=GET_ONLY
    ),
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
    "budgets:calendar_generate": Row(EDIT_POST, _calendar_year_not_generated),
    "budgets:advocacy_create": Row(EDIT, _tf),
    "budgets:export": Row(READ, _tf),
    "budgets:line_detail": Row(READ, b.budget_line()),
    "budgets:line_edit": Row(ROLES_GET, b.budget_line(), AGENCY_MEMBERS),
    "budgets:line_delete": Row(ROLES_POST, b.budget_line(), AGENCY_MEMBERS),
    "budgets:line_allocate": Row(EDIT_POST, b.budget_line()),
    "budgets:line_revise": Row(EDIT_POST, b.budget_line("allocated")),
    "budgets:realisation_add": Row(
        ROLES_POST,
        b.budget_line("allocated"),
        AGENCY_MEMBERS,
        data={"quarter": 1, "amount": "1000000"},
    ),
    "budgets:milestone_done": Row(EDIT_POST, b.milestone),
}


# Rows kept beside the features they cover, merged here.
from tests.access import (  # noqa: E402
    rows_inbox,
    rows_lock,
    rows_meetings,
    rows_meetings_public,
    rows_minutes,
    rows_monitoring,
    rows_monitoring_forms,
    rows_partners,
    rows_passkey,
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
    | rows_inbox.ROWS
    | rows_lock.ROWS
    | rows_passkey.ROWS
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
POST_KINDS = (EDIT_POST, ROLES_POST, AUTH_POST)
FORM_KINDS = (EDIT, ROLES_GET, AUTH)  # a page whose POST submits its form
DEFAULT_DATA = {"reason": "Lengkapi bukti."}


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
    posts = kind in POST_KINDS
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


def refused(kind: str, actor: str, status: int) -> bool:
    """A refusal: out of scope, not allowed, or sent to the login page."""
    return status in (403, 404, 405) or (status == 302 and actor == "anonymous" and kind != PUBLIC)


def send(client, method: str, url: str, row: Row):
    if method == GET:
        return client.get(url)
    return client.post(url, row.data if row.data is not None else DEFAULT_DATA)


def check_write(row: Row, method: str, status: int, want: int, actor: str, writes: list) -> str:
    """What is wrong with what the request wrote (``writes``: the tables written), or ''.

    Refused: nothing. A GET: nothing. An allowed action: something (unless the row says
    it legitimately writes nothing). A form sent back with errors (200): nothing; one that
    redirects (accepted): something."""
    kind = row.kind_of(method)
    if refused(kind, actor, want):
        return f"refused, yet wrote {writes}" if writes else ""
    if method == GET or kind not in POST_KINDS + FORM_KINDS:
        return f"a {method} of a page wrote {writes}" if writes and not row.get_writes else ""
    if kind in POST_KINDS:
        if row.changes and not writes:
            return "allowed, yet wrote nothing (refused after the access checks?)"
        return ""
    if status == 302 and not writes:
        return "redirected after the form, yet wrote nothing"
    if status == 200 and writes:
        return f"answered the form with errors, yet wrote {writes}"
    return ""


@pytest.fixture(scope="module")
def actor_sessions(django_db_setup, django_db_blocker):
    """A session for every actor, made once for the module (a login per actor per URL
    was a good part of the matrix's time)."""
    with django_db_blocker.unblock():
        sessions = {}
        for actor in ACTORS[1:]:
            client = Client()
            client.force_login(get_user_model().objects.get(pk=SHARED["users"][actor]))
            sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return sessions


@pytest.fixture(autouse=True)
def logins_stay_fresh(settings):
    """The sessions above are made once for the module, which runs longer than the
    re-authentication window of signing; that window has its own tests
    (tests/reports/test_reauth.py)."""
    settings.REAUTH_MAX_AGE = 24 * 3600


@pytest.fixture
def clients(actor_sessions, users):
    result = {"anonymous": Client()}
    for actor in ACTORS[1:]:
        result[actor] = Client()
        result[actor].cookies[settings.SESSION_COOKIE_NAME] = actor_sessions[actor]
    return result


def problem_with(
    name: str, row: Row, method: str, actor: str, target_key: str, tree, got: int, writes: list
) -> str:
    """What is wrong with one request's status and writes, or ''."""
    kind = row.kind_of(method)
    want = expected_status(kind, actor, target_key, tree, row.roles)
    if name in ("logout", "set_language"):
        want = 302  # both redirect, for everyone
    if row.status is not None and not refused(kind, actor, want):
        want = row.status
    ok = got == want or (method == POST and want == 200 and kind in FORM_KINDS and got == 302)
    if not ok:
        return f"got {got}, want {want}"
    return "" if kind == PUBLIC else check_write(row, method, got, want, actor, writes)


@pytest.fixture(scope="module")
def written(django_db_setup, django_db_blocker):
    """The tables each request wrote (``take()``), for the module: the triggers are
    committed before its first test and removed after its last."""
    with django_db_blocker.unblock():
        track()
    yield take
    with django_db_blocker.unblock():
        untrack()


@pytest.mark.parametrize("name", sorted(n for n in MATRIX if n != "admin:*"))
def test_access_matrix(name, tree, clients, written):
    """Every actor, in and out of scope, with every method the URL accepts; and what it
    wrote. A method the URL does not accept answers 405 and writes nothing."""
    row = MATRIX[name]
    wrong = []
    for target_key in ("province", "outsider"):
        target = tree[target_key]
        # Objects are shared until a request writes something; then built again (what
        # building wrote is forgotten: ``written()``).
        kwargs, _ = row.args(target), written()
        for actor in ACTORS:
            for method in sorted(row.accepted):
                got = send(clients[actor], method, reverse(name, kwargs=kwargs), row).status_code
                writes = sorted(written())
                if problem := problem_with(name, row, method, actor, target_key, tree, got, writes):
                    wrong.append(f"{method} {actor} on {target_key}: {problem}")
                if writes:
                    kwargs, _ = row.args(target), written()
    # One actor in scope for the methods the URL does not accept.
    for method in sorted({GET, POST} - row.accepted):
        kwargs, _ = row.args(tree["province"]), written()
        got = send(clients["province_secretariat"], method, reverse(name, kwargs=kwargs), row)
        if got.status_code != 405:
            wrong.append(f"{method} province_secretariat: got {got.status_code}, want 405")
        elif writes := sorted(written()):
            wrong.append(f"{method} province_secretariat: answered 405, yet wrote {writes}")
    assert not wrong, f"{name}:\n  " + "\n  ".join(wrong)


def test_admin_is_for_superusers_only(client, users):
    url = reverse("admin:index")
    assert client.get(url).status_code == 302
    client.force_login(users["province_secretariat"])
    assert client.get(url).status_code == 302  # to the admin login: not staff
    client.force_login(users["superuser"])
    assert client.get(url).status_code == 200
