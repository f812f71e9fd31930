"""The ``hipdip`` command (also ``python -m hipdip``).

Every command prints Markdown for people (``--format md``, the default, made
by :func:`hipdip.render.to_markdown`) or a JSON document that
:func:`hipdip.io.loads` reads back (``--format json``), on stdout or, with
``-o FILE``, into a file written atomically (a temporary file renamed over
it once the output is complete: an error never leaves it empty or half
written). Bad input never ends in a traceback: each problem is one
``error: …`` line on stderr naming the file (at most 50 lines) and the exit
code is 2 — also for a file that cannot be read or written. A broken plugin
is not bad input: a plugin rule that fails while it runs is skipped with a
``warning: …`` line naming it (exit 0), and a plugin that cannot be worked
around (a scheme that fails, or any plugin failure with
``HIPDIP_STRICT_PLUGINS=1``) ends with ``error: plugin problem: …`` naming
the plugin and exit code 1, like any other bug.

>>> main(["plan", "--example", "--weeks", "1"])  # doctest: +ELLIPSIS
# Hip program: 1 week, 3 days a week
...
0
>>> import contextlib, sys
>>> with contextlib.redirect_stderr(sys.stdout):
...     main(["plan", "--example", "--scheme", "lineer"])
error: --scheme: unknown scheme id 'lineer'; did you mean 'linear'?
2

Nothing imports this module but the console script: ``import hipdip`` stays
free of argparse.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from hipdip import __version__
from hipdip.errors import (
    HipdipError,
    HipdipPluginWarning,
    PlanningError,
    PluginError,
    UnknownIdError,
    ValidationError,
    cap_problems,
)
from hipdip.models import (
    Exercise,
    Goal,
    MeasurementLog,
    Profile,
    Program,
    Progress,
    Role,
    TrainingLog,
    Units,
)

if TYPE_CHECKING:
    from hipdip.registry import Catalog

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "main"]

T = TypeVar("T")

EXIT_OK = 0
#: Bad input: a missing, unreadable or invalid file, an unknown id, a bad option, or an
#: output that cannot be written (a closed or full stdout, an -o file that cannot be made).
EXIT_BAD_INPUT = 2
#: Something that is not the input's fault: a bug in hipdip, or a broken plugin.
EXIT_INTERNAL = 1
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130

_FORMATS = ("md", "json")
_STDIN = "-"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``hipdip`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse exits 2)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    run: Callable[[argparse.Namespace], str] = args.run
    try:
        with _plugin_warnings():
            text = run(args)
        _deliver(text, getattr(args, "output", None), announce=getattr(args, "announce", False))
    except _Failed as failed:
        for line in cap_problems(failed.lines):
            _error(line)
        return EXIT_BAD_INPUT
    except _PluginFailed as failed:
        if getattr(args, "debug", False):
            raise failed.error  # noqa: B904 (its own cause is the plugin's exception)
        for line in failed.lines:
            _error(line)
        _error("  the plugin is at fault, not the input; run with --debug for the traceback")
        return EXIT_INTERNAL
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        if getattr(args, "debug", False):
            raise
        _error(f"unexpected {type(exc).__name__}: {_one_line(exc)}")
        for note in getattr(exc, "__notes__", ()):
            _error(f"  {note}")
        _error("  this is a bug in hipdip or in a plugin; run with --debug for the traceback")
        return EXIT_INTERNAL
    return EXIT_OK


# --------------------------------------------------------------------------- #
# Commands


def _plan(args: argparse.Namespace) -> str:
    from hipdip.plan import plan_program

    if args.example and args.profile is not None:
        raise _Failed(["give either a profile file or --example, not both"])
    if args.example:
        from hipdip.examples import example_profile

        profile = example_profile()
    elif args.profile is None:
        raise _Failed(
            [
                "give a profile (a JSON file, or - for stdin) or --example; "
                "see: hipdip schema profile --example"
            ]
        )
    else:
        profile = _read(args.profile, Profile)
    where = "--example" if args.example else _label(args.profile)
    with _problems(where=where, options=("weeks", "scheme")):
        program = plan_program(profile, weeks=args.weeks, scheme=args.scheme)
    return _output(program, args.format, args.units)


def _progress(args: argparse.Namespace) -> str:
    from hipdip.progression import progress

    if args.program == _STDIN and args.log == _STDIN:
        raise _Failed(["only one of PROGRAM and LOG can be read from stdin (-)"])
    program, continued = _read_program_or_progress(args.program)
    log = _read(args.log, TrainingLog)
    if continued:
        print(f"note: {_CONTINUED}", file=sys.stderr)
    documents = {"program": _label(args.program), "log": _label(args.log)}
    with _problems(documents=documents):
        result = progress(program, log)
    if args.format == "json":
        return _json(result)
    from hipdip.render import to_markdown

    if any(session.week is None for session in log.sessions):
        from hipdip.logs import assign

        log = assign(program, log).log  # progress() placed them the same way
    return to_markdown(result, log=log, units=args.units)


def _nutrition(args: argparse.Namespace) -> str:
    from hipdip.nutrition import adjust_nutrition, nutrition_plan

    profile = _read(args.profile, Profile)
    measurements = None
    if args.measurements is not None:
        if args.measurements == _STDIN and args.profile == _STDIN:
            raise _Failed(["only one of PROFILE and --measurements can be read from stdin (-)"])
        measurements = _read_measurements(args.measurements)
    with _problems(where=_label(args.profile), options=("goal",)):
        plan = nutrition_plan(profile, goal=args.goal)
    if measurements is not None:
        with _problems(where=_label(args.measurements)):
            plan = adjust_nutrition(profile, plan, measurements)
    return _output(plan, args.format, args.units or profile.units)


def _import_log(args: argparse.Namespace) -> str:
    from hipdip.logs import assign, read_log

    where = _label(args.file)
    text = _read_text(args.file)
    try:
        with _problems(where=where, options=("format", "units")):
            imported = read_log(text, format=args.format, units=args.units)
    except _Failed as exc:  # the library's "format=" is the option --format here
        raise _Failed(
            [line.replace("with format=", "with --format ID") for line in exc.lines]
        ) from None
    report = imported.report.summary()
    if not imported.sessions:
        # One line, with the whole report: why each row was skipped, the names not found.
        raise _Failed([f"{where}: nothing could be read ({'; '.join(report.splitlines())})"])
    log = imported.log
    lines = [report]
    if args.program is not None:
        program = _read_program(args.program)
        with _problems(where=_label(args.program)):
            placed = assign(program, log)
        log = placed.log
        lines.append(placed.summary())
        if not log.sessions:  # an empty log is no use: say why, as for nothing read
            summary = "; ".join(lines).replace("\n", "; ")
            raise _Failed(
                [f"{where}: nothing could be placed on {_label(args.program)} ({summary})"]
            )
    text = _json(
        log,
        where=where,
        smaller="import fewer sessions: --program PROGRAM keeps those placed on a program, "
        "or split the export by date",
    )
    print("\n".join(lines), file=sys.stderr)  # the report; the log is the output
    return text


def _export_log(args: argparse.Namespace) -> str:
    from hipdip.logs import write_log

    log = _read(args.log, TrainingLog)
    with _problems(where=_label(args.log), options=("format", "units")):
        return write_log(log, format=args.format, units=args.units)


def _assess(args: argparse.Namespace) -> str:
    from hipdip.assessment import assess

    profile = _read(args.profile, Profile)
    with _problems(where=_label(args.profile)):
        result = assess(profile)
    return _output(result, args.format, args.units)


def _exercises(args: argparse.Namespace) -> str:
    from hipdip.registry import catalog

    with _problems():
        cat = catalog()
    exercises: list[Exercise] = list(cat.exercises.values())
    problems: list[str] = []
    have: frozenset[str] | None = None
    if args.equipment is not None:
        have, unknown = _equipment(args.equipment, cat)
        problems.extend(f"--equipment: {error}" for error in unknown)
    muscle = args.muscle
    if muscle is not None and muscle not in cat.muscles:
        problems.append(f"--muscle: {UnknownIdError('muscle', muscle, cat.muscles)}")
    if problems:
        raise _Failed(problems)
    if have is not None:
        exercises = [e for e in exercises if e.equipment <= have]
    if muscle is not None:
        exercises = [e for e in exercises if e.target(muscle) is not None]
        exercises.sort(key=lambda e: _by_role(e, muscle))
    if args.format == "json":
        from hipdip.io import to_dict

        return json.dumps([to_dict(e) for e in exercises], indent=2, ensure_ascii=False) + "\n"
    from hipdip.render import exercises_to_markdown

    return exercises_to_markdown(exercises, equipment=have, muscle=muscle, catalog=cat)


def _plugins(args: argparse.Namespace) -> str:
    if args.order:
        return _rule_order(args)
    from hipdip.plugins import list_plugins

    with _problems():
        listings = list_plugins()
    if args.format == "json":
        data = [
            {
                "name": listing.name,
                "distribution": listing.distribution,
                "version": listing.version,
                "contributions": {kind: list(ids) for kind, ids in listing.contributions.items()},
                "error": listing.error,
            }
            for listing in listings
        ]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    from hipdip.render import plugins_to_markdown

    return plugins_to_markdown(listings)


def _rule_order(args: argparse.Namespace) -> str:
    from hipdip.order import rule_order

    with _problems():
        entries = rule_order()
    if args.format == "json":
        import attrs

        return json.dumps([attrs.asdict(e) for e in entries], indent=2, ensure_ascii=False) + "\n"
    from hipdip.render import rules_to_markdown

    return rules_to_markdown(entries)


def _report(args: argparse.Namespace) -> str:
    from hipdip.report import to_html

    if args.program == _STDIN and args.log == _STDIN:
        raise _Failed(["only one of PROGRAM and --log can be read from stdin (-)"])
    if args.measurements == _STDIN and _STDIN in (args.program, args.log):
        raise _Failed(["only one of PROGRAM, --log and --measurements can be read from stdin (-)"])
    _not_an_input(
        args.output,
        {"program": args.program, "log": args.log, "measurements file": args.measurements},
    )
    program = _read_program(args.program)
    log = None if args.log is None else _read(args.log, TrainingLog)
    measurements = None if args.measurements is None else _read_measurements(args.measurements)
    documents = {"program": _label(args.program)}
    if args.log is not None:
        documents["log"] = _label(args.log)
    if args.measurements is not None:
        documents["measurements"] = _label(args.measurements)
    with _problems(documents=documents):  # main() writes it to --output, then says so
        from hipdip.inputs import check_profile
        from hipdip.registry import catalog

        check_profile(program.profile, catalog(), path="program.profile.")
        return to_html(program, log=log, measurements=measurements, units=args.units)


def _not_an_input(output: str | None, inputs: dict[str, str | None]) -> None:
    """Refuse an ``--output`` that is one of the files read (the HTML would replace it)."""
    import os

    if output is None or output == _STDIN or not os.path.isfile(output):
        return
    for name, path in inputs.items():
        if path is not None and path != _STDIN and os.path.isfile(path):
            with contextlib.suppress(OSError):
                if os.path.samefile(output, path):
                    raise _Failed(
                        [f"--output {output}: is the {name} this report reads; give another file"]
                    )


def _schema(args: argparse.Namespace) -> str:
    from hipdip.schema import example_document, json_schema

    with _problems():
        example = example_document(args.document)
        data = example if args.example else {**json_schema(args.document), "examples": [example]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- #
# The parser


_EPILOG_MAIN = """\
examples:
  hipdip plan --example                  an example program, as Markdown
  hipdip schema profile --example > me.json
  hipdip plan me.json --weeks 12 --scheme dup
  hipdip plan me.json --format json > program.json
  hipdip progress program.json log.json
  hipdip nutrition me.json --goal lean_gain
  hipdip assess me.json
  hipdip exercises --equipment band --muscle gluteus_medius
  hipdip report program.json --log log.json -o report.html
  hipdip plugins --order

