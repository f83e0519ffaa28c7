"""Forms of the minutes: the discussion and the decisions, amendments and their answers,
action points (with their owner and RAD activity) and the action-point list filter.

Every choice is narrowed to the meeting's task force: its agencies, its current members
and the activities of its own action plans. Text is sanitised by the models on save; the
forms clean it too, so a text that is nothing but markup is refused as empty.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from actionplans.models import Activity
from gugustugas.concurrency import VersionedFormMixin
from gugustugas.forms import TaskForceModelForm
from meetings.models import (
    CLOSED_STATUSES,
    ActionPoint,
    Amendment,
    Decision,
    Meeting,
)
from meetings.text import clean_text
from members.models import Agency, Membership, Person

DISCUSSION_HELP = _(
    "Allowed formatting: paragraphs <p>, line breaks <br>, bold <strong>/<b>, italic "
    "<em>/<i>, underline <u> and lists <ul>/<ol> with <li>. Anything else (scripts, "
    "links, styles) is removed. Plain text with line breaks is fine too. Record the "
    "decisions below, not in the discussion."
)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


def _required_text(value: str) -> str:
    """Plain text with any markup removed; empty after cleaning is refused."""
    cleaned = clean_text(value or "")
    if not cleaned:
        raise forms.ValidationError(_("Enter some text (markup is removed)."))
    return cleaned


class MinutesForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["discussion"]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 14})}
        # Crispy forms print help texts as HTML: the tag names must show as text.
        help_texts = {"discussion": lazy(escape, str)(DISCUSSION_HELP)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": _("Decision")}

    def clean_text(self):
        return _required_text(self.cleaned_data.get("text"))


class BaseDecisionFormSet(forms.BaseInlineFormSet):
    def save_in_order(self, meeting: Meeting) -> None:
        """Save the decisions numbered 1, 2, ... in the order of the form, skipping the
        empty extra forms and writing only the rows whose text or number changed."""
        self.save(commit=False)
        for decision in self.deleted_objects:
            decision.delete()
        deleted = set(self.deleted_forms)
        order = 0
        for form in self.forms:
            if form in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            order += 1
            decision = form.instance
            if decision.pk and decision.order == order and not form.has_changed():
                continue
            decision.meeting = meeting
            decision.order = order
            decision.save()


DecisionFormSet = forms.inlineformset_factory(
    Meeting,
    Decision,
    form=DecisionForm,
    formset=BaseDecisionFormSet,
    extra=3,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": _("Which passage, and how it should read.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_text(self):
        return _required_text(self.cleaned_data.get("text"))


class AmendmentAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_answer(self):
        return _required_text(self.cleaned_data.get("answer"))


class ClosingNoteMixin:
    """Closing an action point (done or dropped) needs a note on what came of it."""

    def clean(self):
        cleaned = super().clean()
        note = clean_text(cleaned.get("closing_note") or "")
        cleaned["closing_note"] = note
        if cleaned.get("status") in CLOSED_STATUSES and not note:
            self.add_error(
                "closing_note",
                _("Say what came of it: closing an action point (done or dropped) needs a note."),
            )
        return cleaned


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Activity) -> str:
        return f"{obj} — {obj.section.plan.title}"


class ActionPointForm(ClosingNoteMixin, TaskForceModelForm):
    """An action point of ``meeting``: the owner is an agency of its task force and,
    optionally, a current member sitting for that agency; the activity, if any, one of
    the task force's own RAD activities."""

    class Meta:
        model = ActionPoint
        fields = [
            "description",
            "owner_agency",
            "owner_person",
            "due_date",
            "activity",
            "status",
            "closing_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "closing_note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"activity": ActivityChoiceField}
        help_texts = {
            "owner_person": _("Optional: a current member sitting for the responsible agency."),
            "activity": _("Optional: the RAD activity this action point serves."),
            "closing_note": _("Needed when the action point is done or dropped."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, task_force=meeting.task_force, **kwargs)
        self.meeting = meeting
        tf = meeting.task_force
        current = self.instance
        self.fields["owner_agency"].queryset = Agency.objects.filter(task_force=tf).order_by("name")
        members = Membership.objects.current().filter(task_force=tf).values("person_id")
        self.fields["owner_person"].queryset = Person.objects.filter(
            Q(task_force=tf, pk__in=members) | Q(pk=current.owner_person_id or 0)
        ).order_by("full_name")
        self.fields["activity"].queryset = (
            Activity.objects.filter(section__plan__task_force=tf)
            .filter(Q(pk__in=Activity.objects.of_plans_in_use()) | Q(pk=current.activity_id or 0))
            .select_related("section__plan")
            .order_by("section__plan__start_year", "section__order", "code", "pk")
        )

    def clean_description(self):
        return _required_text(self.cleaned_data.get("description"))

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        held_on = timezone.localtime(self.meeting.starts_at).date()
        if due and due < held_on:
            raise forms.ValidationError(_("The due date cannot be before the meeting."))
        return due

    def clean(self):
        cleaned = super().clean()
        agency, person = cleaned.get("owner_agency"), cleaned.get("owner_person")
        if agency and agency.task_force_id != self.meeting.task_force_id:
            self.add_error("owner_agency", _("Choose an agency of this task force."))
        if agency and person:
            unchanged = person.pk == self.initial.get(
                "owner_person"
            ) and agency.pk == self.initial.get("owner_agency")
            sits_for = Membership.objects.current().filter(
                person=person, agency=agency, task_force_id=self.meeting.task_force_id
            )
            if not unchanged and not sits_for.exists():
                self.add_error(
                    "owner_person",
                    _("%(person)s does not sit on the task force for %(agency)s.")
                    % {"person": person, "agency": agency},
                )
        return cleaned


class ActionPointStatusForm(ClosingNoteMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["status", "closing_note"]
