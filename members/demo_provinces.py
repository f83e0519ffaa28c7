"""Demo data at the top of the tree: every province besides the hand-written ones (Jawa
Barat, Kepulauan Riau) gets its default agencies and its leading seats, unless it is not
formed yet, so that the national oversight tables rank 38 real rows. Bulk inserts keep
``seed_demo`` fast (it also seeds the browser tests); the audit trail of these rows is
not needed for a demo."""

from __future__ import annotations

import datetime
import zlib

from gugustugas import defaults
from gugustugas.demo import TASK_FORCES
from gugustugas.models import FormationStatus, Level, Role, TaskForce
from members.models import Agency, Membership, Person
from members.models.people import agency_name

FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Rudi", "Nur", "Agus", "Rina", "Hendra", "Lestari"]
LAST = ["Santoso", "Rahmawati", "Hidayat", "Kusuma", "Siregar", "Pattinama", "Nasution",
        "Wulandari", "Tanjung", "Manurung"]  # fmt: skip
# (role, agency short name, position); the sub-GT heads follow.
SEATS = [
    (Role.CHAIR, "DP3A", "Gubernur"),
    (Role.DAILY_CHAIR, "DP3A", "Sekretaris Daerah"),
    (Role.SECRETARIAT, "DP3A", "Kepala Bidang Perlindungan Perempuan dan Anak"),
]
START = datetime.date(2024, 2, 1)
HEAD_AGENCY = {
    "prevention": "Disdik",
    "social_rehabilitation": "Dinsos",
    "health_rehabilitation": "Dinkes",
    "law_enforcement": "Polda",
    "legal_norms": "Biro Hukum",
    "cooperation": "Biro Kerja Sama",
}


def demo_provinces() -> list[TaskForce]:
    """The provinces this module fills: formed (or forming, inactive) and not hand-written."""
    hand_written = {code for code, *_ in TASK_FORCES}
    return list(
        TaskForce.objects.filter(region__level=Level.PROVINCE)
        .exclude(region__code__in=hand_written)
        .exclude(formation_status=FormationStatus.NOT_FORMED)
        .select_related("region")
        .order_by("region__code")
    )


def seed() -> None:
    provinces = [tf for tf in demo_provinces() if not tf.agencies.exists()]
    if not provinces:
        return
    Agency.objects.bulk_create(
        Agency(task_force=tf, name=agency_name(name, str(tf.region)), short_name=short)
        for tf in provinces
        for name, short in defaults.MEMBER_AGENCIES[Level.PROVINCE]
    )
    agencies = {
        (a.task_force_id, a.short_name): a for a in Agency.objects.filter(task_force__in=provinces)
    }
    seats = []  # (task force, role, agency, position, sub-GT)
    for tf in provinces:
        n = zlib.crc32(tf.region.code.encode())
        for index, (role, short, position) in enumerate(SEATS):
            if index == 2 and n % 5 == 0:
                continue  # a vacant secretariat: shows in the members table
            seats.append((tf, role, agencies[tf.pk, short], position, None))
        subgts = list(tf.subgts.all())
        heads = len(subgts) - n % 3  # some sub-GTs without a head
        for subgt in subgts[:heads]:
            agency = agencies[tf.pk, HEAD_AGENCY.get(subgt.kind, "DP3A")]
            seats.append((tf, Role.SUBGT_HEAD, agency, "Kepala Dinas", subgt))
    people = Person.objects.bulk_create(
        Person(
            task_force=tf,
            full_name=f"{FIRST[(zlib.crc32(tf.region.code.encode()) + i) % 10]} "
            f"{LAST[(i * 7 + tf.pk) % 10]}",
            email=f"prov{tf.region.code}.{i}@demo.gugustugas.id",
            phone=f"0813-{1000 + tf.pk % 9000}-{i:04d}",
        )
        for i, (tf, *_rest) in enumerate(seats)
    )
    Membership.objects.bulk_create(
        Membership(
            task_force=tf,
            person=person,
            role=role,
            agency=agency,
            position_title=position,
            sub_task_force=subgt,
            start_date=START,
        )
        for person, (tf, role, agency, position, subgt) in zip(people, seats, strict=True)
    )