-o FILE writes the output to FILE, replacing it only once the output is
complete (so 'hipdip plan me.json -o me.json' never leaves an empty file).
Every command takes --units metric|imperial: how weights are shown (and read
or written by import-log and export-log). Documents stay metric.

Exit codes: 0 done; 2 bad input, or a file that cannot be read or written
(one 'error: …' line per problem on stderr); 1 a bug in hipdip or a broken
plugin (named); 130 interrupted.
"""

_COMMANDS: dict[str, tuple[str, str, str]] = {
    "plan": (
        "plan a program for a profile",
        "Plan a multi-week gluteus medius/minimus program for a profile and print it week by week.",
        """\
examples:
  hipdip plan --example
  hipdip plan me.json --weeks 12 --scheme dup
  cat me.json | hipdip plan - --format json > program.json

The profile is a JSON document: hipdip schema profile (its shape) and
hipdip schema profile --example (an example to edit).
""",
    ),
    "progress": (
        "apply a training log to a program",
        "Apply a training log to a program: one decision per logged exercise, with its "
        "reason, and the updated sessions that come next.",
        """\
examples:
  hipdip plan me.json --format json -o program.json
  hipdip progress program.json log.json
  hipdip progress program.json log.json --format json -o progress.json
  hipdip progress progress.json new-sessions.json

