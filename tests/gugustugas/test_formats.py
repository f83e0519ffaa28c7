"""Figures one way everywhere (issue 13, item 4): numbers typed as Indonesians type them
in every numeric field of every form, quarter names in both languages, stored values
printed without True/False, raw rupiah or Python dicts, empty choices in the user's
language."""

import datetime
import importlib
import inspect
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from budgets.models import BudgetLine
from gugustugas import figures
from gugustugas.forms import (
    DecimalInputField,
    IntegerInputField,
    RupiahField,
    ZonedDateTimeField,
)

APPS = ["gugustugas", "members", "actionplans", "budgets", "meetings", "monitoring", "reports"]


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in a ``forms*.py`` module of the project's apps."""
    found = []
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("forms"):
                continue
            module = importlib.import_module(f"{app}.{info.name}")
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    found.append(cls)
    return found


def numeric_fields():
    for form in project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
                yield f"{form.__module__}.{form.__name__}.{name}", field


NUMERIC = dict(numeric_fields())


def test_the_project_has_numeric_fields_to_check():
    assert len(NUMERIC) >= 8, sorted(NUMERIC)


@pytest.mark.parametrize("name", sorted(NUMERIC))
def test_every_numeric_field_is_the_cores_and_takes_what_indonesians_type(name):
    field = NUMERIC[name]
    assert isinstance(field, (DecimalInputField, IntegerInputField)), (
        f"{name} is a plain {type(field).__name__}: use gugustugas.forms' fields"
    )
    # A text box with a number keypad: a type=number box turns "12,5" into 125.
    html = field.widget.render("x", None)
    assert 'type="text"' in html and "inputmode=" in html, html
    if isinstance(field, DecimalInputField):
        assert field.to_python("60,5") == Decimal("60.5")
        assert field.to_python("60.5") == Decimal("60.5")
        assert field.to_python("1.250,75") == Decimal("1250.75")
        assert "60,5" in str(field.help_text)
    else:
        assert field.to_python("1.250") == 1250
        assert field.to_python("12") == 12
        with pytest.raises(forms.ValidationError):
            field.to_python("12,5")  # a whole number
    with pytest.raises(forms.ValidationError):
        field.to_python("dua belas")


def test_no_form_keeps_a_plain_date_time_field():
    for form in project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateTimeField):
                assert isinstance(field, ZonedDateTimeField), f"{form.__name__}.{name}"


def test_money_takes_thousands_dots_and_rp_and_is_shown_with_them():
    field = RupiahField(min_value=1)
    assert field.clean("1.250.000") == 1_250_000
    assert field.clean("Rp 1.250.000") == 1_250_000
    assert field.clean("1250000") == 1_250_000
    assert field.prepare_value(1_250_000) == "1.250.000"
    assert "1.250.000" in str(field.help_text)


def test_the_budget_lines_unit_cost_is_money_and_quantity_a_decimal():
    from budgets.forms import BudgetLineForm

    assert isinstance(BudgetLineForm.base_fields["unit_cost"], RupiahField)
    assert isinstance(BudgetLineForm.base_fields["quantity"], DecimalInputField)
    with translation.override("id"):
        html = BudgetLineForm.base_fields["quantity"].widget.render("q", Decimal("12.5"))
    assert 'value="12,5"' in html


@pytest.mark.django_db
def test_fields_added_when_a_form_opens_take_a_decimal_comma_too(tree):
    from actionplans.forms import ActivityForm
    from tests.actionplans.builders import head_section, make_plan

    plan = make_plan(tree["province"], start_year=2025, activities=0)
    form = ActivityForm(task_force=tree["province"], section=head_section(plan))
    target = form.fields["target_2026"]
    assert isinstance(target, DecimalInputField)
    assert target.clean("60,5") == Decimal("60.5")


@pytest.mark.parametrize(
    ("language", "labels"),
    [("id", ["TW I", "TW II", "TW III", "TW IV"]), ("en", ["Q1", "Q2", "Q3", "Q4"])],
)
def test_quarter_names_in_both_languages(language, labels):
    with translation.override(language):
        assert [figures.quarter_label(q) for q in (1, 2, 3, 4)] == labels


def test_the_progress_upload_period_names_quarters_the_same_way():
    from actionplans.forms import PeriodForm

    class Plan:
        years = [2026]
        start_year = end_year = 2026

    with translation.override("id"):
        form = PeriodForm(plan=Plan())
        assert [str(label) for _q, label in form.fields["quarter"].choices] == [
            "TW I",
            "TW II",
            "TW III",
            "TW IV",
        ]


@pytest.mark.parametrize(
    ("value", "indonesian", "english"),
    [
        (Decimal("60.50"), "60,5", "60.5"),
        (Decimal("1.2E+2"), "120", "120"),
        (Decimal("1250"), "1.250", "1,250"),
        (None, "—", "—"),
    ],
)
def test_numbers_are_printed_in_the_users_language(value, indonesian, english):
    with translation.override("id"):
        assert figures.number_format(value) == indonesian
    with translation.override("en"):
        assert figures.number_format(value) == english


def test_stored_values_are_printed_as_people_read_them():
    unit_cost = BudgetLine._meta.get_field("unit_cost")
    with translation.override("id"):
        assert figures.display(True) == "ya"
        assert figures.display(False) == "tidak"
        assert figures.display(45_000_000, unit_cost) == "Rp 45.000.000"
        assert figures.display({2026: Decimal("10"), 2025: Decimal("7.5")}) == "2025: 7,5; 2026: 10"
        assert figures.display(datetime.date(2026, 11, 27)) == "27 November 2026"
        assert figures.display(Decimal("1.2E+2")) == "120"


@pytest.mark.django_db
def test_the_empty_choice_is_in_the_users_language(tree):
    from meetings.forms import MeetingForm

    with translation.override("id"):
        form = MeetingForm(task_force=tree["province"], user=None)
        html = str(form["sub_task_force"])
        assert "— Pilih —" in html
        assert "---------" not in html and "Select an option" not in html
    with translation.override("en"):
        assert "— Choose —" in str(MeetingForm(task_force=tree["province"], user=None)["chair"])


@pytest.mark.django_db
def test_a_list_filters_empty_choice_says_all(tree, users):
    from gugustugas.filters import TaskForceFilter

    with translation.override("id"):
        html = str(TaskForceFilter(data={}, user=users["national_secretariat"]).form["level"])
    assert "Semua" in html and "---------" not in html


def test_percentages_print_one_decimal_in_the_users_language():
    from gugustugas.templatetags.gt import percent

    with translation.override("id"):
        assert percent(Decimal("45")) == "45,0 %"
        assert percent(Decimal("12.25")) == "12,3 %"  # half up, as everywhere
        assert percent(None) == "—"
    with translation.override("en"):
        assert percent(Decimal("45")) == "45.0 %"


def test_a_spreadsheet_cell_never_says_true_or_false():
    from openpyxl import Workbook

    from gugustugas.xlsx.writing import put

    sheet = Workbook().active
    with translation.override("id"):
        assert put(sheet, 1, 1, True).value == "ya"
        assert put(sheet, 1, 2, False).value == "tidak"


def test_charts_print_their_figures_in_the_users_language():
    from actionplans.charts import progress_bars
    from gugustugas.charts import number

    with translation.override("id"):
        assert number(Decimal("62.46")) == "62,5"
        assert number(Decimal("1250")) == "1.250"
        assert ">62,5 %<" in progress_bars([("Pencegahan", Decimal("62.5"))])
    with translation.override("en"):
        assert number(Decimal("62.46")) == "62.5"
        assert number(Decimal("40.0")) == "40"
