"""The command line: parse, make one core call, render, exit; the only module that uses typer."""

import contextlib
import datetime as dt
import errno
import importlib
import os
import re
import shutil
import stat
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, NoReturn, TypeVar

import typer
import typer.core
from typer import _click as click  # the click typer carries (and runs on)
from typer._click.exceptions import UsageError as ClickUsageError

from workplan_cli import __version__, complete
from workplan_cli.errors import ExitCode, UsageError, WorkplanError, WriteError
from workplan_cli.i18n import N_, _, ngettext
from workplan_cli.text import inert
from workplan_cli.vocabulary import (
    ENGAGEMENT_RULE,
    IMPLEMENTATION_RULE,
    RAG_AMBER,
    RAG_RED,
    RECORD_STATUSES,
)

if TYPE_CHECKING:
    from workplan_cli.progress import RecordResult
    from workplan_cli.render.terminal import Output


def help_of(command: click.Command) -> list[str]:
    """The help texts of a command: its own and its options' and arguments'."""
    found = [command.help or "", command.short_help or ""]
    found += [getattr(p, "help", None) or "" for p in command.params]
    return found


@contextmanager
def _in_language(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """The command's help texts in the language chosen, while its help is written."""
    from workplan_cli.i18n import _, language

    if language() == "en":
        yield
        return
    texts: list[tuple[object, str]] = [(command, "help"), (command, "short_help")]
    texts += [(p, "help") for p in command.get_params(ctx) if getattr(p, "help", None)]
    kept = [(o, name, getattr(o, name)) for o, name in texts]
    try:
        for o, name, text in kept:
            if text:
                setattr(o, name, _(text))
        yield
    finally:
        for o, name, text in kept:
            setattr(o, name, text)


def _usage(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """'Usage: workplan status [OPTIONS] [PLAN]', its first word in the language chosen."""
    from workplan_cli.i18n import _

    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage:") + " ")


class _UsageInLanguageError(ClickUsageError):
    """A mistake on the command line, said in the language chosen (the click that typer
    carries says them in English)."""

    def show(self, file: Any = None) -> None:
        from workplan_cli.i18n import _

        stream = file or sys.stderr
        if self.ctx is not None:
            again = _("Try '{command} {option}' for help.").format(
                command=self.ctx.command_path, option=self.ctx.help_option_names[0]
            )
            print(f"{self.ctx.get_usage()}\n{again}\n", file=stream)
        print(_("error: {message}").format(message=self.format_message()), file=stream)


def _in_words(exc: ClickUsageError) -> ClickUsageError:
    """``exc`` in the language chosen: the usual mistakes in its words, others framed in them."""
    from typer._click import exceptions

    from workplan_cli.i18n import _, language

    if language() == "en":
        return exc
    message = exc.format_message()
    ctx = exc.ctx
    if isinstance(exc, exceptions.MissingParameter) and exc.param is not None and ctx:
        hint = exc.param.get_error_hint(ctx)
        message = (
            _("missing option {option}") if exc.param.param_type_name == "option"
            else _("missing argument {argument}")
        ).format(option=hint, argument=hint)  # fmt: skip
        choices = getattr(exc.param.type, "choices", None)
        if choices:
            message += "; " + _("choose from: {choices}").format(choices=", ".join(choices))
    elif isinstance(exc, exceptions.NoSuchOption):
        message = _("no such option: {option}").format(option=exc.option_name)
        if exc.possibilities:
            message += "; " + _('did you mean "{word}"?').format(word=sorted(exc.possibilities)[0])
    elif isinstance(exc, exceptions.BadParameter) and exc.param is not None and ctx:
        hint = exc.param.get_error_hint(ctx)
        choices = getattr(exc.param.type, "choices", None)
        given = re.match(r"^('.*?') is not ", exc.message)
        if choices and given:
            message = _("{value} is not a value of {option}; choose from: {choices}").format(
                value=given.group(1), option=hint, choices=", ".join(map(str, choices))
            )
        else:
            message = _("invalid value for {option}: {message}").format(
                option=hint, message=exc.message
            )
    elif unknown := re.match(r"^No such command '(.*?)'\.(?: Did you mean '(.*?)'\?)?$", message):
        message = _("no such command: {name}").format(name=unknown.group(1))
        if unknown.group(2):
            message += "; " + _('did you mean "{word}"?').format(word=unknown.group(2))
    elif extra := re.match(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", message):
        message = _("unexpected extra argument: {args}").format(args=extra.group(1))
    elif needs := re.match(r"^Option ('[^']*') requires (?:an argument|\d+ arguments)\.$", message):
        message = _("option {option} needs a value").format(option=needs.group(1))
    said = _UsageInLanguageError(message, ctx)
    said.exit_code = exc.exit_code
    return said


class _SaysMistakesInLanguage(click.Command):
    """Usage errors of the command line in the language chosen."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except ClickUsageError as exc:
            raise _in_words(exc) from None


class _Command(_SaysMistakesInLanguage, typer.core.TyperCommand):
    """A command whose help and usage errors are written in the language chosen."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_language(self, ctx):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _usage(self, ctx, formatter)


class _Group(_SaysMistakesInLanguage, typer.core.TyperGroup):
    """The workplan command, its help in the language chosen."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except ClickUsageError as exc:  # no such command
            raise _in_words(exc) from None

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with contextlib.ExitStack() as stack:
            stack.enter_context(_in_language(self, ctx))
            for command in self.commands.values():  # each command's line in the list
                stack.enter_context(_in_language(command, ctx))
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _usage(self, ctx, formatter)


app = typer.Typer(
    cls=_Group,
    name="workplan",
    help=(
        "Track ASEAN cooperation plans against transnational crime: check plan files and "
        "progress records, record progress and show its history, show where each plan "
        "stands (status, areas), print the plan format's JSON Schema, start a new plan.\n\n"
        "Plans are TOML files in a plans/ directory, found as --plans DIR, else "
        "$WORKPLAN_PLANS, else the nearest plans/ from here upwards."
    ),
    rich_markup_mode=None,  # plain help: rich help panels cost 0.1 s of imports per run
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)

# --- options and arguments several commands take ---------------------------------------------

PlansOption = Annotated[
    Path | None,
    typer.Option(
        "--plans",
        help="The plans directory (default: $WORKPLAN_PLANS, else the nearest plans/ upwards).",
        show_default=False,
    ),
]
PlanArgument = Annotated[
    str,
    typer.Argument(
        metavar="PLAN",
        help="Plan id, e.g. somtc-japan-2023-2027.",
        autocompletion=complete.plan_ids,
    ),
]
ActivityArgument = Annotated[
    str,
    typer.Argument(
        metavar="ACTIVITY", help='Activity id, e.g. "CT.1".', autocompletion=complete.activity_ids
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The day to show, YYYY-MM-DD (default: today); a past day replays the records.",
        show_default=False,
    ),
]
if TYPE_CHECKING:
    Status = StrEnum
else:  # the choices of --status, one per record status of the vocabulary
    Status = StrEnum("Status", {status: status for status in RECORD_STATUSES})


def _by(help_text: str) -> Any:
    return typer.Option(
        "--by", metavar="CODE", help=help_text, show_default=False, autocompletion=complete.codes
    )


def _lead(help_text: str) -> Any:
    return typer.Option(
        "--lead",
        metavar="CODE",
        help=help_text,
        show_default=False,
        autocompletion=complete.codes,
    )


def _meeting(help_text: str) -> Any:
    return typer.Option(
        "--meeting",
        metavar="ID",
        help=help_text,
        show_default=False,
        autocompletion=complete.meeting_ids,
    )


def _since(help_text: str) -> Any:
    return typer.Option("--since", metavar="DATE", help=help_text, show_default=False)


class WrittenFormat(StrEnum):
    """Output formats of commands that write files: what was written, in words or as JSON."""

    text = "text"
    json = "json"


WrittenOption = Annotated[
    WrittenFormat,
    typer.Option(
        "--format", "-f", help="text (what was written, in words) or json.", case_sensitive=False
    ),
]


class ListFormat(StrEnum):
    """Output formats of commands that print data."""

    text = "text"  # for people, as every command takes it: a table, or plain when piped
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    ListFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="text (the default: a table on a terminal, plain when piped), table, plain, "
        "json or csv.",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every record file; neither trust nor write PLANS/.workplan-cache/.",
    ),
]
NoColorOption = Annotated[
    bool,
    typer.Option("--no-color", help="No colour, even on a terminal (as does NO_COLOR=1)."),
]


class ProblemFormat(StrEnum):
    """Output formats of `workplan validate`."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class SummaryFormat(StrEnum):
    """Output formats of `workplan summary`."""

    md = "md"
    html = "html"
    json = "json"
    docx = "docx"
    pdf = "pdf"


@contextmanager
def _reported() -> Iterator[None]:
    """The one error funnel: a WorkplanError becomes a message on stderr and an exit code; so
    does what the operating system refuses (a name too long, a folder one may not read),
    which is the user's to fix, not a bug."""
    try:
        yield
    except WorkplanError as err:
        _say(err)
    except BrokenPipeError:
        raise  # the reader stopped reading: click ends it
    except OSError as exc:
        _say(_os_error(exc))


def _say(err: WorkplanError) -> NoReturn:
    from workplan_cli.text import one_line

    for message, hint in (*err.details, (err.message, err.hint)):
        typer.echo(_("error: {message}").format(message=one_line(message)), err=True)
        if hint:
            typer.echo("  " + _("hint: {hint}").format(hint=one_line(hint)), err=True)
    raise typer.Exit(int(err.exit_code)) from None


_OS_HINTS: Final = {
    errno.ENAMETOOLONG: N_("use shorter names: most systems allow 255 bytes a name, 4,096 a path"),
    errno.EACCES: N_("ask for access to it, or work on a copy you may read and write"),
    errno.EPERM: N_("ask for access to it, or work on a copy you may read and write"),
    errno.ENOSPC: N_("free some room on the disk, then try again"),
    errno.EROFS: N_("the disk is read-only: work on a copy elsewhere"),
}


def _os_error(exc: OSError) -> WorkplanError:
    """What the system refused, in one line: the file it is about, and why."""
    from workplan_cli.text import shorten

    about = exc.filename if exc.filename is not None else _("the current folder")
    name = shorten(os.fsdecode(about), 80) if isinstance(about, (str, bytes)) else str(about)
    hint = _OS_HINTS.get(exc.errno or 0)
    return WorkplanError(f"{name}: {exc.strerror or exc}", hint=_(hint) if hint else None)


def _out(text: str, fmt: str = "text") -> None:
    """Write to the standard output; a disk that is full, or an output that is gone, is the
    user's to know about, in one line (a reader that stopped reading is left to click).

    Text for people (tables, plain text, messages) is written in the terminal's encoding,
    characters it has not replaced (see ``_tolerant``). Data and documents (JSON, CSV, SARIF,
    annotations, Markdown, HTML) are UTF-8 whatever the locale says, so that nothing is lost
    in a file; CSV written to a file starts with a byte-order mark, so that Excel reads it."""
    if sys.stdout is None:  # started with it closed (`>&-`)
        raise WriteError(_("the output could not be written: the standard output is closed"))
    if fmt != "github":  # annotations are the one output meant to be run by GitHub
        text = inert(text)
    try:
        if fmt in _HUMAN or not hasattr(sys.stdout, "buffer"):
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            bom = "\ufeff" if fmt == "csv" and _to_a_file() else ""
            sys.stdout.buffer.write((bom + text).encode("utf-8"))
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unwritten(exc) from None


def _unwritten(exc: OSError) -> WriteError:
    """The error for an output the system would not let us write."""
    # TRANSLATORS: {reason} is the system's own words, e.g. "No space left on device"
    return WriteError(
        _("the output could not be written: {reason}").format(reason=exc.strerror or exc)
    )


_HUMAN: Final = frozenset({"text", "table", "plain"})


MARKING_LIMIT: Final = 80  # characters: it is printed in a page's margin


def _a_terminal(path: Path | None) -> bool:
    """True when ``path`` (None: the standard output) is a terminal: no place for a docx."""
    if path is None:
        return sys.stdout.isatty()
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError:
        return False  # writing it will say why
    try:
        return os.isatty(handle)
    finally:
        os.close(handle)


def _out_bytes(data: bytes) -> None:
    """A document (docx, pdf) to the standard output, when it is redirected to a file."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _unwritten(exc) from None


def _to_a_file() -> bool:
    """True when the standard output is a regular file (a redirect), not a terminal or pipe."""
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _tolerant() -> None:
    """An output stream whose encoding cannot write a character (cp1252, ascii) writes a
    replacement for it instead of stopping: people read it, and nothing is half-written."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if stream is not None and not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workplan {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    from workplan_cli.i18n import choose

    choose(value)
    return value


@dataclass
class _Globals:
    """Options given before the command (`workplan --plans DIR status`), as git and gh take
    them; the same options after the command win."""

    plans: Path | None = None
    no_color: bool = False


_GLOBAL = _Globals()


def _plans_dir(plans: Path | None) -> Path:
    """The plans directory: --plans (after the command, else before it), $WORKPLAN_PLANS,
    else the nearest plans/ upwards."""
    from workplan_cli.paths import find_plans_dir

    return find_plans_dir(plans or _GLOBAL.plans)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    plans: PlansOption = None,
    no_color: NoColorOption = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="en|id",
            callback=_language,
            is_eager=True,  # before --help, so that the help is in it
            help="Language: en (English) or id (Bahasa Indonesia); default: $WORKPLAN_LANG, "
            "else the system's.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Track ASEAN cooperation plans against transnational crime."""
    _GLOBAL.plans, _GLOBAL.no_color = plans, no_color
    if ctx.invoked_subcommand is None:  # bare `workplan`: the help, on stdout, exit 0
        typer.echo(ctx.get_help())
        raise typer.Exit()


@app.command(cls=_Command)
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH...",
            help="Plan or record files, or directories, to check (default: the plans directory).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = None,
    output: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="text, json, github (annotations) or sarif."),
    ] = ProblemFormat.text,
    no_cache: NoCacheOption = False,
    no_color: NoColorOption = False,  # taken as everywhere; validate's text has no colour
) -> None:
    """Check plan files and progress records: syntax, keys, types, ids, dates, codes, references.

    With no PATH: every plan in the plans directory and every record under
    its progress/ folder. Reports every problem at once, as
    path:line:col: error[CODE]: message, with a hint where one helps.
    Exit 0 when all is valid, 1 when anything is not.

    Examples:

    \b
      workplan validate
      workplan validate plans/somtc-japan-2023-2027.toml --format github
    """
    from workplan_cli.render.problems import render_problems, repository_root
    from workplan_cli.validation import validate_paths

    if output in (ProblemFormat.json, ProblemFormat.sarif):
        from workplan_cli.i18n import choose

        choose("en")  # data for programs: in English, whatever the language (README)
    with _reported():
        targets = list(paths) if paths else [_plans_dir(plans)]
        report = validate_paths(targets, use_cache=not no_cache)
        root = repository_root(Path.cwd())
        _out(render_problems(report, output.value, root, __version__), output.value)
        raise typer.Exit(int(ExitCode.OK if report.ok else ExitCode.INVALID))


