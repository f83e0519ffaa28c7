"""Demo budgets: unit-costed lines for the enacted RADs, with realisation, a lump sum to
flag, activities left unbudgeted, the budget calendar and a DPRD advocacy meeting."""

import datetime
import zlib

from django.utils import timezone

from actionplans.models import PlanStatus
from budgets import calendar
from budgets.models import Advocacy, BudgetLine, LineStatus, Realisation
from gugustugas.models import TaskForce

# activity unit -> (budget item, budget unit, unit cost in rupiah)
ITEMS = {
    "desa": ("Sosialisasi di desa (narasumber, konsumsi, bahan)", "desa", 4_750_000),
    "orang": ("Pelatihan/pendampingan per peserta", "orang", 1_250_000),
    "konten": ("Produksi konten kampanye", "konten", 2_500_000),
    "forum": ("Pendampingan forum anak", "forum", 3_000_000),
    "persen": ("Biaya layanan kesehatan korban", "orang", 2_750_000),
    "dokumen": ("Penyusunan dokumen (rapat, naskah, konsultasi)", "dokumen", 35_000_000),
    "kegiatan": ("Operasi gabungan (transport, uang harian)", "kegiatan", 18_500_000),
    "perkara": ("Penanganan perkara (penyidikan, visum, saksi ahli)", "perkara", 7_500_000),
    "rapat": ("Rapat koordinasi (konsumsi, bahan, ruang)", "rapat", 12_500_000),
    "laporan": ("Pengolahan data triwulanan", "laporan", 6_000_000),
    "sekolah": ("Sosialisasi di sekolah", "sekolah", 2_000_000),
}

SOURCE = {"province": "apbd_province", "regency": "apbd_regency", "national": "apbn"}


def seed() -> list:
    today = timezone.localdate()
    for code in ("32", "32.02", "21.71", "ID"):
        task_force = TaskForce.objects.select_related("region").get(region__code=code)
        if task_force.budget_lines.exists():
            continue
        plan = task_force.plans.filter(status=PlanStatus.ENACTED).order_by("-version").first()
        if plan is None:
            continue
        _lines(task_force, plan, today)
        _operations(task_force, today.year)
    for code in ("32", "32.02", "21"):
        task_force = TaskForce.objects.get(region__code=code)
        if task_force.budget_milestones.exists():
            continue
        milestones = calendar.ensure_milestones(task_force, today.year + 1)
        for milestone in milestones:
            if milestone.due < today:
                milestone.done_on = milestone.due - datetime.timedelta(days=2)
                milestone.save()
        kua = next(m for m in milestones if m.kind == "kua_ppas")
        Advocacy.objects.create(
            task_force=task_force,
            milestone=kua,
            date=kua.due - datetime.timedelta(days=20),
            counterpart="Komisi V DPRD",
            participants="Ketua Pengarah, Sekretariat, Kepala Bappeda",
            outcome="DPRD mendukung kenaikan anggaran rehabilitasi sosial korban sebesar 15%.",
        )
    from budgets import demo_provinces  # it reads this module's items

    demo_provinces.seed()
    return []


def _lines(task_force, plan, today):
    source = SOURCE[task_force.level]
    activities = list(plan.activities().select_related("responsible_agency").order_by("pk"))
    for year in (today.year - 1, today.year):
        if not plan.start_year <= year <= plan.end_year:
            continue
        for n, activity in enumerate(activities):
            seed_n = zlib.crc32(f"{activity.pk}{year}".encode())
            if year == today.year and n % 6 == 5:
                continue  # left unbudgeted: shows on the budget page
            if activity.responsible_agency is None:
                continue
            item, unit, cost = ITEMS.get(activity.unit, ("Belanja kegiatan", "paket", 5_000_000))
            target = activity.targets.filter(year=year).first()
            quantity = target.target if target else 1
            line = BudgetLine(
                task_force=task_force,
                agency=activity.responsible_agency,
                fiscal_year=year,
                activity=activity,
                item=item,
                unit=unit,
                quantity=quantity,
                unit_cost=cost + (seed_n % 5) * 250_000,
                funding_source=source if seed_n % 7 else "deconcentration",
                cost_type="operational",
                gender_responsive=activity.area == "protection",
                gender_analysis=(
                    "Sebagian besar korban yang teridentifikasi adalah perempuan dan anak "
                    "perempuan; layanan disediakan oleh pendamping perempuan."
                    if activity.area == "protection"
                    else ""
                ),
                justification=f"Mendukung kegiatan RAD {activity.code}: {activity.title}.",
                status=LineStatus.ALLOCATED if year < today.year or n % 3 else LineStatus.PROPOSED,
            )
            line.save()
            quarters = 4 if year < today.year else max(0, (today.month - 1) // 3)
            spent_share = 0.9 if year < today.year else 0.6
            for quarter in range(1, quarters + 1):
                Realisation.objects.create(
                    line=line,
                    quarter=quarter,
                    amount=int(line.total * spent_share / max(quarters, 1)),
                )


def _operations(task_force, year):
    secretariat = task_force.agencies.filter(short_name__in=["DP3A", "KemenPPPA"]).first()
    if secretariat is None:
        return
    source = SOURCE[task_force.level]
    BudgetLine.objects.create(
        task_force=task_force,
        agency=secretariat,
        fiscal_year=year,
        item="Rapat koordinasi Gugus Tugas (3 kali setahun)",
        unit="rapat",
        quantity=3,
        unit_cost=15_000_000,
        funding_source=source,
        cost_type="administrative",
        justification="Rapat koordinasi menyeluruh paling sedikit sekali dalam empat bulan.",
        status=LineStatus.ALLOCATED,
    )
    # A lump sum, to show the "show units and unit cost" flag.
    BudgetLine.objects.create(
        task_force=task_force,
        agency=secretariat,
        fiscal_year=year,
        item="Dukungan kesekretariatan",
        unit="paket",
        quantity=1,
        unit_cost=45_000_000,
        funding_source=source,
        cost_type="administrative",
        justification="Operasional sekretariat Gugus Tugas.",
    )
