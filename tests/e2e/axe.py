"""The accessibility audit: axe-core (shipped by ``axe-playwright-python``) run in the page.

axe is evaluated into the page through Playwright (the DevTools protocol), which the
page's Content-Security-Policy does not govern: the policy in ``gugustugas/settings.py``
stays as strict as users get it. Only the WCAG 2.0/2.1 level A and AA rules run.

``audit(page, where)`` returns the violations of one page state; ``FINDINGS`` collects
every violation of the session, whatever its impact, for the summary that
``tests/conftest.py`` prints at the end of the run (rule, impact, pages, elements); under
pytest-xdist each worker hands its findings to the controller (``export_findings``,
``merge_findings``), which prints them.
Serious and critical violations fail the test that found them, and so do the few
structure rules of ``STRUCTURE_RULES``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from axe_playwright_python.base import AXE_SCRIPT

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = frozenset({"serious", "critical"})
# axe's "best practice" rules for what the issue asks beyond its WCAG tags: headings in
# order, one main landmark, a skip link that leads somewhere. axe rates them moderate;
# here they fail like serious ones.
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "landmark-one-main", "skip-link"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_AA_TAGS},
    "rules": {rule: {"enabled": True} for rule in STRUCTURE_RULES},
    "resultTypes": ["violations"],
}
# Desktop and phone widths of the audit (CSS pixels).
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

_RUN = """async ([options, contrastSelector]) => {
  if (typeof window.axe === "undefined") { throw new Error("axe-core was not injected"); }
  window.axe.configure({ rules: [{ id: "color-contrast", selector: contrastSelector }] });
  const results = await window.axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({impact: n.impact, target: n.target.join(" "),
                                 html: n.html.slice(0, 200), summary: n.failureSummary})),
  }));
}"""


# A check of our own (WCAG 1.4.1, use of colour): a badge's colour is never its only
# message.
BADGE_RULE = "badge-has-text"
_BADGES_WITHOUT_TEXT = """() => [...document.querySelectorAll(".badge")]
  .filter((b) => !b.textContent.trim() && !b.getAttribute("aria-label"))
  .map((b) => b.outerHTML.slice(0, 200))"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    target: str  # a CSS selector of the element
    html: str
    summary: str
    where: str  # page, language and width

    @property
    def fails(self) -> bool:
        return self.impact in FAILING_IMPACTS or self.rule in STRUCTURE_RULES

    def __str__(self) -> str:
        summary = " ".join(self.summary.split())
        return (
            f"[{self.impact}] {self.rule} ({self.help}) on {self.where}\n"
            f"    element: {self.target}\n    html: {self.html}\n    {summary}"
        )


# Every violation seen in this session: rule -> impact, set of pages, count of elements.
FINDINGS: dict[str, dict] = defaultdict(lambda: {"impact": "", "pages": set(), "elements": 0})


# Colour contrast is by far axe's slowest rule (nine tenths of its time on a long table).
# Colours come from the same style sheet at every width, so at phone width it runs only on
# what the desktop layout hid (the folded menus' buttons, phone-only links): marked here
# before the window narrows.
CONTRAST = "color-contrast"
HIDDEN_WIDE = "data-axe-hidden-wide"
_MARK_HIDDEN = f"""() => {{
  document.querySelectorAll("[{HIDDEN_WIDE}]").forEach((e) => e.removeAttribute("{HIDDEN_WIDE}"));
  for (const e of document.body.querySelectorAll("*")) {{
    if (!e.getClientRects().length) e.setAttribute("{HIDDEN_WIDE}", "");
  }}
}}"""


# At desktop width colour contrast runs on one element per look: a table of 38 provinces
# repeats the same few. Two elements with text look alike when their text has the same
# colour, size, weight, shadow and stroke, lies on the same backgrounds (colour, image,
# opacity, filter, blend mode of every ancestor) and is alike visible (on screen, inside
# the window's width, clipped or not, letters or only signs); any element positioned out
# of the flow (absolute, fixed, sticky, transformed), or inside one, stands for itself.
# Marked before the run, and the rule's selector (``*``) narrowed to them for that run:
# each failing look is still found, once (the desktop audit of 74 demo pages alone on
# PostgreSQL: 17.0 s -> 12.4 s).
LOOKS = "data-axe-look"
_MARK_LOOKS = f"""() => {{
  document.querySelectorAll("[{LOOKS}]").forEach((e) => e.removeAttribute("{LOOKS}"));
  const behind = new Map(), seen = new Set();
  for (const e of document.body.querySelectorAll("*")) {{
    const s = getComputedStyle(e);
    const parent = behind.get(e.parentElement) ?? {{ back: "", moved: false }};
    const moved = parent.moved || !["static", "relative"].includes(s.position)
      || s.transform !== "none";
    const back = [parent.back, s.backgroundColor, s.backgroundImage, s.opacity, s.filter,
      s.mixBlendMode].join(";");
    behind.set(e, {{ back, moved }});
    const text = [...e.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.data).join("").trim();
    if (!text) continue;
    const r = e.getBoundingClientRect();
    const look = [back, s.color, s.fontSize, s.fontWeight, s.textShadow,
      s.webkitTextStrokeWidth, s.webkitTextStrokeColor, s.clip, s.clipPath, s.visibility,
      r.width <= 1 || r.height <= 1, r.left < 0 || r.right > innerWidth,
      /[\\p{{L}}\\p{{N}}]/u.test(text)].join("#");
    if (moved || !seen.has(look)) {{
      seen.add(look);
      e.setAttribute("{LOOKS}", "");
    }}
  }}
}}"""


