"""Pages of the quarterly statistics: a task force's quarters, one submission, its
figures form, the aggregate with drill-down, completeness and timeliness, and the public
open-data page with its downloads. Figures come from ``monitoring.services`` only."""

from __future__ import annotations

import csv
import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access
from gugustugas.access import Action
from gugustugas.concurrency import FORM_FIELD, StaleEdit, refused_save
from gugustugas.models import Level, TaskForce
from gugustugas.workflow import TransitionError
from monitoring import charts, measures, services
from monitoring.forms_statistics import FiguresForm, StartQuarterForm
from monitoring.models import QuarterlySubmission
from monitoring.models.statistics import quarter_label
from monitoring.suppression import RULE, STATE_LABELS, CellState

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _task_force(request, tf: int, action: Action | None = None) -> TaskForce:
    qs = TaskForce.objects.select_related("region")
    return access.get_for_user(request.user, qs, action, pk=tf)


def _submission(request, pk: int, action: Action | None = None) -> QuarterlySubmission:
    qs = QuarterlySubmission.objects.select_related("task_force__region")
    return access.get_for_user(request.user, qs, action, pk=pk)


def _quarters(count: int = 8) -> list[tuple[int, int, str]]:
    """The last ``count`` ended quarters, newest first, with their labels."""
    return [(y, q, quarter_label(y, q)) for y, q in services.recent_quarters(count)[::-1]]


def _valid_quarter(year: int, quarter: int) -> None:
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise Http404


# ---------------------------------------------------------------- the task force's quarters
@login_required
@require_GET
def statistics_home(request, tf: int):
    task_force = _task_force(request, tf)
    submissions = list(
        QuarterlySubmission.objects.filter(task_force=task_force).select_related(
            "task_force__region"
        )
    )
    quarters = services.recent_quarters(8)
    year, quarter = quarters[-1]
    context = {
        "task_force": task_force,
        "submissions": submissions,
        "quarters": _quarters(),
        "may_start": access.can(request.user, Action.EDIT, task_force)
        and task_force.level != Level.NATIONAL,
        "start_form": StartQuarterForm(initial={"year": year, "quarter": quarter}),
        "has_below": task_force.level != Level.REGENCY,
        "latest": (year, quarter),
    }
    return render(request, "monitoring/statistics/home.html", context)


@require_POST
@login_required
def submission_start(request, tf: int):
    task_force = _task_force(request, tf, Action.EDIT)
    form = StartQuarterForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("monitoring:statistics_home", tf=task_force.pk)
    try:
        submission = services.start_submission(
            task_force, form.cleaned_data["year"], form.cleaned_data["quarter"]
        )
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("monitoring:statistics_home", tf=task_force.pk)
    messages.success(request, _("Draft started. Enter the figures and save."))
    return redirect("monitoring:submission_edit", pk=submission.pk)


# ---------------------------------------------------------------- one submission
@login_required
@require_GET
def submission_detail(request, pk: int):
    submission = _submission(request, pk)
    task_force = submission.task_force
    own = services.aggregate(task_force, submission.year, [submission.quarter], own_any_state=True)
    own_only = services.own_figures(submission)
    problems = measures.check(submission.values())
    context = {
        "submission": submission,
        "task_force": task_force,
        "own": own_only,
        "aggregate": own if task_force.level == Level.PROVINCE else None,
        "problems": problems,
        "problem_codes": {c for p in problems for c in p.codes},
        "can_edit": access.can(request.user, Action.EDIT, task_force),
    }
    return render(request, "monitoring/statistics/submission_detail.html", context)


def _save_figures(request, submission, form):
    """Save a valid figures form as the draft: a redirect to the submission when every
    breakdown adds up (or the save was refused), else None and the problems to show."""
    try:
        services.save_figures(
            submission,
            form.figures(),
            form.cleaned_data["note"],
            version=form.cleaned_data[FORM_FIELD],
        )
        # The form shown again (figures that do not add up yet) carries the new version.
        submission.refresh_from_db(fields=["version", "note"])
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(submission), []
    except StaleEdit:

        def page(again, current, conflicts):
            return _figures_page(request, current, again, [], conflicts)

        return refused_save(request, form, submission, page, bind="submission"), []
    problems = measures.check(submission.values())
    if not problems:
        messages.success(request, _("Figures saved. Every breakdown adds up."))
        return redirect(submission), []
    messages.warning(
        request,
        _("Draft saved. It cannot be submitted until the figures below are corrected."),
    )
    return None, problems


