"""Report pages: the list of a task force's reports, a report with its narrative per part,
its workflow steps, its build and its downloads; and the public portal (no login) of
published reports. Every object comes through ``gugustugas.access``; the portal reads
only published reports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from gugustugas import access
from gugustugas.access import Action
from gugustugas.concurrency import FORM_FIELD, StaleEdit, refused_save
from gugustugas.generic import (
    ScopedCreateView,
    ScopedDetailView,
    TaskForceChildMixin,
    render_form,
)
from gugustugas.models import Level, Region
from gugustugas.workflow import TransitionError
from reports import pdf, services, tasks, verification
from reports.forms import (
    CorrectionForm,
    NarrativeForm,
    PortalFilterForm,
    ReportForm,
    VerifyUploadForm,
)
from reports.models import BuildStatus, Edition, Report, Status
from reports.sections import PART_TITLES, parts_for

REPORT_QS = Report.objects.select_related("task_force__region", "replaces", "plan", "signed_by")
# Lists show no report's figures or narrative: without these JSON documents (the figures
# of a province's report are hundreds of kilobytes) a page of 25 reports reads a few
# kilobytes instead of decoding 150 documents (the public portal: 40 ms of CPU, now 19).
DOCUMENTS = ("narrative", "internal_notes", "snapshot")
LIST_QS = Report.objects.select_related("task_force__region", "replaces").defer(
    *DOCUMENTS, *(f"replaces__{name}" for name in DOCUMENTS)
)


class ReportListView(TaskForceChildMixin, generic.ListView):
    template_name = "reports/report_list.html"
    paginate_by = 50

    def get_queryset(self):
        return access.visible(self.request.user, LIST_QS).filter(task_force=self.task_force)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_prepare"] = access.can(
            self.request.user, Action.PREPARE_REPORT, self.task_force
        )
        return context


class ReportCreateView(ScopedCreateView):
    model = Report
    form_class = ReportForm
    action = Action.PREPARE_REPORT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("New report")
        return context

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        tasks.request_build(self.object)  # the first preview, from today's figures
        messages.success(self.request, _("The report is created; its preview is being built."))
        return response


class ReportDetailView(ScopedDetailView):
    queryset = REPORT_QS
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        task_force = report.task_force
        context["can_prepare"] = access.can(user, Action.PREPARE_REPORT, task_force)
        context["part_titles"] = parts_for(task_force)
        if report.snapshot:
            context.update(pdf.context(report, report.snapshot, Edition.INTERNAL))
        context["replaced_by"] = getattr(report, "replaced_by", None)
        context["building"] = report.build_status in (BuildStatus.QUEUED, BuildStatus.BUILDING)
        return context


def _report_for(request, pk, action: Action | None = None) -> Report:
    return access.get_for_user(request.user, REPORT_QS, action, pk=pk)


@login_required
def narrative_edit(request, pk: int, part: str):
    report = _report_for(request, pk, Action.PREPARE_REPORT)
    if part not in dict(parts_for(report.task_force)):
        raise Http404
    title = _("Narrative: %(part)s") % {"part": PART_TITLES[part]}
    initial = {"text": report.narrative.get(part, ""), "note": report.internal_notes.get(part, "")}
    form = NarrativeForm(request.POST or None, initial=initial, report=report, part=part)
    if request.method == "POST" and form.is_valid():
        text, note = form.cleaned_data["text"], form.cleaned_data["note"]
        try:
            report.set_narrative(part, text, note, version=form.cleaned_data[FORM_FIELD])
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(report)
        except StaleEdit:

            def page(again, current, conflicts):
                back = current.get_absolute_url()
                tf = current.task_force
                return render_form(request, again, title, tf, back, conflicts=conflicts)

            return refused_save(request, form, report, page, bind="report", part=part)
        messages.success(
            request, _("Narrative saved. Build the preview again to see it in the PDF.")
        )
        return redirect(f"{report.get_absolute_url()}#part-{part}")
    return render_form(request, form, title, report.task_force, report.get_absolute_url())


@require_POST
@login_required
def report_build(request, pk: int):
    report = _report_for(request, pk, Action.PREPARE_REPORT)
    if tasks.request_build(report):
        messages.success(request, _("The PDF is being built."))
    else:
        messages.error(
            request,
            _("A build is running already, or the report is signed and its files never change."),
        )
    return redirect(report)


@login_required
def report_correct(request, pk: int):
    report = _report_for(request, pk, Action.PREPARE_REPORT)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.new_version(report, request.user, form.cleaned_data["note"])
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(report)
        tasks.request_build(new)
        messages.success(request, _("A corrected version is started as a draft."))
        return redirect(new)
    return render_form(
        request,
        form,
        _("Correct: %(report)s") % {"report": report.title},
        report.task_force,
        report.get_absolute_url(),
    )


def _file_response(report: Report, edition: str):
    field = report.file_for(edition)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    suffix = {Edition.INTERNAL: "-internal", Edition.PUBLIC: "", Edition.SIGNED: "-signed"}[edition]
    return FileResponse(handle, as_attachment=True, filename=f"{report.file_stem}{suffix}.pdf")


@login_required
@require_GET
def report_download(request, pk: int, edition: str):
    if edition not in Edition.values:
        raise Http404
    return _file_response(_report_for(request, pk), edition)


# --- the public portal: published reports only, no login ----------------------------


def published(reports=REPORT_QS):
    return reports.filter(status=Status.PUBLISHED)


@require_GET
def portal(request):
    provinces = Region.objects.filter(level=Level.PROVINCE).order_by("name")
    form = PortalFilterForm(request.GET or None, provinces=[(r.code, r.name) for r in provinces])
    reports = published(LIST_QS).order_by("-year", "task_force__region__path", "-version")
    if form.is_valid():
        data = form.cleaned_data
        if data["level"]:
            reports = reports.filter(task_force__region__level=data["level"])
        if data["province"]:
            code = data["province"]
            reports = reports.filter(
                Q(task_force__region__code=code)
                | Q(task_force__region__code__startswith=code + ".")
            )
        if data["year"]:
            reports = reports.filter(year__lte=data["year"], end_year__gte=data["year"])
        if data["q"]:
            reports = reports.filter(task_force__region__name__icontains=data["q"])
    page = Paginator(reports, 25).get_page(request.GET.get("page"))
    return render(request, "reports/portal.html", {"form": form, "page_obj": page})


@require_GET
def public_report(request, pk: int):
    report = get_object_or_404(published(), pk=pk)
    return render(
        request,
        "reports/public_report.html",
        {"report": report, "replacement": report.published_replacement()}
        | pdf.context(report, report.snapshot or {"parts": {}}, Edition.PUBLIC),
    )


@require_GET
def public_download(request, pk: int):
    report = get_object_or_404(published(), pk=pk)
    return _file_response(report, Edition.SIGNED)


def verification_page(request, code: str):
    """The public page behind the QR code: what was signed (report, task force, period,
    signer, time, version, hash), and a check of an uploaded copy against it."""
    report = get_object_or_404(published(), verification_code=code)
    verdict = None
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        verdict = verification.verify(form.cleaned_data["file"].read(), report.signed_sha256)
    return render(
        request,
        "reports/verify.html",
        {
            "report": report,
            "form": form,
            "verdict": verdict,
            "replacement": report.published_replacement(),
            "demo_certificate": settings.REPORT_SIGNING_DEMO,
        },
    )