@app.command(cls=_Command)
def schema() -> None:
    """Print the JSON Schema of the plan file format, for editors and check-jsonschema.

    Examples:

    \b
      workplan schema > plans/plan.schema.json
      check-jsonschema --schemafile plans/plan.schema.json plans/*.toml
    """
    import json

    from workplan_cli.schema import plan_json_schema

    with _reported():
        _out(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n", "json")


@app.command(cls=_Command)
def new(
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar="PLAN-ID",
            help="Lowercase id, e.g. somtc-india-2026-2030; a trailing YYYY-YYYY sets the period.",
            show_default=False,
        ),
    ],
    partners: Annotated[
        str | None,
        typer.Option(
            "--partners",
            metavar="CODES",
            help='Dialogue partner codes, e.g. "CN JP KR"; "" for an ASEAN-only plan '
            "(default: from the id: china, rok, apt, ...; none when it names none).",
            show_default=False,
        ),
    ] = None,
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            metavar="TEXT",
            help='The consultation track, e.g. "SOMTC+China" (default: from the partners).',
            show_default=False,
        ),
    ] = None,
    output: WrittenOption = WrittenFormat.text,
    plans: PlansOption = None,
) -> None:
    """Write a commented plan skeleton that validates, as PLANS/PLAN-ID.toml.

    Without a plans directory here or above, it creates ./plans. It never
    overwrites a file. Partners come from the id (somtc-china-... is CN,
    apt-... is CN JP KR); an id that names none gives an ASEAN-only plan.

    Examples:

    \b
      workplan new somtc-india-2026-2030
      workplan new somtc-work-programme-2026-2028
      workplan new apt-work-plan-2026-2030 --track "AMMTC+3"
    """
    from workplan_cli.files import create_file
    from workplan_cli.models import is_plan_id
    from workplan_cli.paths import display_path, plans_dir_for_new
    from workplan_cli.skeleton import partner_codes, plan_skeleton, plan_years
    from workplan_cli.typed import check_text

    with _reported():
        if not is_plan_id(plan_id):
            raise UsageError(
                _('"{plan}" is not a valid plan id').format(plan=plan_id),
                hint=_(
                    "use lowercase letters, digits and single hyphens, e.g. somtc-india-2026-2030"
                ),
            )
        years = plan_years(plan_id, dt.date.today())
        if years is None:
            raise UsageError(
                _('the years at the end of "{plan}" are not a plan period').format(plan=plan_id),
                hint=_("write the first year, then the last, e.g. somtc-india-2026-2030"),
            )
        codes = None if partners is None else partner_codes(partners)
        if track is not None:
            check_text("--track", track)
            if not track.strip():
                raise UsageError(
                    _("--track must not be empty"), hint=_('e.g. --track "SOMTC+China"')
                )
        target = plans_dir_for_new(plans or _GLOBAL.plans) / f"{plan_id}.toml"
        create_file(target, plan_skeleton(plan_id, *years, codes, track))
        shown = display_path(target)
        if output is WrittenFormat.json:
            import json

            doc = {"format": 1, "written": shown, "plan": plan_id, "start": f"{years[0]}-01-01",
                   "end": f"{years[1]}-12-31"}  # fmt: skip
            _out(json.dumps(doc, indent=2) + "\n", "json")
        typer.echo(
            _("Wrote {file}. Edit it, then run: workplan validate {file}").format(file=shown),
            err=True,
        )


