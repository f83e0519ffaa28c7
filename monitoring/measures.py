"""What a quarterly submission counts: the measures, their breakdowns and the cell codes.

Every figure of a submission is one cell named by a code such as
``identified.total``, ``identified.sex_age.female_child`` or
``assisted.destination.MY``. The catalogue below is the one list of codes: the form,
the sum checks, the aggregate, the suppression and every export read it.

A measure with a total has breakdowns that must each sum to it (``Equation``); the
destination countries sum to the measure's ``abroad`` cell. A measure without a total
(assistance by type, the prosecution funnel, prevention) is a list of separate counts.
No cell can hold anything but a whole number or "not known": there is no field for a
name, a case number or a date of birth.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Breakdown:
    name: str
    label: object
    keys: tuple[tuple[str, object], ...]
    sums_to: str = "total"  # the key (within the measure) this breakdown adds up to


@dataclass(frozen=True)
class Measure:
    name: str
    label: object
    has_total: bool
    breakdowns: tuple[Breakdown, ...] = ()
    items: tuple[tuple[str, object], ...] = ()  # a measure without total: its counts
    # Counts about people are protected by suppression; counts of events that reveal
    # nobody (trainings held, leaflets printed) are published as they are.
    personal: bool = True
    unprotected_items: frozenset[str] = frozenset()

    def code(self, *parts: str) -> str:
        return ".".join((self.name, *parts))


@dataclass(frozen=True)
class Equation:
    """``total`` = the sum of ``parts``: a published breakdown and what it adds up to."""

    total: str
    parts: tuple[str, ...]
    label: object = ""


SEX_AGE = (
    ("female_child", _("Girls (under 18)")),
    ("female_adult", _("Women (18 and over)")),
    ("male_child", _("Boys (under 18)")),
    ("male_adult", _("Men (18 and over)")),
)
EXPLOITATION = (
    ("sexual", _("Sexual exploitation")),
    ("forced_labour", _("Forced labour")),
    ("domestic_servitude", _("Domestic servitude")),
    ("organ_removal", _("Organ removal")),
    ("other", _("Other exploitation")),
)
PLACE = (("domestic", _("In Indonesia")), ("abroad", _("Abroad")))
# The fixed list of destination countries (ISO 3166-1 alpha-2), the usual destinations
# of Indonesian migrant workers, then "another country" and "country not known".
DESTINATIONS = (
    ("MY", _("Malaysia")),
    ("SG", _("Singapore")),
    ("BN", _("Brunei Darussalam")),
    ("SA", _("Saudi Arabia")),
    ("AE", _("United Arab Emirates")),
    ("QA", _("Qatar")),
    ("HK", _("Hong Kong")),
    ("TW", _("Taiwan")),
    ("KR", _("South Korea")),
    ("JP", _("Japan")),
    ("KH", _("Cambodia")),
    ("MM", _("Myanmar")),
    ("OTHER", _("Another country")),
    ("UNKNOWN", _("Country not known")),
)


def _victims(name: str, label) -> Measure:
    return Measure(
        name,
        label,
        has_total=True,
        breakdowns=(
            Breakdown("sex_age", _("by sex and age"), SEX_AGE),
            Breakdown("exploitation", _("by form of exploitation"), EXPLOITATION),
            Breakdown("place", _("by place of exploitation"), PLACE),
            Breakdown(
                "destination", _("abroad, by destination country"), DESTINATIONS, "place.abroad"
            ),
        ),
    )


MEASURES: tuple[Measure, ...] = (
    _victims("identified", _("Victims identified")),
    _victims("assisted", _("Victims assisted")),
    Measure(
        "assistance",
        _("Assistance given, by type"),
        has_total=False,
        items=(
            ("health", _("Health rehabilitation")),
            ("social", _("Social rehabilitation")),
            ("legal_aid", _("Legal aid")),
            ("repatriation", _("Repatriation")),
            ("reintegration", _("Reintegration")),
        ),
    ),
    Measure(
        "prosecution",
        _("Prosecution"),
        has_total=False,
        items=(
            ("reported", _("Cases reported")),
            ("investigated", _("Cases investigated")),
            ("prosecuted", _("Cases sent to prosecution")),
            ("verdicts", _("Verdicts")),
            ("suspects", _("Suspects")),
        ),
    ),
    Measure(
        "prevention",
        _("Prevention"),
        has_total=False,
        items=(
            ("trainings", _("Trainings held")),
            ("trained", _("People trained")),
            ("tested", _("Trainees tested before and after")),
            ("knowledge_rose", _("Trainees whose knowledge rose")),
            ("materials", _("Information materials distributed")),
        ),
        unprotected_items=frozenset({"trainings", "materials"}),
    ),
)
BY_NAME = {m.name: m for m in MEASURES}


@cache
def all_codes() -> tuple[str, ...]:
    """Every cell code, in the order the form and the exports show them."""
    codes: list[str] = []
    for measure in MEASURES:
        if measure.has_total:
            codes.append(measure.code("total"))
            for breakdown in measure.breakdowns:
                codes += [measure.code(breakdown.name, key) for key, _label in breakdown.keys]
        else:
            codes += [measure.code(key) for key, _label in measure.items]
    return tuple(codes)


@cache
def equations() -> tuple[Equation, ...]:
    """Every "breakdown sums to its total" rule, for the sum check and the suppression."""
    result = []
    for measure in MEASURES:
        for breakdown in measure.breakdowns:
            total = measure.code(*breakdown.sums_to.split("."))
            parts = tuple(measure.code(breakdown.name, key) for key, _label in breakdown.keys)
            result.append(Equation(total, parts, breakdown.label))
    return tuple(result)


@cache
def protected_codes() -> frozenset[str]:
    """Cells counting people: 1-4 of them are never published."""
    return frozenset(
        code
        for code in all_codes()
        if BY_NAME[code.split(".")[0]].personal
        and code.split(".")[-1] not in BY_NAME[code.split(".")[0]].unprotected_items
    )


def label_of(code: str) -> str:
    """A readable name of a cell: "Victims identified · by sex and age · Girls (under 18)"."""
    parts = code.split(".")
    measure = BY_NAME[parts[0]]
    if len(parts) == 2:
        if parts[1] == "total":
            return f"{measure.label} · {_('total')}"
        return f"{measure.label} · {dict(measure.items)[parts[1]]}"
    breakdown = next(b for b in measure.breakdowns if b.name == parts[1])
    return f"{measure.label} · {breakdown.label} · {dict(breakdown.keys)[parts[2]]}"


@dataclass(frozen=True)
class Problem:
    """A breakdown that does not add up (or a cell not entered), for the form to show."""

    codes: tuple[str, ...]
    message: str


def check(values: dict[str, int | None]) -> list[Problem]:
    """What keeps these figures from being submitted: cells not entered, and breakdowns
    that do not add up to their total. ``values`` maps a code to a count, or to None for
    "not known"; a code that is absent was not entered.

    With a part "not known", the known parts may not exceed the total; with every part
    known, they must add up to it exactly. A total that is not known constrains nothing.
    """
    problems: list[Problem] = []
    missing = tuple(code for code in all_codes() if code not in values)
    if missing:
        problems.append(
            Problem(
                missing,
                _("%(count)d cells are empty: enter a number, 0, or “?” for not known.")
                % {"count": len(missing)},
            )
        )
    for equation in equations():
        total = values.get(equation.total)
        if total is None:
            continue
        parts = [values.get(code) for code in equation.parts if code in values]
        known = sum(v for v in parts if v is not None)
        has_unknown = len(parts) < len(equation.parts) or None in parts
        where = label_of(equation.total)
        measure = BY_NAME[equation.total.split(".")[0]].label
        context = {
            "measure": measure,
            "breakdown": equation.label,
            "sum": known,
            "where": where,
            "total": total,
        }
        if has_unknown and known > total:
            message = _(
                "%(measure)s %(breakdown)s: the known parts add up to %(sum)d, more than "
                "%(where)s (%(total)d)."
            )
        elif not has_unknown and known != total:
            message = _("%(measure)s %(breakdown)s adds up to %(sum)d, but %(where)s is %(total)d.")
        else:
            continue
        problems.append(Problem(equation.parts, message % context))
    return problems
