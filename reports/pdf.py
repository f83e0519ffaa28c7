"""A report's two editions as PDF: cover, contents with page numbers, the parts, and the
figures embedded as JSON and CSV (``gugustugas.pdf`` renders; WeasyPrint, A4, PDF/A-3b).

The page (``report_detail.html``) and the PDF include the same part templates
(``templates/reports/parts/``) with the same context, so both show the same figures and
the same SVG charts.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from actionplans.charts import progress_bars
from gugustugas.pdf import render_document
from reports.models import Edition, Report
from reports.sections import PART_TITLES, for_edition

PDF_VARIANT = "pdf/a-3b"


def _percent(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def charts(snapshot: dict) -> dict:
    """SVG charts of the snapshot, drawn by the same functions as the app's pages."""
    parts = snapshot["parts"]
    result = {}
    progress = parts.get("progress", {})
    if progress.get("has_data"):
        last = str(progress["last_year"])
        result["progress"] = progress_bars(
            [(s["name"], _percent(s["percent"].get(last))) for s in progress["sections"]]
        )
        if len(progress["years"]) > 1:
            result["progress_years"] = progress_bars(
                [(y, _percent(p)) for y, p in progress["overall"].items()]
            )
    budget = parts.get("budget", {})
    if budget.get("has_data"):
        result["absorption"] = progress_bars(
            [(b["label"], _percent(b["absorption"])) for b in budget["by_agency"]]
        )
    checklist = parts.get("checklist", {})
    if checklist.get("has_data"):
        result["checklist"] = progress_bars(
            [(s["label"], _percent(s["score"])) for s in checklist["stages"]]
        )
    return result


def context(report: Report, snapshot: dict, edition: str) -> dict:
    """What the part templates need, for the page and the PDF alike."""
    public = edition != Edition.INTERNAL
    shown = for_edition(snapshot, public=public)
    parts = [
        {
            "key": key,
            "title": PART_TITLES[key],
            "data": data,
            "narrative": report.narrative.get(key, ""),
            "note": "" if public else report.internal_notes.get(key, ""),
            "template": f"reports/parts/{key}.html",
        }
        for key, data in shown["parts"].items()
    ]
    return {
        "report": report,
        "snapshot": shown,
        "parts": parts,
        "charts": charts(shown),
        "edition": edition,
        "public": public,
    }


def figures_csv(snapshot: dict) -> bytes:
    """The main tables as one CSV: part, table, label, and the figures of the row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["part", "table", "label", "year", "value_1", "value_2", "value_3"])
    parts = snapshot["parts"]
    progress = parts.get("progress", {})
    for year, percent in progress.get("overall", {}).items():
        writer.writerow(["progress", "overall_percent", "", year, percent, "", ""])
    for section in progress.get("sections", []):
        for year, percent in section["percent"].items():
            writer.writerow(["progress", "section_percent", section["name"], year, percent, "", ""])
        for row in section["rows"]:
            label = f"{row['code']} {row['title']}".strip()
            writer.writerow(
                [
                    "progress",
                    "indicator",
                    label,
                    progress["last_year"],
                    row["target"],
                    row["achieved"],
                    row["percent"],
                ]
            )
    budget = parts.get("budget", {})
    for table in ("by_agency", "by_source", "by_area"):
        for b in budget.get(table, []):
            writer.writerow(
                ["budget", table, b["label"], "", b["total"], b["realised"], b["absorption"]]
            )
    for r in parts.get("meetings", {}).get("requirements", []):
        writer.writerow(["meetings", "held_required", r["body"], "", r["held"], r["required"], ""])
    for r in parts.get("rollup", {}).get("rows", []):
        writer.writerow(
            [
                "rollup",
                "task_force",
                r["name"],
                parts["rollup"]["year"],
                r["progress"],
                r["planned"],
                r["realised"],
            ]
        )
    return out.getvalue().encode("utf-8")


def render(report: Report, snapshot: dict, edition: str) -> tuple[bytes, int]:
    """One edition as PDF bytes and its page count, always in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        ctx = context(report, snapshot, edition)
        shown = ctx["snapshot"]
        attachments = [
            (
                "angka-laporan.json",
                json.dumps(shown, ensure_ascii=False, indent=1).encode(),
                "Figures of the report (JSON)",
            ),
            ("angka-laporan.csv", figures_csv(shown), "Main tables of the report (CSV)"),
        ]
        return render_document(
            "reports/pdf/report.html", ctx, attachments=attachments, pdf_variant=PDF_VARIANT
        )
