import django_filters
from django.utils.translation import gettext_lazy as _

from budgets.models import BudgetLine, CostType, FundingSource, LineStatus
from members.models import Agency


class BudgetLineFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), label=_("Agency"))
    funding_source = django_filters.ChoiceFilter(
        choices=FundingSource.choices, label=_("Funding source")
    )
    cost_type = django_filters.ChoiceFilter(choices=CostType.choices, label=_("Cost type"))
    status = django_filters.ChoiceFilter(choices=LineStatus.choices, label=_("Status"))
    gender_responsive = django_filters.BooleanFilter(label=_("Gender-responsive"))

    class Meta:
        model = BudgetLine
        fields = ["agency", "funding_source", "cost_type", "status", "gender_responsive"]

    def __init__(self, *args, task_force, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["agency"].queryset = task_force.agencies.all()
