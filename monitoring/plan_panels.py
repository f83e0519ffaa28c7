"""What monitoring shows on a plan's page (through ``gugustugas.panels.plan_panels``, so
that ``actionplans`` never imports ``monitoring``): the evaluations of the plan beside its
progress, and the corrective actions kept for its revision."""

from gugustugas import access
from gugustugas.access import Action
from gugustugas.panels import plan_panels
from monitoring.models import Rating
from monitoring.services_forms import actions_for_revision, evaluations_of


@plan_panels.register
def evaluations_panel(request, plan):
    evaluations = list(evaluations_of(plan)[:3])
    can_edit = access.can(request.user, Action.EDIT, plan.task_force)
    if not evaluations and not can_edit:
        return None
    return {
        "template": "monitoring/forms/panel_evaluations.html",
        "plan": plan,
        "evaluations": evaluations,
        "scale": Rating.choices,
        "can_edit": can_edit,
    }


@plan_panels.register
def revision_panel(request, plan):
    actions = list(actions_for_revision(plan))
    if not actions:
        return None
    return {
        "template": "monitoring/forms/panel_revision.html",
        "plan": plan,
        "actions": actions,
    }
