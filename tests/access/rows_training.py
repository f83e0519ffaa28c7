"""Access-matrix rows of the training pages; merged into tests/access/test_matrix.py MATRIX."""

import datetime

from django.core.files.base import ContentFile

from members.models import InductionItem, Training
from tests.access.kinds import EDIT, EDIT_POST, READ, ROLES_GET, Row, _membership, _tf
from tests.conftest import ROLES


def _training(target):
    training = Training.objects.create(
        task_force=target,
        topic="definition",
        title="Pelatihan dasar TPPO",
        date=datetime.date(2025, 3, 4),
        place="Bandung",
        organiser="Sekretariat",
    )
    return {"pk": training.pk}


def _induction_file(target):
    item = InductionItem(task_force=target, kind="sop", title="SOP layanan terpadu")
    item.file.save("sop.pdf", ContentFile(b"%PDF-1.4 uji"), save=True)
    return {"pk": item.pk}


def _induction_link(target):
    # Removing must find something to remove on every request.
    item = InductionItem.objects.create(
        task_force=target, kind="rad", title="RAD", url="https://example.id/rad"
    )
    return {"pk": item.pk}


ROWS: dict = {
    "members:training_list": Row(READ, _tf),
    "members:training_create": Row(EDIT, _tf),
    "members:training_export": Row(READ, _tf),
    "members:training_detail": Row(READ, _training),
    "members:training_edit": Row(EDIT, _training),
    "members:induction": Row(READ, _tf),
    "members:induction_item_create": Row(EDIT, _tf),
    "members:induction_item_download": Row(READ, _induction_file),
    "members:induction_item_remove": Row(EDIT_POST, _induction_link),
    "members:induction_pack_received": Row(EDIT_POST, _membership),
    "members:induction_training_done": Row(EDIT_POST, _membership),
    "members:needs_survey_results": Row(READ, _tf),
    # Every current member answers for themself; the secretariat and chairs for anyone.
    "members:needs_survey_answer": Row(ROLES_GET, _tf, frozenset(ROLES)),
}
