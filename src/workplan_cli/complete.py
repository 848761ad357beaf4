"""Tab completion of what the command line names: plan ids, activity ids, areas and groups,
meetings, codes. Fast and forgiving: the plan files are parsed as TOML only (no model, no
records), and anything that cannot be read completes to nothing.

Light on purpose: the command line imports it at start-up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workplan_cli.vocabulary import BUILT_IN_CODES

_MAX_BYTES = 2_000_000  # a plan file larger than this is not read for a completion

SOMTC_AREA_NAMES = (
    "terrorism", "illicit_drug_trafficking", "trafficking_in_persons", "money_laundering",
    "arms_smuggling", "sea_piracy", "international_economic_crime", "cybercrime",
    "wildlife_and_timber_trafficking", "people_smuggling",
)  # fmt: skip


def _plans_dir(ctx: Any) -> Path | None:
    """The plans directory the command line points at, as the command would find it."""
    from workplan_cli.errors import WorkplanError
    from workplan_cli.paths import find_plans_dir

    given = None
    while ctx is not None and given is None:
        given = ctx.params.get("plans")
        ctx = ctx.parent
    try:
        return find_plans_dir(Path(given) if given is not None else None)
    except (WorkplanError, OSError):
        return None


def _plan(ctx: Any) -> dict[str, Any] | None:
    """The plan the command line names, parsed as TOML; None when there is none to read."""
    import tomli

    folder = _plans_dir(ctx)
    plan_id = ctx.params.get("plan_id") or _word_after(ctx.info_name)
    if folder is None or not isinstance(plan_id, str):
        return None
    path = folder / f"{plan_id}.toml"
    try:
        if path.is_symlink() or path.stat().st_size > _MAX_BYTES:
            return None
        return tomli.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _word_after(command: str | None) -> str | None:
    """The first argument after ``command`` on the line being completed. When an option's
    value is being completed, the shell's parse leaves the arguments unset; the words the
    shell gives (bash: COMP_WORDS; zsh, fish: _TYPER_COMPLETE_ARGS) still hold them."""
    line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    words = line.split()
    if command not in words:
        return None
    after = words[words.index(command) + 1 :]
    return next((w for w in after if not w.startswith("-")), None)


def _tables(value: Any) -> Iterator[dict[str, Any]]:
    for item in value if isinstance(value, list) else ():
        if isinstance(item, dict):
            yield item


def _ids(tables: Iterator[dict[str, Any]]) -> list[str]:
    return [t["id"] for t in tables if isinstance(t.get("id"), str)]


def _matching(choices: list[str], incomplete: str) -> list[str]:
    return [c for c in dict.fromkeys(choices) if c.casefold().startswith(incomplete.casefold())]


def plan_ids(ctx: Any, incomplete: str) -> list[str]:
    """The plans of the directory: the stems of its plan files."""
    folder = _plans_dir(ctx)
    if folder is None:
        return []
    try:
        stems = sorted(p.stem for p in folder.glob("*.toml"))
    except OSError:
        return []
    return _matching(stems, incomplete)


def activity_ids(ctx: Any, incomplete: str) -> list[str]:
    """The activities of the plan named before."""
    data = _plan(ctx) or {}
    areas = list(_tables(data.get("areas")))
    return _matching(_ids(a for area in areas for a in _tables(area.get("activities"))), incomplete)


def area_ids(ctx: Any, incomplete: str) -> list[str]:
    """The areas and groups of the plan named (of none: the SOMTC areas)."""
    data = _plan(ctx) or {}
    areas = list(_tables(data.get("areas")))
    own = _ids(iter(areas)) + _ids(g for area in areas for g in _tables(area.get("groups")))
    return _matching([*own, *SOMTC_AREA_NAMES], incomplete)


def meeting_ids(ctx: Any, incomplete: str) -> list[str]:
    """The meetings of the plan named."""
    return _matching(_ids(_tables((_plan(ctx) or {}).get("meetings"))), incomplete)


def codes(ctx: Any, incomplete: str) -> list[str]:
    """Country codes, ASEC, AMS, and the bodies the plan named declares."""
    bodies = _ids(_tables((_plan(ctx) or {}).get("bodies")))
    return _matching([*BUILT_IN_CODES, *bodies], incomplete)