PROGRAM is a program (from hipdip plan --format json) or the output of
hipdip progress --format json, whose updated program is read: give it a log
of the sessions trained since (the sessions already applied were applied).
The log's shape: hipdip schema log (hipdip schema log --example for an example).
""",
    ),
    "nutrition": (
        "daily energy and macro targets",
        "Daily energy, protein, fat and carbohydrate targets for a profile, with the "
        "findings and sources behind them.",
        """\
examples:
  hipdip nutrition me.json
  hipdip nutrition me.json --goal fat_loss --format json
  hipdip nutrition me.json --measurements weigh-ins.json --units imperial

--measurements adjusts the energy target to the weight trend of the last four
weeks (at least 5 weigh-ins over 14 days): a hipdip measurements document, a
FHIR R4 Bundle of Observations, or Open mHealth data points.
""",
    ),
    "assess": (
        "what shapes the hip contour, and what can change",
        "Explain the four factors of the hip contour: bone structure (fixed), muscle, "
        "body fat and posture.",
        """\
examples:
  hipdip assess me.json
""",
    ),
    "exercises": (
        "list the exercise catalogue",
        "List the exercises of the catalogue (built-in and from plugins).",
        """\
examples:
  hipdip exercises
  hipdip exercises --equipment band --equipment ankle_weights
  hipdip exercises --equipment none --muscle gluteus_medius

