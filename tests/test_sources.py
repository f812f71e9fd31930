"""Sources a reader can find (issue 15, deliverable 5).

Every source string the library can emit — on findings, assessment factors,
muscle targets and body-fat estimates, and the citations inside progression
decisions — must point at something that exists: a section of the published
science page (``docs/science.md#training``, one of its headings) or a full
reference (authors, year and journal; the article by its title and
publisher). Every author and year cited anywhere must also be listed on that
page, so a reader who only has the page finds the study.

The strings are collected two ways: every module-level ``*_SOURCE`` constant
of the library, and what the engines actually emit over a grid of people and
programs (so a source written inline is seen too).
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import hipdip
from hipdip import (
    BodyComposition,
    Finding,
    Goal,
    HipStructure,
    Posture,
    Profile,
    ValidationError,
)
from hipdip.body import estimate_body_fat
from hipdip.plugins import make_plugin_manager
from hipdip.testing.simulate import Lifter, simulate

ROOT = Path(__file__).resolve().parents[1]
SCIENCE = ROOT / "docs" / "science.md"
PM = make_plugin_manager(entry_points=False)


def slug(heading: str) -> str:
    """The anchor MyST (``myst_heading_anchors``) and GitHub give a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


ANCHORS = {
    slug(line.lstrip("#"))
    for line in SCIENCE.read_text(encoding="utf-8").splitlines()
    if line.startswith("#")
}
SCIENCE_TEXT = SCIENCE.read_text(encoding="utf-8")

POINTER = re.compile(r"docs/science\.md#([\w-]+)")
#: The article the library is built on, by its title and publisher.
ARTICLE = re.compile(r"“How to Get Rid of Butt Dips With Exercise”, Biology Insights")
_NAME = r"(?:[A-Z][\w’'-]*\.?|et al\.|&|of|and|the)"
#: ``Authors, YEAR`` with what follows it.
CITATION = re.compile(
    rf"(?P<authors>[A-Z][\w’'-]*(?:[ ,]+{_NAME})*),\s(?P<year>(?:19|20)\d\d)\b(?P<after>.*)"
)
#: After the year, a full reference names the journal or publisher: ``, Br J Nutr``.
JOURNAL = re.compile(r",\s[A-Z][\w.&’'-]*(?:\s[\w.&’'-]+)*")


def parts(source: str) -> list[str]:
    """``source`` split at ``;`` outside parentheses."""
    out, depth, start = [], 0, 0
    for index, char in enumerate(source):
        depth += char == "("
        depth -= char == ")"
        if char == ";" and depth == 0:
            out.append(source[start:index].strip())
            start = index + 1
    out.append(source[start:].strip())
    return [part for part in out if part]


def citations(text: str) -> Iterator[re.Match[str]]:
    """Each ``Authors, YEAR …`` in ``text`` (leftmost first, not overlapping)."""
    position = 0
    while True:
        found = CITATION.search(text, position)
        if found is None:
            return
        yield found
        position = found.end("year")


def problems(source: str) -> list[str]:
    """Why ``source`` cannot be found by a reader (empty: it can)."""
    out = []
    for pointer in POINTER.findall(source):
        if pointer not in ANCHORS:
            out.append(f"docs/science.md#{pointer} is not a heading of docs/science.md")
    for part in parts(source):
        found = list(citations(part))
        full = [JOURNAL.match(c.group("after")) is not None for c in found]
        if POINTER.search(part) or ARTICLE.search(part) or (found and all(full)):
            continue
        if found:
            short = [
                c.group(0)[: c.end("year") - c.start()]
                for c, ok in zip(found, full, strict=True)
                if not ok
            ]
            out.append(f"{part!r}: no journal for {short} and no docs/science.md#… section")
        else:
            out.append(f"{part!r}: neither a reference nor a docs/science.md#… section")
    for citation in citations(source):
        first = citation.group("authors").split(",")[0].split()[0]
        year = citation.group("year")
        if not any(first in line and year in line for line in SCIENCE_TEXT.splitlines()):
            out.append(f"{first} {year} is not listed on docs/science.md")
    return out


# --------------------------------------------------------------------------- #
# Collecting every source string


def source_constants() -> dict[str, str]:
    """Every module-level ``*_SOURCE`` string of the library (and of its built-in plugins)."""
    found = {}
    for info in pkgutil.walk_packages(hipdip.__path__, "hipdip."):
        if info.name.startswith(("hipdip.testing", "hipdip.cli", "hipdip.__main__")):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.upper().endswith("SOURCE") and isinstance(value, str):
                found[f"{info.name}.{name}"] = value
    return found


def profiles() -> Iterator[Profile]:
    grid = itertools.product(
        ("female", "male"),
        (16, 30, 70),
        (42, 65, 130),
        (None, 12, 35),
        list(Goal),
        (None, 10, 25),
    )
    for sex, age, weight, fat, goal, tilt in grid:
        try:
            body = BodyComposition(
                weight, 165, body_fat_pct=fat, waist_cm=80, neck_cm=34, hip_cm=100
            )
            yield Profile(
                sex=sex,
                age=age,
                body=body,
                experience="beginner",
                goal=goal,
                posture=Posture(tilt),
                hip=HipStructure("moderate"),
            )
        except ValidationError:
            continue


