"""The parts of a report, each built from the function the app's own pages use.

``build_snapshot(report)`` returns one JSON-ready dict with a key per part. Nothing here
computes a figure of its own: progress comes from ``actionplans.services``, money from
``budgets.services``, the meeting cadence from ``meetings.cadence``, knowledge gain from
``members``, the quarterly statistics from ``monitoring.services``; this module only
picks, orders and serialises. The snapshot is stored with the report when it is
submitted, and both editions and the web page render from it.

People: a row about a person carries ``person`` and ``chair`` (True for the chair and
the steering chair); the public edition (``for_edition``) blanks the names of everyone
else.
"""

from __future__ import annotations

import copy
import datetime
from collections import Counter
from decimal import Decimal
from itertools import chain

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actionplans import services as plans
from actionplans.models import Area
from budgets import services as budgets
from gugustugas.figures import period_label
from gugustugas.models import (
    FormationStatus,
    Level,
    Role,
    TaskForce,
    role_title,
)
from meetings.cadence import REQUIRED_RULE, held_against_required
from meetings.models import CLOSED_STATUSES, ActionPoint, ActionPointStatus, Kind, Meeting
from members import services as member_services
from members.models import Membership, MoU, Partner, Training
from members.models.capacity import Topic, knowledge_rose
from members.models.partners import MoUStatus, expiring_mous
from monitoring import services as stats
from monitoring.checklist import SCORE_RULE, STAGES
from monitoring.models import ChecklistAssessment, DocumentStatus, Evaluation, MonitoringForm
from monitoring.models.checklist import scores_of
from monitoring.models.statistics import quarter_start
from monitoring.services import ALL_QUARTERS
from monitoring.suppression import RULE as SUPPRESSION_RULE

SCHEMA_VERSION = 1

# (key, title) in the order of the report; "rollup" only for a province and the nation.
PARTS = [
    ("summary", _("Summary")),
    ("structure", _("Task-force structure and membership")),
    ("progress", _("Progress of the action plan (RAD)")),
    ("budget", _("Budget")),
    ("meetings", _("Meetings and action points")),
    ("partners", _("Partners and MoUs")),
    ("training", _("Training and induction")),
    ("monitoring", _("Monitoring findings and evaluation")),
    ("statistics", _("Aggregated statistics")),
    ("checklist", _("Task-force checklist")),
    ("rollup", _("Task forces below")),
]
PART_TITLES = dict(PARTS)
CHAIRS = (Role.CHAIR, Role.DAILY_CHAIR)


def parts_for(task_force: TaskForce) -> list[tuple[str, object]]:
    if task_force.level == Level.REGENCY:
        return [p for p in PARTS if p[0] != "rollup"]
    return list(PARTS)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


class Period:
    """The days a report counts: its years, cut at the snapshot date."""

    def __init__(self, report) -> None:
        self.start = report.period_start
        self.end = min(report.period_end, report.snapshot_date)
        self.years = [y for y in report.years if y <= self.end.year]
        self.last_year = self.years[-1]
        self.on = report.snapshot_date


# --- the parts ---------------------------------------------------------------------


def structure(task_force: TaskForce, period: Period) -> dict:
    """Who sits on the task force on the snapshot date, who joined and left in the period,
    the seats left empty and the decrees of appointment issued in the period."""
    level = task_force.level
    memberships = (
        Membership.objects.filter(task_force=task_force)
        .select_related("person", "agency", "sub_task_force", "successor__person")
        .order_by("start_date", "pk")
    )
    current = [m for m in memberships if m.is_current(period.on)]

    def seat(m: Membership, **extra) -> dict:
        return {
            "person": str(m.person),
            "chair": m.role in CHAIRS,
            "role": role_title(m.role, level),
            "agency": m.agency.name,
            "subgt": m.sub_task_force.name if m.sub_task_force else "",
            **extra,
        }

    joined = [
        seat(m, date=_date(m.start_date), decree=m.decree_number)
        for m in memberships
        if period.start <= m.start_date <= period.end
    ]
    left = [
        seat(
            m,
            date=_date(m.end_date),
            successor=str(m.successor.person) if m.successor else "",
            handover=bool(m.handover_note),
        )
        for m in memberships
        if m.end_date and period.start <= m.end_date <= period.end
    ]
    subgt_list = list(task_force.subgts.order_by("order", "pk"))
    vacancies = member_services.vacancies(level, current, subgt_list)
    subgts = []
    for subgt in subgt_list:
        heads = [
            m for m in current if m.role == Role.SUBGT_HEAD and m.sub_task_force_id == subgt.pk
        ]
        members = sum(1 for m in current if m.sub_task_force_id == subgt.pk)
        subgts.append(
            {
                "name": subgt.name,
                "coordinator": subgt.coordinating_agency,
                "head": seat(heads[0]) if heads else None,
                "members": members,
            }
        )
    decrees: dict[tuple[str, str | None], int] = Counter(
        (m.decree_number, _date(m.decree_date))
        for m in memberships
        if m.decree_number and m.decree_date and period.start <= m.decree_date <= period.end
    )
    return {
        "has_data": bool(memberships),
        "formation": str(FormationStatus(task_force.formation_status).label),
        "decree": {
            "number": task_force.decree_number,
            "date": _date(task_force.decree_date),
            "signed_by": task_force.decree_signed_by,
        },
        "chairs": [seat(m) for m in current if m.role in CHAIRS],
        "member_count": len(current),
        "agency_count": len({m.agency_id for m in current}),
        "subgts": subgts,
        "joined": joined,
        "left": left,
        "vacancies": vacancies,
        "decrees": [
            {"number": number, "date": date, "appointments": n}
            for (number, date), n in sorted(decrees.items(), key=lambda i: i[0][1] or "")
        ],
    }


