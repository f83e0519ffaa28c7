"""Demo meetings at the top of the tree: each province that ``members.demo_provinces``
fills gets the past year's overall coordination meetings with final minutes, sub-GT
meetings and (for some) this year's provincial coordination meeting. How recent the last
meeting is differs from province to province, so the cadence columns of the national
oversight table show who is on schedule and who lags. Bulk inserts keep ``seed_demo``
fast; dates are relative to today."""

from __future__ import annotations

import datetime
import zlib

from django.utils import timezone

from gugustugas.models import FormationStatus, SubTaskForce
from meetings.models import Kind, Meeting, MinutesStatus
from members.demo_provinces import demo_provinces
from members.models import Membership


def _at(days_ago: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


def _held(**fields) -> Meeting:
    starts = fields.pop("starts_at")
    return Meeting(
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="Ruang Rapat Sekretariat Daerah",
        minutes_status=MinutesStatus.FINAL,
        discussion="<p>Pembahasan capaian RAD dan tindak lanjut rapat sebelumnya.</p>",
        circulated_at=starts + datetime.timedelta(days=3),
        approved_at=starts + datetime.timedelta(days=7),
        **fields,
    )


def seed() -> None:
    today = timezone.localdate()
    provinces = [
        tf
        for tf in demo_provinces()
        if tf.formation_status == FormationStatus.FORMED and not tf.meetings.exists()
    ]
    chairs = {
        m.task_force_id: m
        for m in Membership.objects.current()
        .filter(task_force__in=provinces, role="daily_chair")
        .order_by("pk")
    }
    subgts: dict[int, list[SubTaskForce]] = {}
    for subgt in SubTaskForce.objects.filter(task_force__in=provinces).order_by("order", "pk"):
        subgts.setdefault(subgt.task_force_id, []).append(subgt)
    meetings = []
    for tf in provinces:
        n = zlib.crc32(tf.region.code.encode())
        last = 20 + n % 200  # days since the last overall meeting: some lag behind
        for k in range(3):
            days = last + 120 * k
            meetings.append(
                _held(
                    task_force=tf,
                    kind=Kind.OVERALL,
                    title=f"Rapat Koordinasi Menyeluruh Gugus Tugas {tf.region.name}",
                    starts_at=_at(days),
                    chair=chairs.get(tf.pk),
                )
            )
        if n % 3:
            start = datetime.date(today.year, 1, 1)
            days = min((today - start).days, 30 + n % 150)
            meetings.append(
                _held(
                    task_force=tf,
                    kind=Kind.PROVINCIAL,
                    title=f"Rapat Koordinasi Provinsi {tf.region.name} {today.year}",
                    starts_at=_at(days),
                    chair=chairs.get(tf.pk),
                )
            )
        for index, subgt in enumerate(subgts.get(tf.pk, [])):
            if (n + index) % 4 == 0:
                continue  # a sub-GT without a meeting: flagged
            for month in range((n + index) % 6 + 1):
                meetings.append(
                    _held(
                        task_force=tf,
                        kind=Kind.SUBGT,
                        sub_task_force=subgt,
                        title=f"Rapat {subgt.name}",
                        starts_at=_at(5 + 30 * month + index),
                    )
                )
    Meeting.objects.bulk_create(meetings, batch_size=500)