--equipment names what you have: only exercises whose equipment is all
among it are listed ('none' = bodyweight only).
""",
    ),
    "plugins": (
        "installed plugins and what each contributed",
        "List every plugin — built-in and installed — with its distribution, version and "
        "the ids it contributed; broken plugins are listed with the reason they were skipped. "
        "--order lists every rule in the order it runs, by priority, with its plugin.",
        """\
examples:
  hipdip plugins
  hipdip plugins --order
  hipdip plugins --format json
""",
    ),
    "import-log": (
        "read a Strong, Hevy or FitNotes export into a training log",
        "Read another app's training-log export (a CSV) into a hipdip training log, and print "
        "what was read, used and skipped; with --program the dated sessions are placed on the "
        "program's sessions.",
        """\
examples:
  hipdip import-log strong.csv > log.json
  hipdip import-log hevy.csv --program program.json -o log.json
  hipdip import-log export.csv --format fitnotes_csv --units imperial -o log.json

The report goes to stderr, the log (JSON) to stdout or -o FILE. Formats:
strong_csv, hevy_csv, fitnotes_csv and any a plugin adds (auto: recognised
from the header). --units imperial reads weights the file does not label as
pounds. Exit code 2 when nothing could be read (or, with --program, placed).
""",
    ),
    "export-log": (
        "write a training log as another app's CSV",
        "Write a hipdip training log as another app's import file (strong_csv: Strong's CSV, "
        "which other apps import too).",
        """\
examples:
  hipdip export-log log.json --format strong_csv > strong.csv
  hipdip export-log log.json --format strong_csv --units imperial -o strong.csv
""",
    ),
    "report": (
        "one HTML page with pictures and tables",
        "Write one self-contained HTML page about a program: a muscle map, weekly volume "
        "and progress charts, the program week by week, the progress decisions and the "
        "nutrition plan. It loads nothing from the network, fits a phone and prints.",
        """\
examples:
  hipdip plan --example --format json > program.json
  hipdip report program.json -o report.html
  hipdip report program.json --log log.json -o report.html
  hipdip report program.json --log log.json --measurements weigh-ins.json -o report.html

The charts need the charts extra (pip install "hipdip[charts]"); without it
the page says so and still has the muscle map and every table. The file is
written whole or not at all (a temporary file, then renamed), never over one
of the files it reads.
""",
    ),
    "schema": (
        "the JSON shape of profile, program and log documents",
        "Print the JSON Schema of a document hipdip reads, so other apps can produce it, "
        "with an example document under 'examples'; --example prints the example alone.",
        """\
examples:
  hipdip schema profile
  hipdip schema profile --example > me.json
  hipdip schema log --example > log.json
