"""Members, partners and capacity in the admin, scoped to the staff user's task forces
(see ``gugustugas.admin``)."""

from gugustugas.admin import ScopedHistoryAdmin, inline
from members.models import (
    Agency,
    InductionItem,
    Membership,
    MoU,
    NeedsSurveyResponse,
    Partner,
    PartnerContact,
    Person,
    Training,
    TrainingParticipant,
)

ScopedHistoryAdmin.register(
    Agency,
    "name short_name kind task_force",
    filters="kind",
    search="name short_name",
    by_id="task_force",
)
ScopedHistoryAdmin.register(
    Person, "full_name email phone user", search="full_name email", by_id="task_force user"
)
ScopedHistoryAdmin.register(
    Membership,
    "person role agency task_force start_date end_date",
    filters="role",
    search="person__full_name position_title",
    by_id="task_force person agency sub_task_force successor",
)
ScopedHistoryAdmin.register(
    Partner,
    "name kind task_force",
    filters="kind prevention protection prosecution",
    search="name",
    by_id="task_force works_with",
    inlines=[PartnerContact],
)
ScopedHistoryAdmin.register(
    PartnerContact,
    "name position partner email phone",
    search="name partner__name",
    by_id="partner",
)
ScopedHistoryAdmin.register(
    MoU,
    "title number task_force status start_date end_date",
    filters="status",
    search="title number",
    by_id="task_force partners other_task_forces renews",
)
ScopedHistoryAdmin.register(
    Training,
    "title task_force topic date mandatory",
    filters="topic mandatory",
    search="title place organiser",
    by_id="task_force partner",
    inlines=[inline(TrainingParticipant, raw_id_fields=["person"])],
)
ScopedHistoryAdmin.register(
    TrainingParticipant, "person training pre_score post_score", by_id="training person"
)
ScopedHistoryAdmin.register(
    InductionItem, "title kind task_force", filters="kind", by_id="task_force"
)
ScopedHistoryAdmin.register(
    NeedsSurveyResponse, "person task_force year", filters="year", by_id="task_force person"
)