def _indicator_row(row: plans.ActivityProgress) -> dict:
    activity = row.activity
    return {
        "code": activity.code,
        "title": activity.title,
        "indicator": activity.indicator,
        "unit": activity.unit,
        "agency": activity.responsible_agency.name if activity.responsible_agency else "",
        "target": _dec(row.target),
        "achieved": _dec(row.achieved),
        "percent": _dec(row.percent),
        "status": row.status_label,
        "overdue": row.overdue,
    }


def progress(task_force: TaskForce, period: Period, plan=None) -> dict:
    """Progress per section (``actionplans.services.plan_progress``) for every year of
    the period; the indicator table of each section for its last year."""
    plan = plan or plans.plan_for_year(task_force, period.last_year)
    if plan is None:
        return {"has_data": False}
    activities = plans.load_activities(plan)
    sections = list(plan.sections.select_related("sub_task_force"))
    years = [y for y in period.years if plan.start_year <= y <= plan.end_year]
    by_year = {}
    for year in years:
        overall, groups = plans.plan_progress(plan, year, activities, sections, today=period.on)
        by_year[year] = (overall, groups)
    if not by_year:
        return {"has_data": False, "plan": str(plan)}
    last = years[-1]
    overall, groups = by_year[last]
    return {
        "has_data": bool(activities),
        "plan": str(plan),
        "plan_status": plan.get_status_display(),
        "regulation": plan.regulation_number,
        "years": years,
        "last_year": last,
        "overall": {str(y): _dec(by_year[y][0].percent) for y in years},
        "activity_count": len(activities),
        "without_target": overall.without_target,
        "overdue": overall.overdue_count,
        "sections": [
            {
                "name": group.label,
                "percent": {str(y): _dec(by_year[y][1][i].percent) for y in years},
                "activities": len(group.rows),
                "without_target": group.without_target,
                "rows": [_indicator_row(r) for r in group.rows],
            }
            for i, group in enumerate(groups)
        ],
    }


def _bucket(bucket: budgets.Bucket) -> dict:
    return {
        "label": bucket.label,
        "total": bucket.total,
        "realised": bucket.realised,
        "count": bucket.count,
        "absorption": _dec(bucket.absorption),
    }


def budget(task_force: TaskForce, period: Period) -> dict:
    """Allocated and realised by agency, funding source and 3P area
    (``budgets.services.summarise``), per year and over the period; unbudgeted activities
    of the last year (``budgets.services.unbudgeted``)."""
    per_year = {y: list(budgets.lines_for(task_force, y)) for y in period.years}
    summary = budgets.summarise(chain.from_iterable(per_year.values()))
    unbudgeted = budgets.unbudgeted(task_force, period.last_year)
    return {
        "has_data": summary.total.count > 0,
        "total": _bucket(summary.total),
        "years": [
            {"year": y, **_bucket(budgets.summarise(lines).total)} for y, lines in per_year.items()
        ],
        "by_agency": [_bucket(b) for b in summary.by_agency],
        "by_source": [_bucket(b) for b in summary.by_source],
        "by_area": [_bucket(b) for b in summary.by_area],
        "lump_sums": len(summary.lump_sums),
        "admin_heavy": summary.admin_heavy,
        "unbudgeted_year": period.last_year,
        "unbudgeted": [
            {
                "agency": agency,
                "activities": [f"{a.code} {a.title}".strip() for a in activities],
            }
            for agency, activities in unbudgeted.items()
        ],
        "unbudgeted_count": sum(len(a) for a in unbudgeted.values()),
    }