@app.command(cls=_Command)
def record(
    plan_id: PlanArgument,
    activity_id: ActivityArgument,
    status: Annotated[
        Status, typer.Option("--status", "-s", help="Where it stands.", case_sensitive=False)
    ],
    percent: Annotated[
        str | None,  # a str, to take "40%" and explain "half"
        typer.Option(
            "--percent",
            "-p",
            metavar="0-100",
            help="Share done, 0-100 (completed means 100).",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", "-n", help="Free text, kept exactly as typed.", show_default=False),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The day it is true for, YYYY-MM-DD (default: today).",
            show_default=False,
        ),
    ] = None,
    meeting: Annotated[
        str | None, _meeting("Meeting it was reported at (an id in the plan).")
    ] = None,
    by: Annotated[
        str | None,
        _by("Who reports it: a country code, ASEC, or a body the plan declares."),
    ] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option(
            "--evidence",
            "-e",
            metavar="URL|TITLE=URL",
            help="A report that shows it; repeat for more. Completed needs one.",
            show_default=False,
        ),
    ] = None,
    restricted: Annotated[
        bool,
        typer.Option(
            "--restricted",
            help="The evidence must not be published (public reports leave it out).",
        ),
    ] = False,
    indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator",
            "-i",
            metavar="ID=VALUE",
            help="A value for one of the activity's indicators; repeat for more.",
            show_default=False,
        ),
    ] = None,
    output: WrittenOption = WrittenFormat.text,
    plans: PlansOption = None,
) -> None:
    """Record where an activity stands, as a new file under PLANS/progress/.

    The record is checked against the plan first; if anything is wrong, nothing
    is written. Records are never edited: to correct one, record again with the
    right values and the same --as-of; the new record counts for that day, and
    `workplan history` keeps both. A record made on the wrong activity is taken
    back with `workplan withdraw`. The same values twice write nothing. With
    --meeting and no --as-of, the record is as of the meeting's day.

    Examples:

    \b
      workplan record somtc-japan-2023-2027 CT.1 -s ongoing -p 40 -n "2 of 5 held"
      workplan record somtc-japan-2023-2027 CT.1 -s completed --as-of 2025-06-30 \\
          -e "Final report=https://example.org/report.pdf"
    """
    from workplan_cli.progress import RecordRequest, add_record

    with _reported():
        request = RecordRequest(
            plan=plan_id,
            activity=activity_id,
            status=status.value,
            percent=percent,
            note=note,
            as_of=as_of,
            meeting=meeting,
            reported_by=by,
            evidence=tuple(evidence or ()),
            restricted=restricted,
            indicators=tuple(indicator or ()),
        )
        result = add_record(_plans_dir(plans), request, dt.datetime.now().astimezone())
        _said(result, output)


