"""Members of a task force (people, agencies, memberships) and its capacity: partners and
MoUs, training, induction and the training-needs survey."""

from members.models.capacity import (  # noqa: F401
    InductionItem,
    NeedsSurveyResponse,
    Topic,
    Training,
    TrainingParticipant,
)
from members.models.partners import MoU, Partner, PartnerContact  # noqa: F401
from members.models.people import (  # noqa: F401
    Agency,
    Membership,
    MembershipQuerySet,
    Person,
    create_default_agencies,
)
