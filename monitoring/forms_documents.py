"""Forms of the monitoring forms and evaluations. Every choice is narrowed to the task
force (``TaskForceModelForm``); a plan or agency of another task force is refused as an
invalid choice."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import ActionPlan, PlanStatus
from gugustugas.forms import DateInput, TaskForceModelForm
from meetings.models import Meeting, MinutesStatus
from members.models import Agency
from monitoring.models import (
    CorrectiveAction,
    CriterionAssessment,
    Evaluation,
    MonitoringForm,
    MonitoringRow,
    Recommendation,
)

PLANS_IN_USE = (PlanStatus.ENACTED, PlanStatus.REVISED, PlanStatus.CLOSED)


def _plans(task_force, statuses=PLANS_IN_USE):
    return ActionPlan.objects.filter(task_force=task_force, status__in=statuses).order_by(
        "-start_year", "-version"
    )


class MonitoringFormCreateForm(TaskForceModelForm):
    """The head of the form; the rows are prefilled from the plan when it is saved."""

    class Meta:
        model = MonitoringForm
        fields = ["plan", "year", "quarter", "agency", "date", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "year": _("The rows take each activity's target and result for this year."),
            "quarter": _("Results as reported up to the end of this quarter."),
        }

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, task_force=task_force, **kwargs)
        self.fields["plan"].queryset = _plans(task_force)
        self.fields["agency"].queryset = Agency.objects.filter(task_force=task_force).order_by(
            "name"
        )
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("date", today)
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        today = timezone.localdate()
        if year and quarter and (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
            self.add_error("quarter", _("This quarter has not begun yet."))
        date = cleaned.get("date")
        if date and date > today:
            self.add_error("date", _("The monitoring cannot be dated in the future."))
        return cleaned


class MonitoringFormEditForm(TaskForceModelForm):
    class Meta:
        model = MonitoringForm
        fields = [
            "agency",
            "date",
            "purpose",
            "progress_summary",
            "positive_findings",
            "negative_findings",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "progress_summary": forms.Textarea(attrs={"rows": 4}),
            "positive_findings": forms.Textarea(attrs={"rows": 4}),
            "negative_findings": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, task_force=task_force, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(task_force=task_force).order_by(
            "name"
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The monitoring cannot be dated in the future."))
        return date


class RowCommentForm(forms.ModelForm):
    """Only the comment is typed: target and result are the plan's official figures."""

    class Meta:
        model = MonitoringRow
        fields = ["comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 1, "class": "form-control"})}


RowFormSet = forms.modelformset_factory(MonitoringRow, form=RowCommentForm, extra=0)


class CorrectiveActionForm(forms.ModelForm):
    class Meta:
        model = CorrectiveAction
        fields = ["action", "deadline", "responsible_agency"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "deadline": DateInput(attrs={"class": "form-control"}),
            "responsible_agency": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, task_force, head: MonitoringFormEditForm | None = None, **kwargs):
        """``head``: the form of the monitoring form itself, posted with the actions; the
        deadline is checked against the date posted there."""
        super().__init__(*args, **kwargs)
        self.head = head
        self.fields["responsible_agency"].queryset = Agency.objects.filter(
            task_force=task_force
        ).order_by("name")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        head = self.head
        if head is None or not deadline:
            return deadline
        monitored = head.cleaned_data.get("date") if head.is_valid() else head.instance.date
        if monitored and deadline < monitored:
            raise forms.ValidationError(
                _("The deadline cannot be before the date of the monitoring.")
            )
        return deadline


CorrectiveActionFormSet = forms.inlineformset_factory(
    MonitoringForm,
    CorrectiveAction,
    form=CorrectiveActionForm,
    extra=2,
    can_delete=True,
)


class ActionPointChoiceForm(forms.Form):
    """Which meeting takes the corrective action as an action point: one of the task
    force's meetings whose minutes are still open (not cancelled, not final)."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.active()
            .filter(task_force=task_force)
            .exclude(minutes_status=MinutesStatus.FINAL)
            .order_by("-starts_at")
        )
        self.fields["meeting"].help_text = _(
            "Meetings of this task force whose minutes are not final yet."
        )


# --- evaluation ---------------------------------------------------------------------


class EvaluationForm(TaskForceModelForm):
    class Meta:
        model = Evaluation
        fields = ["plan", "title", "start_year", "end_year", "date", "evaluator", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, task_force=task_force, **kwargs)
        self.fields["plan"].queryset = _plans(task_force)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("The evaluation cannot be dated in the future."))
        return date


class CriterionForm(forms.ModelForm):
    class Meta:
        model = CriterionAssessment
        fields = ["rating", "narrative", "evidence_links"]
        widgets = {
            "rating": forms.Select(attrs={"class": "form-select"}),
            "narrative": forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
            "evidence_links": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }


CriterionFormSet = forms.modelformset_factory(CriterionAssessment, form=CriterionForm, extra=0)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "owner_agency", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            "owner_agency": forms.Select(attrs={"class": "form-select"}),
            "due_date": DateInput(attrs={"class": "form-control"}),
        }

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(
            task_force=task_force
        ).order_by("name")


RecommendationFormSet = forms.inlineformset_factory(
    Evaluation, Recommendation, form=RecommendationForm, extra=2, can_delete=True
)