def _said(result: "RecordResult", fmt: WrittenFormat = WrittenFormat.text) -> None:
    """What `record` and `withdraw` say about what they wrote (or did not need to)."""
    from workplan_cli.render.history import as_recorded, recorded_json, unreadable_warning

    if fmt is WrittenFormat.json:
        _out(recorded_json(result), "json")
    else:
        _out(as_recorded(result))
    warning = unreadable_warning(result)
    if warning:
        typer.echo(warning, err=True)
    if result.written:
        typer.echo(_("Commit the new file with git to share it."), err=True)


@app.command(cls=_Command)
def withdraw(
    plan_id: PlanArgument,
    activity_id: ActivityArgument,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="RECORD-ID",
            help="The record to withdraw: its file name, as `workplan history` lists it.",
        ),
    ],
    reason: Annotated[
        str,
        typer.Option(
            "--reason",
            "-r",
            metavar="TEXT",
            help='Why it is withdrawn, e.g. "recorded on the wrong activity".',
            show_default=False,
        ),
    ],
    by: Annotated[
        str | None,
        _by("Who withdraws it: a country code, ASEC, or a body the plan declares."),
    ] = None,
    output: WrittenOption = WrittenFormat.text,
    plans: PlansOption = None,
) -> None:
    """Withdraw a record made by mistake: it then counts nowhere.

    Writes a new record that names the one withdrawn and gives the reason;
    nothing is deleted. `history` shows the record marked withdrawn, with the
    reason; figures and summaries leave it out. Withdraw a record that should
    never have been made (the wrong activity, a test); to change what a record
    says, record again with the right values and the same --as-of instead.

    Example:

    \b
      workplan withdraw somtc-japan-2023-2027 CT.1 2025-06-30T090000Z-1a2b3c4d \\
          --reason "recorded on the wrong activity; meant CT.2"
    """
    from workplan_cli.progress import WithdrawRequest, withdraw_record

    with _reported():
        request = WithdrawRequest(plan_id, activity_id, record_id, reason, by)
        result = withdraw_record(_plans_dir(plans), request, dt.datetime.now().astimezone())
        _said(result, output)