@login_required
def submission_edit(request, pk: int):
    submission = _submission(request, pk, Action.EDIT)
    try:
        submission.require_editable()
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(submission)
    form = FiguresForm(request.POST or None, submission=submission)
    problems = []
    if request.method == "POST" and form.is_valid():
        response, problems = _save_figures(request, submission, form)
        if response is not None:
            return response
        form = FiguresForm(submission=submission)
    elif request.method == "GET":
        problems = measures.check(submission.values())
    return _figures_page(request, submission, form, problems)


def _figures_page(request, submission, form, problems, conflicts=None):
    context = {
        "submission": submission,
        "task_force": submission.task_force,
        "form": form,
        "problems": problems,
        "problem_codes": form.problem_codes(problems),
        "conflicts": conflicts,
        "cancel_url": submission.get_absolute_url(),
    }
    return render(request, "monitoring/statistics/submission_form.html", context)


# ---------------------------------------------------------------- aggregate and completeness
@login_required
@require_GET
def aggregate_view(request, tf: int, year: int, quarter: int):
    _valid_quarter(year, quarter)
    task_force = _task_force(request, tf)
    aggregate = services.aggregate(task_force, year, [quarter])
    context = {
        "task_force": task_force,
        "year": year,
        "quarter": quarter,
        "period": quarter_label(year, quarter),
        "aggregate": aggregate,
        "charts": statistics_charts(task_force, aggregate),
        "rows": services.drill_down(task_force, year, [quarter]),
        "headline": [(code, measures.label_of(code)) for code in services.HEADLINE],
        "rule": services.AGGREGATE_RULE,
        "quarters": _quarters(),
        "completeness": services.completeness(task_force, year, quarter)
        if task_force.level != Level.REGENCY
        else None,
    }
    return render(request, "monitoring/statistics/aggregate.html", context)


def statistics_charts(task_force: TaskForce, aggregate) -> list:
    """The M&E charts of one aggregate: victims identified per quarter, assistance by
    type and the prosecution funnel (the same SVG goes into the reports' PDF)."""
    series = services.quarterly_series(task_force, services.recent_quarters(8), "identified.total")
    by_type = [
        (label, aggregate[code])
        for code, label, _cell in next(
            s for s in aggregate.sections() if s.title == str(measures.BY_NAME["assistance"].label)
        ).rows
    ]
    funnel = [
        (str(label), aggregate[f"prosecution.{key}"])
        for key, label in measures.BY_NAME["prosecution"].items
    ]
    return [
        charts.quarterly_columns(
            [(quarter_label(y, q), cell) for (y, q), cell in series],
            _("Victims identified per quarter"),
        ),
        charts.bars(by_type, _("Assistance given, by type")),
        charts.bars(funnel, _("Prosecution funnel")),
    ]


@login_required
@require_GET
def completeness_view(request, tf: int, year: int, quarter: int):
    _valid_quarter(year, quarter)
    task_force = _task_force(request, tf)
    if task_force.level == Level.REGENCY:
        raise Http404
    main = services.completeness(task_force, year, quarter)
    districts = None
    if task_force.level == Level.NATIONAL:
        districts = services.completeness(task_force, year, quarter, Level.REGENCY)
    series_quarters = services.recent_quarters(8)
    series = services.timeliness_series(task_force, series_quarters)
    context = {
        "task_force": task_force,
        "year": year,
        "quarter": quarter,
        "period": quarter_label(year, quarter),
        "completeness": main,
        "districts": districts,
        "district_groups": districts.by_parent() if districts else None,
        "chart": charts.timeliness_chart(series),
        "quarters": _quarters(),
    }
    return render(request, "monitoring/statistics/completeness.html", context)


# ---------------------------------------------------------------- open data (public)
def _open_data_choice(request):
    """The period and region asked for; defaults: the last quarter, the whole country."""
    year, quarter = services.recent_quarters(1)[0]
    try:
        year = int(request.GET.get("year", year))
        quarter = int(request.GET.get("quarter", quarter))
    except ValueError:
        raise Http404 from None
    _valid_quarter(year, quarter)
    code = request.GET.get("region", "ID") or "ID"
    task_force = get_object_or_404(TaskForce.objects.select_related("region"), region__code=code)
    return year, quarter, task_force


