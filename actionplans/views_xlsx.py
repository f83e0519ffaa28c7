"""Spreadsheet downloads and uploads of an action plan (see ``actionplans.spreadsheets``).

Every view fetches the plan through the access module: out of read scope 404. Importing
activities needs ``Action.EDIT`` on the plan's task force; progress goes only to the
activities the user may report on (``access.can_report_progress``), 403 when there are
none.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import spreadsheets
from actionplans.forms import PeriodForm, ProgressUploadForm, XlsxUploadForm, default_quarter
from actionplans.models import ActionPlan, Activity
from actionplans.services import current_year, for_plan, load_activities
from gugustugas import access, xlsx
from gugustugas.access import Action

# --- helpers ------------------------------------------------------------------------


def _plan_for(request: HttpRequest, pk: int) -> ActionPlan:
    return access.get_for_user(
        request.user, ActionPlan.objects.select_related("task_force__region"), pk=pk
    )


def _filename(plan: ActionPlan, *parts: Any) -> str:
    return "-".join([plan.kind_label.lower(), str(plan.pk), *map(str, parts)]) + ".xlsx"


def reportable_activities(request: HttpRequest, plan: ActionPlan) -> list[Activity]:
    """The plan's activities whose progress this user may report, ready for the sheet."""
    return [
        activity
        for activity in load_activities(plan)
        if access.can_report_progress(
            request.user,
            plan.task_force,
            activity.section.sub_task_force_id,
            activity.responsible_agency_id,
        )
    ]


def _period(request: HttpRequest, plan: ActionPlan) -> tuple[int, int] | None:
    """Year and quarter from the query string (missing ones default); None if invalid."""
    year = request.GET.get("year") or str(current_year(plan))
    quarter = request.GET.get("quarter")
    if not quarter:
        try:
            quarter = str(default_quarter(int(year)))
        except ValueError:
            quarter = "1"  # the year is invalid anyway: the form says so
    form = PeriodForm({"year": year, "quarter": quarter}, plan=plan)
    if not form.is_valid():
        return None
    return form.cleaned_data["year"], form.cleaned_data["quarter"]


def _result_message(result: xlsx.ImportResult) -> str:
    return _("Import finished: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


# --- activities ---------------------------------------------------------------------


@login_required
@require_GET
def activity_template(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    return xlsx.response(spreadsheets.activity_template(plan), _filename(plan, "kegiatan"))


ACTIVITY_IMPORT_INTRO = gettext_lazy(
    "Download the template, fill in one row per activity and upload it. A row "
    "with the code of an existing activity of the same sub-GT updates it; any "
    "other row adds an activity. If any row has a problem, nothing is imported."
)
PROGRESS_IMPORT_INTRO = gettext_lazy(
    "Download the template for the quarter, fill in what was achieved so far this "
    "year, the status and a short narrative, and upload it with the same year and "
    "quarter. Rows without an achieved value are left out. Reports already "
    "submitted or accepted cannot be changed. If any row has a problem, nothing "
    "is imported."
)


def _upload(request: HttpRequest) -> tuple:
    """The upload form's data and files on a POST; nothing (an unbound form) on a GET."""
    return (request.POST, request.FILES) if request.method == "POST" else ()


def _run_import(request, plan, form, run) -> tuple[HttpResponse | None, list[xlsx.RowError]]:
    """Import a valid upload with ``run(cleaned_data)``: a redirect to the plan when every
    row went in (nothing is imported otherwise), else the rows' errors to show."""
    if not form.is_bound or not form.is_valid():
        return None, []
    result = run(form.cleaned_data)
    if not result.ok:
        return None, result.errors
    messages.success(request, _result_message(result))
    return redirect(plan.get_absolute_url()), []


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    access.require(request.user, Action.EDIT, plan.task_force)
    form = XlsxUploadForm(*_upload(request))
    done, errors = _run_import(
        request, plan, form, lambda data: spreadsheets.import_activities(plan, data["file"])
    )
    if done:
        return done
    context = {
        "plan": plan,
        "form": form,
        "errors": errors,
        "page_title": _("Import activities"),
        "intro": ACTIVITY_IMPORT_INTRO,
        "locked": plan.is_locked,
        "template_url": reverse("actionplans:activity_template", args=[plan.pk]),
    }
    return render(request, "actionplans/xlsx_import.html", context)


# --- progress -----------------------------------------------------------------------


@login_required
@require_GET
def progress_template(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    period = _period(request, plan)
    if period is None:
        return HttpResponseBadRequest(_("Choose a year of the plan and a quarter from 1 to 4."))
    activities = reportable_activities(request, plan)
    if not activities:
        raise PermissionDenied
    year, quarter = period
    content = spreadsheets.progress_template(plan, year, quarter, activities)
    return xlsx.response(content, _filename(plan, "progres", year, f"tw{quarter}"))


@login_required
@require_http_methods(["GET", "POST"])
def progress_import(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    allowed = {a.pk for a in reportable_activities(request, plan)}
    if not allowed:
        raise PermissionDenied
    if not plan.takes_progress:
        messages.error(request, _("Progress is reported on an enacted plan."))
        return redirect(plan.get_absolute_url())
    form = ProgressUploadForm(*_upload(request), plan=plan)
    done, errors = _run_import(
        request,
        plan,
        form,
        lambda data: spreadsheets.import_progress(
            plan, data["year"], data["quarter"], data["file"], allowed, request.user
        ),
    )
    if done:
        return done
    context = {
        "plan": plan,
        "form": form,
        "errors": errors,
        "page_title": _("Import quarterly progress"),
        "intro": PROGRESS_IMPORT_INTRO,
        "template_url": reverse("actionplans:progress_template", args=[plan.pk]),
        # Downloading the template asks for the quarter too: a small GET form.
        "period_form": PeriodForm(plan=plan, auto_id="template_%s"),
    }
    return render(request, "actionplans/xlsx_import.html", context)


# --- exports ------------------------------------------------------------------------


@login_required
@require_GET
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    year = request.GET.get("year") or current_year(plan)
    if str(year) not in {str(y) for y in plan.years}:
        return HttpResponseBadRequest(_("Choose a year of the plan."))
    year = int(year)
    book = for_plan(plan.pk, f"export-{year}", lambda: spreadsheets.export_plan(plan, year))
    return xlsx.response(book, _filename(plan, year))


@login_required
@require_GET
def work_plan_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    plan = _plan_for(request, pk)
    if year not in plan.years:
        raise Http404(_("This year is outside the plan's period."))
    content = spreadsheets.export_work_plan(plan, year)
    return xlsx.response(content, _filename(plan, "rencana-kerja", year))