@app.command(cls=_Command)
def history(
    plan_id: PlanArgument,
    activity_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ACTIVITY",
            help="Only this activity's records.",
            show_default=False,
            autocompletion=complete.activity_ids,
        ),
    ] = None,
    since: Annotated[
        str | None, _since("Only records as of this day (YYYY-MM-DD) or later.")
    ] = None,
    output: FormatOption = None,
    no_color: NoColorOption = False,
    plans: PlansOption = None,
) -> None:
    """Show the progress records of a plan, or of one activity, newest first.

    Every record stays in the history, corrected ones too: for each day, the
    record written last is the one that counts. Records marked * are
    illustrative, not real reports.

    Examples:

    \b
      workplan history somtc-japan-2023-2027
      workplan history somtc-japan-2023-2027 CT.1 --since 2025-01-01 --format csv > ct1.csv
    """
    from workplan_cli.progress import plan_history
    from workplan_cli.render.history import render_history

    with _reported():
        found = plan_history(_plans_dir(plans), plan_id, activity_id, since)
        how = _output(output, no_color)
        _out(render_history(found, how), how.format)


F = TypeVar("F", bound=Callable[..., None])


def _with_vocabulary(command: F) -> F:
    """The help of a command, in the words of the vocabulary: how the rates are made, and the
    RAG thresholds a plan has unless it says otherwise."""
    command.__doc__ = (command.__doc__ or "").format(
        amber=RAG_AMBER, red=RAG_RED, implemented=IMPLEMENTATION_RULE, engaged=ENGAGEMENT_RULE
    )
    return command