def meetings(task_force: TaskForce, period: Period) -> dict:
    """Meetings held against the guideline's cadence (``meetings.cadence``, year by year
    up to the snapshot date) and what became of the action points decided in the period."""
    until = _end_of(period.end)
    per_kind: dict[str, list[int]] = {}
    for year in period.years:
        for count in held_against_required([task_force], year, now=until)[task_force.pk]:
            held, required = per_kind.setdefault(count.kind, [0, 0])
            per_kind[count.kind] = [held + count.held, required + count.required]
    requirements = [
        {
            "kind": kind,
            "body": str(Kind(kind).label),
            "required": required,
            "held": held,
            "met": held >= required,
        }
        for kind, (held, required) in per_kind.items()
    ]
    points = ActionPoint.objects.filter(
        meeting__task_force=task_force,
        meeting__starts_at__date__gte=period.start,
        meeting__starts_at__date__lte=period.end,
    )
    counts = points.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionPointStatus.DONE)),
        dropped=Count("pk", filter=Q(status=ActionPointStatus.DROPPED)),
        open=Count("pk", filter=~Q(status__in=CLOSED_STATUSES)),
    )
    counts["overdue"] = points.overdue(period.on).count()
    counted = counts["total"] - counts["dropped"]
    completion = (
        (Decimal(counts["done"]) * 100 / counted).quantize(Decimal("0.1")) if counted else None
    )
    held_total = sum(r["held"] for r in requirements)
    return {
        "has_data": held_total > 0 or counts["total"] > 0,
        "rule": str(REQUIRED_RULE),
        "requirements": requirements,
        "held": held_total,
        "required": sum(r["required"] for r in requirements),
        "cancelled": Meeting.objects.filter(
            task_force=task_force,
            cancelled_at__isnull=False,
            starts_at__date__gte=period.start,
            starts_at__date__lte=period.end,
        ).count(),
        "action_points": counts,
        "completion": _dec(completion),
    }


def _end_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, timezone.get_current_timezone())


def partners(task_force: TaskForce, period: Period) -> dict:
    """The partner map by kind and 3P area, and the MoUs in force during the period."""
    partner_rows = list(Partner.objects.filter(task_force=task_force))
    kinds = Counter(str(p.get_kind_display()) for p in partner_rows)
    areas = {
        str(label): sum(1 for p in partner_rows if getattr(p, key, False))
        for key, label in Area.choices
        if key in ("prevention", "protection", "prosecution")
    }
    mous = (
        MoU.objects.filter(task_force=task_force)
        .exclude(status=MoUStatus.DRAFT)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=period.end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .prefetch_related("partners")
        .order_by("start_date", "pk")
    )
    expiring = set(expiring_mous([task_force], period.on).values_list("pk", flat=True))
    return {
        "has_data": bool(partner_rows) or mous.exists(),
        "partner_count": len(partner_rows),
        "by_kind": sorted(kinds.items()),
        "by_area": list(areas.items()),
        "mous": [
            {
                "title": m.title,
                "number": m.number,
                "partners": ", ".join(p.name for p in m.partners.all()),
                "status": m.get_status_display(),
                "start": _date(m.start_date),
                "end": _date(m.end_date),
                "expiring": m.pk in expiring,
                "complete": m.is_complete,
            }
            for m in mous
        ],
    }


def training(task_force: TaskForce, period: Period) -> dict:
    """Trainings held in the period with the share whose knowledge rose
    (``members.models.capacity.knowledge_rose``), and induction of the current members."""
    trainings = (
        Training.objects.filter(task_force=task_force, date__gte=period.start, date__lte=period.end)
        .prefetch_related("participants")
        .order_by("date", "pk")
    )
    rows = []
    for t in trainings:
        participants = list(t.participants.all())
        rows.append(
            {
                "date": _date(t.date),
                "title": t.title,
                "topic": str(Topic(t.topic).label),
                "participants": len(participants) + t.external_participants,
                "knowledge_rose": _dec(knowledge_rose(participants)),
            }
        )
    current = list(Membership.objects.current(period.on).filter(task_force=task_force))
    complete = sum(1 for m in current if m.induction_complete)
    return {
        "has_data": bool(rows) or bool(current),
        "trainings": rows,
        "topics_covered": sorted({r["topic"] for r in rows}),
        "members": len(current),
        "inducted": complete,
        "induction_pending": len(current) - complete,
    }


