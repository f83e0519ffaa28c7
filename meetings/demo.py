"""Demo meetings: a year of meetings in Jawa Barat (overall, sub-GT, provincial, a case
conference) with minutes in every state, decisions and action points (one overdue),
an upcoming meeting with answers coming in; fewer in Kab. Sukabumi and at national
level, so the cadence flags show both a task force on schedule and ones that lag.

Dates are relative to today, so the demo stays current whenever it is loaded."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from gugustugas.models import Role, TaskForce
from meetings import demo_provinces
from meetings.models import (
    CASE_CONFERENCE_TOPICS,
    ActionPoint,
    AgendaItem,
    Amendment,
    Attendance,
    ChecklistTick,
    Decision,
    Invitation,
    Kind,
    Meeting,
    MinutesStatus,
    Response,
)
from members.models import Agency, Membership


def _at(days: int, hour: int = 9) -> datetime.datetime:
    """Today plus ``days`` at ``hour`` o'clock, local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _member(task_force, role, kind=None):
    members = Membership.objects.current().filter(task_force=task_force, role=role)
    if kind:
        members = members.filter(sub_task_force__kind=kind)
    return members.select_related("person", "agency").order_by("pk").first()


def _agency(task_force, short):
    return Agency.objects.get(task_force=task_force, short_name=short)


def seed() -> list:
    # Texts taken from the code (the case-conference topics) are stored in Indonesian,
    # as the secretariat would have typed them.
    with translation.override("id"):
        for code, build in (("32", _jabar), ("32.02", _sukabumi), ("ID", _national)):
            task_force = TaskForce.objects.select_related("region").get(region__code=code)
            if not task_force.meetings.exists():
                build(task_force)
    demo_provinces.seed()
    return []


def _meeting(task_force, kind, title, days, hours=3, subgt=None, agenda=(), **fields):
    chair = fields.pop("chair", None)
    meeting = Meeting(
        task_force=task_force,
        kind=kind,
        sub_task_force=subgt,
        title=title,
        starts_at=_at(days),
        ends_at=_at(days) + datetime.timedelta(hours=hours),
        place=fields.pop("place", "Ruang Rapat Dinas PPPA"),
        **fields,
    )
    meeting.chair = chair or meeting.default_chair()
    meeting.save()
    for order, (item, presenter, minutes) in enumerate(agenda, start=1):
        AgendaItem.objects.create(
            meeting=meeting, order=order, title=item, presenter=presenter, minutes_allotted=minutes
        )
    return meeting


def _invite(meeting, members, answered=True, attended=True):
    """Invite ``members``; past meetings get answers and attendance, future ones some."""
    past = meeting.starts_at < timezone.now()
    members = list({m.pk: m for m in members}.values())
    for n, membership in enumerate(members):
        invitation = Invitation(
            meeting=meeting,
            membership=membership,
            sent_at=meeting.starts_at - datetime.timedelta(days=13),
        )
        if answered and (past or n % 3 != 2):
            invitation.response = Response.DECLINED if n % 5 == 4 else Response.ACCEPTED
            invitation.responded_at = invitation.sent_at + datetime.timedelta(days=1 + n % 4)
        if past and attended:
            if invitation.response == Response.DECLINED:
                invitation.attendance = Attendance.ABSENT
            elif n % 4 == 3:
                invitation.attendance = Attendance.REPRESENTED
                invitation.represented_by = "Staf bidang terkait (Kepala Seksi)"
            else:
                invitation.attendance = Attendance.PRESENT
        invitation.save()
    if members:
        meeting.invitations_sent_at = meeting.starts_at - datetime.timedelta(days=13)
        if past or meeting.starts_at - timezone.now() < datetime.timedelta(days=2):
            meeting.reminder_sent_at = meeting.starts_at - datetime.timedelta(days=2)
        meeting.save()


def _minutes(meeting, status, discussion, decisions, approver=None):
    meeting.discussion = discussion
    for order, text in enumerate(decisions, start=1):
        Decision.objects.create(meeting=meeting, order=order, text=text)
    if status != MinutesStatus.DRAFT:
        meeting.circulated_at = meeting.ends_at + datetime.timedelta(days=2)
    if status == MinutesStatus.FINAL:
        meeting.approved_at = meeting.ends_at + datetime.timedelta(days=6)
        meeting.approved_by = approver
    meeting.minutes_status = status
    meeting.note_taker = meeting.note_taker or _member(meeting.task_force, Role.SECRETARIAT)
    meeting.facilitator = meeting.facilitator or _member(meeting.task_force, Role.SECRETARIAT)
    meeting.save()
    for key in ("room", "feedback", "next_review"):
        ChecklistTick.objects.get_or_create(meeting=meeting, item=key)


