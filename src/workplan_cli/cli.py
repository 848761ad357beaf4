"""The command line: parse, make one core call, render, exit; the only module that uses typer."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Optional

import typer

from workplan_cli import __version__
from workplan_cli.errors import ExitCode, UsageError, WorkplanError

app = typer.Typer(
    name="workplan",
    help=(
        "Track ASEAN cooperation plans against transnational crime: check plan files, "
        "print the plan format's JSON Schema, start a new plan.\n\n"
        "Plans are TOML files in a plans/ directory, found as --plans DIR, else "
        "$WORKPLAN_PLANS, else the nearest plans/ from here upwards."
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_show_locals=False,
)

PlansOption = Annotated[
    Optional[Path],  # noqa: UP045  # typer needs Optional on Python 3.11 for this signature
    typer.Option(
        "--plans",
        help="The plans directory (default: $WORKPLAN_PLANS, else the nearest plans/ upwards).",
        show_default=False,
    ),
]


class ProblemFormat(StrEnum):
    """Output formats of `workplan validate`."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@contextmanager
def _reported() -> Iterator[None]:
    """The one error funnel: a WorkplanError becomes a message on stderr and an exit code."""
    try:
        yield
    except WorkplanError as err:
        typer.echo(f"error: {err.message}", err=True)
        if err.hint:
            typer.echo(f"  hint: {err.hint}", err=True)
        raise typer.Exit(int(err.exit_code)) from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"workplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Track ASEAN cooperation plans against transnational crime."""


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045  # see PlansOption
        typer.Argument(
            metavar="[PATH]...",
            help="Plan files or directories to check (default: every plan in the plans directory).",
            show_default=False,
        ),
    ] = None,
    plans: PlansOption = None,
    output: Annotated[
        ProblemFormat,
        typer.Option("--format", "-f", help="text, json, github (annotations) or sarif."),
    ] = ProblemFormat.text,
) -> None:
    """Check plan files: syntax, keys, types, ids, dates, country codes and sources.

    Reports every problem at once as path:line:col: error[CODE]: message, with a
    hint where one helps. Exit 0 when all is valid, 1 when anything is not.

    Examples:

      workplan validate

      workplan validate plans/somtc-japan-2023-2027.toml --format github
    """
    from workplan_cli.loader import validate_paths
    from workplan_cli.paths import find_plans_dir
    from workplan_cli.render import problems as render

    with _reported():
        targets = list(paths) if paths else [find_plans_dir(plans)]
        report = validate_paths(targets)
        root = render.repository_root(Path.cwd())
        if output is ProblemFormat.json:
            text = render.as_json(report.problems, report.files)
        elif output is ProblemFormat.github:
            text = render.as_github(report.problems, report.files, root)
        elif output is ProblemFormat.sarif:
            text = render.as_sarif(report.problems, root, __version__)
        else:
            text = render.as_text(report.problems, report.files)
        sys.stdout.write(text)
        raise typer.Exit(int(ExitCode.OK if report.ok else ExitCode.INVALID))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the plan file format, for editors and check-jsonschema.

    Examples:

      workplan schema > plans/plan.schema.json

      check-jsonschema --schemafile plans/plan.schema.json plans/*.toml
    """
    from workplan_cli.models import plan_json_schema

    sys.stdout.write(json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command()
def new(
    plan_id: Annotated[
        str,
        typer.Argument(
            metavar="PLAN-ID",
            help="Lowercase id, e.g. somtc-india-2026-2030; a trailing YYYY-YYYY sets the period.",
            show_default=False,
        ),
    ],
    plans: PlansOption = None,
) -> None:
    """Write a commented plan skeleton that validates, as PLANS/PLAN-ID.toml.

    Without a plans directory here or above, it creates ./plans. It never
    overwrites a file.

    Example:

      workplan new somtc-india-2026-2030
    """
    from workplan_cli.files import create_file
    from workplan_cli.models import is_plan_id
    from workplan_cli.paths import display_path, plans_dir_for_new
    from workplan_cli.skeleton import plan_skeleton, plan_years

    with _reported():
        if not is_plan_id(plan_id):
            raise UsageError(
                f'"{plan_id}" is not a valid plan id',
                hint="use lowercase letters, digits and single hyphens, e.g. somtc-india-2026-2030",
            )
        years = plan_years(plan_id, dt.date.today())
        if years is None:
            raise UsageError(
                f'the years at the end of "{plan_id}" are not a plan period',
                hint="write the first year, then the last, e.g. somtc-india-2026-2030",
            )
        target = plans_dir_for_new(plans) / f"{plan_id}.toml"
        create_file(target, plan_skeleton(plan_id, *years))
        shown = display_path(target)
        typer.echo(f"Wrote {shown}. Edit it, then run: workplan validate {shown}", err=True)


def main() -> None:
    """Entry point of the `workplan` console script."""
    app()
