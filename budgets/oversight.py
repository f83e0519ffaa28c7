"""The budgets' oversight table (``gugustugas.oversight``): this year's planned and
realised totals and absorption of each task force below (``services.totals_below`` and
``services.absorption``, the budget page's rules), and its activities left unbudgeted."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.services import absorption, totals_below, unbudgeted_by_task_force
from gugustugas import access, oversight
from gugustugas.models import TaskForce


@oversight.register("budgets", gettext_lazy("Budget"), order=20)
def budgets_table(user, parent, below, today) -> oversight.Table:
    year = today.year
    totals = {tf.pk: tf for tf in totals_below(parent, year, access.visible(user, TaskForce))}
    unbudgeted = unbudgeted_by_task_force(below, year)
    rule = _("Every activity of the action plan is budgeted in each year it runs.")
    table = oversight.Table(
        columns=[
            oversight.Column("planned", _("Planned %(year)d") % {"year": year}, "money"),
            oversight.Column("realised", _("Realised"), "money"),
            oversight.Column("absorption", _("Absorption"), "percent"),
            oversight.Column("unbudgeted", _("Activities without a budget line")),
        ],
        rules=[rule],
    )
    for tf in below:
        row = totals.get(tf.pk)
        planned = row.planned if row else 0
        realised = row.realised if row else 0
        missing = len(unbudgeted.get(tf.pk, []))
        table.cells[tf.pk] = {
            "planned": oversight.Cell(planned),
            "realised": oversight.Cell(realised),
            "absorption": oversight.Cell(absorption(realised, planned)),
            "unbudgeted": oversight.Cell(
                missing,
                broken=_("unbudgeted") if missing else "",
                rule=rule if missing else "",
            ),
        }
    return table
