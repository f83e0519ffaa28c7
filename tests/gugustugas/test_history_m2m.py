"""The change history shows many-to-many changes by name, not as empty values."""

import pytest

from gugustugas.history import history_for
from members.models import MoU, Partner


@pytest.mark.django_db
def test_history_names_the_linked_rows_of_a_many_to_many_change(tree):
    p = Partner.objects.create(task_force=tree["province"], name="Yayasan A", kind="ngo")
    m = MoU.objects.create(task_force=tree["province"], title="MoU")
    m.partners.set([p])
    m.title = "MoU 2"
    m.save()
    entries = history_for(m)
    assert any("Yayasan A" in c.new for e in entries for c in e.changes)