def monitoring(task_force: TaskForce, period: Period) -> dict:
    """The final monitoring forms of the period (findings, corrective actions) and the
    final evaluations that cover it (``monitoring`` app)."""
    forms = (
        MonitoringForm.objects.filter(
            task_force=task_force,
            status=DocumentStatus.FINAL,
            year__in=period.years,
            date__lte=period.end,
        )
        .select_related("agency")
        .prefetch_related("corrective_actions")
        .order_by("year", "quarter", "date", "pk")
    )
    evaluations = (
        Evaluation.objects.filter(
            task_force=task_force,
            status=DocumentStatus.FINAL,
            start_year__lte=period.end.year,
            end_year__gte=period.start.year,
            date__lte=period.end,
        )
        .prefetch_related("criteria", "recommendations")
        .order_by("date", "pk")
    )
    form_rows = [
        {
            "date": _date(f.date),
            "period": period_label(f.year, f.quarter),
            "agency": f.agency.name if f.agency_id else "",
            "positive": f.positive_list,
            "negative": f.negative_list,
            "actions": [a.action for a in f.corrective_actions.all()],
        }
        for f in forms
    ]
    evaluation_rows = [
        {
            "title": e.title,
            "date": _date(e.date),
            "years": f"{e.start_year}–{e.end_year}",
            "person": e.evaluator,
            "chair": False,
            "summary": e.summary,
            "criteria": [
                {
                    "criterion": c.get_criterion_display(),
                    "rating": c.get_rating_display() if c.rating else "",
                }
                for c in e.criteria.all()
            ],
            "recommendations": [r.text for r in e.recommendations.all()],
        }
        for e in evaluations
    ]
    return {
        "has_data": bool(form_rows or evaluation_rows),
        "forms": form_rows,
        "evaluations": evaluation_rows,
    }


def _cells(aggregate) -> dict:
    """code -> [shown value, state]: the five values (a count, 0, suppressed, not known,
    not submitted) stay distinct."""
    return {code: [cell.display, str(cell.state)] for code, cell in aggregate.cells.items()}


def statistics(task_force: TaskForce, period: Period) -> dict:
    """The quarterly statistics of each year of the period (the quarters begun by its end):
    the internal aggregate (``monitoring.services.aggregate``) and the public one with
    small counts suppressed (``monitoring.services.public_aggregate``, the same pattern as
    the open data); ``for_edition`` keeps the one an edition shows."""
    years = []
    for year in period.years:
        quarters = [q for q in ALL_QUARTERS if quarter_start(year, q) <= period.end]
        internal = stats.aggregate(task_force, year, quarters)
        if not internal.submissions:
            continue
        public = stats.public_aggregate(task_force, year, quarters)
        years.append(
            {
                "year": year,
                "period": internal.period_label,
                "submissions": internal.submissions,
                "sections": [
                    {
                        "title": str(section.title),
                        "rows": [[code, str(label)] for code, label, _cell in section.rows],
                        "total": [section.total[0], str(section.total[1])]
                        if section.total
                        else None,
                    }
                    for section in internal.sections()
                ],
                "cells": _cells(internal),
                "public_cells": _cells(public),
            }
        )
    return {
        "has_data": bool(years),
        "rule": str(stats.AGGREGATE_RULE),
        "suppression_rule": str(SUPPRESSION_RULE),
        "years": years,
    }


def checklist(task_force: TaskForce, period: Period) -> dict:
    """The five-stage checklist: the scores of the latest assessment up to the snapshot
    date, and of the one before the period for comparison (``monitoring``'s scores)."""
    assessments = ChecklistAssessment.objects.filter(
        task_force=task_force, date__lte=period.end
    ).order_by("-date", "-pk")
    latest = assessments.first()
    if latest is None:
        return {"has_data": False}
    earlier = assessments.filter(date__lt=period.start).first()
    ids = [latest.pk] + ([earlier.pk] if earlier else [])
    scores = scores_of(ids)
    return {
        "has_data": True,
        "rule": str(SCORE_RULE),
        "date": _date(latest.date),
        "earlier_date": _date(earlier.date) if earlier else None,
        "stages": [
            {
                "label": str(stage.label),
                "score": _dec(scores[latest.pk][stage.code]),
                "earlier": _dec(scores[earlier.pk][stage.code]) if earlier else None,
            }
            for stage in STAGES
        ],
    }


