"""Forms and list filters of the partners pages: partners, their contact persons, MoUs."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas import access
from gugustugas.forms import BoundedIdMultipleChoiceField, DateInput, TaskForceModelForm
from gugustugas.models import TaskForce
from gugustugas.uploads import validate_scan
from members.models import MoU, Partner, PartnerContact


class PartnerChoiceField(BoundedIdMultipleChoiceField):
    """Partners of other task forces are named with their task force."""

    def __init__(self, *args, task_force: TaskForce | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task_force = task_force

    def label_from_instance(self, obj: Partner) -> str:
        if self.task_force is None or obj.task_force_id == self.task_force.pk:
            return obj.name
        return f"{obj.name} ({obj.task_force})"


class ScopedChoicesMixin:
    """Many-to-many choices narrowed to what the user may read.

    A row may already point at something the editing user cannot see (a system
    administrator linked it); saving the form must not silently drop that link, so the
    hidden part of each field is remembered and added back after saving.
    """

    scoped_m2m: tuple[str, ...] = ()

    def _remember_hidden_choices(self) -> None:
        self._hidden = {}
        if self.instance.pk is None:
            return
        for name in self.scoped_m2m:
            shown = self.fields[name].queryset.values("pk")
            related = getattr(self.instance, name).exclude(pk__in=shown)
            self._hidden[name] = list(related.values_list("pk", flat=True))

    def _save_m2m(self):
        super()._save_m2m()
        for name, pks in self._hidden.items():
            if pks:
                getattr(self.instance, name).add(*pks)


class PartnerForm(ScopedChoicesMixin, TaskForceModelForm):
    scoped_m2m = ("works_with",)

    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "prevention",
            "protection",
            "prosecution",
            "description",
            "address",
            "phone",
            "email",
            "website",
            "works_with",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"works_with": BoundedIdMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Any task force may be named: names of task forces are public, and a partner
        # often works across provinces (an origin province and a transit city).
        self.fields["works_with"].queryset = TaskForce.objects.exclude(
            pk=self.task_force.pk
        ).select_related("region")
        self._remember_hidden_choices()


class PartnerContactForm(TaskForceModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "position", "phone", "email"]


class MoUForm(ScopedChoicesMixin, TaskForceModelForm):
    """An MoU in draft: its parties, the components of a sound MoU and the signed scan."""

    scoped_m2m = ("partners", "other_task_forces")

    class Meta:
        model = MoU
        fields = [
            "title",
            "number",
            "partners",
            "other_task_forces",
            "purpose",
            "principles",
            "target_group",
            "responsibilities",
            "information_sharing",
            "duration",
            "funding",
            "start_date",
            "end_date",
            "monitoring",
            "amendment",
            "evaluation",
            "dispute_settlement",
            "termination",
            "document",
        ]
        field_classes = {
            "partners": PartnerChoiceField,
            "other_task_forces": BoundedIdMultipleChoiceField,
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "purpose",
                "principles",
                "target_group",
                "responsibilities",
                "information_sharing",
                "funding",
                "monitoring",
                "amendment",
                "evaluation",
                "dispute_settlement",
                "termination",
            )
        } | {"document": forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})}
        help_texts = {
            "document": _("The signed MoU, scanned: PDF or image."),
            "partners": _("Partners of this task force and of the task forces you oversee."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        partners = self.fields["partners"]
        partners.task_force = self.task_force
        # The task force's own partners first, then those of the others it can read.
        partners.queryset = (
            access.visible(user, Partner)
            .select_related("task_force__region")
            .annotate(
                foreign=Case(
                    When(task_force=self.task_force, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("foreign", "task_force__region__path", "name")
        )
        # Any task force may be a party (an origin province with a transit city elsewhere).
        self.fields["other_task_forces"].queryset = TaskForce.objects.exclude(
            pk=self.task_force.pk
        ).select_related("region")
        self._remember_hidden_choices()

    def clean_document(self):
        document = self.cleaned_data.get("document")
        # Only a new upload is checked; a file kept from before was checked when it came.
        if isinstance(document, UploadedFile):
            validate_scan(document)
        return document

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            # The model's constraint says the same; on the field the user sees where.
            self.add_error("end_date", _("The MoU cannot end before it starts."))
        return cleaned


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())

    def __init__(self, *args, task_force=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError(_("The signing date cannot be in the future."))
        return signed_on