""",
    ),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hipdip",
        description="Plan, progress and explain gluteus medius/minimus training for hip dips. "
        "Bone structure sets the depth of hip dips; training builds the muscle around them.",
        epilog=_EPILOG_MAIN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hipdip {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an unexpected error"
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--units",
        choices=[u.value for u in Units],
        default=None,
        help="how weights are shown (and read or written by import-log and export-log): "
        "metric (kg) or imperial (lb); default: the profile's, else metric",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    sub: dict[str, argparse.ArgumentParser] = {}
    for name, (summary, description, epilog) in _COMMANDS.items():
        sub[name] = commands.add_parser(
            name,
            help=summary,
            description=description,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[common],
        )
        sub[name].set_defaults(run=_RUNNERS[name])

    plan = sub["plan"]
    plan.add_argument(
        "profile", nargs="?", metavar="PROFILE", help="profile JSON file, or - for stdin"
    )
    plan.add_argument("--example", action="store_true", help="plan for a built-in example profile")
    plan.add_argument("--weeks", type=int, default=8, metavar="N", help="weeks (default 8)")
    plan.add_argument(
        "--scheme",
        default="linear",
        metavar="ID",
        help="periodization scheme: linear (default), dup, block or a plugin's",
    )
    _format(plan)

    progress = sub["progress"]
    progress.add_argument(
        "program",
        metavar="PROGRAM",
        help="program JSON (from hipdip plan), or the JSON of hipdip progress",
    )
    progress.add_argument("log", metavar="LOG", help="training log JSON")
    _format(progress)

    nutrition = sub["nutrition"]
    _profile_argument(nutrition)
    nutrition.add_argument(
        "--goal",
        choices=[goal.value for goal in Goal],
        help="override the profile's goal",
    )
    nutrition.add_argument(
        "--measurements",
        metavar="FILE",
        help="weigh-ins (hipdip, FHIR R4 or Open mHealth JSON): adjust energy to the trend",
    )
    _format(nutrition)

    import_log = sub["import-log"]
    import_log.add_argument("file", metavar="FILE", help="the app's export (CSV), or - for stdin")
    import_log.add_argument(
        "--format",
        default="auto",
        metavar="ID",
        help="auto (default: recognised from the header), strong_csv, hevy_csv, fitnotes_csv",
    )
    import_log.add_argument(
        "--program", metavar="PROGRAM", help="place the sessions on this program (JSON)"
    )
    _output_option(import_log)
    import_log.set_defaults(announce=True)

    export_log = sub["export-log"]
    export_log.add_argument("log", metavar="LOG", help="training log JSON, or - for stdin")
    export_log.add_argument(
        "--format", required=True, metavar="ID", help="a format that writes: strong_csv"
    )
    _output_option(export_log)
    export_log.set_defaults(announce=True)

    assess = sub["assess"]
    _profile_argument(assess)
    _format(assess)

    exercises = sub["exercises"]
    exercises.add_argument(
        "--equipment",
        action="append",
        metavar="NAME",
        help="equipment you have (repeat it; 'none' for bodyweight only)",
    )
    exercises.add_argument("--muscle", metavar="ID", help="only exercises working this muscle")
    _format(exercises)

    sub["plugins"].add_argument(
        "--order",
        action="store_true",
        help="list every rule in the order it runs (by priority), with its plugin",
    )
    _format(sub["plugins"])

    report = sub["report"]
    report.add_argument("program", metavar="PROGRAM", help="program JSON (from hipdip plan)")
    report.add_argument("--log", metavar="LOG", help="training log JSON: adds progress charts")
    report.add_argument(
        "--measurements",
        metavar="M",
        help="weigh-ins (a hipdip measurements document, FHIR or Open mHealth): adds body "
        "charts and adjusts the energy target",
    )
    report.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the HTML file to write (- for stdout), atomically",
    )
    report.set_defaults(announce=True)

    schema = sub["schema"]
    schema.add_argument("document", choices=["profile", "program", "log"], help="which document")
    schema.add_argument(
        "--example", action="store_true", help="print an example document instead of the schema"
    )
    _output_option(schema)
    return parser


def _profile_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE", help="profile JSON file, or - for stdin")


def _format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="md",
        help="md: Markdown for people (default); json: a document hipdip reads back",
    )
    _output_option(parser)


def _output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the output to FILE (atomically: it is replaced only once the output is "
        "complete, so it may be an input file) instead of stdout",
    )


_RUNNERS: dict[str, Callable[[argparse.Namespace], str]] = {
    "plan": _plan,
    "progress": _progress,
    "nutrition": _nutrition,
    "assess": _assess,
    "exercises": _exercises,
    "plugins": _plugins,
    "import-log": _import_log,
    "export-log": _export_log,
    "report": _report,
    "schema": _schema,
}


# --------------------------------------------------------------------------- #
# Input, output and errors


class _Failed(Exception):
    """Bad input: one line per problem (without the ``error:`` prefix)."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("; ".join(lines))
        self.lines = tuple(lines)


class _PluginFailed(Exception):
    """A plugin failed (``error`` names it): not the input's fault, exit code 1."""

    def __init__(self, error: PluginError) -> None:
        super().__init__(str(error))
        self.error = error
        cause = error.__cause__
        notes = getattr(cause, "__notes__", ()) if cause is not None else ()
        self.lines = (f"plugin problem: {_one_line(error)}", *(f"  {n}" for n in notes))


def _read(path: str, cls: type[T]) -> T:
    """Read and validate a JSON document; every problem becomes a line naming the file."""
    data = _read_bytes(path, cls)
    return _decode(path, data, cls)


#: What continuing from a progress document costs (docs/cli.md).
_CONTINUED = (
    "PROGRAM is a progress document, so only the sessions in LOG are seen: a plateau or a "
    "stall that began before them goes unnoticed (both look back over earlier sessions); to "
    "keep them, give the planned program and the whole log: hipdip progress program.json "
    "log.json"
)


def _read_program(path: str) -> Program:
    """A program document, or the ``Progress`` document of ``hipdip progress --format json``."""
    return _read_program_or_progress(path)[0]


def _read_program_or_progress(path: str) -> tuple[Program, bool]:
    """:func:`_read_program`, and whether the document was a ``Progress`` one."""
    from hipdip.io import loads

    data = _read_bytes(path, Program)
    try:
        return loads(data, Program), False
    except ValidationError as exc:
        problem = exc
    keys = _top_keys(data)
    if keys is not None and "program" in keys and keys <= {"schema_version", *_fields(Progress)}:
        return _decode(path, data, Progress).program, True
    raise _Failed(_document_lines(path, data, Program, problem))