def emitted() -> dict[str, str]:
    """Sources the engines emit: nutrition and program findings, factors, targets, estimates."""
    found: dict[str, str] = {}
    for exercise in hipdip.catalog(PM).exercises.values():
        for target in exercise.targets:
            if target.source:
                found[f"target {exercise.id}"] = target.source
    findings: list[Finding] = []
    for profile in profiles():
        findings += hipdip.nutrition_plan(profile, pm=PM).findings
        for factor in hipdip.assess(profile, pm=PM).factors:
            if factor.source:
                found[f"factor {factor.name}: {factor.source[:40]}"] = factor.source
        estimate = estimate_body_fat(profile.sex, profile.body, profile.age)
        if estimate is not None and estimate.source:
            found[f"estimate {estimate.method}"] = estimate.source
    for profile in itertools.islice(profiles(), 0, None, 7):
        for minutes in (10, 45):
            small = attrs.evolve(profile, session_minutes=minutes, days_per_week=2)
            try:
                program = hipdip.plan_program(small, weeks=8, pm=PM)
            except hipdip.PlanningError as exc:
                findings += exc.findings
                continue
            findings += program.findings
            findings += hipdip.validate_program(broken(program), pm=PM)
    for finding in findings:
        if finding.source:
            found[f"finding {finding.rule}: {finding.source[:40]}"] = finding.source
    return found


def broken(program: hipdip.Program) -> hipdip.Program:
    """``program`` breaking every built-in rule: no deloads, too much work, bad numbering."""
    week = program.weeks[0]
    heavy = tuple(attrs.evolve(item, sets=10, rir=0) for item in week.sessions[0].items)
    sessions = tuple(attrs.evolve(s, items=heavy, day=s.day + 1) for s in week.sessions)
    weeks = tuple(attrs.evolve(week, index=i, sessions=sessions) for i in range(1, 8))
    return attrs.evolve(program, weeks=(*weeks, attrs.evolve(weeks[0], index=8, deload=True)))


def decision_citations() -> dict[str, str]:
    """The cited sources inside progression decisions (``(Rogerson et al., 2024, …)``)."""
    found = {}
    profile = Profile(
        sex="female",
        age=30,
        body=BodyComposition(65, 165),
        experience="intermediate",
        equipment={"band", "ankle_weights"},
    )
    for lifter in (Lifter.responder(seed=1), Lifter.stalling(after_week=2), Lifter.slow()):
        sim = simulate(profile, weeks=12, lifter=lifter, pm=PM)
        for logged in sim.decisions:
            for cited in re.findall(r"\(([^()]*(?:19|20)\d\d[^()]*)\)", logged.decision.reason):
                found[f"decision {logged.decision.rule}: {cited[:40]}"] = cited
    return found


SOURCES = {**source_constants(), **emitted(), **decision_citations()}


def test_the_collection_is_wide() -> None:
    """The grid reaches every kind of source (a collection that finds nothing tests nothing)."""
    kinds = {key.split()[0] for key in SOURCES}
    assert {"target", "factor", "finding", "decision", "estimate"} <= kinds
    rules = {key.split()[1].rstrip(":") for key in SOURCES if key.startswith("finding")}
    assert {"energy", "protein", "goal", "weekly_volume", "deload", "safety_age"} <= rules


@pytest.mark.parametrize("where", sorted(SOURCES))
def test_every_source_can_be_found(where: str) -> None:
    assert problems(SOURCES[where]) == []


@pytest.mark.parametrize(
    ("source", "ok"),
    [
        ("Mifflin et al., 1990, Am J Clin Nutr", True),
        ("Katch & McArdle, 1996", False),  # no journal, no section
        ("Katch & McArdle, 1996 (docs/science.md#energy)", True),
        ("hipdip policy (docs/science.md#training)", True),
        ("hipdip policy (docs/science.md#nutrition)", False),  # no such heading
        ("SCIENCE.md §Nutrition targets", False),
        ("the article (How to Get Rid of Butt Dips With Exercise)", False),
        ("“How to Get Rid of Butt Dips With Exercise”, Biology Insights", True),
        ("Schoenfeld, Ogborn & Krieger, 2017, J Sports Sci; Helms et al., 2014", False),
        ("Nobody et al., 2001, Some Journal", False),  # not listed on the science page
    ],
)
def test_the_check_can_fail(source: str, ok: bool) -> None:
    assert (problems(source) == []) is ok


def test_the_docs_point_at_the_published_page() -> None:
    """No page or README sends a reader to SCIENCE.md, a file they do not have."""
    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    mentions = [
        f"{page.name}:{number}"
        for page in pages
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if "SCIENCE.md" in line
    ]
    assert mentions == []
