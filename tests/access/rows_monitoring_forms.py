"""Access-matrix rows of the monitoring forms, evaluations, the checklist and the M&E page
(``monitoring/views_forms.py``, ``views_checklist.py``, ``views_overview.py``); merged into
tests/access/test_matrix.py MATRIX.

Everything is read by scope and changed by the secretariat and the steering chair of the
task force (EDIT rows); oversight reads and never edits. Every builder makes fresh rows,
so a POST always finds a draft to finalise and an action to follow up.
"""

from monitoring.models import DocumentStatus
from tests.access.kinds import EDIT, EDIT_POST, READ, Row, _tf
from tests.monitoring.builders_forms import (
    make_action,
    make_assessment,
    make_evaluation,
    make_form,
)


def _form(status=DocumentStatus.DRAFT):
    def build(target):
        return {"pk": make_form(target, status=status).pk}

    return build


def _action(target):
    return {"pk": make_action(make_form(target, status=DocumentStatus.FINAL)).pk}


def _evaluation(rated=False):
    def build(target):
        return {"pk": make_evaluation(target, rated=rated).pk}

    return build


def _assessment(target):
    return {"pk": make_assessment(target).pk}


ROWS: dict = {
    "monitoring:overview": Row(READ, _tf),
    "monitoring:document_list": Row(READ, _tf),
    "monitoring:form_create": Row(EDIT, _tf),
    "monitoring:form_detail": Row(READ, _form(DocumentStatus.FINAL)),
    "monitoring:form_edit": Row(EDIT, _form()),
    "monitoring:form_refresh": Row(EDIT_POST, _form()),
    "monitoring:form_pdf": Row(READ, _form()),
    "monitoring:form_finalise": Row(EDIT_POST, _form()),
    "monitoring:action_to_point": Row(EDIT, _action),
    "monitoring:action_for_revision": Row(EDIT_POST, _action),
    "monitoring:evaluation_create": Row(EDIT, _tf),
    "monitoring:evaluation_detail": Row(READ, _evaluation(rated=True)),
    "monitoring:evaluation_edit": Row(EDIT, _evaluation()),
    "monitoring:evaluation_finalise": Row(EDIT_POST, _evaluation(rated=True)),
    "monitoring:checklist_list": Row(READ, _tf),
    "monitoring:checklist_create": Row(EDIT, _tf),
    "monitoring:checklist_compare": Row(READ, _tf),
    "monitoring:checklist_detail": Row(READ, _assessment),
    "monitoring:checklist_edit": Row(EDIT, _assessment),
}