@app.command(cls=_Command)
@_with_vocabulary
def status(
    plan_id: Annotated[
        str | None,
        typer.Argument(
            metavar="PLAN",
            help="A plan id, e.g. somtc-japan-2023-2027 (default: every plan, one row each).",
            show_default=False,
            autocompletion=complete.plan_ids,
        ),
    ] = None,
    as_of: AsOfOption = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            metavar="ID",
            help='Only this area or group: an id of the plan ("CT") or a SOMTC area '
            '("cybercrime").',
            show_default=False,
            autocompletion=complete.area_ids,
        ),
    ] = None,
    lead: Annotated[
        str | None,
        _lead("Only activities this country or body leads, e.g. JP."),
    ] = None,
    state: Annotated[
        Status | None,
        typer.Option(
            "--status",
            "-s",
            help="Only activities that stand here.",
            show_default=False,
            case_sensitive=False,
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue activities.")] = False,
    output: FormatOption = None,
    no_color: NoColorOption = False,
    plans: PlansOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show where plans stand: rates, overdue activities and RAG, as of today or any day.

    With no PLAN: one row per plan. With a PLAN: its header, its areas, then
    its activities with status, percent done, expected percent and RAG.
    Implemented = {implemented}; engaged = {engaged}. RAG compares percent done with the share of
    the activity's window gone by: amber and red beyond the plan's [rag]
    thresholds ({amber} and {red} points by default), red when overdue, grey before
    it starts. A missing percent counts as 0. Filters narrow the activities
    that the figures are of.

    Examples:

    \b
      workplan status
      workplan status somtc-japan-2023-2027 --overdue
      workplan status somtc-japan-2023-2027 --as-of 2025-09-11 -f csv > s.csv
    """
    from workplan_cli.planning import Filters
    from workplan_cli.render.status import render_status
    from workplan_cli.standing import all_status, plan_status

    with _reported():
        today = dt.date.today()
        day = _day(as_of, today)
        filters = Filters(area, lead, state.value if state else None, overdue)
        folder = _plans_dir(plans)
        if plan_id is None:
            result = all_status(folder, day, today, filters, use_cache=not no_cache)
        else:
            result = plan_status(folder, plan_id, day, today, filters)
        how = _output(output, no_color)
        _out(render_status(result, how), how.format)
        if result.broken is not None:  # the figures of sound plans are out; now the problems
            raise result.broken


@app.command(cls=_Command)
def areas(
    as_of: AsOfOption = None,
    output: FormatOption = None,
    no_color: NoColorOption = False,
    plans: PlansOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the ten SOMTC priority areas against the plans that cover them.

    Each cell: how many activities of the plan fall in the area, and the share
    implemented as of the day. Areas that no plan covers are listed below.

    Examples:

    \b
      workplan areas
      workplan areas --format json
    """
    from workplan_cli.render.status import render_areas
    from workplan_cli.standing import area_coverage

    with _reported():
        day = _day(as_of, dt.date.today())
        result = area_coverage(_plans_dir(plans), day, use_cache=not no_cache)
        how = _output(output, no_color)
        _out(render_areas(result, how), how.format)
        if result.broken is not None:
            raise result.broken


@app.command(cls=_Command)
def summary(
    plan_id: PlanArgument,
    meeting: Annotated[
        str | None,
        _meeting("The meeting it is for: as of its day, compared with the meeting before."),
    ] = None,
    since: Annotated[
        str | None, _since("Compare with this day (default: the last meeting before --as-of).")
    ] = None,
    as_of: AsOfOption = None,
    output: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="md (Markdown), html (one printable page), docx (Word), pdf or json "
            "(default: from the -o file name's ending, else md).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (replaced if it exists) instead of the screen; - is the screen.",
            show_default=False,
            dir_okay=True,
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option("--public", help="Leave out restricted evidence, and say how much."),
    ] = False,
    marking: Annotated[
        str,
        typer.Option(
            "--marking",
            metavar="TEXT",
            help="A handling marking printed at the top and bottom of every page, e.g. "
            '"RESTRICTED".',
            show_default=False,
        ),
    ] = "",
    plans: PlansOption = None,
) -> None:
    """Write the progress summary of a plan for a consultation: rates, changes, late work.

    With --meeting: as of that meeting's day, compared with the plan's meeting
    before it. Otherwise as of --as-of (default today), compared with --since
    (default: the last meeting before). It holds the rates per priority area
    and their change, what was completed, what is overdue or red, the progress
    reported in the period, what starts or ends in the next twelve months, and
    the indicators. The same files always give the same bytes.

    Examples:

    \b
      workplan summary somtc-japan-2023-2027 --meeting ammtc-japan-10
      workplan summary somtc-japan-2023-2027 --meeting ammtc-japan-10 -o paper.docx
      workplan summary somtc-japan-2023-2027 --meeting ammtc-japan-10 -o paper.pdf \\
        --marking RESTRICTED
      workplan summary somtc-rok-2023-2025 --since 2025-01-01 --public >> $GITHUB_STEP_SUMMARY
    """
    from workplan_cli.render.summary import DOCUMENTS, render_summary
    from workplan_cli.summary import SummaryRequest, make_summary

    with _reported():
        request = SummaryRequest(plan_id, meeting, since, as_of, public)
        folder = _plans_dir(plans)
        marking = " ".join(marking.split())
        if len(marking) > MARKING_LIMIT:
            raise UsageError(
                _(
                    "--marking is {count} characters long; a handling marking is at most {limit}"
                ).format(count=len(marking), limit=MARKING_LIMIT),
                hint=_('e.g. --marking "RESTRICTED"'),
            )
        to_screen = out is None or str(out) == "-"
        if out is not None and not to_screen:
            from workplan_cli.files import refuse_plans_files

            refuse_plans_files(out, folder)
        chosen = output or _format_of(None if to_screen else out)
        if chosen.value in DOCUMENTS and _a_terminal(None if to_screen else out):
            raise UsageError(
                # TRANSLATORS: {format} is docx or pdf
                _("a {format} paper is a file, not for the screen").format(format=chosen.value),
                hint=_("write it to a file: -o paper.{format}").format(format=chosen.value),
            )
        result = make_summary(folder, request, dt.date.today())
        text = render_summary(result, chosen.value, marking)
        if out is None or to_screen:
            _out_bytes(text) if isinstance(text, bytes) else _out(text, chosen.value)
        else:
            from workplan_cli.files import write_output
            from workplan_cli.paths import display_path

            # a text file may be shown in a CI log too
            write_output(out, text if isinstance(text, bytes) else inert(text))
            typer.echo(_("Wrote {file}.").format(file=display_path(out)), err=True)


class DueFormat(StrEnum):
    """Output formats of `workplan due`."""

    text = "text"
    md = "md"
    json = "json"
    csv = "csv"


@app.command(cls=_Command)
def due(
    plan_id: PlanArgument,
    meeting: Annotated[
        str | None,
        _meeting("The meeting it is for (default: the plan's next meeting after today)."),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(
            "--before", metavar="DATE", help="The day it is for, YYYY-MM-DD.", show_default=False
        ),
    ] = None,
    lead: Annotated[
        str | None,
        _lead("Only what this country or body owes."),
    ] = None,
    output: Annotated[
        DueFormat,
        typer.Option("--format", "-f", help="text (to paste into a message), md, json or csv."),
    ] = DueFormat.text,
    plans: PlansOption = None,
) -> None:
    """List who owes an update before a consultation, lead by lead, and why.

    Each activity not completed or cancelled that has no record since the
    meeting before, is overdue, or starts or ends in the period up to the
    meeting, under each of its leads, worded to paste into a message to them.
    Attach the sheet to fill in: workplan template PLAN --lead CODE.

    Examples:

    \b
      workplan due somtc-japan-2023-2027 --meeting ammtc-japan-10
      workplan due somtc-japan-2023-2027 --lead TH
    """
    from workplan_cli.due import due as owed
    from workplan_cli.render.due import render_due

    with _reported():
        result = owed(_plans_dir(plans), plan_id, meeting, before, lead, dt.date.today())
        _out(render_due(result, output.value), output.value)


@app.command(cls=_Command)
def template(
    plan_id: PlanArgument,
    out: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The sheet to write: FILE.xlsx (a workbook) or FILE.csv (replaced if it exists).",
            show_default=False,
        ),
    ],
    lead: Annotated[
        str | None,
        _lead("Only the activities this country or body leads (the sheet for it)."),
    ] = None,
    as_of: AsOfOption = None,
    plans: PlansOption = None,
) -> None:
    """Write a progress sheet to send to those who report: one row per activity.

    The grey columns say where each activity stands as of --as-of (default
    today); the others are filled in, each with a check of what it takes, and
    the sheet comes back through `workplan import`. The Instructions sheet says
    how to fill it in, in plain words.

    Examples:

    \b
      workplan template somtc-japan-2023-2027 -o japan-progress.xlsx
      workplan template somtc-japan-2023-2027 --lead TH -o for-thailand.xlsx
    """
    from workplan_cli.files import refuse_plans_files, write_output
    from workplan_cli.paths import display_path
    from workplan_cli.sheet import make_template

    with _reported():
        folder = _plans_dir(plans)
        kind = out.suffix.lower()
        if kind not in (".xlsx", ".csv"):
            raise UsageError(
                _("{file}: the sheet is written as .xlsx or .csv").format(file=display_path(out)),
                hint=_("e.g. -o progress.xlsx (a workbook for Excel or LibreOffice)"),
            )
        refuse_plans_files(out, folder)
        today = dt.date.today()
        made = make_template(folder, plan_id, lead, _day(as_of, today), today)
        if kind == ".csv":
            from workplan_cli.render.workbook import template_csv

            data = template_csv(made)
        else:
            from workplan_cli.render.workbook import template_xlsx

            data = template_xlsx(made)
        write_output(out, data)
        rows = len(made.rows)
        typer.echo(
            ngettext(
                "Wrote {file}: {count} activity of {plan}, as of {day}. Send it out; import "
                "what comes back with: workplan import {file}",
                "Wrote {file}: {count} activities of {plan}, as of {day}. Send it out; import "
                "what comes back with: workplan import {file}",
                rows,
            ).format(file=display_path(out), count=rows, plan=made.plan.plan.id, day=made.day),
            err=True,
        )


