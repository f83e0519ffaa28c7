"""Forms of the quarterly statistics: starting a quarter and entering its figures.

A figure is typed as Indonesians type numbers (``1.250`` is one thousand two hundred
and fifty), ``0`` for none, or ``?`` for "not known"; an empty cell is "not entered"
(a draft may have them, a submission may not). Nothing else is accepted."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gugustugas.concurrency import FORM_FIELD, conflict_row, version_field
from gugustugas.models import QUARTER_CHOICES
from monitoring import measures
from monitoring.models.statistics import FIRST_YEAR
from monitoring.validators import no_personal_data

NOT_KNOWN_WORDS = {"?", "tt", "td", "tidak diketahui", "tidak tahu", "not known", "unknown"}
# Whole numbers with optional dot (or space) thousands separators: 7, 1250, 1.250, 12 500.
NUMBER = re.compile(r"^\d{1,3}(?:[. ]\d{3})+$|^\d+$")
MAX_COUNT = 10_000_000
COUNT_ATTRS = {"inputmode": "numeric", "class": "form-control form-control-sm count"}


def parse_count(raw: str, label: str) -> int | None | str:
    """A typed figure -> a count, None (not known) or "" (not entered)."""
    text = " ".join((raw or "").split()).strip().lower()
    if text == "":
        return ""
    if text in NOT_KNOWN_WORDS:
        return None
    if text.startswith("-") and text[1:].strip():
        raise forms.ValidationError(
            _("%(field)s: a count cannot be negative.") % {"field": label}, code="negative"
        )
    if not NUMBER.match(text):
        raise forms.ValidationError(
            _(
                "%(field)s: “%(value)s” is not a whole number. Type a count such as 12 or "
                "1.250, 0 for none, or ? for not known."
            )
            % {"field": label, "value": raw.strip()[:20]},
            code="invalid",
        )
    value = int(text.replace(".", "").replace(" ", ""))
    if value > MAX_COUNT:
        raise forms.ValidationError(
            _("%(field)s: %(value)s is beyond any plausible count.")
            % {"field": label, "value": raw.strip()[:20]},
            code="too_large",
        )
    return value


class CountField(forms.CharField):
    def __init__(self, *, code: str, **kwargs):
        self.code = code
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs=COUNT_ATTRS),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_count(super().clean(value), str(measures.label_of(self.code)))


def _cell(value: int | None | str) -> str:
    return "" if value == "" else _show(value)


def _show(value: int | None) -> str:
    if value is None:
        return "?"
    return f"{value:,}".replace(",", ".")


class FiguresForm(forms.Form):
    """Every cell of the catalogue, and the note."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        validators=[no_personal_data],
        help_text=_(
            "About the figures only (sources, gaps). Never a name, an identity or phone "
            "number, or anything else about a person."
        ),
    )

    def __init__(self, *args, submission, **kwargs):
        values = submission.values()
        initial = {code: _show(v) for code, v in values.items()}
        initial["note"] = submission.note
        super().__init__(*args, initial=initial, **kwargs)
        self.submission = submission
        for code in measures.all_codes():
            self.fields[code] = CountField(code=code, label=measures.label_of(code))
        # The version the figures were opened with (gugustugas.concurrency).
        self.fields[FORM_FIELD] = version_field(submission.version)

    def figures(self) -> dict[str, int | None | str]:
        return {code: self.cleaned_data[code] for code in measures.all_codes()}

    def conflicts(self, current) -> list[dict]:
        """The cells and the note where the saved submission (``current``) differs from
        what the user sent, for the conflict table."""
        saved = current.values()
        rows = []
        for code, mine in self.figures().items():
            theirs = saved.get(code, "")
            if theirs != mine:
                rows.append(conflict_row(self.fields[code].label, _cell(theirs), _cell(mine)))
        note = self.cleaned_data["note"]
        if current.note != note:
            rows.append(conflict_row(self.fields["note"].label, current.note, note))
        return rows

    def problem_codes(self, problems) -> set[str]:
        return {code for p in problems for code in p.codes}

    def layout(self):
        """The bound fields grouped as the page shows them: per measure, the total and
        each breakdown as one row of cells."""
        blocks = []
        for measure in measures.MEASURES:
            if measure.has_total:
                rows = [
                    (
                        breakdown.label,
                        self[measure.code(*breakdown.sums_to.split("."))],
                        [
                            (label, self[measure.code(breakdown.name, key)])
                            for key, label in breakdown.keys
                        ],
                    )
                    for breakdown in measure.breakdowns
                ]
                blocks.append((measure.label, self[measure.code("total")], rows))
            else:
                items = [(label, self[measure.code(key)]) for key, label in measure.items]
                blocks.append((measure.label, None, [("", None, items)]))
        return blocks


def _year_choices():
    this_year = timezone.localdate().year
    return [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class StartQuarterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=QUARTER_CHOICES)
