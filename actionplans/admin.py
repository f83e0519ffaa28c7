"""Action plans in the admin, scoped to the staff user's task forces (see
``gugustugas.admin``)."""

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Evidence,
    Integration,
    Objective,
    ProgressReport,
    ReviewComment,
    Section,
    WorkingGroupMember,
)
from gugustugas.admin import TASK_FORCE_NAME, ScopedAdmin, ScopedHistoryAdmin, inline

ScopedHistoryAdmin.register(
    ActionPlan,
    "__str__ task_force version status regulation_number",
    filters="status task_force__region__level",
    search="title task_force__region__name regulation_number",
    by_id="task_force previous",
    inlines=[inline(Section, raw_id_fields=["sub_task_force"])],
    list_select_related=TASK_FORCE_NAME,
)
ScopedHistoryAdmin.register(
    WorkingGroupMember, "plan person name organisation role", by_id="plan person"
)
ScopedHistoryAdmin.register(Section, "plan sub_task_force order", by_id="plan sub_task_force")
ScopedHistoryAdmin.register(Objective, "text section order", by_id="section")
ScopedHistoryAdmin.register(
    Activity,
    "code title section area responsible_agency",
    filters="area",
    search="code title indicator",
    by_id="section objective responsible_agency implementing_agencies",
    inlines=[ActivityTarget],
)
ScopedHistoryAdmin.register(
    ActivityTarget, "activity year target", filters="year", by_id="activity"
)
ScopedHistoryAdmin.register(
    ReviewComment,
    "plan activity reviewer created_at resolved",
    filters="resolved",
    by_id="plan activity created_by responded_by",
)
ScopedHistoryAdmin.register(
    Integration, "plan agency document reference year", filters="document", by_id="plan agency"
)
ScopedHistoryAdmin.register(
    ProgressReport,
    "activity year quarter achieved status review_state",
    filters="review_state status year quarter",
    by_id="activity reported_by reviewed_by",
)
ScopedAdmin.register(
    Evidence, "original_name report size uploaded_by uploaded_at", by_id="report uploaded_by"
)
