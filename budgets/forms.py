from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from actionplans.models import Activity
from budgets.models import (
    MAX_RUPIAH,
    Advocacy,
    BudgetLine,
    Milestone,
    Realisation,
    compute_total,
)
from gugustugas.forms import DecimalInputField, RupiahField, TaskForceModelForm
from members.models import Agency


class BudgetLineForm(TaskForceModelForm):
    """A unit-costed line. The total is computed, never typed."""

    class Meta:
        model = BudgetLine
        fields = [
            "agency",
            "fiscal_year",
            "activity",
            "item",
            "unit",
            "quantity",
            "unit_cost",
            "funding_source",
            "cost_type",
            "gender_responsive",
            "gender_analysis",
            "justification",
            "notes",
        ]
        widgets = {
            "gender_analysis": forms.Textarea(attrs={"rows": 3}),
            "justification": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        tf = self.task_force
        # Activities of the task force's own plans that are not superseded.
        self.fields["activity"].queryset = (
            Activity.objects.of_plans_in_use()
            .filter(section__plan__task_force=tf)
            .select_related("section__plan")
            .order_by("section__plan__start_year", "section__order", "code")
        )
        self.fields["activity"].label_from_instance = lambda a: (
            f"{a.section.plan.start_year}–{a.section.plan.end_year} · {a}"
        )
        if agencies is not None:
            # An agency member proposes lines for its own agency only.
            self.fields["agency"].queryset = Agency.objects.filter(task_force=tf, pk__in=agencies)

    def clean_unit_cost(self):
        value = self.cleaned_data["unit_cost"]
        if value is not None and value > MAX_RUPIAH:
            raise forms.ValidationError(_("The amount is beyond what a budget line can hold."))
        return value

    def clean(self):
        cleaned = super().clean()
        activity, year = cleaned.get("activity"), cleaned.get("fiscal_year")
        if activity and year:
            plan = activity.section.plan
            if not plan.start_year <= year <= plan.end_year:
                self.add_error(
                    "fiscal_year",
                    _("The activity's plan runs %(start)s–%(end)s; choose a year in that period.")
                    % {"start": plan.start_year, "end": plan.end_year},
                )
        quantity, unit_cost = cleaned.get("quantity"), cleaned.get("unit_cost")
        if quantity and unit_cost and quantity * unit_cost > MAX_RUPIAH:
            self.add_error("quantity", _("Quantity × unit cost is beyond what a line can hold."))
        if quantity and unit_cost and compute_total(quantity, unit_cost) < 1:
            self.add_error("quantity", _("Quantity × unit cost is less than one rupiah."))
        if cleaned.get("gender_responsive") and not cleaned.get("gender_analysis"):
            self.add_error(
                "gender_analysis", _("A gender-responsive line needs a short gender analysis.")
            )
        return cleaned


class RealisationForm(TaskForceModelForm):
    class Meta:
        model = Realisation
        fields = ["quarter", "amount", "note"]

    def __init__(self, *args, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.line = line

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("line")  # so "one realisation per quarter" is a form error
        return exclusions


class ForecastForm(forms.Form):
    baseline = DecimalInputField(
        label=_("Last year's count"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        help_text=_("e.g. 120 victims assisted last year"),
    )
    change_percent = DecimalInputField(
        label=_("Expected change (%)"),
        min_value=-100,
        max_value=1000,
        max_digits=6,
        decimal_places=2,
        help_text=_("e.g. 30 when identification is expected to rise by 30 %"),
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, initial="orang")
    unit_cost = RupiahField(label=_("Unit cost (Rp)"), min_value=1, max_value=MAX_RUPIAH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"


class MilestoneDoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["done_on"]


class AdvocacyForm(TaskForceModelForm):
    class Meta:
        model = Advocacy
        fields = ["milestone", "date", "counterpart", "participants", "outcome"]
        widgets = {
            "participants": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
