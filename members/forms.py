from crispy_forms.helper import FormHelper
from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.concurrency import VersionedFormMixin
from gugustugas.forms import DateInput, TaskForceModelForm
from gugustugas.models import Role
from members.models import Agency, Membership, Person


class AgencyForm(TaskForceModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "kind", "address", "phone", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class PersonForm(TaskForceModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "honorific", "email", "phone"]


class MembershipForm(TaskForceModelForm):
    """Appoint someone: an existing person of the task force, or a new one typed in."""

    existing_person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Existing person"),
        help_text=_("Choose someone already on record, or fill in a new person below."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    honorific = forms.CharField(label=_("Academic titles"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)

    class Meta:
        model = Membership
        fields = [
            "role",
            "agency",
            "position_title",
            "sub_task_force",
            "decree_number",
            "decree_date",
            "start_date",
        ]

    field_order = [
        "existing_person",
        "full_name",
        "honorific",
        "email",
        "phone",
        "role",
        "agency",
        "position_title",
        "sub_task_force",
        "decree_number",
        "decree_date",
        "start_date",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing_person"].queryset = Person.objects.filter(task_force=self.task_force)
        self.fields["start_date"].initial = timezone.localdate()
        if self.instance.pk:
            # Editing a seat: the person is edited on their own form.
            for name in ("existing_person", "full_name", "honorific", "email", "phone"):
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if not (self.instance.pk or cleaned.get("existing_person") or cleaned.get("full_name")):
            self.add_error(
                "full_name", _("Enter the new member's name or choose an existing person.")
            )
        role = cleaned.get("role")
        if role == Role.SUBGT_HEAD and not cleaned.get("sub_task_force"):
            self.add_error("sub_task_force", _("A head of sub-GT must be assigned to a sub-GT."))
        return cleaned

    def _post_clean(self):
        # The person is not a form field; give the instance one so model validation runs.
        if not self.instance.pk and not self.instance.person_id:
            existing = self.cleaned_data.get("existing_person")
            self.instance.person = existing or Person(task_force=self.task_force)
        super()._post_clean()

    def _get_validation_exclusions(self):
        # Every field has a value on the instance (end_date is empty on a new seat), so
        # validate all constraints, including "one active chair", except the person,
        # who may not be saved yet.
        return {"person"}

    @transaction.atomic
    def save(self, commit=True):
        membership = super().save(commit=False)
        if not membership.person_id or membership.person.pk is None:
            person = self.cleaned_data.get("existing_person") or Person.objects.create(
                task_force=self.task_force,
                full_name=self.cleaned_data["full_name"],
                honorific=self.cleaned_data["honorific"],
                email=self.cleaned_data["email"],
                phone=self.cleaned_data["phone"],
            )
            membership.person = person
        if commit:
            membership.save()
        return membership


class MembershipEndForm(VersionedFormMixin, forms.ModelForm):
    """A member leaves: the end date, a handover note and, if known, the successor."""

    def _get_validation_exclusions(self):
        return set()  # check "ends after it starts" although start_date is not on the form

    class Meta:
        model = Membership
        fields = ["end_date", "handover_note", "successor"]
        widgets = {"end_date": DateInput(), "handover_note": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "successor": _("The member who takes over, if already appointed. Optional."),
        }

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end_date"].required = True
        self.fields["end_date"].initial = timezone.localdate()
        self.fields["handover_note"].required = True
        # The successor sits on the same task force now; never the leaving seat itself.
        successor = self.fields["successor"]
        successor.queryset = (
            Membership.objects.current()
            .filter(task_force=task_force or self.instance.task_force)
            .exclude(pk=self.instance.pk)
            .select_related("person", "agency")
            .order_by("person__full_name")
        )
        successor.label_from_instance = lambda m: (
            f"{m.person} · {m.agency.short_name or m.agency.name} · {m.position_title}"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
