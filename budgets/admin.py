"""Budgets in the admin, scoped to the staff user's task forces (see ``gugustugas.admin``)."""

from budgets.models import Advocacy, BudgetLine, Milestone, Realisation
from gugustugas.admin import TASK_FORCE_NAME, ScopedHistoryAdmin, inline

ScopedHistoryAdmin.register(
    BudgetLine,
    "item task_force agency fiscal_year total status",
    filters="status fiscal_year funding_source cost_type",
    search="item agency__name activity__code",
    by_id="task_force agency activity status_changed_by",
    inlines=[inline(Realisation, raw_id_fields=["recorded_by"])],
    list_select_related=[*TASK_FORCE_NAME, "agency"],
    readonly_fields=["total"],
)
ScopedHistoryAdmin.register(
    Realisation, "line quarter amount recorded_by", filters="quarter", by_id="line recorded_by"
)
ScopedHistoryAdmin.register(
    Milestone,
    "kind task_force fiscal_year due done_on",
    filters="kind fiscal_year",
    by_id="task_force",
)
ScopedHistoryAdmin.register(
    Advocacy, "date task_force counterpart milestone", by_id="task_force milestone"
)