@app.command("import", cls=_Command)
def import_(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The filled sheet: .xlsx (as workplan template made it) or .csv.",
            show_default=False,
        ),
    ],
    by: Annotated[
        str | None,
        _by("Who reports the rows whose Reported by is blank, e.g. TH."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Check every row and say what would be written; write nothing."
        ),
    ] = False,
    plans: PlansOption = None,
) -> None:
    """Record the progress in a filled sheet: one record per filled row.

    Every row is checked exactly as `workplan record` checks a record; if any
    row has a problem, nothing is written and each problem is named by its cell
    (e.g. sheet.xlsx:Progress!J7). Blank rows are skipped. Rows whose values
    are recorded already are not written again, so importing the same sheet
    twice writes nothing the second time.

    Examples:

    \b
      workplan import from-thailand.xlsx --dry-run
      workplan import from-thailand.xlsx --by TH
    """
    from workplan_cli.render.workbook import as_imported
    from workplan_cli.sheet import import_sheet

    with _reported():
        if not file.is_file():
            raise UsageError(
                _("{file}: there is no such file").format(file=file)
                if not file.exists()
                else _("{file} is not a file").format(file=file),
                hint=_("give the filled sheet, e.g. workplan import progress.xlsx"),
            )
        result = import_sheet(
            _plans_dir(plans),
            file,
            by,
            dry_run,
            dt.datetime.now().astimezone(),
        )
        _out(as_imported(result))
        for note in result.notes:
            typer.echo(_("note: {note}").format(note=note), err=True)


@app.command("help", cls=_Command)
def help_(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(metavar="COMMAND", help="The command to explain.", show_default=False),
    ] = None,
) -> None:
    """Show the help of workplan, or of one command (the same as COMMAND --help).

    Example:

    \b
      workplan help record
    """
    group = ctx.parent.command if ctx.parent is not None else None
    commands = getattr(group, "commands", {})
    if command is None:
        assert ctx.parent is not None
        typer.echo(ctx.parent.get_help())
        return
    found = commands.get(command)
    if found is None:
        with _reported():
            from workplan_cli.vocabulary import suggest

            raise UsageError(
                _('there is no command "{command}"').format(command=command),
                hint=suggest(command, sorted(commands), _("commands")),
            )
    with typer.Context(found, info_name=command, parent=ctx.parent) as sub:
        typer.echo(found.get_help(sub))


_ENDINGS: Final = {
    ".md": SummaryFormat.md,
    ".markdown": SummaryFormat.md,
    ".txt": SummaryFormat.md,
    ".html": SummaryFormat.html,
    ".htm": SummaryFormat.html,
    ".json": SummaryFormat.json,
    ".docx": SummaryFormat.docx,
    ".pdf": SummaryFormat.pdf,
}


