"""``get_FOO_display`` keeps Django's answers with the cached labels (gugustugas.apps)."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from budgets.models import BudgetLine
from gugustugas.models import SubTaskForce


def _displayed_fields():
    for model in apps.get_models(include_auto_created=True):
        for name, made in model.__dict__.items():
            display = name.startswith("get_") and name.endswith("_display")
            if display and isinstance(made, partialmethod):
                yield model, name, made


def test_every_display_method_made_by_django_is_replaced():
    found = list(_displayed_fields())
    assert len(found) > 50
    assert all(made.func.__name__ == "get_field_display" for _m, _n, made in found)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_label_is_the_one_django_gives_in_the_language_shown(language):
    with translation.override(language):
        for model, name, made in _displayed_fields():
            field = made.keywords["field"]
            instance = model.__new__(model)
            for value, _label in [*field.flatchoices, ("not-a-choice", None)]:
                instance.__dict__[field.attname] = value
                assert getattr(instance, name)() == Model._get_FIELD_display(instance, field)


def test_a_label_follows_the_language_of_the_moment():
    line = BudgetLine(status="proposed")
    with translation.override("en"):
        english = line.get_status_display()
    with translation.override("id"):
        assert line.get_status_display() != english


def test_a_subgt_is_named_by_its_kind_or_its_own_name():
    subgt = SubTaskForce(kind=SubTaskForce.Kind.LAW_ENFORCEMENT)
    with translation.override("en"):
        assert subgt.name == "Law enforcement" == subgt.get_kind_display()
    subgt.custom_name = "Pokja khusus"
    assert subgt.name == "Pokja khusus"
