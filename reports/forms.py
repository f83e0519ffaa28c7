import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, PlanStatus
from gugustugas.concurrency import FORM_FIELD, conflict_row, version_field
from gugustugas.forms import IntegerInputField, TaskForceModelForm
from reports.models import Kind, Report


class ReportForm(TaskForceModelForm):
    """A new report: annual (one fiscal year) or five-year (the period of a plan)."""

    class Meta:
        model = Report
        fields = ["kind", "year", "plan", "snapshot_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].label = _("fiscal year")
        self.fields["year"].required = False
        self.fields["year"].help_text = _("For an annual report.")
        self.fields["year"].initial = today.year - 1 if today.month < 4 else today.year
        self.fields["plan"].queryset = ActionPlan.objects.filter(
            task_force=self.task_force
        ).exclude(status__in=[PlanStatus.DRAFT, PlanStatus.IN_REVIEW])
        self.fields["plan"].help_text = _(
            "For a five-year report: the plan whose period it covers."
        )
        self.fields["snapshot_date"].required = False
        self.fields["snapshot_date"].help_text = _(
            "The report counts what happened up to this day (by default the end of the "
            "period, or today if the period is still running)."
        )

    def clean(self):
        data = super().clean()
        kind, plan, year = data.get("kind"), data.get("plan"), data.get("year")
        if kind == Kind.FIVE_YEAR:
            if plan is None:
                self.add_error("plan", _("Choose the plan whose period the report covers."))
                return data
            first, last = plan.start_year, plan.end_year
        elif kind == Kind.ANNUAL:
            if not year:
                self.add_error("year", _("Give the fiscal year."))
                return data
            first = last = year
            data["plan"] = None
        else:
            return data
        if not 2000 <= first <= 2100:
            self.add_error("year", _("Give a year between 2000 and 2100."))
            return data
        end = datetime.date(last, 12, 31)
        snapshot = data.get("snapshot_date") or min(end, timezone.localdate())
        if not datetime.date(first, 1, 1) <= snapshot <= end:
            self.add_error(
                "snapshot_date",
                _("The date of the figures must lie within the period %(first)s–%(last)s.")
                % {"first": first, "last": last},
            )
        # construct_instance copies cleaned data onto the report after this method.
        data["year"] = first
        self.instance.end_year = last
        self.instance.snapshot_date = data["snapshot_date"] = snapshot
        duplicate = Report.objects.filter(
            task_force=self.task_force, kind=kind, year=first, end_year=last
        )
        if duplicate.exists():
            raise forms.ValidationError(
                _(
                    "This task force has a report for this period already. Open it, or make "
                    "a corrected version of it once it is signed."
                )
            )
        return data


class ReportEditForm(forms.Form):
    """A form that changes a report: it carries the version the report was opened with
    (``gugustugas.concurrency``)."""

    def __init__(self, *args, task_force=None, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        from crispy_forms.helper import FormHelper

        if report is not None:
            self.fields[FORM_FIELD] = version_field(report.edit_version)

        self.helper = FormHelper()
        self.helper.form_tag = False


class NarrativeForm(ReportEditForm):
    text = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Printed in both editions, above the figures of this part."),
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Printed in the internal edition only."),
    )

    def __init__(self, *args, part="", **kwargs):
        super().__init__(*args, **kwargs)
        self.part = part

    def conflicts(self, current) -> list[dict]:
        """Where the part as saved meanwhile (``current``) differs from what the user sent."""
        saved = {"text": current.narrative, "note": current.internal_notes}
        rows = [
            conflict_row(self.fields[name].label, saved[name].get(self.part, ""), mine)
            for name, mine in [
                ("text", self.cleaned_data["text"]),
                ("note", self.cleaned_data["note"]),
            ]
        ]
        return [row for row in rows if row["theirs"] != row["mine"]]


class CorrectionForm(ReportEditForm):
    note = forms.CharField(
        label=_("What does the new version correct?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PortalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level"), required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    year = IntegerInputField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        from gugustugas.models import Level

        self.fields["level"].choices = [("", _("All levels")), *Level.choices]
        self.fields["province"].choices = [("", _("All provinces")), *provinces]


class VerifyUploadForm(forms.Form):
    """A copy of a report to check against the one the system signed."""

    file = forms.FileField(label=_("PDF file to check"))

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_file(self):
        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        upload = self.cleaned_data["file"]
        if upload.size > settings.VERIFY_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.VERIFY_UPLOAD_MAX_BYTES),
                }
            )
        return upload
