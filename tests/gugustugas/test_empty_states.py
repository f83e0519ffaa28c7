"""Issue 13 item 10: a list with nothing in it says what belongs there and what to do next.

Every list page of a task force shows the shared empty state
(``templates/includes/empty_state.html``) when the task force has nothing yet: its action
for a role that may take it (the page's own permission check decides), a neutral sentence
and no action for a reader.

The pages are derived from the URL patterns, as the access matrix and the query-count test
(``tests/perf/test_query_counts.py``) do: every pattern whose matrix row is a page read on
one task force (``READ``, GET, the ``tf`` argument only) that answers HTML is in
``ACTIONS`` (the actions its empty states offer) or in ``NOT_A_LIST`` (why not). A new
list page in neither fails ``test_every_list_page_has_an_empty_state_row``.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse

from gugustugas.models import Role
from tests.access.kinds import READ, _tf
from tests.access.test_matrix import MATRIX
from tests.conftest import make_member
from tests.e2e.pages import DOWNLOAD, EXCLUDED

# The URL names of the actions a page's empty states offer to whoever may take them
# ("#id" for a form further down the same page); an empty set: nothing to do there.
ACTIONS: dict[str, set[str]] = {
    "actionplans:plan_list": {"actionplans:plan_create"},
    "budgets:calendar": {"budgets:calendar_generate"},
    "budgets:line_list": {"budgets:line_create"},
    "budgets:overview": {"budgets:line_create"},
    "meetings:action_point_list": set(),
    "meetings:meeting_list": {"meetings:meeting_create"},
    "members:agency_list": {"members:agency_create"},
    "members:contact_list": {"members:membership_create"},
    "members:induction": {"members:induction_item_create"},
    "members:membership_list": {"members:membership_create"},
    "members:mou_list": {"members:mou_create"},
    "members:needs_survey_results": {"members:needs_survey_answer"},
    "members:partner_list": {"members:partner_create"},
    "members:partner_map": {"members:partner_create"},
    "members:training_list": {"members:training_create"},
    "monitoring:checklist_compare": set(),
    "monitoring:checklist_list": {"monitoring:checklist_create"},
    "monitoring:document_list": {"monitoring:form_create", "monitoring:evaluation_create"},
    "monitoring:overview": {
        "monitoring:checklist_create",
        "monitoring:form_create",
        "monitoring:evaluation_create",
    },
    "monitoring:statistics_home": {"#id_year"},
    "reports:report_list": {"reports:report_create"},
}

NOT_A_LIST = {
    "budgets:forecast": "a calculator form: nothing is listed on it",
}

# Pages that list the viewer's own seat (the seat of a secretariat of the task force):
# there the permitted role is the system administrator, who sits on no task force.
LISTS_THE_VIEWER = {"members:agency_list", "members:contact_list", "members:membership_list"}

EMPTY_STATE = 'data-test="empty-state"'
ACTION_LINK = re.compile(r'<a class="btn[^"]*" href="([^"]*)" data-test="empty-state-action">')
ACTION_FORM = re.compile(r'<form method="post" action="([^"]*)" class="empty-state-action')


def list_pages() -> set[str]:
    return {
        name
        for name, row in MATRIX.items()
        if row.kind == READ
        and "GET" in row.accepted
        and row.args is _tf
        and EXCLUDED.get(name) != DOWNLOAD
    }


def test_every_list_page_has_an_empty_state_row():
    missing = list_pages() - ACTIONS.keys() - NOT_A_LIST.keys()
    stale = (ACTIONS.keys() | NOT_A_LIST.keys()) - list_pages()
    assert not missing, f"List pages without an empty-state row (ACTIONS): {sorted(missing)}"
    assert not stale, f"Rows for pages that are no longer list pages: {sorted(stale)}"


def actions_on(html: str) -> set[str]:
    """The URL names (or in-page anchors) of the empty states' actions on a page."""
    found = set()
    for href in ACTION_LINK.findall(html) + ACTION_FORM.findall(html):
        found.add(href if href.startswith("#") else resolve(urlsplit(href).path).view_name)
    return found


@pytest.fixture
def empty(tree):
    """Kota Bandung: a task force with nothing recorded, and no login of the shared ones."""
    return tree["sibling"]


@pytest.fixture
def secretariat(empty, login):
    membership = make_member(empty, Role.SECRETARIAT, username="empty_secretariat")
    return login(membership.person.user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_empty_list_offers_its_action_to_whoever_may_take_it(name, empty, request, login, users):
    if name in LISTS_THE_VIEWER:
        client = login(users["superuser"])
    else:
        client = request.getfixturevalue("secretariat")
    response = client.get(reverse(name, args=[empty.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert EMPTY_STATE in html, f"{name}: no shared empty state on an empty task force"
    assert actions_on(html) == ACTIONS[name]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_empty_list_tells_a_reader_who_acts_without_the_button(name, empty, login, users):
    # The province's secretariat reads the district below (oversight) but edits nothing there.
    response = login(users["province_secretariat"]).get(reverse(name, args=[empty.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert EMPTY_STATE in html, f"{name}: no shared empty state on an empty task force"
    assert actions_on(html) == set(), f"{name}: a reader is offered an action"
    if ACTIONS[name]:
        assert 'data-test="empty-state-other"' in html, f"{name}: no sentence for a reader"


@pytest.mark.django_db
def test_filters_that_hide_everything_offer_to_clear_them(empty, secretariat):
    response = secretariat.get(reverse("members:partner_list", args=[empty.pk]), {"q": "zzz"})
    html = response.content.decode()
    assert 'data-test="empty-state-clear"' in html
    assert actions_on(html) == set()


@pytest.mark.django_db
def test_nothing_waiting_in_my_work_says_what_will_show_there(secretariat):
    html = secretariat.get(reverse("inbox")).content.decode()
    assert EMPTY_STATE in html
    assert "inbox-item" not in html


@pytest.mark.django_db
def test_dashboard_of_a_task_force_without_a_plan_offers_to_create_it(empty, secretariat):
    html = secretariat.get(reverse("dashboard")).content.decode()
    assert 'data-test="no-plan"' in html
    assert "actionplans:plan_create" in actions_on(html)


@pytest.mark.django_db
def test_task_force_page_without_former_members_says_so(empty, secretariat):
    html = secretariat.get(reverse("taskforce_detail", args=[empty.pk])).content.decode()
    assert EMPTY_STATE in html


@pytest.mark.django_db
def test_public_portal_with_no_match_offers_to_clear_the_search(client):
    html = client.get(reverse("reports:portal"), {"q": "zzz-no-such-region"}).content.decode()
    assert EMPTY_STATE in html
    assert 'data-test="empty-state-clear"' in html


@pytest.mark.django_db
def test_plan_without_activities_says_how_they_are_added(tree, login, users):
    from tests.actionplans.builders import head_section, make_plan

    plan = make_plan(tree["province"], activities=0)
    section = head_section(plan)
    editor = login(users["province_secretariat"])
    page = editor.get(reverse("actionplans:section_detail", args=[section.pk])).content.decode()
    assert EMPTY_STATE in page
    assert actions_on(page) == {"actionplans:activity_create"}
    plan_page = editor.get(reverse("actionplans:plan_detail", args=[plan.pk])).content.decode()
    assert EMPTY_STATE in plan_page  # one rendering for every reader: no button of its own
    reader = login(users["province_member"])
    page = reader.get(reverse("actionplans:section_detail", args=[section.pk])).content.decode()
    assert actions_on(page) == set()
    assert 'data-test="empty-state-other"' in page