def audit_widths(
    page, where: str, skip: tuple[str, ...] = (), phone_layout: bool = True
) -> list[Violation]:
    """The page at desktop width (every rule but ``skip``; colour contrast on one element
    per look, ``LOOKS``), then at phone width (every rule but ``skip``; colour contrast
    only on what the desktop layout hid, in the same run); the window is wide again at the
    end. ``where`` names page and language.

    ``phone_layout=False``: desktop width only, for the pages again in another language.
    The phone layout is the same markup and style in either, audited in the first; the
    words differ, and an axe run costs about the same however few elements it checks."""
    if CONTRAST not in skip:
        page.evaluate(_MARK_LOOKS)
    found = audit(page, f"{where}, desktop]", skip, contrast_selector=f"[{LOOKS}]")
    if not phone_layout:
        return found
    page.evaluate(_MARK_HIDDEN)
    page.set_viewport_size(PHONE)
    try:
        found += audit(page, f"{where}, phone]", skip, contrast_selector=f"[{HIDDEN_WIDE}]")
    finally:
        page.set_viewport_size(DESKTOP)
    return found


def audit(
    page, where: str, skip: tuple[str, ...] = (), contrast_selector: str = "*"
) -> list[Violation]:
    """Run axe-core on the page as it is now; return its violations (every impact).

    ``skip`` names rules not to run this time; ``contrast_selector`` the elements colour
    contrast checks (axe's ``*``: every one)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = AXE_OPTIONS
    if skip:
        options = {**options, "rules": options["rules"] | {r: {"enabled": False} for r in skip}}
    found = []
    for rule in page.evaluate(_RUN, [options, contrast_selector]):
        for node in rule["nodes"]:
            found.append(
                Violation(
                    rule=rule["id"],
                    impact=node["impact"] or rule["impact"] or "",
                    help=rule["help"],
                    target=node["target"],
                    html=node["html"],
                    summary=node["summary"] or "",
                    where=where,
                )
            )
    for badge in page.evaluate(_BADGES_WITHOUT_TEXT):
        found.append(
            Violation(
                rule=BADGE_RULE,
                impact="serious",
                help="A status badge says its status in words, not by colour alone",
                target=".badge",
                html=badge,
                summary="Give the badge a text (or an aria-label).",
                where=where,
            )
        )
    for violation in found:
        entry = FINDINGS[violation.rule]
        entry["impact"] = max(entry["impact"], violation.impact, key=_rank)
        entry["pages"].add(violation.where)
        entry["elements"] += 1
    return found


def _rank(impact: str) -> int:
    return ["", "minor", "moderate", "serious", "critical"].index(impact)


def failures_report(violations: list[Violation]) -> str:
    """The serious and critical violations, one entry per rule and element, with its pages."""
    failing: dict[tuple, list[Violation]] = defaultdict(list)
    for v in violations:
        if v.fails:
            failing[(v.rule, v.target, v.html)].append(v)
    entries = []
    for same in failing.values():
        first = same[0]
        pages = ", ".join(v.where for v in same[:4]) + (" ..." if len(same) > 4 else "")
        entries.append(f"{first}\n    on {len(same)} page states: {pages}")
    count = sum(len(same) for same in failing.values())
    return f"{count} serious or critical accessibility violations:\n" + "\n".join(entries)


def summary_lines() -> list[str]:
    """One line per rule seen in the session: impact, pages, elements."""
    lines = []
    for rule, entry in sorted(FINDINGS.items(), key=lambda kv: (-_rank(kv[1]["impact"]), kv[0])):
        lines.append(
            f"{rule:<32} {entry['impact']:<9} {len(entry['pages']):>4} page states "
            f"{entry['elements']:>5} elements"
        )
    return lines


def export_findings() -> dict[str, dict]:
    """This process's findings, in a form a pytest-xdist worker can send."""
    return {rule: {**entry, "pages": sorted(entry["pages"])} for rule, entry in FINDINGS.items()}


def merge_findings(findings: dict[str, dict]) -> None:
    """Add a worker's ``export_findings`` to this process's."""
    for rule, theirs in findings.items():
        entry = FINDINGS[rule]
        entry["impact"] = max(entry["impact"], theirs["impact"], key=_rank)
        entry["pages"].update(theirs["pages"])
        entry["elements"] += theirs["elements"]
