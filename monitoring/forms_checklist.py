"""The checklist self-assessment form: the date, a note, and for every item of every stage
an answer, a note and an optional evidence link."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from gugustugas.forms import DateInput
from monitoring.checklist import STAGES, Answer
from monitoring.models import ChecklistAnswer, ChecklistAssessment


class ChecklistForm(forms.Form):
    date = forms.DateField(label=_("Date of the assessment"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, task_force, instance: ChecklistAssessment | None = None, **kwargs):
        """``instance``: the assessment being edited; without it, a new one starting from
        the answers of the latest assessment (an assessment repeats the last one)."""
        super().__init__(*args, **kwargs)
        self.task_force = task_force
        self.instance = instance
        source = instance or task_force.checklist_assessments.order_by("-date", "-pk").first()
        answers = {a.item: a for a in source.answers.all()} if source else {}
        if instance is not None:
            self.initial.setdefault("date", instance.date)
            self.initial.setdefault("note", instance.note)
        else:
            self.initial.setdefault("date", timezone.localdate())
        self.stages = []
        for stage in STAGES:
            rows = []
            for item in stage.items:
                old = answers.get(item.code)
                self.fields[f"value_{item.code}"] = forms.ChoiceField(
                    label=item.label,
                    choices=Answer.choices,
                    initial=old.value if old else Answer.NOT_YET,
                    widget=forms.RadioSelect,
                )
                self.fields[f"note_{item.code}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=500,
                    initial=old.note if old else "",
                )
                self.fields[f"evidence_{item.code}"] = forms.URLField(
                    label=_("Evidence link"),
                    required=False,
                    assume_scheme="https",
                    initial=old.evidence_url if old else "",
                )
                rows.append(item)
            self.stages.append((stage, rows))

    def item_rows(self):
        """(stage, [(item, value field, note field, evidence field)]) for the template."""
        for stage, items in self.stages:
            yield (
                stage,
                [
                    (
                        item,
                        self[f"value_{item.code}"],
                        self[f"note_{item.code}"],
                        self[f"evidence_{item.code}"],
                    )
                    for item in items
                ],
            )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A self-assessment cannot be dated in the future."))
        others = self.task_force.checklist_assessments.filter(date=date)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("This task force already has an assessment on this date: edit that one.")
            )
        return date

    def save(self, user) -> ChecklistAssessment:
        """Write the assessment and its answers (call inside a transaction)."""
        assessment = self.instance or ChecklistAssessment(
            task_force=self.task_force, created_by=user if user.is_authenticated else None
        )
        assessment.date = self.cleaned_data["date"]
        assessment.note = self.cleaned_data["note"]
        assessment.save()
        existing = {a.item: a for a in assessment.answers.all()}
        new = []
        for stage in STAGES:
            for item in stage.items:
                values = {
                    "value": self.cleaned_data[f"value_{item.code}"],
                    "note": self.cleaned_data[f"note_{item.code}"],
                    "evidence_url": self.cleaned_data[f"evidence_{item.code}"],
                }
                answer = existing.get(item.code)
                if answer is None:
                    new.append(
                        ChecklistAnswer(
                            assessment=assessment, stage=stage.code, item=item.code, **values
                        )
                    )
                elif any(getattr(answer, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(answer, key, value)
                    answer.save()  # one by one: the history records each change
        bulk_create_with_history(new, ChecklistAnswer)
        return assessment
