from decimal import Decimal
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import (
    ActionPlan,
    Activity,
    ActivityTarget,
    Frequency,
    Integration,
    Objective,
    ProgressReport,
    ReviewComment,
    WorkingGroupMember,
)
from actionplans.services import current_year
from gugustugas.concurrency import VersionedFormMixin
from gugustugas.figures import number_format, quarter_label, quarter_of
from gugustugas.forms import DateInput, DecimalInputField, TaskForceModelForm
from gugustugas.uploads import validate_document
from members.models import Person


class PlanForm(TaskForceModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "start_year",
            "period_years",
            "problem_statement",
            "situation_analysis",
            "vision",
        ]
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 5}),
            "situation_analysis": forms.Textarea(attrs={"rows": 5}),
            "vision": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_start_year(self):
        year = self.cleaned_data["start_year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year between 2000 and 2100."))
        return year


class EnactForm(forms.Form):
    regulation_number = forms.CharField(label=_("Enacting regulation number"), max_length=150)
    regulation_date = forms.DateField(label=_("Enacting regulation date"), widget=DateInput())
    monitoring_frequency = forms.ChoiceField(
        label=_("Monitoring frequency"), choices=Frequency.choices
    )
    reporting_frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=Frequency.choices
    )
    budget_sources = forms.CharField(
        label=_("Budget sources"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class WorkingGroupForm(TaskForceModelForm):
    class Meta:
        model = WorkingGroupMember
        fields = ["person", "name", "organisation", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(task_force=self.task_force)


class ObjectiveForm(TaskForceModelForm):
    class Meta:
        model = Objective
        fields = ["text", "order"]


class ActivityForm(TaskForceModelForm):
    """An activity with one target field per year of the plan."""

    class Meta:
        model = Activity
        fields = [
            "objective",
            "code",
            "title",
            "description",
            "expected_output",
            "indicator",
            "unit",
            "baseline",
            "start_date",
            "end_date",
            "responsible_agency",
            "implementing_agencies",
            "area",
            "location",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "implementing_agencies": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.instance.section = section
        self.fields["objective"].queryset = section.objectives.all()
        self.fields["implementing_agencies"].widget = forms.CheckboxSelectMultiple()
        self.fields["implementing_agencies"].queryset = self.task_force.agencies.all()
        existing = {}
        if self.instance.pk:
            existing = {t.year: t.target for t in self.instance.targets.all()}
        for year in section.plan.years:
            self.fields[f"target_{year}"] = DecimalInputField(
                label=_("Target %(year)s") % {"year": year},
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                initial=existing.get(year),
            )

    def clean(self):
        cleaned = super().clean()
        plan = self.section.plan
        for name in ("start_date", "end_date"):
            value = cleaned.get(name)
            if value and not plan.start_year <= value.year <= plan.end_year:
                self.add_error(
                    name,
                    _("Must fall within the plan's period, %(start)s–%(end)s.")
                    % {"start": plan.start_year, "end": plan.end_year},
                )
        return cleaned

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("section")  # so a duplicate code is a form error
        return exclusions

    def save(self, commit=True):
        activity = super().save(commit=commit)
        if commit:
            self.save_targets(activity)
        return activity

    def save_targets(self, activity):
        for year in self.section.plan.years:
            value = self.cleaned_data.get(f"target_{year}")
            if value is None:
                ActivityTarget.objects.filter(activity=activity, year=year).delete()
            else:
                ActivityTarget.objects.update_or_create(
                    activity=activity, year=year, defaults={"target": value}
                )


class ProgressForm(TaskForceModelForm):
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("PDF, image or office document, up to 10 MB."),
        validators=[validate_document],
    )

    class Meta:
        model = ProgressReport
        fields = ["year", "quarter", "achieved", "status", "narrative", "obstacles"]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "obstacles": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        plan = activity.section.plan
        self.fields["year"] = forms.TypedChoiceField(
            label=_("Year"), coerce=int, choices=[(y, y) for y in plan.years]
        )
        if self.instance.pk:
            # The quarter a report is for does not change; report another quarter instead.
            self.fields["year"].disabled = True
            self.fields["quarter"].disabled = True
        self.activity = activity

    def facts(self, year: int) -> list[tuple[str, str]]:
        """What the reporter needs beside the form: the year's target and unit, and the
        last value reported for the year (cumulative, so the new one builds on it)."""
        activity = self.activity
        unit = activity.unit or ""
        target = next((t.target for t in activity.targets.all() if t.year == year), None)
        reports = [
            r
            for r in activity.progress.all()
            if r.year == year and r.pk != self.instance.pk and r.review_state != "returned"
        ]
        latest = max(reports, key=lambda r: r.quarter, default=None)
        facts = [
            (
                _("Target %(year)s") % {"year": year},
                f"{number_format(target)} {unit}".strip() if target is not None else _("none"),
            ),
            (_("Unit"), unit or "—"),
        ]
        if latest is None:
            last = _("nothing reported yet this year")
        else:
            last = _("%(value)s %(unit)s in %(quarter)s (%(state)s)") % {
                "value": number_format(latest.achieved),
                "unit": unit,
                "quarter": quarter_label(latest.quarter),
                "state": latest.get_review_state_display().lower(),
            }
        facts.append((_("Last reported %(year)s") % {"year": year}, last))
        return facts

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("activity")  # so "one report per quarter" is a form error
        return exclusions


class CommentForm(TaskForceModelForm):
    class Meta:
        model = ReviewComment
        fields = ["activity", "reviewer", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["activity"].queryset = plan.activities().order_by("section__order", "code")
        self.fields["activity"].required = False


class CommentResponseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ReviewComment
        fields = ["response"]
        widgets = {"response": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.helper = FormHelper()
        self.helper.form_tag = False


class IntegrationForm(TaskForceModelForm):
    class Meta:
        model = Integration
        fields = ["agency", "document", "reference", "year"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("plan")
        return exclusions


# --- spreadsheets -----------------------------------------------------------------------

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
QUARTERS = (1, 2, 3, 4)


class XlsxUploadForm(forms.Form):
    """One .xlsx file of at most ``MAX_UPLOAD_BYTES``; its content is checked on import."""

    file = forms.FileField(
        label=_("Spreadsheet (.xlsx)"),
        help_text=_("The filled-in template, saved as an Excel workbook."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("Choose an Excel workbook whose name ends in .xlsx (not .xls, .csv or .ods).")
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s is accepted.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)}
            )
        return upload


class PeriodForm(forms.Form):
    """A year of the plan and a quarter."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int)

    def __init__(self, *args: Any, plan: ActionPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = current_year(plan)
        self.fields["year"].choices = [(y, str(y)) for y in plan.years]
        self.fields["year"].initial = year
        self.fields["quarter"].choices = [(q, quarter_label(q)) for q in QUARTERS]
        self.fields["quarter"].initial = default_quarter(year)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own token


class ProgressUploadForm(PeriodForm, XlsxUploadForm):
    field_order = ["year", "quarter", "file"]


def default_quarter(year: int, today=None) -> int:
    """The quarter being reported now, for a year of the plan."""
    today = today or timezone.localdate()
    if year < today.year:
        return 4
    if year > today.year:
        return 1
    return quarter_of(today)
