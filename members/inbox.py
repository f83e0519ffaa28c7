"""The members' items of “Tugas saya” (``gugustugas.inbox``): MoUs that end soon, for
those who may renew them (``members.models.partners.expiring_mous``, the dashboard
panel's and the reminder's rule)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gugustugas import inbox
from gugustugas.access import Action
from members.models.partners import expiring_mous


@inbox.register("mou_ending", order=60)
def mous_ending(work: inbox.Work) -> list[inbox.Item]:
    task_forces = work.task_forces_for(Action.EDIT)
    if not task_forces:
        return []
    return [
        work.item(
            "mou_ending",
            action=_("Renew the MoU or let it end"),
            subject=str(mou),
            url=mou.get_absolute_url(),
            task_force=mou.task_force,
            due=mou.end_date,
        )
        for mou in expiring_mous(task_forces, work.today)
    ]