def _point(meeting, description, agency, days_due, person=None, status="open", note=""):
    return ActionPoint.objects.create(
        meeting=meeting,
        description=description,
        owner_agency=agency,
        owner_person=person,
        due_date=timezone.localdate() + datetime.timedelta(days=days_due),
        status=status,
        closing_note=note,
    )


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _current(task_force):
    return list(
        Membership.objects.current()
        .filter(task_force=task_force)
        .select_related("person", "agency")
        .order_by("role", "pk")
    )


def _jabar(tf):
    everyone = _current(tf)
    chair_user = _user("jabar.pengarah")
    anggota = _member(tf, Role.MEMBER, "prevention")
    prevention = tf.subgts.get(kind="prevention")
    law = tf.subgts.get(kind="law_enforcement")

    first = _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas TPPO Jawa Barat Triwulan I",
        -215,
        agenda=[
            ("Pembukaan dan arahan Ketua Pengarah", "Ketua Pengarah", 15),
            ("Penggabungan rencana kerja tahunan", "Sekretariat", 60),
            ("Kendala penanganan korban di daerah kantong PMI", "Sub-GT Rehabilitasi Sosial", 45),
        ],
    )
    _invite(first, everyone)
    _minutes(
        first,
        MinutesStatus.FINAL,
        "<p>Rapat membahas rencana kerja tahunan dan kendala rujukan korban dari "
        "kabupaten kantong pekerja migran.</p><ul><li>Data triwulan IV belum lengkap dari "
        "9 kabupaten/kota.</li><li>Rumah aman provinsi penuh pada bulan Februari.</li></ul>",
        [
            "Rencana kerja tahunan 2026 disepakati dan diedarkan ke seluruh anggota.",
            "Dinas Sosial menjajaki rumah aman tambahan bersama Yayasan Bina Insani.",
        ],
        chair_user,
    )
    _point(
        first,
        "Edarkan rencana kerja tahunan 2026 ke seluruh anggota dan sub-GT.",
        _agency(tf, "DP3A"),
        -190,
        status="done",
        note="Diedarkan lewat surat dan grup koordinasi pada minggu yang sama.",
    )
    _point(
        first,
        "Jajaki kerja sama rumah aman tambahan dengan Yayasan Bina Insani.",
        _agency(tf, "Dinsos"),
        -150,
        status="done",
        note="Nota kesepahaman ditandatangani; 12 tempat tidur tambahan.",
    )

    second = _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas TPPO Jawa Barat Triwulan III",
        -75,
        agenda=[
            ("Tinjauan poin tindak lanjut rapat sebelumnya", "Sekretariat", 20),
            ("Capaian RAD triwulan II per sub-GT", "Kepala Sub-GT", 90),
            ("Persiapan Rapat Koordinasi Provinsi", "Ketua Pengarah", 30),
        ],
    )
    _invite(second, everyone)
    _minutes(
        second,
        MinutesStatus.FINAL,
        "<p>Capaian RAD triwulan II rata-rata 58%. Sub-GT Pencegahan melampaui target "
        "sosialisasi desa; Sub-GT Penegakan Hukum melaporkan 14 perkara di penyidikan.</p>"
        "<p>Pelaporan dari kabupaten/kota masih terlambat rata-rata 3 minggu.</p>",
        [
            "Batas pelaporan triwulan kabupaten/kota ditegaskan 15 hari setelah triwulan.",
            "Disnakertrans memimpin pendataan calon PMI nonprosedural di 5 kabupaten.",
        ],
        chair_user,
    )
    _point(
        second,
        "Susun daftar calon PMI nonprosedural di 5 kabupaten kantong bersama BP3MI.",
        anggota.agency,
        -10,
        person=anggota.person,
        status="in_progress",
    )
    _point(
        second,
        "Kirim surat teguran pelaporan kepada kabupaten/kota yang terlambat.",
        _agency(tf, "DP3A"),
        20,
    )
    _point(
        second,
        "Siapkan bahan paparan Rapat Koordinasi Provinsi.",
        _agency(tf, "DP3A"),
        -40,
        status="done",
        note="Bahan paparan selesai dan dipakai pada rapat koordinasi provinsi.",
    )

    provincial = _meeting(
        tf,
        Kind.PROVINCIAL,
        "Rapat Koordinasi Provinsi Gugus Tugas TPPO Jawa Barat 2026",
        -45,
        hours=6,
        place="Aula Gedung Sate, Bandung",
        agenda=[
            ("Situasi TPPO Jawa Barat 2026", "Ketua Pengarah", 45),
            ("Paparan capaian kabupaten/kota", "Gugus Tugas Kab./Kota", 150),
            ("Kesepakatan rujukan lintas kabupaten", "Sub-GT Kerja Sama", 60),
        ],
    )
    below = list(
        Membership.objects.current()
        .filter(
            task_force__region__parent=tf.region,
            role__in=[Role.DAILY_CHAIR, Role.SECRETARIAT],
        )
        .select_related("person", "agency")
    )
    _invite(provincial, [m for m in everyone if m.role != Role.MEMBER] + below)
    _minutes(
        provincial,
        MinutesStatus.FINAL,
        "<p>Seluruh gugus tugas kabupaten/kota yang hadir memaparkan capaian. Rujukan "
        "lintas kabupaten masih bergantung pada hubungan pribadi petugas.</p>",
        ["Format rujukan lintas kabupaten/kota disusun Sub-GT Kerja Sama dan Koordinasi."],
        chair_user,
    )

    sub = _meeting(
        tf,
        Kind.SUBGT,
        "Rapat Sub-GT Pencegahan dan Partisipasi Anak — November",
        -20,
        hours=2,
        subgt=prevention,
        agenda=[
            ("Capaian sosialisasi desa migrasi aman", "Disdik", 30),
            ("Rencana forum anak 2027", "Nurul Hidayah", 30),
        ],
        note_taker=anggota,
    )
    _invite(sub, [m for m in everyone if m.sub_task_force_id == prevention.pk] + [anggota])
    _minutes(
        sub,
        MinutesStatus.CIRCULATED,
        "<p>Sosialisasi di 42 desa selesai; 6 desa tertunda karena jadwal musim panen.</p>",
        ["Sosialisasi 6 desa tersisa dijadwalkan ulang pada Desember."],
    )
    Amendment.objects.create(
        meeting=sub,
        author=_user("jabar.subgt"),
        text="Mohon dicatat bahwa 2 dari 6 desa tertunda karena banjir, bukan musim panen.",
    )
    _point(
        sub,
        "Jadwalkan ulang sosialisasi di 6 desa yang tertunda.",
        _agency(tf, "Disdik"),
        12,
    )

    law_meeting = _meeting(
        tf,
        Kind.SUBGT,
        "Rapat Sub-GT Penegakan Hukum — November",
        -12,
        hours=2,
        subgt=law,
        place="Ruang Rapat Ditreskrimum Polda Jawa Barat",
        agenda=[("Perkembangan 14 perkara di penyidikan", "Polda", 60)],
    )
    _invite(law_meeting, [m for m in everyone if m.sub_task_force_id == law.pk])
    _minutes(
        law_meeting,
        MinutesStatus.FINAL,
        "<p>Dua perkara P21; satu perkara terkendala saksi di luar negeri.</p>",
        ["Koordinasi dengan KBRI melalui Kemlu untuk pemeriksaan saksi."],
        chair_user,
    )

    case = _meeting(
        tf,
        Kind.SPECIAL,
        "Konferensi kasus rujukan PPT-32-2026-014",
        -9,
        hours=2,
        case_reference="PPT-32-2026-014",
        referral_at=_at(-10, hour=3),
        place="Ruang Rapat UPTD PPA Provinsi",
        agenda=[(str(topic), "", 10) for topic in CASE_CONFERENCE_TOPICS],
    )
    _invite(
        case,
        [m for m in everyone if m.agency.short_name in ("Dinsos", "Polda", "Dinkes", "DP3A")],
    )
    _minutes(
        case,
        MinutesStatus.FINAL,
        "<p>Rujukan dari UPTD PPA; korban bersedia menerima layanan dan butuh rumah aman. "
        "Pelaku diduga masih berada di wilayah asal.</p>",
        ["Penempatan di rumah aman provinsi selama proses penyidikan."],
        chair_user,
    )
    _point(
        case,
        "Tempatkan di rumah aman dan siapkan pendampingan psikososial.",
        _agency(tf, "Dinsos"),
        -5,
        status="done",
        note="Ditempatkan pada hari yang sama.",
    )
    _point(case, "Jadwalkan wawancara investigatif dengan pendamping.", _agency(tf, "Polda"), 3)
    _point(
        case,
        "Pemeriksaan kesehatan lengkap di RSUD rujukan.",
        _agency(tf, "Dinkes"),
        -2,
        status="in_progress",
    )

    upcoming = _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas TPPO Jawa Barat Triwulan IV",
        13,
        agenda=[
            ("Tinjauan poin tindak lanjut rapat sebelumnya", "Sekretariat", 20),
            ("Capaian RAD triwulan III dan proyeksi akhir tahun", "Kepala Sub-GT", 90),
            ("Rancangan anggaran 2027 per perangkat daerah", "Bappeda", 45),
        ],
        facilitator=_member(tf, Role.SECRETARIAT),
        note_taker=_member(tf, Role.SECRETARIAT),
        online_link="https://zoom.us/j/0000000000",
    )
    _invite(upcoming, everyone)
    ChecklistTick.objects.get_or_create(meeting=upcoming, item="room")

    _meeting(
        tf,
        Kind.SUBGT,
        "Rapat Sub-GT Pencegahan dan Partisipasi Anak — Desember",
        9,
        hours=2,
        subgt=prevention,
        agenda=[("Tinjauan poin tindak lanjut", "Kepala Sub-GT", 15)],
    )


