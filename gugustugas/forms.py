"""The core's form pieces: the task-force model form every app builds on, and the fields
that take numbers, money and times the way Indonesian officers type them."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import renderers
from django.forms.models import ModelFormMetaclass
from django.template import TemplateDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas import zones
from gugustugas.concurrency import VersionedFormMixin
from gugustugas.models import FormationStatus, SubTaskForce, TaskForce
from gugustugas.xlsx.reading import parse_number

DECIMAL_HELP = _("A decimal comma is fine: 60,5.")
RUPIAH_HELP = _("Whole rupiah; dots between thousands are fine: 1.250.000.")


def _join_help(*parts) -> str:
    return " ".join(str(p) for p in parts if p)


def _number(value, field: forms.Field) -> Decimal | None:
    """What the officer typed as a number, by the spreadsheet import's rule
    (``gugustugas.xlsx.reading.parse_number``): "60,5", "1.250.000", "12.5", "Rp 1.250"."""
    if value in field.empty_values:
        return None
    if isinstance(value, str):
        value = value.strip()
        if value[:2].lower() == "rp":
            value = value[2:]
    try:
        return parse_number(value)
    except ValueError:
        raise forms.ValidationError(field.error_messages["invalid"], code="invalid") from None


class NumberInput(forms.TextInput):
    """A text box with a number keypad on phones. Not ``type=number``: browsers turn the
    "12,5" an Indonesian types into 125, or refuse it."""

    def __init__(self, attrs=None, inputmode: str = "decimal"):
        super().__init__({"inputmode": inputmode, **(attrs or {})})


class DecimalInputField(forms.DecimalField):
    """A decimal typed with a comma ("60,5") or a point ("60.5"); dots between thousands
    ("1.250,5") are read as such."""

    widget = NumberInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(*args, **kwargs)
        self.help_text = _join_help(self.help_text, DECIMAL_HELP)

    def widget_attrs(self, widget):
        return {}  # no min/max/step: they mean nothing on a text box

    def to_python(self, value):
        number = _number(value, self)
        if number is None:
            return None
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class IntegerInputField(forms.IntegerField):
    """A whole number; dots between thousands ("1.250") are fine."""

    widget = NumberInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", NumberInput(inputmode="numeric"))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        return {}

    def to_python(self, value):
        number = _number(value, self)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


class RupiahField(IntegerInputField):
    """Whole rupiah as Indonesians write them: "1.250.000" or "Rp 1.250.000"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = _join_help(self.help_text, RUPIAH_HELP)

    def prepare_value(self, value):
        # Shown back with its thousands dots, as it is printed everywhere else.
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}".replace(",", ".")
        return value


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time entered and shown in a task force's zone (WIB, WITA or WIT), not the
    server's: 09:00 typed for a meeting in Jayapura is 09:00 WIT, 00:00 UTC."""

    zone: zones.Zone = zones.WIB

    def prepare_value(self, value):
        with timezone.override(self.zone.tzinfo):
            return super().prepare_value(value)

    def to_python(self, value):
        with timezone.override(self.zone.tzinfo):
            return super().to_python(value)


def _is_money(field: forms.Field) -> bool:
    return "(rp)" in str(field.label or "").lower()


def localize_field(field: forms.Field) -> forms.Field:
    """The core's counterpart of a plain Django number or date-time field, in place (its
    label, limits and validators kept): what Indonesians type is accepted."""
    if isinstance(field.widget, forms.HiddenInput):
        return field
    if type(field) is forms.DecimalField:
        field.__class__ = DecimalInputField
        field.localize = True
        field.widget = NumberInput(_plain_attrs(field.widget))
        field.widget.is_localized = True
        field.help_text = _join_help(field.help_text, DECIMAL_HELP)
    elif type(field) is forms.IntegerField:
        money = _is_money(field)
        field.__class__ = RupiahField if money else IntegerInputField
        field.widget = NumberInput(_plain_attrs(field.widget), inputmode="numeric")
        if money:
            field.help_text = _join_help(field.help_text, RUPIAH_HELP)
    elif type(field) is forms.DateTimeField:
        field.__class__ = ZonedDateTimeField
    return field


def _plain_attrs(widget: forms.Widget) -> dict:
    return {k: v for k, v in widget.attrs.items() if k not in ("min", "max", "step")}


def localize_fields(form: forms.BaseForm, zone: zones.Zone | None = None) -> None:
    """Every number and date-time field of ``form`` the core's way; date-times in ``zone``
    (the task force's). Forms call it in ``__init__`` after adding their own fields."""
    for field in form.fields.values():
        localize_field(field)
        if zone is not None and isinstance(field, ZonedDateTimeField):
            field.zone = zone


class LocalizedFormMetaclass(ModelFormMetaclass):
    """Swaps a model form's number and date-time fields for the core's when the class is
    built, so every subclass of ``TaskForceModelForm`` gets them without asking."""

    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        for field in getattr(new_class, "base_fields", {}).values():
            localize_field(field)
        return new_class


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The largest primary key the database can hold (a signed 64-bit integer).
MAX_PK = 2**63 - 1


def id_from_text(text) -> int | None:
    """The row id a query parameter or form value names, or None when it names none.

    ASCII digits only: ``str.isdigit()`` also accepts superscripts and circled digits,
    which ``int()`` refuses (a 500 found by ``tests/test_bad_input.py``)."""
    text = str(text).strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_PK else None


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


class TaskForceModelForm(VersionedFormMixin, forms.ModelForm, metaclass=LocalizedFormMetaclass):
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
        # Fields added in a subclass's __init__ after this line call localize_fields too.
        localize_fields(self, task_force.zone)
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


class FormRenderer(renderers.Jinja2):
    """Django's widget and form templates in their Jinja2 versions (the same HTML, about a
    quarter less CPU on a list page with a filter form than the template language's
    include per option); a template Django has only for its template language (the
    admin's widgets) from the renderer Django uses by default."""

    fallback = renderers.DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self.fallback.get_template(template_name)
