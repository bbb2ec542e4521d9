"""A business case's project report: its content for the page, the PDF and the slide deck.

The customer value model is the version the case rests on (the presented one when frozen), the
proposition as it stands, the case's figures as presented (or as worked out now for a draft).
"""

from __future__ import annotations

from typing import Any

from worth.apps.cases.figures import shown_figures
from worth.apps.cases.models import BusinessCase
from worth.apps.propositions.page import proposition_page
from worth.apps.valuemodels.versions import version_model
from worth.engine.model.analysis import analyse_model
from worth.engine.model.proposition import Candidate
from worth.exports.deck import CaseSlide, ProjectDeck, PropositionSlide


def _research_lines(case: BusinessCase) -> list[str]:
    project = case.project
    taking_part = project.participations.exclude(status="declined")
    gathered = taking_part.filter(status="data_gathered").count()
    meetings = sum(p.meetings.count() for p in taking_part)
    lines = [
        f"{taking_part.count()} customers taking part in the research, {gathered} with their data gathered",
        f"{meetings} meetings with the customers' managers",
    ]
    if project.success_definition:
        lines.append(f"Success: {project.success_definition}")
    return lines


def _mean(candidate: Candidate | None) -> float | None:
    return candidate.mean if candidate is not None and candidate.stats is not None else None


def case_report_content(case: BusinessCase) -> tuple[ProjectDeck, dict[str, Any]]:
    """The report's content and the case's figures (``CaseInputError``/``ModelError`` when unusable)."""
    version = case.version if case.frozen and case.version is not None else case.proposition.version
    figures = shown_figures(case)
    page = proposition_page(case.proposition)
    proposition = PropositionSlide(
        subsegment=case.proposition.subsegment,
        alternative=page.research.summary.alternative.name,
        statement=case.proposition.statement,
        focus=[
            (
                line.pick.element,
                line.pick.role,
                line.candidate.mean if line.candidate and line.candidate.stats else None,
            )
            for line in page.focus
        ],
        choice=page.choice.sentence,
        warnings=[
            f"{w.kind} ({w.element}): {w.message}" if w.element else f"{w.kind}: {w.message}"
            for w in page.warnings
        ],
    )
    target = figures["target"]
    slide = CaseSlide(
        title=case.title,
        status=case.get_status_display(),
        currency=figures["currency"],
        period=figures["period"],
        target_sentence=target["sentence"] if target else None,
        npv=figures["npv"],
        irr=figures["irr"],
        payback=figures["payback"],
        cumulative=[
            (r["period"], float(r["cumulative_incremental_profit"]), float(r["cumulative_net_flow"]))
            for r in figures["rows"]
        ],
        range=[(s["name"], float(s["total_incremental_profit"]), float(s["npv"])) for s in figures["range"]],
        actions=case.actions.splitlines(),
        resources=case.resources.splitlines(),
        concerns=case.concerns.splitlines(),
    )
    content = ProjectDeck(
        title=case.project.name,
        analysis=analyse_model(version_model(version)),
        version=f"{case.proposition.model.name} v{version.number} · sha256 {version.short_sha}",
        business_issue=case.project.business_issue,
        decision=case.project.get_decision_display() if case.project.decision else "",
        research=_research_lines(case),
        proposition=proposition,
        case=slide,
    )
    return content, figures
