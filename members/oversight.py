"""The members' oversight tables (``gugustugas.oversight``): formation, members and
vacancies of each task force below (``Membership.objects.current()`` and
``services.vacancies``), and their partners and MoUs (``expiring_mous``)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugustugas import oversight
from gugustugas.models import FormationStatus, SubTaskForce
from members.models import Membership, MoU, Partner
from members.models.partners import MoUStatus, expiring_mous
from members.services import vacancies


@oversight.register("members", gettext_lazy("Members"), order=50)
def members_table(user, parent, below, today) -> oversight.Table:
    """Two queries: the current seats and the sub-GTs of every task force below."""
    seats = defaultdict(list)
    for seat in (
        Membership.objects.current(today)
        .filter(task_force__in=below)
        .only("task_force_id", "role", "sub_task_force_id", "agency_id")
    ):
        seats[seat.task_force_id].append(seat)
    subgts = defaultdict(list)
    for subgt in SubTaskForce.objects.filter(task_force__in=below).order_by("order", "pk"):
        subgts[subgt.task_force_id].append(subgt)
    rules = {
        "decree": _("A task force is formed by a decree of the head of the region."),
        "vacant": _(
            "The chair, the daily chair, the secretariat and the head of every sub-GT are filled."
        ),
    }
    table = oversight.Table(
        columns=[
            oversight.Column("formation", _("Formation status"), "text"),
            oversight.Column("decree", _("Founding decree"), "date"),
            oversight.Column("members", _("Current members")),
            oversight.Column("agencies", _("Agencies")),
            oversight.Column("vacancies", _("Vacancies")),
        ],
        rules=list(rules.values()),
    )
    for tf in below:
        current = seats[tf.pk]
        empty = vacancies(tf.level, current, subgts[tf.pk]) if current else []
        formed = tf.formation_status == FormationStatus.FORMED
        table.cells[tf.pk] = {
            "formation": oversight.Cell(
                tf.get_formation_status_display(),
                broken=_("not formed") if not formed else "",
                rule=rules["decree"] if not formed else "",
            ),
            "decree": oversight.Cell(tf.decree_date),
            "members": oversight.Cell(len(current)),
            "agencies": oversight.Cell(len({m.agency_id for m in current})),
            "vacancies": oversight.Cell(
                len(empty) if current else None,
                text=(", ".join(empty) or "0") if current else None,
                broken=_("%(n)d seats vacant") % {"n": len(empty)} if empty else "",
                rule=rules["vacant"] if empty else "",
            ),
        }
    return table


@oversight.register("partners", gettext_lazy("Partners and MoUs"), order=60)
def partners_table(user, parent, below, today) -> oversight.Table:
    """Three queries whatever the number of task forces."""
    partners = dict(
        Partner.objects.filter(task_force__in=below)
        .order_by()
        .values_list("task_force")
        .annotate(n=Count("pk"))
    )
    mous = {
        row["task_force"]: row
        for row in MoU.objects.filter(task_force__in=below)
        .order_by()
        .values("task_force")
        .annotate(
            active=Count("pk", filter=Q(status__in=[MoUStatus.SIGNED, MoUStatus.ACTIVE])),
            draft=Count("pk", filter=Q(status=MoUStatus.DRAFT)),
        )
    }
    ending = defaultdict(int)
    for mou in expiring_mous(below, today):
        ending[mou.task_force_id] += 1
    table = oversight.Table(
        columns=[
            oversight.Column("partners", _("Partners")),
            oversight.Column("active", _("MoUs in force")),
            oversight.Column("ending", _("MoUs ending within 90 days")),
            oversight.Column("draft", _("Draft MoUs")),
        ]
    )
    for tf in below:
        row = mous.get(tf.pk, {})
        table.cells[tf.pk] = {
            "partners": oversight.Cell(partners.get(tf.pk, 0)),
            "active": oversight.Cell(row.get("active", 0)),
            "ending": oversight.Cell(ending[tf.pk]),
            "draft": oversight.Cell(row.get("draft", 0)),
        }
    return table
