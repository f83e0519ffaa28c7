"""The members app's .xlsx exports: partners, the MoU register and training attendance,
on the core's sheet writer (``gugustugas.xlsx``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.workbook import Workbook

from gugustugas import xlsx
from gugustugas.models import TaskForce
from members.models import Partner, PartnerContact, Training
from members.models.capacity import knowledge_rose
from members.services import agency_on, parties, with_parties

# The sheets circulate among offices that work in Indonesian, whatever the screen language.
SHEET_LANGUAGE = "id"


def _sheet(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: the header row, then one row per record."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx.write_table(sheet, headers, rows)
    return xlsx.to_bytes(workbook)


# --- partners and MoUs ------------------------------------------------------------------


def _contact_line(contact: PartnerContact) -> str:
    return " — ".join(
        part for part in (contact.name, contact.position, contact.phone, contact.email) if part
    )


def _partner_headers() -> list[str]:
    return [
        _("Name"),
        _("Kind"),
        _("3P areas"),
        _("What they do with us"),
        _("Also works with"),
        _("Address"),
        _("Phone"),
        _("E-mail"),
        _("Website"),
        _("Contact persons"),
    ]


def _partner_row(p: Partner) -> list[Any]:
    return [
        p.name,
        p.get_kind_display(),
        ", ".join(str(Partner._meta.get_field(area).verbose_name) for area in p.areas),
        p.description,
        "; ".join(str(t) for t in p.works_with.all()),
        p.address,
        p.phone,
        p.email,
        p.website,
        "; ".join(_contact_line(c) for c in p.contacts.all()),
    ]


def export_partners(task_force: TaskForce) -> bytes:
    """The task force's partners, one row each."""
    partners = task_force.partners.prefetch_related(
        "contacts", Prefetch("works_with", queryset=TaskForce.objects.select_related("region"))
    ).order_by("name")
    with translation.override(SHEET_LANGUAGE):
        rows = [_partner_row(p) for p in partners]
        return _sheet(_("Partners"), _partner_headers(), rows)


def export_mous(task_force: TaskForce) -> bytes:
    """The task force's MoU register, one row each."""
    mous = with_parties(task_force.mous.all())
    with translation.override(SHEET_LANGUAGE):
        headers = [
            _("Title"),
            _("Number"),
            _("Parties"),
            _("Effective date"),
            _("End date"),
            _("Status"),
            _("Missing components"),
        ]
        rows = [
            [
                mou.title,
                mou.number,
                "; ".join(parties(mou)),
                mou.start_date,
                mou.end_date,
                mou.get_status_display(),
                len(mou.missing_components()),
            ]
            for mou in mous
        ]
        return _sheet(_("MoU register"), headers, rows)


# --- training attendance ----------------------------------------------------------------


def _write_sheet(sheet, headers: list[tuple[str, int]], rows: list[list[Any]]) -> None:
    labels = [header for header, _width in headers]
    widths = [width for _header, width in headers]
    xlsx.write_table(sheet, labels, rows, widths, date_format="yyyy-mm-dd")


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _attendance_sheet(sheet, trainings: list[Training]) -> None:
    """One row per participant per training."""
    rows = []
    for training in trainings:
        for p in training.participants.all():
            agency = agency_on(p.person, training.date)
            rows.append(
                [
                    training.date,
                    training.title,
                    training.get_topic_display(),
                    str(p.person),
                    agency.name if agency else "",
                    p.pre_score,
                    p.post_score,
                    _yes_no(p.improved),
                ]
            )
    _write_sheet(
        sheet,
        [
            (_("Date"), 12),
            (_("Title"), 40),
            (_("Topic"), 30),
            (_("Member"), 30),
            (_("Agency"), 30),
            (_("Pre-test score"), 10),
            (_("Post-test score"), 10),
            (_("Improved"), 10),
        ],
        rows,
    )


def _trainings_sheet(sheet, trainings: list[Training]) -> None:
    """One row per training."""
    rows = []
    for training in trainings:
        participants = list(training.participants.all())
        rows.append(
            [
                training.date,
                training.title,
                training.get_topic_display(),
                training.organiser,
                training.partner.name if training.partner else "",
                _yes_no(training.mandatory),
                len(participants),
                training.external_participants,
                knowledge_rose(participants),
            ]
        )
    _write_sheet(
        sheet,
        [
            (_("Date"), 12),
            (_("Title"), 40),
            (_("Topic"), 30),
            (_("Trainer or organiser"), 30),
            (_("Partner"), 30),
            (_("Mandatory"), 10),
            (_("Members attending"), 12),
            (_("Participants from outside"), 12),
            (_("Knowledge rose (%)"), 12),
        ],
        rows,
    )


def attendance_workbook(trainings: list[Training]) -> bytes:
    """The attendance workbook of ``trainings`` (with participants prefetched as the
    training views do): sheet 1 one row per participant, sheet 2 one row per training."""
    workbook = Workbook()
    attendance = workbook.active
    attendance.title = _("Attendance")[:31]
    _attendance_sheet(attendance, trainings)
    _trainings_sheet(workbook.create_sheet(_("Trainings")[:31]), trainings)
    return xlsx.to_bytes(workbook)
