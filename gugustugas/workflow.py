"""The one workflow mechanism: every state machine of the project is declared with it.

A model declares its steps once, as a ``Workflow`` on the class::

    class ProgressReport(WorkflowMixin, models.Model):
        workflow = Workflow(
            "review_state",
            url_prefix="actionplans:progress",
            steps=[
                Step("submit", (DRAFT, RETURNED), SUBMITTED, _("Submit"), may=can_report),
                Step("accept", SUBMITTED, ACCEPTED, _("Accept"),
                     may=role(Action.REVIEW_SUBMISSION), not_by=("submit",)),
                Step("return", SUBMITTED, RETURNED, _("Return"),
                     may=role(Action.REVIEW_SUBMISSION), note_required=True),
            ],
        )

The mechanism then

- answers which steps a user may take now (``obj.steps_for(user)``; templates loop over
  that through ``{% workflow_steps obj as steps %}`` and ``includes/workflow_steps.html``,
  so no template or view tests a state again);
- runs a step (``obj.take("accept", user, note=...)``) in ``transaction.atomic`` with
  ``select_for_update`` on the row, re-checks the state, the permission, the
  segregation of duties and the guard *under the lock* (two simultaneous POSTs cannot both
  pass), applies the step's effect, counts one more version of a ``VersionedModel`` (an
  edit form opened before the step is refused as stale after it), saves, and writes one
  ``WorkflowRecord`` (who, when, from, to, note) that the object's page shows as its
  timeline;
- sends ``step_taken`` after the transaction commits, for e-mails through the task queue.

Refusals: a step that does not fit the state, a missing reason, a guard that fails or a
user acting on their own submission raise ``TransitionError`` (the view shows its
message); a role that may not take the step at all raises ``PermissionDenied`` (403).
``WorkflowStepView`` (in ``gugustugas.generic``) is the one view for every step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext as _

from gugustugas.concurrency import bump

if TYPE_CHECKING:
    from django import forms

    from gugustugas.access import Action


class TransitionError(Exception):
    """A workflow step that is not allowed now; the message says why, for the user."""


# Sent on commit after every step: sender=model class, obj, step (Step), record, user.
step_taken = Signal()

Permission = Callable[[Any, models.Model], bool]


def role(*actions: Action) -> Permission:
    """The user's role on the object's task force allows one of ``actions``."""
    from gugustugas import access

    def may(user, obj) -> bool:
        task_force = access.task_force_of(obj)
        return any(access.can(user, action, task_force) for action in actions)

    may.actions = actions  # for the second-factor check of the step's view
    return may


@dataclass(frozen=True)
class Step:
    """One transition: from ``source`` states to ``target``, taken by whom ``may`` allows.

    - ``guard(obj, **params)`` raises ``TransitionError`` when the data forbids the step
      (open review comments, breakdowns that do not add up); it runs under the row lock.
    - ``effect(obj, user, note=..., **params)`` changes fields besides the state (the
      regulation number, who reviewed) before the save, or makes related rows; what it
      returns is returned by ``take`` (a new version, for example).
    - ``form_class``: extra fields the step needs (a date, a number); its cleaned data are
      the ``params``. With it, the step's URL also answers GET with that form. A dotted
      path ("actionplans.forms.EnactForm") is imported when first used, because forms
      import their models.
    - ``not_by``: the names of earlier steps whose actor may not take this one (nobody
      accepts what they submitted).
    - ``note_required``: the note is the reason and must be given (returning, reopening).
    - ``target=None``: the step leaves the state as it is (renewing an MoU makes a new
      one; the old one stays active) and is still recorded.
    - ``inline``: the step's form is shown on the object's page (a date beside the
      button), so its URL takes POST only; an invalid form comes back as messages.
    - ``done``: the message after the step, or a function of the object that returns it.
    - ``reauth``: the step's view asks for the password (and second factor) again unless
      given within ``REAUTH_MAX_AGE`` seconds (``gugustugas.security``): signing.
    - ``offered(obj)``: a cheap extra condition for offering the step at all (the MoU
      is not renewed yet); the guard still runs under the lock when it is taken.
    """

    name: str
    source: str | Sequence[str]
    target: str | None
    label: Any
    may: Permission
    guard: Callable[..., None] | None = None
    effect: Callable[..., Any] | None = None
    form_class: type[forms.Form] | str | None = None
    not_by: tuple[str, ...] = ()
    note_required: bool = False
    note_label: Any = None
    done: Any = ""
    style: str = "primary"
    confirm: Any = ""
    inline: bool = False
    offered: Callable[[Any], bool] | None = None
    route_name: str = ""  # a URL name other than "<url_prefix>_<name>"
    reauth: bool = False  # the password entered again just before (signing)

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)

    @property
    def form(self) -> type[forms.Form] | None:
        """The form class, imported if ``form_class`` names it by its dotted path."""
        if isinstance(self.form_class, str):
            from django.utils.module_loading import import_string

            return import_string(self.form_class)
        return self.form_class


@dataclass(frozen=True)
class BoundStep:
    """A step offered to one user on one object, with the address its form posts to."""

    step: Step
    url: str
    url_name: str = ""
    blank_form: Any = None  # the empty form of an ``inline`` step, for the page

    def __getattr__(self, name: str) -> Any:
        return getattr(self.step, name)

    @property
    def test_id(self) -> str:
        """``minutes-circulate`` for the step at ``meetings:minutes_circulate``: the
        ``data-test`` attribute of its button, for the browser journeys."""
        return self.url_name.split(":")[-1].replace("_", "-")


@dataclass
class Workflow:
    field: str
    steps: Iterable[Step]
    url_prefix: str = ""  # "actionplans:plan" -> URL names "actionplans:plan_<step>"
    by_name: dict[str, Step] = field(init=False)

    def __post_init__(self) -> None:
        self.steps = tuple(self.steps)
        self.by_name = {step.name: step for step in self.steps}

    def step(self, name: str) -> Step:
        try:
            return self.by_name[name]
        except KeyError:
            raise TransitionError(_("There is no such step.")) from None

    def state_of(self, obj: models.Model) -> str:
        return getattr(obj, self.field)

    def available(self, obj: models.Model, user) -> list[BoundStep]:
        """The steps ``user`` may take on ``obj`` in its current state (no queries: the
        permission comes from the user's cached seats; guards are checked when taken)."""
        state = self.state_of(obj)
        return [
            BoundStep(step, self.url(obj, step), self.url_name(step), _blank_form(obj, step))
            for step in self.steps
            if state in step.sources
            and step.may(user, obj)
            and (step.offered is None or step.offered(obj))
        ]

    def url_name(self, step: Step) -> str:
        return step.route_name or f"{self.url_prefix}_{step.name}"

    def url(self, obj: models.Model, step: Step) -> str:
        return reverse(self.url_name(step), args=[obj.pk])

    def refusal(self, obj: models.Model, step: Step) -> str:
        display = getattr(obj, f"get_{self.field}_display", lambda: self.state_of(obj))()
        return _("“%(step)s” is not possible while the status is “%(state)s”.") % {
            "step": step.label,
            "state": display,
        }

    def take(self, obj: models.Model, name: str, user, note: str = "", **params) -> Any:
        step = self.step(name)
        note = (note or "").strip()
        model = type(obj)
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            before = self.state_of(locked)
            if before not in step.sources:
                raise TransitionError(self.refusal(locked, step))
            if not step.may(user, locked):
                raise PermissionDenied
            if step.note_required and not note:
                raise TransitionError(_("Give a reason: it is recorded and sent with the step."))
            if step.not_by and self.last_actor_id(locked, step.not_by) == user.pk:
                raise TransitionError(
                    _("You took the previous step yourself: someone else must do this one.")
                )
            if step.guard is not None:
                step.guard(locked, **params)
            after = before if step.target is None else step.target
            setattr(locked, self.field, after)
            result = step.effect(locked, user, note=note, **params) if step.effect else None
            bump(locked)  # a form opened before the step is stale after it
            locked.save()
            record = WorkflowRecordModel().objects.create(
                content_type=_content_type(model),
                object_id=locked.pk,
                step=step.name,
                from_state=before,
                to_state=after,
                user=user if user.is_authenticated else None,
                note=note,
            )
            _copy_fields(locked, obj)
            transaction.on_commit(
                lambda: step_taken.send(
                    sender=model, obj=locked, step=step, record=record, user=user
                )
            )
        return result

    def record(self, obj: models.Model, name: str, user=None, note: str = "", at=None):
        """Move ``obj`` along step ``name`` and record it without any check or effect: for
        loading data that happened elsewhere (the demo, a migration), never for users."""
        step = self.step(name)
        before = self.state_of(obj)
        after = before if step.target is None else step.target
        setattr(obj, self.field, after)
        obj.save()
        extra = {"at": at} if at is not None else {}
        return WorkflowRecordModel().objects.create(
            content_type=_content_type(type(obj)),
            object_id=obj.pk,
            step=step.name,
            from_state=before,
            to_state=after,
            user=user,
            note=note,
            **extra,
        )

    def last_actor_id(self, obj: models.Model, steps: Sequence[str]) -> int | None:
        record = (
            records_of(obj).filter(step__in=steps).order_by("-at", "-pk").only("user_id").first()
        )
        return record.user_id if record else None


class WorkflowMixin:
    """For models with a ``workflow``: the short names views and templates use."""

    workflow: Workflow

    def steps_for(self, user) -> list[BoundStep]:
        return self.workflow.available(self, user)

    def take(self, name: str, user, note: str = "", **params) -> Any:
        return self.workflow.take(self, name, user, note=note, **params)

    @property
    def timeline(self):
        """Every step taken on this object, oldest first, with who took it."""
        return records_of(self).select_related("user").order_by("at", "pk")


def _blank_form(obj: models.Model, step: Step):
    if not step.inline or step.form is None:
        return None
    from gugustugas import access

    return step.form(task_force=access.task_force_of(obj))


def with_timelines(objects: Sequence[models.Model]) -> Sequence[models.Model]:
    """Give each object of one model its ``timeline_records`` (a list, oldest first) with
    one query, for pages that show many objects' timelines (the reports of an activity)."""
    if not objects:
        return objects
    by_id: dict[int, list] = {obj.pk: [] for obj in objects}
    records = (
        WorkflowRecordModel()
        .objects.filter(content_type=_content_type(type(objects[0])), object_id__in=by_id)
        .select_related("user")
        .order_by("at", "pk")
    )
    for record in records:
        by_id[record.object_id].append(record)
    for obj in objects:
        obj.timeline_records = by_id[obj.pk]
    return objects


def records_of(obj: models.Model):
    return WorkflowRecordModel().objects.filter(
        content_type=_content_type(type(obj)), object_id=obj.pk
    )


def WorkflowRecordModel():  # noqa: N802 -- the model class, looked up lazily
    from gugustugas.models import WorkflowRecord

    return WorkflowRecord


def _content_type(model: type[models.Model]):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model)


def _copy_fields(source: models.Model, target: models.Model) -> None:
    """The caller's instance shows the state the locked copy was saved with."""
    if source is target:
        return
    for f in source._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
