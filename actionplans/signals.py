"""Writes that change a plan's figures forget its cached roll-up
(``actionplans.services.plan_figures``): progress reports (saved, deleted, or moved along
their review by a workflow step: only their activity's row is computed again),
activities, their targets, sections and the plan itself, and the agencies named on its
rows."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from actionplans.models import ActionPlan, Activity, ActivityTarget, ProgressReport, Section
from actionplans.services import invalidate_plan_figures
from gugustugas.workflow import step_taken
from members.models import Agency


def _plan_of(instance) -> int | None:
    if isinstance(instance, ActionPlan):
        return instance.pk
    if isinstance(instance, Section):
        return instance.plan_id
    if isinstance(instance, Activity):
        section = Section.objects.filter(pk=instance.section_id)
    else:  # a target or a progress report
        section = Section.objects.filter(activities=instance.activity_id)
    return section.values_list("plan_id", flat=True).first()


def _forget(sender, instance, **kwargs):
    # A progress report changes one activity's row: only that row is computed again.
    reported = instance.activity_id if isinstance(instance, ProgressReport) else None
    invalidate_plan_figures(_plan_of(instance), reported)


def _forget_agency(sender, instance, **kwargs):
    for plan_id in ActionPlan.objects.filter(task_force_id=instance.task_force_id).values_list(
        "pk", flat=True
    ):
        invalidate_plan_figures(plan_id)


def connect() -> None:
    for model in (ActionPlan, Section, Activity, ActivityTarget, ProgressReport):
        post_save.connect(_forget, sender=model, dispatch_uid=f"rad-figures-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"rad-figures-d-{model.__name__}")
    for model in (ActionPlan, ProgressReport):
        step_taken.connect(_forget_step, sender=model, dispatch_uid=f"rad-step-{model.__name__}")
    post_save.connect(_forget_agency, sender=Agency, dispatch_uid="rad-figures-agency")
    m2m_changed.connect(
        _forget_implementers,
        sender=Activity.implementing_agencies.through,
        dispatch_uid="rad-figures-implementers",
    )


def _forget_implementers(sender, instance, **kwargs):
    if isinstance(instance, Activity):
        _forget(sender, instance)


def _forget_step(sender, obj, **kwargs):
    _forget(sender, obj)
