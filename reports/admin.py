"""Reports in the admin, scoped to the staff user's task forces (see ``gugustugas.admin``)."""

from gugustugas.admin import TASK_FORCE_NAME, ScopedHistoryAdmin
from reports.models import Report

ScopedHistoryAdmin.register(
    Report, "__str__ task_force", by_id="task_force", list_select_related=TASK_FORCE_NAME
)
