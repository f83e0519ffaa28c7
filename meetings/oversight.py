"""The meetings' oversight table (``gugustugas.oversight``): meetings held this year
against those the guideline requires by now (``cadence.held_against_required``) and the
cadence flags of the dashboard (``cadence.cadence_flags``). Only task forces formed by
decree are expected to meet."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gugustugas import oversight
from gugustugas.models import FormationStatus
from meetings.cadence import REQUIRED_RULE, cadence_flags, held_against_required
from meetings.models import Kind


def _broken(flag: bool, short: str, rule: str) -> dict:
    return {"broken": short, "rule": rule} if flag else {}


@oversight.register("meetings", gettext_lazy("Meetings"), order=30)
def meetings_table(user, parent, below, today) -> oversight.Table:
    flags = cadence_flags(below)
    counts = held_against_required(below, today.year)
    rules = {
        "overall": _("An overall coordination meeting is held at least every 4 months."),
        "subgt": _("Every sub-GT holds a coordination meeting every month."),
        "yearly": _("The level's coordination meeting is held once a year."),
    }
    table = oversight.Table(
        columns=[
            oversight.Column("last_overall", _("Last overall meeting"), "date"),
            oversight.Column("overall", _("Overall meetings held / required"), "text"),
            oversight.Column("subgt", _("Sub-GT meetings held / required"), "text"),
            oversight.Column("yearly", _("Yearly coordination meeting"), "text"),
            oversight.Column("missing", _("Meetings missing")),
        ],
        rules=[str(REQUIRED_RULE), *rules.values()],
    )
    for tf in below:
        formed = tf.formation_status == FormationStatus.FORMED
        cadence = flags[tf.pk]
        by_kind = {c.kind: c for c in counts[tf.pk]}
        missing = sum(max(0, c.required - c.held) for c in counts[tf.pk])

        overall = by_kind[Kind.OVERALL]
        subgt = by_kind[Kind.SUBGT]
        yearly = next((c for k, c in by_kind.items() if k not in (Kind.OVERALL, Kind.SUBGT)), None)
        table.cells[tf.pk] = {
            "last_overall": oversight.Cell(
                timezone.localdate(cadence.last_overall) if cadence.last_overall else None,
                **_broken(
                    formed and cadence.overall_overdue, _("none in 4 months"), rules["overall"]
                ),
            ),
            "overall": oversight.Cell(
                overall.held - overall.required, text=f"{overall.held} / {overall.required}"
            ),
            "subgt": oversight.Cell(
                subgt.held - subgt.required,
                text=f"{subgt.held} / {subgt.required}",
                **_broken(
                    formed and bool(cadence.subgts_without),
                    _("%(n)d sub-GTs without a monthly meeting")
                    % {"n": len(cadence.subgts_without)},
                    rules["subgt"],
                ),
            ),
            "yearly": oversight.Cell(
                yearly.held if yearly else None,
                text=(f"{yearly.held} / {yearly.required}" if yearly else "—"),
                **_broken(formed and cadence.yearly_missing, _("not held"), rules["yearly"]),
            ),
            "missing": oversight.Cell(missing if formed else None),
        }
    return table
