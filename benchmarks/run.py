"""Time whole commands against their floors and print the figures (run on demand, never in CI).

    python benchmarks/run.py                 # all rows; the 200,000-record row takes long
    python benchmarks/run.py --runs 3        # fewer runs each
    python benchmarks/run.py --large 0       # without the 200,000-record row

Each figure is the median wall time of several runs, with the peak memory
(maximum resident set, from /usr/bin/time), printed beside its floor. A command
and its floor run in turn, run after run, so that a busy machine slows both
alike; the ratio is the figure to compare across machines. Every command runs
once before it is timed, so that Python has compiled its modules and the cache
of records is warm, as on any machine after the first run ("a repeated run").
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable
# As a user's machine: modules compiled once (some sandboxes forbid it), no colour codes.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}
IMPORTS = [PY, "-c", "import typer, rich.table, pydantic, tomllib"]
_PARSE = (
    "import sys, {0}\nfor p in open(sys.argv[1]).read().split('\\n'):\n    {0}.load(open(p, 'rb'))"
)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed; run: pip install -e '.[test]'")
    return found


@dataclass(frozen=True)
class Figure:
    """The median seconds and the largest peak memory (MB) of several runs."""

    seconds: float
    megabytes: int


def _once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds (a clock finer than /usr/bin/time's hundredths) and peak megabytes."""
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M", *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):  # 1: validate's verdict on purpose-made files
        sys.exit(f"{' '.join(command[:3])} failed ({done.returncode}):\n{done.stderr}")
    seconds = time.perf_counter() - started
    kb = done.stderr.strip().splitlines()[-1].split()[1]
    return seconds, int(kb) // 1024


def measure(
    commands: dict[str, list[str]], cwd: Path, runs: int, env: dict[str, str] = ENV
) -> dict[str, Figure]:
    """Each command's figure: all run once to warm up, then in turn, ``runs`` times."""
    for command in commands.values():
        _once(command, cwd, env)
    times: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(_once(command, cwd, env))
    return {
        name: Figure(statistics.median(s for s, _ in got), max(mb for _, mb in got))
        for name, got in times.items()
    }


def row(name: str, mine: Figure, floor: Figure, target: float | None, floor_name: str) -> None:
    """One line: the figure, its floor, the ratio and whether it meets its target (None: a
    figure to know, with no target)."""
    ratio = mine.seconds / floor.seconds if floor.seconds else float("inf")
    verdict = "met" if target is not None and ratio <= target else "MISSED"
    said = "no target" if target is None else f"target x{target:g}: {verdict}"
    print(
        f"{name:<42} {mine.seconds:6.2f} s {mine.megabytes:4d} MB | {floor_name:<26} "
        f"{floor.seconds:6.2f} s | x{ratio:5.2f} ({said})",
        flush=True,
    )


def memory(name: str, figure: Figure, limit: int) -> None:
    verdict = "met" if figure.megabytes < limit else "MISSED"
    print(f"{name:<42} {figure.megabytes:4d} MB (target under {limit} MB: {verdict})", flush=True)