def rollup(task_force: TaskForce, period: Period) -> dict:
    """The task forces directly below: RAD progress of the last year, budget planned and
    realised (``budgets.services.totals_below``), meetings held; who had no data."""
    year = period.last_year
    below = list(budgets.totals_below(task_force, year, TaskForce.objects.all()))
    counts = held_against_required(below, year, now=min(timezone.now(), _end_of(period.end)))
    held = {tf_id: sum(c.held for c in kinds) for tf_id, kinds in counts.items()}
    rows, missing = [], []
    for child in below:
        plan = plans.plan_for_year(child, year)
        percent = None
        if plan is not None:
            overall, _groups = plans.plan_progress(
                plan, year, plans.load_activities(plan, year=year), today=period.on
            )
            percent = overall.percent
        gaps = []
        if plan is None:
            gaps.append(str(_("no action plan")))
        if not child.planned:
            gaps.append(str(_("no budget lines")))
        if not held.get(child.pk):
            gaps.append(str(_("no meetings")))
        row = {
            "name": child.name,
            "code": child.region.code,
            "progress": _dec(percent),
            "planned": child.planned,
            "realised": child.realised,
            "meetings": held.get(child.pk, 0),
            "gaps": gaps,
        }
        rows.append(row)
        if gaps:
            missing.append(row)
    return {
        "has_data": bool(rows),
        "year": year,
        "rows": rows,
        "count": len(rows),
        "complete": len(rows) - len(missing),
        "missing": [{"name": r["name"], "gaps": r["gaps"]} for r in missing],
    }


def summary(parts: dict) -> dict:
    """The key figures of the other parts, in one place (no new computation)."""
    progress_part, budget_part, meetings_part = (
        parts["progress"],
        parts["budget"],
        parts["meetings"],
    )
    last = progress_part.get("last_year")
    return {
        "has_data": any(p.get("has_data") for p in parts.values()),
        "progress": progress_part.get("overall", {}).get(str(last)) if last else None,
        "progress_year": last,
        "activities": progress_part.get("activity_count", 0),
        "planned": budget_part["total"]["total"],
        "realised": budget_part["total"]["realised"],
        "absorption": budget_part["total"]["absorption"],
        "meetings_held": meetings_part["held"],
        "meetings_required": meetings_part["required"],
        "action_point_completion": meetings_part["completion"],
        "members": parts["structure"]["member_count"],
        "partners": parts["partners"]["partner_count"],
        "trainings": len(parts["training"]["trainings"]),
        "rollup": {
            "count": parts["rollup"]["count"],
            "complete": parts["rollup"]["complete"],
        }
        if "rollup" in parts
        else None,
    }


BUILDERS = {
    "structure": structure,
    "budget": budget,
    "meetings": meetings,
    "partners": partners,
    "training": training,
    "monitoring": monitoring,
    "statistics": statistics,
    "checklist": checklist,
    "rollup": rollup,
}


def build_snapshot(report) -> dict:
    """Every figure of the report as of its snapshot date, ready to be stored as JSON.
    Labels that come from data (choice labels) are taken in the site's language."""
    task_force = report.task_force
    period = Period(report)
    keys = [key for key, _title in parts_for(task_force)]
    with translation.override(settings.LANGUAGE_CODE):
        parts: dict = {}
        for key in keys:
            if key == "summary":
                continue
            if key == "progress":
                parts[key] = progress(task_force, period, report.plan)
            else:
                parts[key] = BUILDERS[key](task_force, period)
        parts["summary"] = summary(parts)
    return {
        "schema": SCHEMA_VERSION,
        "taken_at": timezone.now().isoformat(),
        "as_of": period.on.isoformat(),
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "task_force": {
            "name": task_force.name,
            "code": task_force.region.code,
            "level": task_force.level,
        },
        "parts": {key: parts[key] for key in keys},
    }


def for_edition(snapshot: dict, public: bool) -> dict:
    """The snapshot as an edition shows it. The public edition leaves out the names of
    everyone below the chairs (a row with ``person`` and ``chair`` False), and shows the
    statistics with small counts suppressed; the internal edition shows them in full."""
    result = copy.deepcopy(snapshot)
    for year in result["parts"].get("statistics", {}).get("years", []):
        # The internal edition shows the full figures, the public one the suppressed ones.
        public_cells = year.pop("public_cells")
        if public:
            year["cells"] = public_cells
    if not public:
        return result

    def strip(node):
        if isinstance(node, dict):
            if "person" in node and not node.get("chair"):
                node["person"] = ""
            if "successor" in node and not node.get("chair"):
                node["successor"] = ""
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(result)
    return result
