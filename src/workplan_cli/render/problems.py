"""Validation problems as text, JSON, GitHub Actions annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workplan_cli.errors import CODES, Problem
from workplan_cli.i18n import _, ngettext
from workplan_cli.text import one_line, visible
from workplan_cli.vocabulary import JSON_FORMAT

if TYPE_CHECKING:
    from workplan_cli.validation import ValidationReport


def render_problems(report: ValidationReport, fmt: str, root: Path, version: str) -> str:
    """The report in the format asked for: text, json, github or sarif."""
    if fmt == "json":
        return as_json(report)
    if fmt == "github":
        return as_github(report, root)
    return as_sarif(report.problems, root, version) if fmt == "sarif" else as_text(report)


def _checked(report: ValidationReport) -> str:
    """e.g. "3 plan files and 64 progress records checked"."""
    plans, records = len(report.plans), len(report.records)
    # TRANSLATORS: the start of "3 plan files and 64 progress records checked"
    plan_files = ngettext("{count} plan file", "{count} plan files", plans).format(count=plans)
    progress_records = ngettext(
        "{count} progress record", "{count} progress records", records
    ).format(count=records)
    if not report.records:
        return _("{plan_files} checked").format(plan_files=plan_files)
    if not report.plans:
        return _("{progress_records} checked").format(progress_records=progress_records)
    return _("{plan_files} and {progress_records} checked").format(
        plan_files=plan_files, progress_records=progress_records
    )


def _summary(report: ValidationReport) -> str:
    """The last line: what was checked, and how many problems in how many files."""
    if report.ok:
        # TRANSLATORS: {checked} is e.g. "5 plan files and 41 progress records checked"
        return _("ok: {checked}, no problems").format(checked=_checked(report))
    bad = len({p.path for p in report.problems})
    count = len(report.problems)
    problems = ngettext("{count} problem", "{count} problems", count).format(count=count)
    files = ngettext("{count} file", "{count} files", bad).format(count=bad)
    # TRANSLATORS: e.g. "2 problems in 1 file (5 plan files checked)"
    return _("{problems} in {files} ({checked})").format(
        problems=problems, files=files, checked=_checked(report)
    )


def as_text(report: ValidationReport) -> str:
    """One `path:line:col: error[CODE]: message` line per problem, a hint under it, a count."""
    lines: list[str] = []
    for p in report.problems:
        lines.append(f"{one_line(p.where)}: error[{p.code}]: {one_line(p.message)}")
        if p.hint:
            lines.append("  " + _hint(one_line(p.hint)))
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _hint(hint: str) -> str:
    """'hint: ...', as every command says it under an error."""
    return _("hint: {hint}").format(hint=hint)


def _as_dict(p: Problem) -> dict[str, Any]:
    return {
        "path": p.path,
        "line": p.line or None,
        "column": p.col or None,
        "code": p.code,
        "title": p.title,
        "message": p.message,
        "hint": p.hint,
    }


def as_json(report: ValidationReport) -> str:
    """The problems as one JSON document (documented in docs/errors.md)."""
    doc = {
        "format": JSON_FORMAT,
        "valid": report.ok,
        "files": list(report.files),
        "plan_files": list(report.plans),
        "record_files": list(report.records),
        "problem_count": len(report.problems),
        "problems": [_as_dict(p) for p in report.problems],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _importance(p: Problem) -> tuple[int, Problem]:
    # A file that cannot be read or parsed hides everything else in it; then the schema; then rules.
    rank = 0 if p.code < "WP100" else 1 if p.code < "WP104" else 2
    return rank, p


def as_github(report: ValidationReport, root: Path, cwd: Path | None = None) -> str:
    """GitHub Actions `::error` annotations, most important first, then a count.

    GitHub shows only about ten annotations per step, hence the order and the count.
    Paths are relative to the repository root, as GitHub expects.
    """
    cwd = cwd or Path.cwd()
    lines = []
    for p in sorted(report.problems, key=_importance):
        props = f"file={_escape_property(visible(_relative_uri(p.path, root, cwd)))}"
        if p.line:
            props += f",line={p.line},col={p.col}"
        props += f",title={_escape_property(f'{p.code} {_(p.title)}')}"
        message = visible(p.message + ("\n" + _hint(p.hint) if p.hint else ""))
        lines.append(f"::error {props}::{_escape_data(message)}")
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def as_sarif(problems: Sequence[Problem], root: Path, version: str, cwd: Path | None = None) -> str:
    """SARIF 2.1.0 with one rule per error code and repository-relative URIs."""
    cwd = cwd or Path.cwd()
    codes = sorted(CODES)
    explained = _explanations()
    rules = [
        {
            "id": code,
            "name": CODES[code].title().replace(" ", "").replace("-", ""),
            "shortDescription": {"text": CODES[code]},
            **_help(explained.get(code)),
        }
        for code in codes
    ]
    results = []
    for p in problems:
        region = {"startLine": p.line or 1, "startColumn": p.col or 1}
        text = p.message + (f" ({_hint(p.hint)})" if p.hint else "")
        results.append(
            {
                "ruleId": p.code,
                "ruleIndex": codes.index(p.code),
                "level": "error",
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": _relative_uri(p.path, root, cwd),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": region,
                        }
                    }
                ],
            }
        )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "workplan",
                        "version": version,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _explanations() -> dict[str, str]:
    """Each code's section of docs/errors.md (shipped in the package), as Markdown; empty
    when the file cannot be read (a checkout without symbolic links)."""
    from importlib.resources import files

    try:
        text = files("workplan_cli").joinpath("errors.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    found = {}
    for part in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        code, _sep, body = part.partition("\n")
        body = re.split(r"^#", body, maxsplit=1, flags=re.MULTILINE)[0].strip()
        if re.fullmatch(r"WP\d{3}", code.strip()) and body:
            found[code.strip()] = body
    return found


def _help(markdown: str | None) -> dict[str, Any]:
    """A SARIF rule's fullDescription and help, from its Markdown explanation."""
    if not markdown:
        return {}
    plain = re.sub(r"\*\*|`", "", markdown)
    first = plain.split("\n\n", 1)[0].replace("\n", " ")
    return {
        "fullDescription": {"text": first},
        "help": {"text": plain, "markdown": markdown},
    }


def _relative_uri(path: str, root: Path, cwd: Path) -> str:
    full = (cwd / path).absolute()
    try:
        return full.relative_to(root.absolute()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with a .git entry, else ``start``."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