def _format_of(path: Path | None) -> SummaryFormat:
    """The format a file name asks for (report.docx is Word); Markdown for the screen and a
    name with no ending. An ending that says no format we write is a usage error: nothing is
    written under a name that promises something else (Markdown in report.pdf)."""
    suffix = path.suffix.lower() if path is not None else ""
    if path is None or not suffix:  # the screen, a pipe, /dev/stdout, a name with no ending
        return SummaryFormat.md
    if suffix not in _ENDINGS:
        from workplan_cli.paths import display_path

        endings = ", ".join(sorted(_ENDINGS))
        raise UsageError(
            _("{file}: the ending {ending} says no format workplan writes").format(
                file=display_path(path), ending=suffix
            ),
            hint=_("end the file name with one of {endings}, or give --format").format(
                endings=endings
            ),
        )
    return _ENDINGS[suffix]


def _day(as_of: str | None, today: dt.date) -> dt.date:
    from workplan_cli.typed import parse_date

    return today if as_of is None else parse_date(as_of, "--as-of")


_FORCE: Final = ("FORCE_COLOR", "CLICOLOR_FORCE")  # set, and not 0: colour in CI logs too


def _output(asked: ListFormat | None, no_color: bool) -> "Output":
    """How to write: the format asked for, else a table on a terminal and plain text when
    piped. Colour only in a table, decided in this order: --no-color and NO_COLOR
    (https://no-color.org) turn it off; FORCE_COLOR or CLICOLOR_FORCE (set, not 0) turn it
    on, piped too, where the table is then the default; else a terminal has it, unless
    TERM=dumb."""
    from workplan_cli.render.terminal import Output

    forced = any(os.environ.get(name, "0") not in ("", "0") for name in _FORCE)
    refused = no_color or _GLOBAL.no_color or bool(os.environ.get("NO_COLOR"))
    terminal = sys.stdout.isatty() or (forced and not refused)
    if asked is None or asked is ListFormat.text:
        chosen = ListFormat.table if terminal else ListFormat.plain
    else:
        chosen = asked
    color = (
        chosen is ListFormat.table
        and not refused
        and (forced or (sys.stdout.isatty() and os.environ.get("TERM") != "dumb"))
    )
    width = shutil.get_terminal_size((120, 24)).columns
    encoding = (getattr(sys.stdout, "encoding", "") or "utf-8").lower().replace("-", "")
    return Output(
        chosen.value,
        color=color,
        width=width,
        ascii=not encoding.startswith("utf"),
    )


def main() -> None:
    """Entry point of the `workplan` console script."""
    _without_pydantic_plugins()
    _tolerant()
    try:
        app(args=_global_first(sys.argv[1:]))
    except SystemExit as done:
        _leave(done.code)
    _leave(0)


# options whose value is free text, which may begin with "--lang"
_TEXT_OPTIONS: Final = frozenset({"--reason", "--note", "-n", "--marking", "--title", "--track"})


def _global_first(args: list[str]) -> list[str]:
    """``--lang X`` given anywhere (before ``--``) moved before the command, where the
    workplan command reads it: `workplan status --lang id` as `workplan --lang id status`."""
    head = args[: args.index("--")] if "--" in args else args
    for n, arg in enumerate(head):
        if n and head[n - 1] in _TEXT_OPTIONS:  # "--lang=id" as a note or reason is text
            continue
        if arg == "--lang" and n + 1 < len(head):
            return [*args[n : n + 2], *args[:n], *args[n + 2 :]]
        if arg.startswith("--lang="):
            return [arg, *args[:n], *args[n + 1 :]]
    return args


def _leave(code: int | str | None) -> NoReturn:
    """Flush the output and exit without tearing the interpreter down: freeing every module
    and object costs about a tenth of a short run, and nothing is left to do. Under coverage
    or a debugger, which write their data at exit, the usual way. An output that cannot be
    flushed (a full disk) is said in one line, and the exit code is 1."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        print(code, file=sys.stderr)  # as sys.exit would
    if "coverage" in sys.modules or sys.gettrace() is not None:
        raise SystemExit(_flushed(status))
    os._exit(_flushed(status))  # pragma: no cover  # ends the process: tests/test_e2e.py runs it


def _flushed(status: int) -> int:
    """The exit code once the output streams are flushed: 1 when one could not be (a reader
    that stopped reading, as click says; a full disk, said in one line)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except BrokenPipeError:
            status = status or 1
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed
            with contextlib.suppress(OSError, ValueError, AttributeError):
                said = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                message = _("the output could not be written: {reason}").format(reason=said)
                print(_("error: {message}").format(message=message), file=sys.stderr)
            status = status or 1
    return status


def _without_pydantic_plugins() -> None:
    """Run without pydantic plugins unless PYDANTIC_DISABLE_PLUGINS says otherwise, and
    without the import of importlib.metadata that looking for them costs (about 25 ms).

    pydantic's loader module is replaced, for this process only, by one that has none to
    give; it hands over to the real one as soon as the variable asks for some plugins."""
    name = "pydantic.plugin._loader"
    if name in sys.modules or os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__") not in (
        "__all__",
        "1",
        "true",
    ):
        return

    class NoPlugins(types.ModuleType):
        @staticmethod
        def get_plugins() -> Any:
            setting = os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__")
            return () if setting in ("__all__", "1", "true") else real().get_plugins()

        def __getattr__(self, attr: str) -> Any:
            if attr.startswith("__"):  # the import system asks whether it is a package
                raise AttributeError(attr)
            return getattr(real(), attr)

    def real() -> types.ModuleType:
        if isinstance(sys.modules.get(name), NoPlugins):
            del sys.modules[name]
        return importlib.import_module(name)

    sys.modules[name] = NoPlugins(name)