def _sukabumi(tf):
    everyone = _current(tf)
    old = _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas TPPO Kabupaten Sukabumi Semester I",
        -150,
        agenda=[("Capaian RAD semester I", "Sekretariat", 60)],
    )
    _invite(old, everyone)
    _minutes(
        old,
        MinutesStatus.FINAL,
        "<p>Capaian RAD semester I dibahas; pendataan PMI di desa kantong belum berjalan.</p>",
        ["Disnaker memulai pendataan PMI di 10 desa kantong."],
        _user("sukabumi.pengarah"),
    )
    _point(
        old,
        "Mulai pendataan PMI di 10 desa kantong.",
        _agency(tf, "Disnaker"),
        -60,
        person=_member(tf, Role.MEMBER).person,
    )
    social = tf.subgts.get(kind="social_rehabilitation")
    sub = _meeting(
        tf,
        Kind.SUBGT,
        "Rapat Sub-GT Rehabilitasi Sosial — November",
        -6,
        hours=2,
        subgt=social,
        note_taker=_member(tf, Role.SUBGT_HEAD, "social_rehabilitation"),
    )
    _invite(sub, [m for m in everyone if m.sub_task_force_id == social.pk])
    _minutes(sub, MinutesStatus.DRAFT, "<p>Draf: pemulangan 3 korban ke desa asal.</p>", [])
    _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas TPPO Kabupaten Sukabumi Semester II",
        20,
        agenda=[("Tinjauan poin tindak lanjut rapat sebelumnya", "Sekretariat", 20)],
    )


