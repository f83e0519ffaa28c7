"""Access-matrix rows of the partners pages; merged into tests/access/test_matrix.py MATRIX."""

import datetime
import itertools

from django.core.files.base import ContentFile

from members.models import MoU, Partner, PartnerContact
from members.models.partners import COMPONENTS, MoUStatus
from tests.access.kinds import EDIT, EDIT_POST, READ, Row, _tf

_numbers = itertools.count(1)


def make_partner(task_force) -> Partner:
    # Partner names are unique per task force: every built partner gets its own.
    return Partner.objects.create(
        task_force=task_force, name=f"Yayasan Mitra {next(_numbers)}", kind=Partner.Kind.NGO
    )


def _partner(target):
    return {"pk": make_partner(target).pk}


def _partner_contact(target):
    contact = PartnerContact.objects.create(partner=make_partner(target), name="Siti Aminah")
    return {"pk": contact.pk}


def make_mou(task_force, status=MoUStatus.DRAFT, document=False) -> MoU:
    mou = MoU.objects.create(
        task_force=task_force,
        title=f"MoU uji {next(_numbers)}",
        status=status,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    if document:
        mou.document.save("mou.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return mou


def mou_in(status, document=False):
    def build(target):
        return {"pk": make_mou(target, status, document).pk}

    return build


def _signable_mou(target):
    """A draft covering every component, with its signed document uploaded."""
    mou = make_mou(target, document=True)
    for field, label in COMPONENTS:
        if field not in ("start_date", "end_date"):
            setattr(mou, field, f"Isi {label}")
    mou.save()
    return {"pk": mou.pk}


ROWS: dict = {
    "members:partner_list": Row(READ, _tf),
    "members:partner_create": Row(EDIT, _tf),
    "members:partner_map": Row(READ, _tf),
    "members:partner_export": Row(READ, _tf),
    "members:partner_detail": Row(READ, _partner),
    "members:partner_edit": Row(EDIT, _partner),
    "members:partner_contact_add": Row(EDIT, _partner),
    "members:partner_contact_remove": Row(EDIT_POST, _partner_contact),
    "members:mou_list": Row(READ, _tf),
    "members:mou_create": Row(EDIT, _tf),
    "members:mou_export": Row(READ, _tf),
    "members:mou_detail": Row(READ, mou_in(MoUStatus.ACTIVE)),
    "members:mou_edit": Row(EDIT, mou_in(MoUStatus.DRAFT)),
    "members:mou_document": Row(READ, mou_in(MoUStatus.SIGNED, document=True)),
    "members:mou_sign": Row(EDIT_POST, _signable_mou, data={"signed_on": "2025-01-15"}),
    "members:mou_activate": Row(EDIT_POST, mou_in(MoUStatus.SIGNED)),
    "members:mou_terminate": Row(EDIT_POST, mou_in(MoUStatus.ACTIVE)),
    "members:mou_expire": Row(EDIT_POST, mou_in(MoUStatus.ACTIVE)),
    "members:mou_renew": Row(EDIT_POST, mou_in(MoUStatus.ACTIVE)),
}
