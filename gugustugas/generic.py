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


class ScopedFormMixin:
    """What every scoped create and edit view shares.

    The form page (``gugustugas/form.html``) takes ``title``, ``form_note`` and
    ``submit_label`` from attributes. ``form_valid`` saves (``save``) and re-checks the
    write scope (``recheck``) in one transaction, then shows ``get_success_message()``
    (``success_message`` with ``%(object)s`` the saved row) and redirects.
    """

    title: Any = ""
    form_note: Any = ""
    submit_label: Any = ""
    success_message: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.title:
            context["page_title"] = self.title
        for key in ("form_note", "submit_label"):
            if value := getattr(self, key):
                context.setdefault(key, value)
        return context

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


class ScopedChildCreateView(ScopedFormMixin, LoginRequiredMixin, generic.CreateView):
    """Create a row under a parent row: ``pk`` in the URL is the parent's.

    Configure ``parent_queryset`` (out of read scope 404), ``parent_field`` (the child's
    foreign key to it), ``form_class`` and ``title``. ``may(user, parent)`` says who may add
    (default: ``action`` on the parent's task force; else 403); ``check_state(parent)``
    raises ``TransitionError`` when the parent's state forbids it. The saved row's parent
    is read again and ``may`` re-checked in the same transaction.
    """

    template_name = "gugustugas/form.html"
    parent_queryset = None
    parent_field = ""
    action = Action.EDIT

    def may(self, user, parent) -> bool:
        return access.can(user, self.action, access.task_force_of(parent))

    def check_state(self, parent) -> None:
        """Raise ``TransitionError`` when the parent's state allows no new row now."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.parent = access.get_for_user(request.user, self.parent_queryset, pk=kwargs["pk"])
            if not self.may(request.user, self.parent):
                raise PermissionDenied
            if refused := refuse_by_state(request, self.check_state, self.parent):
                return refused
        return super().dispatch(request, *args, **kwargs)

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

    def attach(self, instance) -> None:
        setattr(instance, self.parent_field, self.parent)

    def recheck(self, obj) -> None:
        parent_id = getattr(obj, f"{self.parent_field}_id")
        parent = self.parent_queryset.model._default_manager.get(pk=parent_id)
        if not self.may(self.request.user, parent):
            raise PermissionDenied(_("You may not move this record to another task force."))

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


class ScopedUpdateView(ScopedFormMixin, LoginRequiredMixin, generic.UpdateView):
    """Edit a row the user may read (else 404) and ``may`` change (else 403; by default its
    role allows ``action``) while ``check_state`` lets it (else the message on its page).
    A save over someone else's is answered by ``stale_edit``."""

    action = Action.EDIT

    def may(self, user, obj) -> bool:
        return access.can(user, self.action, access.task_force_of(obj))

    def check_state(self, obj) -> None:
        """Raise ``TransitionError`` when the row's state allows no change now."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            obj = access.get_for_user(
                self.request.user, queryset or self.get_queryset(), pk=self.kwargs["pk"]
            )
            if not self.may(self.request.user, obj):
                raise PermissionDenied
            self._object = obj
        return self._object

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (
            refused := refuse_by_state(request, self.check_state, self.get_object())
        ):
            return refused
        return super().dispatch(request, *args, **kwargs)

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

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleEdit:
            return self.stale_edit(form)

    def recheck(self, obj) -> None:
        """The saved row, read again: may the user still change it?"""
        fresh = type(obj)._default_manager.get(pk=obj.pk)
        if not self.may(self.request.user, fresh):
            raise PermissionDenied(_("You may not move this record to another task force."))

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


class ScopedFileView(LoginRequiredMixin, generic.View):
    """The file of a row the user may read (else 404), always as a download.

    Served as an attachment with ``X-Content-Type-Options: nosniff``, so an uploaded file
    is never rendered by the browser in the site's origin. Configure ``model`` (or
    ``queryset``), ``file_field`` and, when the stored name is not the one to show,
    ``filename_field``. A row without its file, or a file gone from storage, is 404.
    """

    http_method_names = ["get", "head", "options"]
    model = None
    queryset = None
    file_field = "file"
    filename_field = ""

    def get_queryset(self):
        return self.queryset if self.queryset is not None else self.model._default_manager.all()

    def get_object(self):
        return access.get_for_user(self.request.user, self.get_queryset(), pk=self.kwargs["pk"])

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


class WorkflowStepView(LoginRequiredMixin, generic.View):
    """The one view for every workflow step (``gugustugas.workflow``).

    Configure with ``model`` (or ``queryset``) and ``step``; the URL gives ``pk``. POST takes
    the step with the posted note (and the step's ``form_class`` fields); a refusal shows
    its message on the object's page. A step with a ``form_class`` answers GET with that
    form; any other GET is 405. Out of read scope 404; a role that may not 403.
    """

    model = None
    queryset = None
    step: str = ""

    def get_queryset(self):
        return self.queryset if self.queryset is not None else self.model._default_manager.all()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = access.get_for_user(request.user, self.get_queryset(), pk=kwargs["pk"])
            self.spec = type(self.object).workflow.step(self.step)
            if request.method == "GET" and (self.spec.form is None or self.spec.inline):
                return self.http_method_not_allowed(request, *args, **kwargs)
            if not self.spec.may(request.user, self.object):
                raise PermissionDenied
            access.require_second_factor(request.user, getattr(self.spec.may, "actions", ()))
            if self.spec.reauth and request.method == "POST":
                require_fresh_authentication(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.spec not in [b.step for b in self.object.steps_for(request.user)]:
            messages.error(request, self.object.workflow.refusal(self.object, self.spec))
            return redirect(self.object)
        return self.render(self.spec.form(task_force=access.task_force_of(self.object)))

    def post(self, request, *args, **kwargs):
        params: dict[str, Any] = {}
        if self.spec.form is not None:
            form = self.spec.form(
                request.POST, request.FILES, task_force=access.task_force_of(self.object)
            )
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
        done = self.spec.done(self.object) if callable(self.spec.done) else self.spec.done
        if done:
            messages.success(request, str(done))
        return redirect(result if isinstance(result, models.Model) else self.object)

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
