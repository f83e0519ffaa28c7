"""The task-force checklist of the 2019 guideline as data: five stages and their items.

An item's code is stored with each answer, so it must never change; its wording may.
A new item gets a new code (older assessments then count it as "not yet").

The score of a stage is ``SCORE_RULE``: done counts 1, partly 0.5, not yet 0, divided
by the number of items in the stage (an item left unanswered counts as not yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Answer(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly")
    NOT_YET = "not_yet", _("Not yet")


# What each answer counts towards the score of its stage.
ANSWER_WEIGHT = {Answer.DONE: Decimal(1), Answer.PARTLY: Decimal("0.5"), Answer.NOT_YET: Decimal(0)}

SCORE_RULE = _(
    "A stage's score is the share of its items that are done: an item done counts 1, "
    "partly done 0.5 and not yet 0, divided by the number of items in the stage."
)


@dataclass(frozen=True)
class Item:
    code: str
    label: str


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    items: tuple[Item, ...]


def _stage(code, label, *items) -> Stage:
    return Stage(code, label, tuple(Item(c, t) for c, t in items))


STAGES: tuple[Stage, ...] = (
    _stage(
        "formation",
        _("Formation"),
        ("f_agencies", _("Relevant government agencies are informed about forming the task force")),
        ("f_ngos", _("NGOs and other non-government stakeholders are informed and committed")),
        ("f_consult", _("Consultation meetings with the future members are held")),
        ("f_subgts", _("The sub-GTs are formed")),
        ("f_heads", _("The sub-GT heads are briefed on their responsibilities")),
        ("f_issues", _("Key questions about the task force are discussed and agreed")),
        ("f_lead", _("A lead agency is named and ready to coordinate the task force")),
        ("f_support", _("The governor's, regent's or mayor's support is obtained")),
        ("f_reg_draft", _("The regulation forming the task force is drafted")),
        ("f_reg_enacted", _("The regulation forming the task force is enacted")),
    ),
    _stage(
        "planning",
        _("Planning"),
        ("p_flow", _("Communication and coordination flows in the task force are clear")),
        ("p_protocol", _("The task force has an operational protocol (optional)")),
        ("p_groups", _("Working-group meetings are held to develop the RAD")),
        ("p_heads", _("The sub-GT heads lead the development of their RAD sections")),
        ("p_smart", _("The RAD is SMART")),
        ("p_review", _("The RAD is submitted to the legal bureau for review")),
        ("p_comments", _("The review comments are worked into the RAD")),
        ("p_enacted", _("The RAD is enacted by the head of the region")),
        ("p_decree", _("The decree enacting the RAD is issued")),
        ("p_renstra", _("Member agencies have their RAD parts in their Renstra and Renja")),
        ("p_budgets", _("Each member agency budgets its RAD activities every year")),
        ("p_gender", _("The budgets are gender-responsive")),
        ("p_priorities", _("Each agency's budget is tied to its main aims and priorities")),
        ("p_planning_docs", _("The RAD is part of the medium-term and annual planning documents")),
        ("p_advocacy", _("The task force advocates with parliament (DPR/DPRD) for a budget")),
    ),
    _stage(
        "operation",
        _("Operation"),
        (
            "o_induction",
            _("An induction pack on trafficking and the task force is ready for new members"),
        ),
        ("o_partners", _("Community partners are identified and contacted")),
        ("o_meetings", _("The task force and its sub-GTs meet regularly")),
        ("o_action_points", _("Meetings are productive and end with action points")),
        ("o_referral", _("A clear referral and assistance protocol is followed by all members")),
        ("o_3p", _("Members take part in prevention, protection and prosecution")),
        ("o_training", _("Members are trained and follow the protection and referral principles")),
        ("o_communicate", _("Members communicate and coordinate with one another")),
    ),
    _stage(
        "monitoring",
        _("Monitoring and evaluation"),
        ("m_in_rad", _("Monitoring and evaluation activities are part of the RAD")),
        ("m_forms", _("Monitoring and evaluation forms are developed")),
        ("m_data_forms", _("Data collection forms are available")),
        ("m_understood", _("Members understand the monitoring and evaluation requirements")),
        ("m_reports", _("Monitoring and evaluation reports are written regularly")),
        ("m_used", _("Findings are used to improve the task force's work")),
    ),
    _stage(
        "reporting",
        _("Reporting"),
        ("r_clear", _("The reporting requirements are clear to the members")),
        ("r_regular", _("Reports are written regularly")),
        ("r_content", _("Reports have a narrative and progress on the RAD indicators")),
        ("r_public", _("Reports are accessible to the public")),
    ),
)

STAGE_BY_CODE = {stage.code: stage for stage in STAGES}
ITEM_STAGE = {item.code: stage.code for stage in STAGES for item in stage.items}
ITEMS = {item.code: item for stage in STAGES for item in stage.items}
STAGE_CHOICES = [(stage.code, stage.label) for stage in STAGES]


def stage_score(points: Decimal, stage: Stage) -> Decimal:
    """Percent 0-100 of the stage, one decimal rounded half up, from the summed weights of
    its answers."""
    return (Decimal(points) * 100 / len(stage.items)).quantize(Decimal("0.1"), ROUND_HALF_UP)