def _metadata(request, task_force, year, quarter) -> dict:
    return {
        "title": _("Anti-trafficking statistics, %(region)s, %(period)s")
        % {"region": task_force.region, "period": quarter_label(year, quarter)},
        "source": _(
            "Quarterly submissions of the anti-trafficking task forces (Gugus Tugas PPTPPO), "
            "accepted by the level above."
        ),
        "publisher": _("Gugus Tugas PPTPPO"),
        "region": str(task_force.region),
        "region_code": task_force.region.display_code or "ID",
        "period": quarter_label(year, quarter),
        "period_start": datetime.date(year, 3 * quarter - 2, 1).isoformat(),
        "period_end": services.quarter_end(year, quarter).isoformat(),
        "definitions": _(
            "Counts of victims of trafficking in persons identified and assisted in the "
            "quarter, assistance given, cases in the prosecution chain and prevention "
            "work. Children are under 18. Aggregated counts only; no data about any person."
        ),
        "aggregation": str(services.AGGREGATE_RULE),
        "suppression_rule": str(RULE),
        "values": {str(state): str(STATE_LABELS[state]) for state in CellState},
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated": timezone.now().isoformat(timespec="seconds"),
        "url": request.build_absolute_uri(),
    }


@require_GET
def open_data(request):
    year, quarter, task_force = _open_data_choice(request)
    public = services.public_aggregate(task_force, year, [quarter])
    below = services.public_drill_down(task_force, year, [quarter])
    provinces = TaskForce.objects.filter(region__level=Level.PROVINCE).select_related("region")
    context = {
        "task_force": task_force,
        "year": year,
        "quarter": quarter,
        "aggregate": public,
        "rows": below,
        "headline": [(code, measures.label_of(code)) for code in services.HEADLINE],
        "metadata": _metadata(request, task_force, year, quarter),
        "quarters": _quarters(),
        "provinces": provinces,
        "parent": TaskForce.objects.filter(region_id=task_force.region.parent_id)
        .select_related("region")
        .first(),
        "query": f"year={year}&quarter={quarter}&region={task_force.region.code}",
        "rule": RULE,
    }
    return render(request, "monitoring/statistics/open_data.html", context)


def _public_rows(aggregate) -> list[dict]:
    return [
        {
            "code": code,
            "indicator": label,
            "section": section.title,
            "value": cell.value,
            "status": str(cell.state),
            "display": cell.display,
        }
        for section in aggregate.sections()
        for code, label, cell in ([section.total] if section.total else []) + section.rows
    ]


def _unique_rows(aggregate) -> list[dict]:
    seen, rows = set(), []
    for row in _public_rows(aggregate):
        if row["code"] not in seen:
            seen.add(row["code"])
            rows.append(row)
    return rows


@require_GET
def open_data_csv(request):
    year, quarter, task_force = _open_data_choice(request)
    public = services.public_aggregate(task_force, year, [quarter])
    meta = _metadata(request, task_force, year, quarter)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"statistik-tppo-{meta['region_code'].replace('.', '')}-{year}-tw{quarter}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(["region_code", "region", "period", "code", "indicator", "value", "status"])
    for row in _unique_rows(public):
        writer.writerow(
            [
                meta["region_code"],
                meta["region"],
                meta["period"],
                row["code"],
                row["indicator"],
                "" if row["value"] is None else row["value"],
                row["status"],
            ]
        )
    return response


@require_GET
def open_data_json(request):
    year, quarter, task_force = _open_data_choice(request)
    public = services.public_aggregate(task_force, year, [quarter])
    payload = {
        "metadata": _metadata(request, task_force, year, quarter),
        "data": [
            {k: row[k] for k in ("code", "indicator", "value", "status")}
            for row in _unique_rows(public)
        ],
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})


@require_GET
def open_data_xlsx(request):
    import io

    from openpyxl import Workbook

    from gugustugas import xlsx

    year, quarter, task_force = _open_data_choice(request)
    public = services.public_aggregate(task_force, year, [quarter])
    meta = _metadata(request, task_force, year, quarter)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")[:31]
    heading = [_("Code"), _("Indicator"), _("Value"), _("Status"), _("Shown as")]
    for column, text in enumerate(heading, start=1):
        xlsx.put(sheet, 1, column, text)
    for r, row in enumerate(_unique_rows(public), start=2):
        values = [row["code"], row["indicator"], row["value"], row["status"], row["display"]]
        for column, value in enumerate(values, start=1):
            xlsx.put(sheet, r, column, value)
    about = book.create_sheet(_("Metadata")[:31])
    for r, (key, value) in enumerate(meta.items(), start=1):
        xlsx.put(about, r, 1, key)
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        xlsx.put(about, r, 2, text)
    buffer = io.BytesIO()
    book.save(buffer)
    name = f"statistik-tppo-{meta['region_code'].replace('.', '')}-{year}-tw{quarter}.xlsx"
    return xlsx.response(buffer.getvalue(), name)
