from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets import calendar
from budgets.filters import BudgetLineFilter
from budgets.forms import AdvocacyForm, BudgetLineForm, ForecastForm, RealisationForm
from budgets.models import BudgetLine, Milestone
from budgets.services import forecast, lines_for, summarise, totals_below, unbudgeted, year_on_year
from budgets.spreadsheets import export_budget
from gugustugas import access, xlsx
from gugustugas.access import Action
from gugustugas.generic import render_form
from gugustugas.history import history_for
from gugustugas.models import TaskForce

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
    if access.can(user, Action.EDIT, task_force):
        return None
    own = access.agencies_of(user, task_force)
    if not own:
        raise PermissionDenied
    return own


@login_required
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
            "may_propose": bool(access.agencies_of(request.user, task_force))
            or access.can(request.user, Action.EDIT, task_force),
        },
    )


@login_required
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
        },
    )


@login_required
def line_create(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    agencies = _may_propose(request.user, task_force)
    initial = {k: v for k, v in request.GET.items() if k in BudgetLineForm.Meta.fields}
    initial.setdefault("fiscal_year", timezone.localdate().year + 1)
    form = BudgetLineForm(
        request.POST or None, task_force=task_force, agencies=agencies, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        line = form.save()
        messages.success(
            request,
            _("The line was added: %(total)s.") % {"total": _rupiah(line.total)},
        )
        return redirect(line)
    return render_form(
        request,
        form,
        _("New budget line"),
        task_force,
        reverse("budgets:overview", args=[task_force.pk]),
        form_note=_(
            "Split the cost into units: quantity × unit cost. The total is computed; "
            "lump sums are flagged."
        ),
    )


def _rupiah(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


@login_required
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
            "absorption": (Decimal(realised) * 100 / line.total).quantize(Decimal("0.1")),
            "history": history_for(line),
            "can_edit_line": access.can_edit_agency_rows(
                request.user, line.task_force, line.agency_id
            ),
            "realisation_form": RealisationForm(task_force=line.task_force, line=line),
        },
    )


@login_required
def line_edit(request, pk):
    line = access.get_for_user(request.user, LINE_QS, pk=pk)
    _require_line_editor(request.user, line)
    if line.is_locked:
        messages.error(
            request, _("An allocated line is locked; mark it revised to change the allocation.")
        )
        return redirect(line)
    agencies = (
        None
        if access.can(request.user, Action.EDIT, line.task_force)
        else (access.agencies_of(request.user, line.task_force))
    )
    form = BudgetLineForm(
        request.POST or None, instance=line, task_force=line.task_force, agencies=agencies
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The line was saved."))
        return redirect(line)
    return render_form(
        request, form, _("Edit budget line"), line.task_force, line.get_absolute_url()
    )


@login_required
@require_POST
def line_delete(request, pk):
    line = access.get_for_user(request.user, LINE_QS, pk=pk)
    _require_line_editor(request.user, line)
    if not line.can_be_removed:
        messages.error(request, _("Only a proposed line can be removed."))
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
        form.instance.recorded_by = request.user
        form.save()
        messages.success(request, _("The realisation was recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(line)


@login_required
def forecast_view(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    form = ForecastForm(request.GET or None)
    result = prefill_url = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        result = forecast(data["baseline"], data["change_percent"], data["unit_cost"])
        prefill_url = (
            reverse("budgets:line_create", args=[task_force.pk])
            + "?"
            + urlencode(
                {
                    "quantity": result.quantity,
                    "unit": data["unit"],
                    "unit_cost": data["unit_cost"],
                    "justification": _(
                        "Forecast: %(base)s last year, %(pct)s %% expected change, "
                        "gives %(qty)s %(unit)s."
                    )
                    % {
                        "base": result.baseline.normalize(),
                        "pct": result.change_percent.normalize(),
                        "qty": result.quantity,
                        "unit": data["unit"],
                    },
                }
            )
        )
    return render(
        request,
        "budgets/forecast.html",
        {"task_force": task_force, "form": form, "result": result, "prefill_url": prefill_url},
    )


@login_required
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
    return render(
        request,
        "budgets/calendar.html",
        {
            "task_force": task_force,
            "year": year,
            "milestones": milestones,
            "today": timezone.localdate(),
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
    milestone.done_on = None if milestone.done_on else timezone.localdate()
    milestone.save()
    return redirect(
        reverse("budgets:calendar", args=[milestone.task_force_id])
        + f"?year={milestone.fiscal_year}"
    )


@login_required
def advocacy_create(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, Action.EDIT, pk=tf)
    form = AdvocacyForm(request.POST or None, task_force=task_force)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The advocacy meeting was recorded."))
        return redirect("budgets:calendar", tf=task_force.pk)
    return render_form(
        request,
        form,
        _("DPRD advocacy meeting"),
        task_force,
        reverse("budgets:calendar", args=[task_force.pk]),
    )


@login_required
def export(request, tf):
    task_force = access.get_for_user(request.user, TF_QS, pk=tf)
    year = _year(request)
    content = export_budget(task_force, year, list(lines_for(task_force, year)))
    name = f"anggaran-rad-{task_force.region.code.replace('.', '')}-{year}.xlsx"
    return xlsx.response(content, name)