def generate(folder: Path, records: int) -> Path:
    """A generated plans directory of 20 plans x 100 activities x ``records`` records."""
    subprocess.run(
        [PY, str(REPO / "benchmarks" / "generate.py"), str(folder), "--records", str(records)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def _parse_floors(folder: Path) -> dict[str, list[str]]:
    """Parsing every file of the directory once, with tomllib (the floor) and with tomli."""
    listing = folder / "files.txt"
    files = [str(p) for p in (folder / "plans").rglob("*.toml") if "/." not in str(p)]
    listing.write_text("\n".join(files))
    return {
        "tomllib": [PY, "-c", _PARSE.format("tomllib"), str(listing)],
        "tomli": [PY, "-c", _PARSE.format("tomli"), str(listing)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000, help="0: leave the row out")
    parser.add_argument(
        "--large-dir", type=Path, help="a directory generate.py made for --large, to reuse"
    )
    args = parser.parse_args()
    workplan, runs = _tool("workplan"), args.runs
    print(f"median of {runs} runs; peak memory is the largest of them\n")

    typer = [PY, "-c", "import typer"]
    completion = ENV | {
        "_WORKPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "workplan status somtc",
        "COMP_CWORD": "2",
    }
    got = measure({"help": [workplan, "--help"], "typer": typer}, REPO, runs)
    row("workplan --help", got["help"], got["typer"], 1.3, "import typer")
    got = measure({"completion": [workplan], "typer": typer}, REPO, runs, completion)
    row("workplan shell completion", got["completion"], got["typer"], 1.3, "import typer")
    # `import pydantic` and `import rich.table` load little: what printing a table of
    # validated models needs at the least is BaseModel and a Console, shown beside it.
    needed = (
        "import typer, tomllib\nfrom pydantic import BaseModel\nfrom rich.console import Console"
    )
    got = measure(
        {"status": [workplan, "status"], "imports": IMPORTS, "needed": [PY, "-c", needed]},
        REPO,
        runs,
    )
    row("workplan status (bundled plans)", got["status"], got["imports"], 1.5, "imports")
    row("workplan status (bundled plans)", got["status"], got["needed"], 1.5, "BaseModel, Console")
    # Indonesian reads the catalogue: a few milliseconds more than English, no more
    indonesian = {"id": [workplan, "--lang", "id", "status"], "en": [workplan, "status"]}
    got = measure(indonesian, REPO, runs)
    row("workplan --lang id status", got["id"], got["en"], 1.1, "in English")
    got = measure(
        {"id": [workplan, "--lang", "id", "--help"], "en": [workplan, "--help"]}, REPO, runs
    )
    row("workplan --lang id --help", got["id"], got["en"], 1.1, "in English")

    with tempfile.TemporaryDirectory() as tmp:
        plan = "bench-00-2020-2029"
        commands = {
            "workplan validate": [workplan, "validate"],
            "workplan status": [workplan, "status"],
            f"workplan status {plan}": [workplan, "status", plan],
            f"workplan summary {plan}": [workplan, "summary", plan, "-o", os.devnull],
        }
        print("\n20 plans x 100 activities: the plan files, then records")
        for records, target in ((0, 2.0), (args.records // 10, 3.0)):
            folder = generate(Path(tmp) / f"r{records}", records)
            got = measure({"status": [workplan, "status"], "imports": IMPORTS}, folder, runs)
            row(
                f"workplan status, {records:,} records",
                got["status"],
                got["imports"],
                target,
                "imports",
            )

        big = generate(Path(tmp) / "big", args.records)
        small = Path(tmp) / f"r{args.records // 10}"
        floors = _parse_floors(big)
        print(f"\nat {args.records:,} records, a repeated run (the cache warm)")
        got = measure(commands | floors, big, runs)
        print(f"{'parsing every file once with tomli':<42} {got['tomli'].seconds:6.2f} s")
        for name in commands:
            target = 0.5 if name in ("workplan validate", "workplan status") else 2.0
            row(name, got[name], got["tomllib"], target, "tomllib, every file once")
        memory(
            "largest peak memory", max((got[n] for n in commands), key=lambda f: f.megabytes), 150
        )
        cold = {f"{n} --no-cache": [*commands[n], "--no-cache"] for n in list(commands)[:2]}
        got_cold = measure(cold | {"tomllib": floors["tomllib"]}, big, runs)
        for name in cold:  # a first run, or a run without the cache: to know, no target
            row(name, got_cold[name], got_cold["tomllib"], None, "tomllib, every file once")

        schema = big / "plan.schema.json"
        schema.write_text(
            subprocess.run([workplan, "schema"], capture_output=True, text=True, check=True).stdout
        )
        plans = [str(p) for p in (big / "plans").glob("*.toml")]
        checker = [_tool("check-jsonschema"), "--schemafile", str(schema), *plans]
        got = measure({"validate": [workplan, "validate", *plans], "checker": checker}, big, runs)
        row(
            "workplan validate (the plan files)",
            got["validate"],
            got["checker"],
            1,
            "check-jsonschema",
        )

        print(f"\ngrowth: {args.records // 10:,} records, then 10x as many")
        for name, command in commands.items():
            got = measure(
                {
                    "tenth": [*command, "--plans", str(small / "plans")],
                    "whole": [*command, "--plans", str(big / "plans")],
                },
                REPO,
                runs,
            )
            row(name, got["whole"], got["tenth"], 10, "a tenth of them")

        if args.large:
            large = args.large_dir or generate(Path(tmp) / "large", args.large)
            status, floor = [workplan, "status"], _parse_floors(large)["tomllib"]
            print(f"\nat {args.large:,} records, a repeated run (one run each, after one to warm)")
            _once(status, large, ENV)  # the cache is built: every file read once
            got = {"status": Figure(*_once(status, large, ENV))}
            got["tomllib"] = Figure(*_once(floor, large, ENV))
            row("workplan status", got["status"], got["tomllib"], 0.5, "tomllib, every file once")
            memory("peak memory", got["status"], 300)


if __name__ == "__main__":
    main()
