"""The statistics' oversight table (``gugustugas.oversight``): of the last four ended
quarters, how many each task force below submitted on time, late, or not at all, and
where its last quarter stands (``services.timeliness_series``, the completeness page's
count, DHIS2's way)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugustugas import oversight
from gugustugas.models import Level
from monitoring import services
from monitoring.models.statistics import deadline_days

QUARTERS = 4


@oversight.register("statistics", gettext_lazy("Quarterly statistics"), order=40)
def statistics_table(user, parent, below, today) -> oversight.Table:
    if parent.level == Level.REGENCY:
        return oversight.Table(columns=[])
    series = services.timeliness_series(parent, services.recent_quarters(QUARTERS, today))
    level = Level.PROVINCE if parent.is_national else Level.REGENCY
    rule = _(
        "A quarter's statistics are submitted within %(days)d days after the quarter ends."
    ) % {"days": deadline_days(level)}
    counts: dict[int, dict[str, int]] = {}
    last: dict[int, services.CompletenessRow] = {}
    for completeness in series:
        for row in completeness.rows:
            mine = counts.setdefault(row.task_force.pk, {})
            mine[row.timeliness] = mine.get(row.timeliness, 0) + 1
            last[row.task_force.pk] = row
    table = oversight.Table(
        columns=[
            oversight.Column("on_time", _("On time (last %(n)d quarters)") % {"n": QUARTERS}),
            oversight.Column("late", _("Late")),
            oversight.Column("missing", _("Missing")),
            oversight.Column(
                "last", series[-1].period_label if series else _("Last quarter"), "text"
            ),
        ],
        rules=[rule],
    )
    T = services.Timeliness
    for tf in below:
        if tf.pk not in counts:
            continue  # not expected to report: not formed and nothing started
        mine = counts[tf.pk]
        missing = mine.get(T.OVERDUE, 0)
        row = last.get(tf.pk)
        table.cells[tf.pk] = {
            "on_time": oversight.Cell(mine.get(T.ON_TIME, 0)),
            "late": oversight.Cell(mine.get(T.LATE, 0)),
            "missing": oversight.Cell(
                missing, broken=_("not submitted") if missing else "", rule=rule if missing else ""
            ),
            "last": oversight.Cell(
                row.state_label if row else None,
                url=row.submission.get_absolute_url() if row and row.submission else "",
            ),
        }
    return table
