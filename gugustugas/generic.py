"""The few generic views every app builds on. Each fetches through ``gugustugas.access``.

- ``TaskForceChildMixin``: views under ``/taskforces/<tf>/...`` resolve that task force
  for the user (404 out of read scope; 403 when ``action`` is set and not allowed).
- ``ScopedListView``: a filtered, paginated list of one task force's rows.
- ``ScopedCreateView``: creates a row on the task force in the URL.
- ``ScopedChildCreateView``: creates a row under a parent row (an activity under a
  section, a progress report under an activity).
- ``ScopedDetailView`` / ``ScopedUpdateView``: one row the user may read / edit.
- ``ScopedFileView``: a row's file, downloaded as an attachment.
- ``WorkflowStepView``: one step of a workflow (``gugustugas.workflow``) on one row.

They are built of small mixins, each one concern: ``FormPageMixin`` (the form page's
title, note and submit label), ``ScopedFormMixin`` (attach, save and re-check in one
transaction, the success message), ``RowRulesMixin`` (``may``, ``check_state``, the
re-check after saving) with ``ParentRowMixin`` (the parent a row is added under) and
``EditedRowMixin`` (the row edited), ``StaleEditMixin`` (a save over someone else's),
``RowMixin`` (one row by ``pk``), ``StepGateMixin`` and ``StepFormMixin`` (a workflow
step's checks and its form).

Concrete views set ``model``, ``form_class``, ``filterset_class``, ``template_name``
and, where needed, ``action``; they do no access checks of their own. Where the rule is
finer than a role on the task force (a Kepala Sub-GT edits his section, an agency member
its lines) a view overrides ``may``; every write view re-checks it after saving, in the
same transaction (``recheck``). A state rule of the model (``plan.require_editable()``)
goes in ``check_state``: its ``TransitionError`` is shown on the row's page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import generic
from django_filters.views import FilterView

from gugustugas import access
from gugustugas.access import Action
from gugustugas.concurrency import StaleEdit, refused_save
from gugustugas.models import TaskForce
from gugustugas.security import require_fresh_authentication
from gugustugas.workflow import TransitionError


class TaskForceChildMixin(LoginRequiredMixin):
    """Resolve ``self.task_force`` from the ``tf`` URL argument for this user."""

    action: Action | None = None

    @cached_property
    def task_force(self) -> TaskForce:
        qs = TaskForce.objects.select_related("region")
        return access.get_for_user(self.request.user, qs, self.action, pk=self.kwargs["tf"])

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.task_force  # noqa: B018 -- resolve early: 404/403 before any form work
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["task_force"] = self.task_force
        context["can_edit"] = access.can(self.request.user, Action.EDIT, self.task_force)
        return context


class ScopedListView(TaskForceChildMixin, FilterView):
    """Rows of one task force, filtered with django-filter and paginated."""

    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        qs = access.visible(self.request.user, super().get_queryset())
        return qs.filter(task_force=self.task_force)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["task_force"] = self.task_force
        return kwargs


class FormPageMixin:
    """The form page (``gugustugas/form.html`` unless ``template_name`` says otherwise) of
    a write view: its ``title``, ``form_note`` and ``submit_label``, from attributes."""

    template_name = "gugustugas/form.html"
    title: Any = ""
    form_note: Any = ""
    submit_label: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.title:
            context["page_title"] = self.title
        for key in ("form_note", "submit_label"):
            if value := getattr(self, key):
                context.setdefault(key, value)
        return context


class ScopedFormMixin(FormPageMixin):
    """What every scoped create and edit view shares.

    ``form_valid`` sets what the URL decides (``attach``), saves (``save``) and re-checks
    the write scope (``recheck``) in one transaction, then shows
    ``get_success_message()`` (``success_message`` with ``%(object)s`` the saved row) and
    redirects.
    """

    success_message: Any = ""

    def attach(self, instance) -> None:
        """Set what the URL decides on the unsaved row (its task force, its parent)."""

    def save(self, form):
        return form.save()

    def form_valid(self, form):
        with transaction.atomic():
            self.attach(form.instance)
            self.object = self.save(form)
            self.recheck(self.object)
        if message := self.get_success_message():
            messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_message(self) -> str:
        if not self.success_message:
            return ""
        return str(self.success_message) % {"object": self.object}


class ScopedCreateView(ScopedFormMixin, TaskForceChildMixin, generic.CreateView):
    """Create a row on the task force in the URL; the role must allow ``action``."""

    action = Action.EDIT

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["task_force"] = self.task_force
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "page_title", _("Add %(model)s") % {"model": self.model._meta.verbose_name}
        )
        context["cancel_url"] = self.task_force.get_absolute_url()
        return context

    def attach(self, instance) -> None:
        instance.task_force = self.task_force

    def recheck(self, obj) -> None:
        recheck_write_scope(self.request.user, obj, self.action)


class RowRulesMixin:
    """Who may write (``may``) and when (``check_state``) on the row a write view works on:
    the row it edits, or the parent it adds a row under.

    ``may(user, row)`` defaults to ``action`` on the row's task force (refused: 403);
    ``check_state(row)`` raises ``TransitionError`` when the row's state allows nothing now
    (its message is shown on the row's page). After saving, ``recheck_may`` asks ``may``
    again of the row as the database now holds it.
    """

    action = Action.EDIT

    def may(self, user, obj) -> bool:
        return access.can(user, self.action, access.task_force_of(obj))

    def check_state(self, obj) -> None:
        """Raise ``TransitionError`` when the row's state allows no change now."""

    def require_may(self, obj) -> None:
        if not self.may(self.request.user, obj):
            raise PermissionDenied

    def recheck_may(self, model: type[models.Model], pk) -> None:
        fresh = model._default_manager.get(pk=pk)
        if not self.may(self.request.user, fresh):
            raise PermissionDenied(_("You may not move this record to another task force."))


class ParentRowMixin(RowRulesMixin):
    """The parent row a child-create view adds under (``pk`` in the URL is the parent's):
    read from ``parent_queryset`` (out of read scope 404), ``may`` (403) and
    ``check_state`` before any form work. The new row gets it as ``parent_field``; after
    saving, its parent is read again and ``may`` asked again."""

    parent_queryset = None
    parent_field = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parent = access.get_for_user(request.user, self.parent_queryset, pk=kwargs["pk"])
            self.require_may(self.parent)
            if refused := refuse_by_state(request, self.check_state, self.parent):
                return refused
        return super().dispatch(request, *args, **kwargs)

    def attach(self, instance) -> None:
        setattr(instance, self.parent_field, self.parent)

    def recheck(self, obj) -> None:
        parent_id = getattr(obj, f"{self.parent_field}_id")
        self.recheck_may(self.parent_queryset.model, parent_id)


class ScopedChildCreateView(
    ParentRowMixin, ScopedFormMixin, LoginRequiredMixin, generic.CreateView
):
    """Create a row under a parent row (``ParentRowMixin``): an activity under a section,
    a progress report under an activity.

    Configure ``parent_queryset``, ``parent_field`` (the child's foreign key to it),
    ``form_class`` and ``title``; where needed ``may(user, parent)`` (default: ``action`` on
    the parent's task force), ``check_state(parent)`` and ``extra_form_kwargs()``. The form
    gets the parent's task force; the success page is the new row's, else the parent's.
    """

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["task_force"] = access.task_force_of(self.parent)
        return kwargs | self.extra_form_kwargs()

    def extra_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["task_force"] = access.task_force_of(self.parent)
        context["cancel_url"] = self.parent.get_absolute_url()
        return context

    def get_success_url(self) -> str:
        if hasattr(self.object, "get_absolute_url"):
            return self.object.get_absolute_url()
        return self.parent.get_absolute_url()


class ScopedDetailView(LoginRequiredMixin, generic.DetailView):
    """One row the user may read."""

    def get_object(self, queryset=None):
        return access.get_for_user(
            self.request.user, queryset or self.get_queryset(), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task_force = access.task_force_of(self.object)
        context["task_force"] = task_force
        context["can_edit"] = access.can(self.request.user, Action.EDIT, task_force)
        return context


class EditedRowMixin(RowRulesMixin):
    """The row an edit view changes: read through the access module (404), ``may`` (403)
    and ``check_state`` before any form work; after saving, read again and ``may`` asked
    again (``recheck``)."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            obj = access.get_for_user(
                self.request.user, queryset or self.get_queryset(), pk=self.kwargs["pk"]
            )
            self.require_may(obj)
            self._object = obj
        return self._object

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (
            refused := refuse_by_state(request, self.check_state, self.get_object())
        ):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def recheck(self, obj) -> None:
        """The saved row, read again: may the user still change it?"""
        self.recheck_may(type(obj), obj.pk)


class StaleEditMixin:
    """An edit saved over someone else's (``concurrency.StaleEdit``) is answered by
    ``stale_edit``."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleEdit:
            return self.stale_edit(form)

    def stale_edit(self, form):
        """Someone saved this row after the form was opened: ``concurrency.refused_save``
        (their values beside the user's, the form again on the new version)."""
        self.object = type(self.object)._default_manager.get(pk=self.object.pk)
        kwargs = self.get_form_kwargs()  # of the saved row, not of the posted values
        for key in ("data", "files", "instance"):
            kwargs.pop(key, None)
        return refused_save(self.request, form, self.object, self.conflict_page, **kwargs)

    def conflict_page(self, form, current, conflicts):
        self.object = current
        return self.render_to_response(self.get_context_data(form=form, conflicts=conflicts))


class ScopedUpdateView(
    StaleEditMixin, EditedRowMixin, ScopedFormMixin, LoginRequiredMixin, generic.UpdateView
):
    """Edit a row the user may read (else 404) and ``may`` change (else 403; by default its
    role allows ``action``) while ``check_state`` lets it (else the message on its page):
    ``EditedRowMixin``. A save over someone else's is answered by ``stale_edit``
    (``StaleEditMixin``)."""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["task_force"] = access.task_force_of(self.object)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["task_force"] = access.task_force_of(self.object)
        context.setdefault(
            "page_title",
            _("Edit %(model)s: %(object)s")
            % {"model": type(self.object)._meta.verbose_name, "object": self.object},
        )
        context["cancel_url"] = cancel_url_of(self.object)
        return context


def refuse_by_state(request, check_state, obj):
    """``check_state(obj)``'s refusal as its message on the row's page; None when it
    passes."""
    try:
        check_state(obj)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(obj)
    return None


def cancel_url_of(obj) -> str:
    """Where a form page's cancel link leads: the row's page, else its task force's."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return access.task_force_of(obj).get_absolute_url()


class RowMixin:
    """A view of one row, read through the access module (out of read scope 404):
    configure ``model`` (or ``queryset``); the URL gives ``pk``."""

    model = None
    queryset = None

    def get_queryset(self):
        return self.queryset if self.queryset is not None else self.model._default_manager.all()

    def get_object(self):
        return access.get_for_user(self.request.user, self.get_queryset(), pk=self.kwargs["pk"])


class ScopedFileView(RowMixin, LoginRequiredMixin, generic.View):
    """The file of a row the user may read (else 404), always as a download.

    Served as an attachment with ``X-Content-Type-Options: nosniff``, so an uploaded file
    is never rendered by the browser in the site's origin. Configure ``model`` (or
    ``queryset``), ``file_field`` and, when the stored name is not the one to show,
    ``filename_field``. A row without its file, or a file gone from storage, is 404.
    """

    http_method_names = ["get", "head", "options"]
    file_field = "file"
    filename_field = ""

    def filename(self, obj, file) -> str:
        if self.filename_field:
            return getattr(obj, self.filename_field)
        return file.name.rsplit("/", 1)[-1]

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        file = getattr(obj, self.file_field)
        if not file:
            raise Http404
        try:
            handle = file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        response = FileResponse(handle, as_attachment=True, filename=self.filename(obj, file))
        response["X-Content-Type-Options"] = "nosniff"
        return response


def render_form(request, form, title, task_force, cancel_url, **extra):
    """The shared form page (``gugustugas/form.html``) for function views."""
    context = {
        "form": form,
        "page_title": title,
        "task_force": task_force,
        "cancel_url": cancel_url,
    }
    return render(request, "gugustugas/form.html", context | extra)


def recheck_write_scope(user, obj, action: Action) -> None:
    """After saving, inside the same transaction: is the row still the user's to change?

    Forms limit their choices to the task force, so this should never trip; it is the
    second lock on the door (a crafted POST must not move a row to another task force).
    """
    if not access.can(user, action, access.task_force_of(obj)):
        raise PermissionDenied(_("You may not move this record to another task force."))


class StepGateMixin(RowMixin):
    """What a workflow step's view checks before it answers: the row (404), the step
    ``step`` of its workflow, a GET only for a step with a form of its own page (else
    405), the step's ``may`` (403), a second factor where the step's actions need one, and
    fresh authentication before a POST of a step that signs."""

    step: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.spec = type(self.object).workflow.step(self.step)
            if request.method == "GET" and (self.spec.form is None or self.spec.inline):
                return self.http_method_not_allowed(request, *args, **kwargs)
            if not self.spec.may(request.user, self.object):
                raise PermissionDenied
            access.require_second_factor(request.user, getattr(self.spec.may, "actions", ()))
            if self.spec.reauth and request.method == "POST":
                require_fresh_authentication(request)
        return super().dispatch(request, *args, **kwargs)


class StepFormMixin:
    """A workflow step's ``form_class``, for the row's task force: on a page of its own,
    or, for an ``inline`` step (its fields on the row's page), its errors as messages
    there."""

    def step_form(self, *args):
        return self.spec.form(*args, task_force=access.task_force_of(self.object))

    def invalid(self, form):
        """The form again; for an ``inline`` step, its errors on the object's page."""
        if not self.spec.inline:
            return self.render(form)
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                messages.error(self.request, f"{label}: {error}" if label else error)
        return redirect(self.object)

    def render(self, form):
        return render_form(
            self.request,
            form,
            f"{self.spec.label}: {self.object}",
            access.task_force_of(self.object),
            self.object.get_absolute_url(),
        )


class WorkflowStepView(StepFormMixin, StepGateMixin, LoginRequiredMixin, generic.View):
    """The one view for every workflow step (``gugustugas.workflow``).

    Configure with ``model`` (or ``queryset``) and ``step``; the URL gives ``pk``. POST takes
    the step with the posted note (and the step's ``form_class`` fields); a refusal shows
    its message on the object's page. A step with a ``form_class`` answers GET with that
    form; any other GET is 405. Out of read scope 404; a role that may not 403.
    """

    def get(self, request, *args, **kwargs):
        if self.spec not in [b.step for b in self.object.steps_for(request.user)]:
            messages.error(request, self.object.workflow.refusal(self.object, self.spec))
            return redirect(self.object)
        return self.render(self.step_form())

    def post(self, request, *args, **kwargs):
        params: dict[str, Any] = {}
        if self.spec.form is not None:
            form = self.step_form(request.POST, request.FILES)
            if not form.is_valid():
                return self.invalid(form)
            params = dict(form.cleaned_data)
        # "reason" is what the older step forms posted (returning a report, cancelling).
        posted = request.POST
        note = params.pop("note", None) or posted.get("note") or posted.get("reason", "")
        try:
            result = self.object.take(self.step, request.user, note=note, **params)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(self.object)
        if done := self.done_message():
            messages.success(request, done)
        return redirect(result if isinstance(result, models.Model) else self.object)

    def done_message(self) -> str:
        done = self.spec.done(self.object) if callable(self.spec.done) else self.spec.done
        return str(done) if done else ""


def step_urls(model: type[models.Model], route: str) -> list:
    """One URL per step of ``model.workflow``: ``<route><pk>/<step>/`` named
    ``<url_prefix>_<step>`` (``plans/<pk>/enact/`` is ``actionplans:plan_enact``), each
    served by ``WorkflowStepView`` and each with its own access-matrix row."""
    return [
        step_url(model, step.name, f"{route}<int:pk>/{step.name}/") for step in model.workflow.steps
    ]


def step_url(model: type[models.Model], step: str, route: str):
    """The URL of one step, where its route does not follow ``step_urls``' pattern."""
    name = model.workflow.url_name(model.workflow.step(step)).rsplit(":", 1)[-1]
    return path(route, WorkflowStepView.as_view(model=model, step=step), name=name)
