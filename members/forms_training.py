"""Forms of the capacity pages: trainings with their participants, the induction pack and
the yearly training-needs survey."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.forms import IntegerInputField, NumberInput, TaskForceModelForm
from gugustugas.uploads import validate_document
from members.models import (
    InductionItem,
    Membership,
    NeedsSurveyResponse,
    Person,
    Topic,
    Training,
    TrainingParticipant,
)

# How many empty participant rows the training form offers per save.
EMPTY_PARTICIPANT_ROWS = 8
FIRST_SURVEY_YEAR = 2000


class TrainingForm(TaskForceModelForm):
    """The training itself; the partner list is narrowed to the task force's partners."""

    class Meta:
        model = Training
        fields = [
            "topic",
            "title",
            "date",
            "place",
            "organiser",
            "partner",
            "mandatory",
            "external_participants",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = self.task_force.partners.all()


class ParticipantForm(TaskForceModelForm):
    """One member at a training, with test scores on the 0-100 scale."""

    pre_score = IntegerInputField(
        label=_("Pre-test score"),
        min_value=0,
        max_value=100,
        required=False,
        widget=NumberInput(attrs={"class": "form-control form-control-sm"}, inputmode="numeric"),
    )
    post_score = IntegerInputField(
        label=_("Post-test score"),
        min_value=0,
        max_value=100,
        required=False,
        widget=NumberInput(attrs={"class": "form-control form-control-sm"}, inputmode="numeric"),
    )

    class Meta:
        model = TrainingParticipant
        fields = ["person", "pre_score", "post_score"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(task_force=self.task_force).order_by(
            "full_name"
        )
        self.fields["person"].widget.attrs["class"] = "form-select form-select-sm"


class BaseParticipantFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        # Before the model formset's own uniqueness check, which would drop the person
        # from the form and answer with a generic message.
        seen = set()
        twice = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            person = form.cleaned_data.get("person")
            if person is None:
                continue
            if person.pk in seen:
                form.add_error("person", _("This member is counted twice."))
                twice.append(str(person))
            seen.add(person.pk)
        if twice:
            raise ValidationError(
                _("Each member is counted once per training: %(names)s.")
                % {"names": ", ".join(sorted(set(twice)))}
            )
        super().clean()


ParticipantFormSet = inlineformset_factory(
    Training,
    TrainingParticipant,
    form=ParticipantForm,
    formset=BaseParticipantFormSet,
    fields=["person", "pre_score", "post_score"],
    extra=EMPTY_PARTICIPANT_ROWS,
    can_delete=True,
)


class InductionItemForm(TaskForceModelForm):
    """An item of the induction pack: a checked file, a link, or both."""

    class Meta:
        model = InductionItem
        fields = ["kind", "title", "file", "url"]
        help_texts = {"file": _("PDF, image or office document, up to 10 MB.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(validate_document)
        # "A file or a link" is the model's check constraint, reported as a form error.


class NeedsSurveyForm(TaskForceModelForm):
    """A member's needs for the year. ``person`` is given when members answer for
    themselves; without it the form asks whom the answer is for (the secretariat)."""

    topics = forms.MultipleChoiceField(
        label=_("Topics on which training is needed"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = NeedsSurveyResponse
        fields = ["year", "person", "topics", "other_needs"]
        widgets = {"other_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"] = IntegerInputField(
            label=_("Year"), min_value=FIRST_SURVEY_YEAR, max_value=this_year + 1
        )
        self.fields["year"].initial = this_year
        if person is not None:
            self.instance.person = person
            del self.fields["person"]
        else:
            current = Membership.objects.current().filter(task_force=self.task_force)
            self.fields["person"].queryset = Person.objects.filter(
                pk__in=current.values("person")
            ).order_by("full_name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("topics") and not (cleaned.get("other_needs") or "").strip():
            raise ValidationError(_("Choose at least one topic or describe other needs."))
        return cleaned

    def _get_validation_exclusions(self):
        # Check "one response per member and year" also when the person is not a field.
        exclusions = super()._get_validation_exclusions()
        if "person" not in self.fields:
            exclusions.discard("person")
        return exclusions