def _decode(path: str, data: bytes, cls: type[T]) -> T:
    from hipdip.io import loads

    try:
        return loads(data, cls)
    except ValidationError as exc:
        raise _Failed(_document_lines(path, data, cls, exc)) from None


def _document_lines(path: str, data: bytes, cls: type, exc: ValidationError) -> list[str]:
    where = _label(path)
    hint = _other_document(data, cls)
    if hint:
        return [f"{where}: {hint}"]
    return [_locate(error, where, ()) for error in exc.errors]


#: Bytes read at a time when only counting how large an oversized input is.
_CHUNK = 1024 * 1024
#: Past this, stdin is not read any further to say how large it is.
_COUNT_LIMIT = 1024 * 1024 * 1024


def _read_bytes(
    path: str, cls: type, *, expected: str | None = None, noun: str = "a JSON file"
) -> bytes:
    """The bytes of ``path`` (``-``: stdin), at most the 16 MiB hipdip reads; else :class:`_Failed`.

    ``expected`` says what an empty file should have held (default: ``cls``'s document);
    ``noun`` what a directory is not.
    """
    from hipdip.io import MAX_DOCUMENT_BYTES

    where = _label(path)
    size: int | None = None
    try:
        if path == _STDIN:
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise _Failed([f"{where}: standard input is closed"])
            data: bytes = stream.read(MAX_DOCUMENT_BYTES + 1)
            if len(data) > MAX_DOCUMENT_BYTES:
                size = len(data) + _count_rest(stream)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
                if len(data) > MAX_DOCUMENT_BYTES:
                    size = _file_size(handle, len(data))
    except FileNotFoundError:
        raise _Failed([f"{where}: no such file"]) from None
    except IsADirectoryError:
        raise _Failed([f"{where}: is a directory, not {noun}"]) from None
    except PermissionError:
        raise _Failed([f"{where}: cannot read it (permission denied)"]) from None
    except OSError as exc:
        raise _Failed([f"{where}: cannot read it ({exc.strerror or exc})"]) from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise _Failed([f"{where}: cannot open it ({exc})"]) from None
    if size is not None:
        mib = MAX_DOCUMENT_BYTES // (1024 * 1024)
        shown = f"more than {size:,} bytes" if size >= _COUNT_LIMIT else f"{size:,} bytes"
        raise _Failed(
            [
                f"{where}: too large: {shown}; hipdip reads documents of up to {mib} MiB "
                f"({MAX_DOCUMENT_BYTES:,} bytes)"
            ]
        )
    if not data.strip():
        raise _Failed([f"{where}: empty (expected {expected or _expected(cls)})"])
    return data


def _count_rest(stream: Any) -> int:
    """How many more bytes ``stream`` holds (read and dropped; stops at :data:`_COUNT_LIMIT`)."""
    total = 0
    while total < _COUNT_LIMIT:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
    return total


def _file_size(handle: Any, already: int) -> int:
    import os

    try:
        return max(os.fstat(handle.fileno()).st_size, already)
    except OSError:  # pragma: no cover - a file hipdip just read
        return already + _count_rest(handle)


def _expected(cls: type) -> str:
    """What a file should hold, in words: ``a profile (see: hipdip schema profile --example)``."""
    from hipdip.schema import DOCUMENTS

    for name, known in DOCUMENTS.items():
        if known is cls:
            return f"a {name} document, a JSON object; see: hipdip schema {name} --example"
    return "a JSON object"


def _top_keys(data: bytes) -> set[str] | None:
    """The keys of the top-level JSON object of ``data``, or ``None`` if it is not one."""
    try:
        document = json.loads(data)
    except Exception:  # not JSON, too deep, …: io.loads says what, naming the file
        return None
    return set(document) if isinstance(document, dict) else None


def _fields(cls: type) -> set[str]:
    import attrs

    return {f.name for f in attrs.fields(cls)}


def _other_document(data: bytes, cls: type) -> str | None:
    """A hint when ``data`` is clearly another kind of hipdip document than ``cls``."""
    from hipdip.schema import DOCUMENTS

    found = _top_keys(data)
    if found is None:
        return None
    keys = found - {"schema_version"}
    wanted = next((name for name, c in DOCUMENTS.items() if c is cls), cls.__name__)
    if not keys or keys & _fields(cls):
        return None
    for name, other in DOCUMENTS.items():
        if other is not cls and keys <= _fields(other):
            return (
                f"this is a {name} document, but a {wanted} is expected here "
                f"(see: hipdip schema {wanted})"
            )
    return None


def _label(path: str) -> str:
    return "<stdin>" if path == _STDIN else path


