from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from gugustugas.concurrency import VersionedFormMixin
from gugustugas.models import FormationStatus, SubTaskForce, TaskForce


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The largest primary key the database can hold (a signed 64-bit integer).
MAX_PK = 2**63 - 1


class BoundedIdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses an out-of-range id as an invalid choice: Django's own check sends it to the
    database in an IN (...) list, where SQLite fails on it instead of finding nothing."""

    def _check_values(self, value):
        for pk in value:
            try:
                out_of_range = abs(int(str(pk).strip())) > MAX_PK
            except ValueError:
                continue  # not a number at all: Django reports it
            if out_of_range:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class TaskForceModelForm(VersionedFormMixin, forms.ModelForm):
    """A model form for a row of one task force.

    Every foreign-key choice is narrowed to that task force, and the instance's task
    force is set before validation so that database constraints involving it (unique
    names, one active chair) are checked by the form and reported on its fields.
    """

    def __init__(self, *args, task_force: TaskForce, **kwargs):
        super().__init__(*args, **kwargs)
        self.task_force = task_force
        if hasattr(self.instance, "task_force_id") and self.instance.task_force_id is None:
            self.instance.task_force = task_force
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                model = field.queryset.model
                if any(f.name == "task_force" for f in model._meta.fields):
                    field.queryset = field.queryset.filter(task_force=task_force)
            if type(field) is forms.ModelMultipleChoiceField:
                field.__class__ = BoundedIdMultipleChoiceField
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("task_force")
        return exclusions


class TaskForceForm(TaskForceModelForm):
    class Meta:
        model = TaskForce
        fields = [
            "formation_status",
            "decree_number",
            "decree_date",
            "decree_signed_by",
            "address",
            "phone",
            "email",
            "website",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("formation_status") == FormationStatus.FORMED:
            for field in ("decree_number", "decree_date"):
                if not cleaned.get(field):
                    self.add_error(field, _("Required when the task force is formed by decree."))
        return cleaned


class SubTaskForceForm(TaskForceModelForm):
    class Meta:
        model = SubTaskForce
        fields = ["kind", "custom_name", "coordinating_agency", "order"]
