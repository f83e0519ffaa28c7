"""PLACEHOLDER until the lead's verification module is merged (it replaces this file).

``verify(pdf_bytes, report) -> Verdict`` and the public verification page."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render

from reports.models import Report, Status, sha256


@dataclass(frozen=True)
class Verdict:
    valid: bool
    identical: bool
    reason: str


def verify(pdf_bytes: bytes, report: Report) -> Verdict:
    same = bool(report.signed_sha256) and sha256(pdf_bytes) == report.signed_sha256
    return Verdict(valid=same, identical=same, reason="")


def verification_page(request, code: str):
    report = get_object_or_404(
        Report.objects.select_related("task_force__region").filter(status=Status.PUBLISHED),
        verification_code=code,
    )
    return render(request, "reports/verify.html", {"report": report})
