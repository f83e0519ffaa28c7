"""Report benchmark on the national-scale data of ``bench/run.py``: how long the figures
and the PDF of a report take, with its page count.

    DATABASE_URL=postgres://gugustugas:gugustugas@127.0.0.1:5432/gt_reports \\
        .venv/bin/python bench/reports.py

Targets (issue 12): a regency's annual report under 5 s, a province's annual roll-up
under 20 s, the national five-year roll-up under 90 s; signing adds under 1 s. Each
figure is one build as the worker runs it: the snapshot (``reports.sections``), then one
edition rendered (``reports.pdf``), then signing the public edition.
"""

import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugustugas.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_ENV", "test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.run import add_activities, populate, populate_meetings, populate_plan  # noqa: E402
from gugustugas.models import TaskForce  # noqa: E402


def populate_ran_and_budgets() -> None:
    """A national RAN (150 activities, two years of progress) and budget lines with
    realisation for every activity of the RAN and of the provincial RAD, two years."""
    from actionplans.models import ActionPlan
    from actionplans.services import create_plan
    from budgets.models import BudgetLine, Realisation

    national = TaskForce.objects.get(region__code="ID")
    if national.plans.exists():
        return
    start = time.perf_counter()
    plan = create_plan(
        national,
        ActionPlan(title="RAN benchmark", start_year=2025, period_years=5, status="enacted"),
    )
    add_activities(
        plan,
        list(national.agencies.all()),
        150,
        target=38,
        step=8,
        title="Kegiatan nasional",
        indicator="Jumlah provinsi",
        unit="provinsi",
    )
    lines = []
    for code in ("ID", "32"):
        tf = TaskForce.objects.get(region__code=code)
        tf_plan = tf.plans.get()
        for activity in tf_plan.activities().select_related("responsible_agency"):
            for year in (2025, 2026):
                lines.append(
                    BudgetLine(
                        task_force=tf,
                        agency=activity.responsible_agency,
                        fiscal_year=year,
                        activity=activity,
                        item="Kegiatan",
                        unit="paket",
                        quantity=2,
                        unit_cost=12_500_000,
                        total=25_000_000,
                        funding_source="apbn" if code == "ID" else "apbd_province",
                        justification="RAD",
                        status="allocated",
                    )
                )
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    Realisation.objects.bulk_create(
        Realisation(line=line, quarter=q, amount=5_000_000)
        for line in BudgetLine.objects.all()
        for q in (1, 2, 3)
    )
    print(f"  RAN and {len(lines)} budget lines in {time.perf_counter() - start:.1f} s")


def bench(code: str, kind: str, first: int, last: int, label: str, target: float) -> None:
    from reports import pdf, sections, signing
    from reports.models import Edition, Report

    tf = TaskForce.objects.select_related("region").get(region__code=code)
    with transaction.atomic():
        report = Report.objects.create(
            task_force=tf,
            kind=kind,
            year=first,
            end_year=last,
            snapshot_date=datetime.date(last, 12, 31) if last < 2026 else datetime.date.today(),
        )
        start, cpu = time.perf_counter(), time.process_time()
        snapshot = sections.build_snapshot(report)
        took_snapshot = time.perf_counter() - start
        start = time.perf_counter()
        public, pages = pdf.render(report, snapshot, Edition.PUBLIC)
        took_pdf = time.perf_counter() - start
        took_cpu = time.process_time() - cpu
        start = time.perf_counter()
        identity = signing.SignerIdentity(
            name="Bench", role="Ketua", location=str(tf.region), verify_url="https://x/verify/1/"
        )
        signing.get_signer().sign(public, identity)
        took_sign = time.perf_counter() - start
        transaction.set_rollback(True)
    total = took_snapshot + took_pdf
    verdict = "ok" if total < target else "OVER"
    print(
        f"| {label} | {took_snapshot:.2f} | {took_pdf:.2f} | {total:.2f} (< {target:.0f}: "
        f"{verdict}) | {took_cpu:.2f} | {pages} | {took_sign:.2f} |",
        flush=True,
    )


def warm_up() -> float:
    """Sign a one-page PDF once, so the table's signing times are those of a running worker
    (the first signature of a process also imports pyHanko and its crypto backends)."""
    import io

    from pypdf import PdfWriter

    from reports import signing

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    start = time.perf_counter()
    identity = signing.SignerIdentity(
        name="Bench", role="Ketua", location="Bench", verify_url="https://x/verify/0/"
    )
    signing.get_signer().sign(buffer.getvalue(), identity)
    return time.perf_counter() - start


def main() -> None:
    call_command("migrate", verbosity=0)
    populate(25)
    populate_plan()
    populate_meetings()
    populate_ran_and_budgets()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"first signing in this process (imports pyHanko, once per worker): {warm_up():.2f} s")
    print("| report | figures s | PDF s | total s | CPU s (this process) | pages | signing s |")
    print("|---|---|---|---|---|---|---|")
    bench("32.02", "annual", 2026, 2026, "regency annual (Kabupaten Sukabumi)", 5)
    bench("32", "annual", 2026, 2026, "province annual with roll-up (Jawa Barat, 27)", 20)
    bench("ID", "five_year", 2025, 2029, "national five-year with roll-up (38)", 90)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
