"""The ``hipdip`` command (also ``python -m hipdip``).

Every command prints Markdown for people (``--format md``, the default, made
by :func:`hipdip.render.to_markdown`) or a JSON document that
:func:`hipdip.io.loads` reads back (``--format json``). Bad input never ends in
a traceback: each problem is one ``error: …`` line on stderr and the exit code
is 2. A broken plugin is not bad input: a plugin rule that fails while it
runs is skipped with a ``warning: …`` line naming it (exit 0), and a plugin
that cannot be worked around (a scheme that fails, or any plugin failure with
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
import json
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import IO, Any, TypeVar

from hipdip import __version__
from hipdip.errors import (
    HipdipError,
    HipdipPluginWarning,
    PlanningError,
    PluginError,
    UnknownIdError,
    ValidationError,
)
from hipdip.models import Exercise, Goal, Profile, Program, Role, TrainingLog

__all__ = ["EXIT_BAD_INPUT", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "main"]

T = TypeVar("T")

EXIT_OK = 0
#: Bad input: a missing or unreadable file, bad JSON, invalid fields, an unknown id.
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
    except _Failed as failed:
        for line in failed.lines:
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
    _write(sys.stdout, text)
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
    with _problems(options=("weeks", "scheme")):
        program = plan_program(profile, weeks=args.weeks, scheme=args.scheme)
    return _output(program, args.format)


def _progress(args: argparse.Namespace) -> str:
    from hipdip.progression import progress

    if args.program == _STDIN and args.log == _STDIN:
        raise _Failed(["only one of PROGRAM and LOG can be read from stdin (-)"])
    program = _read(args.program, Program)
    log = _read(args.log, TrainingLog)
    with _problems(where=_label(args.log)):
        result = progress(program, log)
    if args.format == "json":
        return _json(result)
    from hipdip.render import to_markdown

    return to_markdown(result, log=log)


def _nutrition(args: argparse.Namespace) -> str:
    from hipdip.nutrition import nutrition_plan

    profile = _read(args.profile, Profile)
    with _problems(options=("goal",)):
        plan = nutrition_plan(profile, goal=args.goal)
    return _output(plan, args.format)


def _assess(args: argparse.Namespace) -> str:
    from hipdip.assessment import assess

    profile = _read(args.profile, Profile)
    with _problems():
        result = assess(profile)
    return _output(result, args.format)


def _exercises(args: argparse.Namespace) -> str:
    from hipdip.registry import catalog

    with _problems():
        cat = catalog()
    exercises: list[Exercise] = list(cat.exercises.values())
    problems: list[str] = []
    have: frozenset[str] | None = None
    if args.equipment is not None:
        have, unknown = _equipment(args.equipment, exercises)
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

    return exercises_to_markdown(exercises, equipment=have, muscle=muscle)


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
    program = _read(args.program, Program)
    log = None if args.log is None else _read(args.log, TrainingLog)
    with _problems(where=None if args.log is None else _label(args.log)):
        page = to_html(program, log=log)
    if args.output == _STDIN:
        return page
    _write_file(args.output, page)
    return f"wrote {args.output}\n"


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

Exit codes: 0 done; 2 bad input (one 'error: …' line per problem on stderr);
1 a bug in hipdip or a broken plugin (named); 130 interrupted.
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
  hipdip plan me.json --format json > program.json
  hipdip progress program.json log.json
  hipdip progress program.json log.json --format json > progress.json

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

The charts need the charts extra (pip install "hipdip[charts]"); without it
the page says so and still has the muscle map and every table. The file is
written whole or not at all (a temporary file, then renamed).
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
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    sub: dict[str, argparse.ArgumentParser] = {}
    for name, (summary, description, epilog) in _COMMANDS.items():
        sub[name] = commands.add_parser(
            name,
            help=summary,
            description=description,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
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
    progress.add_argument("program", metavar="PROGRAM", help="program JSON (from hipdip plan)")
    progress.add_argument("log", metavar="LOG", help="training log JSON")
    _format(progress)

    nutrition = sub["nutrition"]
    _profile_argument(nutrition)
    nutrition.add_argument(
        "--goal",
        choices=[goal.value for goal in Goal],
        help="override the profile's goal",
    )
    _format(nutrition)

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
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the HTML file to write (- for stdout)",
    )

    schema = sub["schema"]
    schema.add_argument("document", choices=["profile", "program", "log"], help="which document")
    schema.add_argument(
        "--example", action="store_true", help="print an example document instead of the schema"
    )
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


_RUNNERS: dict[str, Callable[[argparse.Namespace], str]] = {
    "plan": _plan,
    "progress": _progress,
    "nutrition": _nutrition,
    "assess": _assess,
    "exercises": _exercises,
    "plugins": _plugins,
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
    from hipdip.io import MAX_DOCUMENT_BYTES, loads

    where = _label(path)
    try:
        if path == _STDIN:
            data: bytes = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise _Failed([f"{where}: no such file"]) from None
    except IsADirectoryError:
        raise _Failed([f"{where}: is a directory, not a JSON file"]) from None
    except OSError as exc:
        raise _Failed([f"{where}: cannot read it ({exc.strerror or exc})"]) from None
    try:
        return loads(data, cls)
    except ValidationError as exc:
        hint = _other_document(data, cls)
        lines = [_locate(error, where, ()) for error in exc.errors]
        raise _Failed([f"{where}: {hint}"] if hint else lines) from None


def _other_document(data: bytes, cls: type) -> str | None:
    """A hint when ``data`` is clearly another kind of hipdip document than ``cls``."""
    import attrs

    from hipdip.schema import DOCUMENTS

    try:
        document = json.loads(data)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    keys = set(document) - {"schema_version"}
    wanted = next((name for name, c in DOCUMENTS.items() if c is cls), cls.__name__)
    fields = {f.name for f in attrs.fields(cls)}
    if not keys or keys & fields:
        return None
    for name, other in DOCUMENTS.items():
        if other is not cls and keys <= {f.name for f in attrs.fields(other)}:
            return (
                f"this is a {name} document, but a {wanted} is expected here "
                f"(see: hipdip schema {wanted})"
            )
    return None


def _label(path: str) -> str:
    return "<stdin>" if path == _STDIN else path


@contextmanager
def _problems(*, where: str | None = None, options: Sequence[str] = ()) -> Iterator[None]:
    """Turn hipdip's errors into :class:`_Failed` lines.

    ``where`` prefixes problems of a document (its file name); errors about
    one of ``options`` (``weeks: …``) are shown as the command-line option
    (``--weeks: …``).
    """
    try:
        yield
    except ValidationError as exc:
        raise _Failed([_locate(error, where, options) for error in exc.errors]) from None
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


def _locate(error: str, where: str | None, options: Sequence[str]) -> str:
    for option in options:
        if error.startswith(f"{option}:"):
            return f"--{error}"
    return f"{where}: {error}" if where else error


def _output(obj: object, form: str) -> str:
    if form == "json":
        return _json(obj)
    from hipdip.render import to_markdown

    return to_markdown(obj)


def _json(obj: object) -> str:
    from hipdip.io import dumps

    return dumps(obj, indent=2) + "\n"


def _write_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file beside it, then a rename."""
    import os
    import tempfile

    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise _Failed([f"--output {path}: is a directory"])
    if not os.path.isdir(folder):
        raise _Failed([f"--output {path}: no such folder {folder}"])
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise _Failed([f"--output {path}: cannot write there ({exc.strerror or exc})"]) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a report is not
        os.replace(temporary, target)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(temporary)
        raise _Failed([f"--output {path}: cannot write it ({exc.strerror or exc})"]) from None


def _write(stream: IO[str], text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:  # e.g. `hipdip plan --example | head`
        _silence_stdout()


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _error(line: str) -> None:
    print(f"error: {line}", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."


@contextmanager
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


def _equipment(
    names: Sequence[str], exercises: Sequence[Exercise]
) -> tuple[frozenset[str], list[str]]:
    """The equipment set named by ``--equipment`` (comma lists allowed) and unknown names."""
    from hipdip.builtin.exercises import EQUIPMENT

    known = set(EQUIPMENT).union(*(e.equipment for e in exercises))
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