def _national(tf):
    everyone = _current(tf)
    national = _meeting(
        tf,
        Kind.NATIONAL,
        "Rapat Koordinasi Nasional Gugus Tugas PP-TPPO 2026",
        -100,
        hours=8,
        place="Hotel Borobudur, Jakarta",
        agenda=[
            ("Arah kebijakan RAN PP-TPPO", "Ketua Harian", 60),
            ("Paparan gugus tugas provinsi", "Gugus Tugas Provinsi", 240),
        ],
    )
    provinces = list(
        Membership.objects.current()
        .filter(task_force__region__parent=tf.region, role__in=[Role.DAILY_CHAIR])
        .select_related("person", "agency")
    )
    _invite(national, everyone + provinces)
    _minutes(
        national,
        MinutesStatus.FINAL,
        "<p>Provinsi memaparkan capaian; pelaporan daring diminta seragam.</p>",
        ["Seluruh provinsi melapor triwulanan melalui sistem ini mulai 2027."],
        _user("nasional.ketuaharian"),
    )
    overall = _meeting(
        tf,
        Kind.OVERALL,
        "Rapat Koordinasi Gugus Tugas PP-TPPO Pusat",
        -30,
        place="Kementerian PPPA, Jakarta",
        agenda=[("Evaluasi pelaksanaan RAN", "Sekretariat", 90)],
    )
    _invite(overall, everyone)
    _minutes(
        overall,
        MinutesStatus.FINAL,
        "<p>Evaluasi tengah tahun RAN.</p>",
        ["Evaluasi RAN dilanjutkan dengan kajian independen."],
        _user("nasional.ketuaharian"),
    )
