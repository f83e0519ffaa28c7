"""Demo task forces: decrees for the demo regions and a spread of formation statuses."""

import datetime
import zlib

from django.contrib.auth import get_user_model

from gugustugas.models import FormationStatus, Level, TaskForce

DEMO_PASSWORD = "demo-gugustugas-2026"

# (region code, login prefix, decree, decree date, signed by)
TASK_FORCES = [
    ("ID", "nasional", "Perpres No. 22 Tahun 2021", datetime.date(2021, 4, 20), "Presiden RI"),
    (
        "32",
        "jabar",
        "Keputusan Gubernur No. 463/Kep.512-DP3AKB/2023",
        datetime.date(2023, 3, 14),
        "Gubernur Jawa Barat",
    ),
    (
        "32.02",
        "sukabumi",
        "Keputusan Bupati No. 463/Kep.207-DP3A/2023",
        datetime.date(2023, 6, 5),
        "Bupati Sukabumi",
    ),
    (
        "32.73",
        "bandung",
        "Keputusan Wali Kota No. 463/Kep.1120-DP3APM/2022",
        datetime.date(2022, 11, 21),
        "Wali Kota Bandung",
    ),
    (
        "21",
        "kepri",
        "Keputusan Gubernur No. 1187 Tahun 2022",
        datetime.date(2022, 8, 2),
        "Gubernur Kepulauan Riau",
    ),
    (
        "21.71",
        "batam",
        "Keputusan Wali Kota No. 315 Tahun 2023",
        datetime.date(2023, 2, 10),
        "Wali Kota Batam",
    ),
    ("21.01", "bintan", "", None, ""),
]


def seed() -> list[tuple[str, str, str]]:
    user_model = get_user_model()
    if not user_model.objects.filter(username="admin").exists():
        user_model.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    _spread_formation_statuses()
    for code, _prefix, decree, decree_date, signed_by in TASK_FORCES:
        task_force = TaskForce.objects.select_related("region").get(region__code=code)
        _set_decree(task_force, decree, decree_date, signed_by)
    return [("admin", "Superuser", "System administration")]


def _set_decree(task_force, decree, decree_date, signed_by):
    if task_force.decree_number or not decree:
        return
    task_force.decree_number = decree
    task_force.decree_date = decree_date
    task_force.decree_signed_by = signed_by
    task_force.formation_status = FormationStatus.FORMED
    task_force.email = f"gugustugas.{task_force.region.code.replace('.', '')}@demo.gugustugas.id"
    task_force.phone = "(022) 420-0000"
    task_force.save()


def _spread_formation_statuses():
    """Give the task forces outside the demo regions a plausible spread of statuses, once."""
    demo_codes = [code for code, *_ in TASK_FORCES]
    others = TaskForce.objects.exclude(region__code__in=demo_codes)
    if others.exclude(formation_status=FormationStatus.NOT_FORMED).exists():
        return  # spread on an earlier run
    statuses = [
        FormationStatus.FORMED,
        FormationStatus.FORMED,
        FormationStatus.FORMED,
        FormationStatus.FORMING,
        FormationStatus.NOT_FORMED,
        FormationStatus.INACTIVE,
    ]
    changed = []
    for tf in others.select_related("region"):
        status = statuses[zlib.crc32(tf.region.code.encode()) % len(statuses)]
        if status == FormationStatus.NOT_FORMED:
            continue
        tf.formation_status = status
        if status in (FormationStatus.FORMED, FormationStatus.INACTIVE):
            year = 2019 + zlib.crc32(tf.region.name.encode()) % 6
            head = "Gubernur" if tf.region.level == Level.PROVINCE else "Kepala Daerah"
            tf.decree_number = f"Keputusan {head} No. 463/{tf.region.code}/{year}"
            tf.decree_date = datetime.date(year, 1 + tf.pk % 12, 1 + tf.pk % 28)
        changed.append(tf)
    TaskForce.objects.bulk_update(
        changed, ["formation_status", "decree_number", "decree_date"], batch_size=200
    )
