"""Time whole commands against their floors and print the figures (run on demand, never in CI).

    python benchmarks/run.py               # bundled plans, then 20 x 100 x 20,000 generated
    python benchmarks/run.py --runs 3      # fewer runs each
    python benchmarks/run.py --records 2000

Each figure is the median wall time of several runs, with the peak memory
(maximum resident set, from /usr/bin/time), printed beside its floor. A command
and its floor run in turn, run after run, so that a busy machine slows both
alike; the ratio is the figure to compare across machines. Every command runs
once before it is timed, so that Python has compiled its modules, as on any
machine after the first run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable
# As a user's machine: modules compiled once (some sandboxes forbid it), no colour codes.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


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
    seconds, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb) // 1024


def measure(
    command: list[str],
    floor: list[str],
    cwd: Path,
    runs: int,
    env: dict[str, str] = ENV,
    floor_cwd: Path | None = None,
) -> tuple[Figure, Figure]:
    """The command's figure and its floor's (run in ``floor_cwd``, else ``cwd``), in turn."""
    _once(command, cwd, env)
    _once(floor, floor_cwd or cwd, env)
    mine: list[tuple[float, int]] = []
    base: list[tuple[float, int]] = []
    for _ in range(runs):
        base.append(_once(floor, floor_cwd or cwd, env))
        mine.append(_once(command, cwd, env))
    return _figure(mine), _figure(base)


def _figure(runs: list[tuple[float, int]]) -> Figure:
    return Figure(statistics.median(s for s, _ in runs), max(mb for _, mb in runs))


def row(name: str, figures: tuple[Figure, Figure], target: float, floor_name: str) -> None:
    """One line: the figure, its floor, the ratio and whether it meets its target."""
    mine, floor = figures
    ratio = mine.seconds / floor.seconds if floor.seconds else float("inf")
    verdict = "met" if ratio <= target else "MISSED"
    print(
        f"{name:<40} {mine.seconds:6.2f} s {mine.megabytes:4d} MB | {floor_name:<22} "
        f"{floor.seconds:6.2f} s | x{ratio:5.2f} (target x{target:g}: {verdict})"
    )


def generate(folder: Path, records: int) -> Path:
    """A generated plans directory of 20 plans x 100 activities x ``records`` records."""
    subprocess.run(
        [PY, str(REPO / "benchmarks" / "generate.py"), str(folder), "--records", str(records)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    workplan, runs = _tool("workplan"), args.runs
    print(f"median of {runs} runs; peak memory is the largest of them\n")

    typer = [PY, "-c", "import typer"]
    row("workplan --help", measure([workplan, "--help"], typer, REPO, runs), 1.3, "import typer")
    completion = ENV | {
        "_WORKPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "workplan status somtc",
        "COMP_CWORD": "2",
    }
    row(
        "workplan shell completion",
        measure([workplan], typer, REPO, runs, completion),
        1.3,
        "import typer",
    )
    imports = [PY, "-c", "import typer, rich.table, pydantic, tomllib"]
    row(
        "workplan status (bundled plans)",
        measure([workplan, "status"], imports, REPO, runs),
        1.5,
        "imports",
    )
    # `import pydantic` and `import rich.table` load little: what printing a table of
    # validated models needs at the least is BaseModel and a Console.
    needed = (
        "import typer, tomllib\nfrom pydantic import BaseModel\nfrom rich.console import Console"
    )
    row(
        "workplan status (bundled plans)",
        measure([workplan, "status"], [PY, "-c", needed], REPO, runs),
        1.5,
        "BaseModel, Console",
    )

    with tempfile.TemporaryDirectory() as tmp:
        big = generate(Path(tmp) / "big", args.records)
        small = generate(Path(tmp) / "small", args.records // 10)
        files = [str(p) for p in (big / "plans").rglob("*.toml")]
        parse_all = [
            PY,
            "-c",
            "import sys, tomllib\nfor p in sys.argv[1:]:\n    tomllib.load(open(p, 'rb'))",
            *files,
        ]
        print(f"\nat 20 plans x 100 activities x {args.records:,} records ({len(files):,} files)")
        plan = "bench-00-2020-2029"
        commands = {
            "workplan validate": [workplan, "validate"],
            "workplan status": [workplan, "status"],
            f"workplan status {plan}": [workplan, "status", plan],
            f"workplan summary {plan}": [workplan, "summary", plan, "-o", os.devnull],
        }
        peak = 0
        for name, command in commands.items():
            figures = measure(command, parse_all, big, runs)
            peak = max(peak, figures[0].megabytes)
            row(name, figures, 2, "tomllib, every file once")
        print(f"{'largest peak memory':<40} {peak:4d} MB (target under 200 MB)")

        schema = big / "plan.schema.json"
        schema.write_text(
            subprocess.run([workplan, "schema"], capture_output=True, text=True, check=True).stdout
        )
        plans = [str(p) for p in (big / "plans").glob("*.toml")]
        checker = [_tool("check-jsonschema"), "--schemafile", str(schema), *plans]
        row(
            "workplan validate (the plan files)",
            measure([workplan, "validate", *plans], checker, big, runs),
            1,
            "check-jsonschema",
        )

        print(f"\ngrowth: {args.records // 10:,} records, then 10x as many")
        for name, command in commands.items():
            row(name, measure(command, command, big, runs, floor_cwd=small), 11, "a tenth of them")

        print("\nwhat a cache of parsed, validated records could save, per run (in-process):")
        subprocess.run([PY, str(Path(__file__).parent / "cache_estimate.py"), str(big)], check=True)


if __name__ == "__main__":
    main()
