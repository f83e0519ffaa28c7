from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from budgets import calendar
from budgets.filters import BudgetLineFilter
from budgets.forms import AdvocacyForm, BudgetLineForm, ForecastForm, RealisationForm
from budgets.models import Advocacy, BudgetLine, Milestone
from budgets.services import (
    absorption,
    forecast,
    lines_for,
    may_propose_line,
    proposing_agencies,
    summarise,
    totals_below,
    unbudgeted,
    year_on_year,
)
from budgets.spreadsheets import export_budget
from gugustugas import access, xlsx
from gugustugas.access import Action
from gugustugas.figures import rupiah
from gugustugas.generic import ScopedCreateView, ScopedUpdateView
from gugustugas.history import history_for
from gugustugas.models import TaskForce
from gugustugas.workflow import TransitionError

TF_QS = TaskForce.objects.select_related("region")
LINE_QS = BudgetLine.objects.select_related(
    "task_force__region", "agency", "activity__section__plan", "activity__section__sub_task_force"
)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _require_line_editor(user, line: BudgetLine) -> None:
    if not access.can_edit_agency_rows(user, line.task_force, line.agency_id):
        raise PermissionDenied


def _may_propose(user, task_force) -> set[int] | None:
    """None: every agency (secretariat); else the agencies the user may propose for."""
    if not may_propose_line(user, task_force):
        raise PermissionDenied
    return proposing_agencies(user, task_force)