@contextlib.contextmanager
def _problems(
    *,
    where: str | None = None,
    options: Sequence[str] = (),
    documents: dict[str, str] | None = None,
) -> Iterator[None]:
    """Turn hipdip's errors into :class:`_Failed` lines.

    ``where`` prefixes problems of a document (its file name); errors about
    one of ``options`` (``weeks: …``) are shown as the command-line option
    (``--weeks: …``); with ``documents`` (``{"program": "p.json", …}``), a
    problem whose path starts with a document's name (``log.sessions[0]…``)
    names that document's file instead.
    """
    try:
        yield
    except ValidationError as exc:
        raise _Failed([_locate(error, where, options, documents) for error in exc.errors]) from None
    except UnknownIdError as exc:
        option = next((o for o in options if exc.kind.startswith(o)), None)
        prefix = f"--{option}: " if option else ""
        raise _Failed([f"{prefix}{exc}"]) from None
    except PlanningError as exc:
        lines = [f"cannot plan this profile: {exc}"]
        if exc.findings:
            lines = ["cannot plan this profile:"]
            lines += [f"  {f.rule}: {f.message}" for f in exc.findings]
        raise _Failed(lines) from None
    except PluginError as exc:
        if exc.plugin is not None:  # a plugin's fault, not the input's
            raise _PluginFailed(exc) from None
        raise _Failed([f"plugin problem: {exc}", *getattr(exc, "__notes__", ())]) from None
    except HipdipError as exc:
        raise _Failed([str(exc)]) from None


def _locate(
    error: str,
    where: str | None,
    options: Sequence[str],
    documents: dict[str, str] | None = None,
) -> str:
    for option in options:
        if error.startswith(f"{option}:"):
            return f"--{error}"
    for name, label in (documents or {}).items():
        for sep in (".", ": "):
            if error.startswith(name + sep):
                return f"{label}: {error[len(name) + len(sep) :]}"
    error = error.removeprefix("document: ")
    return f"{where}: {error}" if where else error


def _output(obj: object, form: str, units: str | None = None) -> str:
    if form == "json":
        return _json(obj)
    from hipdip.render import to_markdown

    return to_markdown(obj, units=units)


def _read_text(path: str) -> str:
    """A text file (UTF-8, a byte-order mark allowed), every problem naming the file."""
    data = _read_bytes(path, str, expected="a training log exported as CSV", noun="a file")
    # UTF-16 with its byte-order mark, as some spreadsheets save "Unicode text" (and as
    # JSON documents are read): an attacker's review found it refused here only.
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"  # (its mark starts like UTF-16's: looked at first)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    save = 'save it as UTF-8 (a spreadsheet\'s "CSV UTF-8")'
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise _Failed(
            [
                f"{_label(path)}: not {encoding.removesuffix('-sig').upper()} text (byte "
                f"{exc.start}); {save}"
            ]
        ) from None
    if "\x00" in text:
        # UTF-16 or UTF-32 without its byte-order mark reads as UTF-8 full of NULs.
        raise _Failed(
            [f"{_label(path)}: holds NUL characters (UTF-16 or UTF-32 without a mark?); {save}"]
        )
    return text


#: What a weigh-ins file holds, in words.
_WEIGH_INS = "weigh-ins: a hipdip measurements document, a FHIR Bundle or Open mHealth data points"


def _read_measurements(path: str) -> MeasurementLog:
    """Weigh-ins: a hipdip measurements document, a FHIR R4 Bundle/Observation, or Open mHealth."""
    from hipdip.io import _parse_json, from_dict
    from hipdip.measurements import from_fhir, from_openmhealth

    where = _label(path)
    raw = _read_bytes(path, MeasurementLog, expected=_WEIGH_INS)
    try:
        data = _parse_json(raw.removeprefix(b"\xef\xbb\xbf"))  # strict: no NaN, no key twice
        if isinstance(data, dict) and "resourceType" in data:
            return from_fhir(data)
        if isinstance(data, list) and data and all(isinstance(i, dict) for i in data):
            if all("resourceType" in i for i in data):
                return from_fhir(data)
            return from_openmhealth(data)
        if isinstance(data, dict) and ("header" in data or "body_weight" in data):
            return from_openmhealth(data)
        if not isinstance(data, dict):
            raise _Failed([f"{where}: expected {_WEIGH_INS} (got {_json_kind(data)})"])
        return from_dict(data, MeasurementLog)
    except ValidationError as exc:
        raise _Failed([_locate(error, where, ()) for error in exc.errors]) from None


