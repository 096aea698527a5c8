"""Rules, results and the run loop (methodology-reference.md §1).

A rule is a pure function of a :class:`RuleContext` (the loaded graph, the clock's "now" and
the methodology) returning a :class:`RuleResult`. The engine runs a methodology's rules in
their documented order; a rule that raises is that rule's ``FAILED``, never an error of the
whole verification.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from massid.methodologies.graph import Graph

PASSED = "PASSED"
FAILED = "FAILED"
REVIEW_REQUIRED = "REVIEW_REQUIRED"
NOT_APPLICABLE = "Rule not applicable"


@dataclass(frozen=True, slots=True)
class RuleResult:
    """A rule's verdict; ``content`` holds JSON values only (decimals as strings, no floats)."""

    status: str
    comment: str
    content: dict[str, Any] = field(default_factory=dict)


def passed(comment: str, **content: Any) -> RuleResult:
    return RuleResult(PASSED, comment, content)


def failed(comment: str, **content: Any) -> RuleResult:
    return RuleResult(FAILED, comment, content)


def not_applicable(**content: Any) -> RuleResult:
    return RuleResult(PASSED, NOT_APPLICABLE, content)


@dataclass(frozen=True, slots=True)
class RuleContext:
    graph: Graph
    now: datetime
    methodology: Methodology
    review_required: bool = False

    def review_or_fail(self, comment: str, **content: Any) -> RuleResult:
        """REVIEW_REQUIRED when the server enables it, else FAILED (the reference's default)."""
        return RuleResult(REVIEW_REQUIRED if self.review_required else FAILED, comment, content)


Check = Callable[[RuleContext], RuleResult]


@dataclass(frozen=True, slots=True)
class Rule:
    slug: str
    name: str
    check: Check
    category: str = "MassID"


@dataclass(frozen=True, slots=True)
class Methodology:
    slug: str
    name: str
    version: str
    framework_version: str
    certificate_type: str
    rules: tuple[Rule, ...]
    # Framework-only checks, run after ``rules`` in strict mode.
    strict_rules: tuple[Rule, ...] = ()

    def rules_for(self, strict: bool) -> tuple[Rule, ...]:
        return (*self.rules, *self.strict_rules) if strict else self.rules

    def describe(self) -> dict[str, Any]:
        """The ``GET /methodologies`` entry."""

        def listed(rules: tuple[Rule, ...]) -> list[dict[str, str]]:
            return [{"slug": r.slug, "name": r.name, "category": r.category} for r in rules]

        return {
            "slug": self.slug,
            "name": self.name,
            "version": self.version,
            "frameworkVersion": self.framework_version,
            "certificateType": self.certificate_type,
            "rules": listed(self.rules),
            "strictRules": listed(self.strict_rules),
        }


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    slug: str
    name: str
    status: str
    comment: str
    content: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "status": self.status,
            "comment": self.comment,
            "content": self.content,
        }


@dataclass(frozen=True, slots=True)
class Evaluation:
    methodology: Methodology
    status: str
    rules: tuple[RuleOutcome, ...]
    strict: bool = False

    def rule(self, slug: str) -> RuleOutcome:
        return next(outcome for outcome in self.rules if outcome.slug == slug)


def overall_status(statuses: list[str]) -> str:
    """PASSED only when every rule passed; any FAILED fails; else REVIEW_REQUIRED."""
    if all(status == PASSED for status in statuses):
        return PASSED
    return FAILED if FAILED in statuses else REVIEW_REQUIRED


def run_rule(rule: Rule, context: RuleContext) -> RuleOutcome:
    """One rule's outcome; an unexpected exception becomes that rule's FAILED."""
    try:
        result = rule.check(context)
    except Exception as error:  # a bug in one rule must not hide the others' results
        result = failed(
            f"The rule could not be evaluated because of an unexpected error "
            f"({type(error).__name__}); the MassID cannot pass until this is resolved",
            error=type(error).__name__,
        )
    return RuleOutcome(rule.slug, rule.name, result.status, result.comment, result.content)


def evaluate(
    methodology: Methodology,
    graph: Graph,
    now: datetime,
    *,
    review_required: bool = False,
    strict: bool = False,
) -> Evaluation:
    """Run every rule of ``methodology`` (and its strict rules) over ``graph`` in order."""
    context = RuleContext(graph, now, methodology, review_required)
    outcomes = tuple(run_rule(rule, context) for rule in methodology.rules_for(strict))
    return Evaluation(methodology, overall_status([o.status for o in outcomes]), outcomes, strict)