@login_required
@require_GET
def overview(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    year = _year(request)
    lines = list(lines_for(task_force, year))
    summary = summarise(lines)
    return render(
        request,
        "budgets/overview.html",
        {
            "task_force": task_force,
            "year": year,
            "years": range(year - 2, year + 3),
            "summary": summary,
            "unbudgeted": unbudgeted(task_force, year),
            "year_on_year": year_on_year(task_force, year),
            "below": totals_below(task_force, year, access.visible(request.user, TaskForce)),
            "milestones": calendar.upcoming(
                TaskForce.objects.filter(pk=task_force.pk), timezone.localdate()
            ),
            "can_edit": access.can(request.user, Action.EDIT, task_force),
            "may_propose": may_propose_line(request.user, task_force),
        },
    )


@login_required
@require_GET
def line_list(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    year = _year(request)
    lines = lines_for(task_force, year)
    line_filter = BudgetLineFilter(request.GET or None, queryset=lines, task_force=task_force)
    shown = list(line_filter.qs)
    return render(
        request,
        "budgets/line_list.html",
        {
            "task_force": task_force,
            "year": year,
            "filter": line_filter,
            "lines": shown,
            "summary": summarise(shown),
            "may_propose": may_propose_line(request.user, task_force),
        },
    )


LINE_NOTE = gettext_lazy(
    "Split the cost into units: quantity × unit cost. The total is computed; lump sums are flagged."
)


class LineCreateView(ScopedCreateView):
    """Anyone sitting for an agency proposes lines for it; the secretariat for any."""

    model = BudgetLine
    form_class = BudgetLineForm
    action = None
    title = gettext_lazy("New budget line")
    form_note = LINE_NOTE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.agencies = _may_propose(request.user, self.task_force)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = {k: v for k, v in self.request.GET.items() if k in BudgetLineForm.Meta.fields}
        initial.setdefault("fiscal_year", timezone.localdate().year + 1)
        return initial

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"agencies": self.agencies}

    def get_context_data(self, **kwargs):
        cancel_url = reverse("budgets:overview", args=[self.task_force.pk])
        return super().get_context_data(**kwargs) | {"cancel_url": cancel_url}

    def recheck(self, line):
        if not access.can_edit_agency_rows(self.request.user, line.task_force, line.agency_id):
            raise PermissionDenied

    def get_success_message(self) -> str:
        return _("The line was added: %(total)s.") % {"total": rupiah(self.object.total)}


@login_required
@require_GET
def line_detail(request, pk):
    line = access.get_for_user(request.user, LINE_QS, pk=pk)
    realisations = list(line.realisations.all())
    realised = sum(r.amount for r in realisations)
    return render(
        request,
        "budgets/line_detail.html",
        {
            "line": line,
            "task_force": line.task_force,
            "realisations": realisations,
            "realised": realised,
            "absorption": absorption(realised, line.total),
            "history": history_for(line),
            "can_edit_line": access.can_edit_agency_rows(
                request.user, line.task_force, line.agency_id
            ),
            "realisation_form": RealisationForm(task_force=line.task_force, line=line),
        },
    )


class LineUpdateView(ScopedUpdateView):
    queryset = LINE_QS
    form_class = BudgetLineForm
    title = gettext_lazy("Edit budget line")
    success_message = gettext_lazy("The line was saved.")

    def may(self, user, line):
        return access.can_edit_agency_rows(user, line.task_force, line.agency_id)

    def check_state(self, line):
        line.require_editable()

    def get_form_kwargs(self):
        agencies = proposing_agencies(self.request.user, self.object.task_force)
        return super().get_form_kwargs() | {"agencies": agencies}


@login_required
@require_POST
def line_delete(request, pk):
    line = access.get_for_user(request.user, LINE_QS, pk=pk)
    _require_line_editor(request.user, line)
    try:
        line.require_removable()
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(line)
    line.delete()
    messages.success(request, _("The line was removed."))
    return redirect("budgets:overview", tf=line.task_force_id)


@login_required
@require_POST
def realisation_add(request, pk):
    line = access.get_for_user(request.user, LINE_QS, pk=pk)
    _require_line_editor(request.user, line)
    form = RealisationForm(request.POST, task_force=line.task_force, line=line)
    if form.is_valid():
        with transaction.atomic():
            form.instance.recorded_by = request.user
            form.save()
            _require_line_editor(request.user, BudgetLine.objects.get(pk=line.pk))
        messages.success(request, _("The realisation was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(line)


def _prefill_url(task_force, result, data) -> str:
    """The new-line form, filled in with the forecast quantity and how it was reached."""
    justification = _(
        "Forecast: %(base)s last year, %(pct)s %% expected change, gives %(qty)s %(unit)s."
    ) % {
        "base": result.baseline.normalize(),
        "pct": result.change_percent.normalize(),
        "qty": result.quantity,
        "unit": data["unit"],
    }
    query = {
        "quantity": result.quantity,
        "unit": data["unit"],
        "unit_cost": data["unit_cost"],
        "justification": justification,
    }
    return reverse("budgets:line_create", args=[task_force.pk]) + "?" + urlencode(query)


@login_required
@require_GET
def forecast_view(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    form = ForecastForm(request.GET or None)
    result = prefill_url = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        result = forecast(data["baseline"], data["change_percent"], data["unit_cost"])
        prefill_url = _prefill_url(task_force, result, data)
    return render(
        request,
        "budgets/forecast.html",
        {"task_force": task_force, "form": form, "result": result, "prefill_url": prefill_url},
    )


def _rules_in_page_language(milestones, year, task_force) -> None:
    """The rows keep the rule in Indonesian; a page in English says it in English."""
    language = translation.get_language() or calendar.RULE_LANGUAGE
    if milestones and not language.startswith(calendar.RULE_LANGUAGE):
        rules = calendar.rules_in(year, task_force.level, language)
        for milestone in milestones:
            milestone.rule = rules.get(milestone.kind, milestone.rule)


@login_required
@require_GET
def calendar_view(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    year = _year(request) if "year" in request.GET else timezone.localdate().year + 1
    milestones = list(
        Milestone.objects.filter(task_force=task_force, fiscal_year=year).prefetch_related(
            "advocacy"
        )
    )
    enactment = next((m for m in milestones if m.kind == Milestone.Kind.ENACTMENT), None)
    late = [m for m in milestones if enactment and m.due > enactment.due]
    _rules_in_page_language(milestones, year, task_force)
    return render(
        request,
        "budgets/calendar.html",
        {
            "task_force": task_force,
            "year": year,
            "milestones": milestones,
            "today": task_force.today(),
            "can_edit": access.can(request.user, Action.EDIT, task_force),
            "advocacy": task_force.advocacy.filter(date__year__in=[year - 1, year]).select_related(
                "milestone"
            ),
            "national": task_force.is_national,
            "after_enactment": late,
        },
    )


@login_required
@require_POST
def calendar_generate(request, tf, year):
    task_force = access.get_for_user(request.user, TF_QS, Action.EDIT, pk=tf)
    if task_force.is_national or not 2000 <= year <= 2100:
        raise Http404
    calendar.ensure_milestones(task_force, year)
    return redirect(reverse("budgets:calendar", args=[task_force.pk]) + f"?year={year}")


@login_required
@require_POST
def milestone_done(request, pk):
    milestone = access.get_for_user(
        request.user, Milestone.objects.select_related("task_force"), Action.EDIT, pk=pk
    )
    milestone.toggle_done()
    return redirect(
        reverse("budgets:calendar", args=[milestone.task_force_id])
        + f"?year={milestone.fiscal_year}"
    )


class AdvocacyCreateView(ScopedCreateView):
    model = Advocacy
    form_class = AdvocacyForm
    title = gettext_lazy("DPRD advocacy meeting")
    success_message = gettext_lazy("The advocacy meeting was recorded.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("budgets:calendar", args=[self.task_force.pk])
        return context

    def get_success_url(self):
        return reverse("budgets:calendar", args=[self.task_force.pk])


@login_required
@require_GET
def export(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    year = _year(request)
    content = export_budget(task_force, year, list(lines_for(task_force, year)))
    name = f"anggaran-rad-{task_force.region.code.replace('.', '')}-{year}.xlsx"
    return xlsx.response(content, name)