def _json_kind(value: object) -> str:
    """A JSON value's kind in JSON's words: ``an array``, ``a string``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an empty array" if value == [] else "an array"


def _json(obj: object, *, where: str = "output", smaller: str = "") -> str:
    """``obj`` as a JSON document hipdip reads back: indented, or compact when that is too large.

    A document over the 16 MiB hipdip reads (a log imported from years of
    another app's history) is never written: :class:`_Failed`, with
    ``smaller`` (how to get a smaller one).
    """
    from hipdip.io import MAX_DOCUMENT_BYTES, dumps

    text = dumps(obj, indent=2) + "\n"
    if len(text.encode("utf-8")) <= MAX_DOCUMENT_BYTES:
        return text
    text = dumps(obj) + "\n"  # compact: about a third of the indented size
    size = len(text.encode("utf-8"))
    if size <= MAX_DOCUMENT_BYTES:
        return text
    mib = MAX_DOCUMENT_BYTES // (1024 * 1024)
    raise _Failed(
        [
            f"{where}: {size:,} bytes as JSON, more than the {mib} MiB hipdip reads back; "
            f"nothing written{'; ' + smaller if smaller else ''}"
        ]
    )


def _deliver(text: str, output: str | None, *, announce: bool = False) -> None:
    """Write ``text`` to stdout, or atomically to ``output``; :class:`_Failed` if it cannot be.

    ``announce`` prints ``wrote FILE`` once the file is written (``hipdip report``).
    """
    if output is None or output == _STDIN:
        _write_stdout(text)
        return
    _write_file(output, text)
    if announce:
        _write_stdout(f"wrote {output}\n")


def _write_stdout(text: str) -> None:
    stream = sys.stdout
    if stream is None:
        raise _Failed(["cannot write the output: standard output is closed (give -o FILE)"])
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # e.g. `hipdip plan --example | head`: the reader has what it wanted
        _silence_stdout()
    except (OSError, ValueError) as exc:  # a full disk, a closed stream
        _silence_stdout()
        raise _Failed([f"cannot write the output to standard output ({_reason(exc)})"]) from None


def _write_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    An error leaves ``path`` as it was (it may be one of the inputs); an
    existing file keeps its permissions, a new one gets the usual ones (not
    ``mkstemp``'s private 0600).
    """
    import os
    import stat
    import tempfile

    target = os.path.abspath(path)
    if os.path.isdir(target):
        raise _Failed([f"--output {path}: is a directory"])
    try:
        kind = os.stat(target).st_mode  # through symbolic links
    except (OSError, ValueError):
        kind = None
    if kind is not None and not stat.S_ISREG(kind):
        # /dev/stdout, /dev/null, a named pipe: written into, never renamed over (a rename
        # replaced the device node itself with a regular file, for whoever may write in /dev).
        _write_special(path, text)
        return
    if kind is not None:
        target = os.path.realpath(target)  # a link to a file: the file is replaced, not the link
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise _Failed([f"--output {path}: no such folder {folder}"])
    mode = None if kind is None else kind & 0o777  # an existing file keeps its permissions
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except (OSError, ValueError) as exc:
        raise _Failed([f"--output {path}: cannot write there ({_reason(exc)})"]) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except (OSError, ValueError) as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _Failed([f"--output {path}: cannot write it ({_reason(exc)})"]) from None


def _reason(exc: OSError | ValueError) -> str:
    """Why a write failed, in the system's words where it has them."""
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _write_special(path: str, text: str) -> None:
    """Write ``text`` into an existing file that is not a regular one (a device, a pipe)."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
    except (OSError, ValueError) as exc:
        raise _Failed([f"--output {path}: cannot write it ({_reason(exc)})"]) from None


def _silence_stdout() -> None:
    """Point stdout at the null device, so nothing left in its buffer fails again at exit."""
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _error(line: str) -> None:
    print(f"error: {line}", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


@contextlib.contextmanager
def _plugin_warnings() -> Iterator[None]:
    """Show plugin warnings as one ``warning: …`` line each, without Python's decoration."""

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        print(f"warning: {_one_line(Exception(str(message)))}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", HipdipPluginWarning)
        warnings.showwarning = show
        yield


# --------------------------------------------------------------------------- #
# Choosing exercises


_NO_EQUIPMENT = frozenset({"none", "bodyweight"})


def _equipment(names: Sequence[str], cat: Catalog) -> tuple[frozenset[str], list[str]]:
    """The equipment set named by ``--equipment`` (comma lists allowed) and unknown names."""
    from hipdip.inputs import equipment_vocabulary

    known = equipment_vocabulary(cat)
    have: set[str] = set()
    unknown: list[str] = []
    for raw in names:
        for name in (part.strip() for part in raw.split(",")):
            if not name or name in _NO_EQUIPMENT:
                continue
            if name in known:
                have.add(name)
            else:
                unknown.append(str(UnknownIdError("equipment", name, sorted(known))))
    return frozenset(have), unknown


_ROLE_ORDER = {Role.PRIMARY: 0, Role.SECONDARY: 1, Role.STABILIZER: 2}


def _by_role(exercise: Exercise, muscle: str) -> tuple[int, float, str]:
    target = exercise.target(muscle)
    assert target is not None
    activation = -(target.activation_mvic if target.activation_mvic is not None else -1.0)
    return (_ROLE_ORDER[target.role], activation, exercise.id)
