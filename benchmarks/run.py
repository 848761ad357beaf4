"""Time whole commands against their floors and print the figures (run on demand, never in CI).

    python benchmarks/run.py            # bundled plans, and a generated 20 x 100 x 20,000 directory
    python benchmarks/run.py --runs 3   # fewer runs each

Each figure is the median wall time of several runs, with the peak memory
(maximum resident set, from /usr/bin/time), printed beside its floor measured
in the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PY = sys.executable


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} is not installed; run: pip install -e '.[test]'")
    return found


def measure(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """The median seconds and the largest peak memory (MB) of ``runs`` runs."""
    times, peaks = [], []
    for _ in range(runs):
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", *command],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds, kb = done.stderr.strip().splitlines()[-1].split()
        times.append(float(seconds))
        peaks.append(int(kb) // 1024)
    return statistics.median(times), max(peaks)


def row(name: str, figure: tuple[float, int], floor: tuple[float, int], target: str) -> None:
    ratio = figure[0] / floor[0] if floor[0] else float("inf")
    print(
        f"{name:<44} {figure[0]:7.2f} s {figure[1]:5d} MB   floor {floor[0]:6.2f} s"
        f"   x{ratio:5.2f}   target {target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--records", type=int, default=20_000)
    args = parser.parse_args()
    workplan = _tool("workplan")
    runs = args.runs
    print(f"median of {runs} runs; peak memory is the largest of them\n")

    typer_floor = measure([PY, "-c", "import typer"], REPO, runs)
    row("workplan --help", measure([workplan, "--help"], REPO, runs), typer_floor, "x1.3")
    imports = [PY, "-c", "import typer, rich.table, pydantic, tomllib"]
    status_floor = measure(imports, REPO, runs)
    row(
        "workplan status (bundled plans)",
        measure([workplan, "status"], REPO, runs),
        status_floor,
        "x1.5",
    )

    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp)
        subprocess.run(
            [
                PY,
                str(REPO / "benchmarks" / "generate.py"),
                str(big),
                "--records",
                str(args.records),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        files = [str(p) for p in (big / "plans").rglob("*.toml")]
        read_floor = measure(
            [
                PY,
                "-c",
                "import sys, tomllib\nfor p in sys.argv[1:]:\n    tomllib.load(open(p, 'rb'))",
                *files,
            ],
            big,
            runs,
        )
        print(f"\nat 20 plans x 100 activities x {args.records:,} records ({len(files):,} files)")
        row(
            "workplan validate",
            measure([workplan, "validate"], big, runs),
            read_floor,
            "warm x2, cold x1",
        )
        row(
            "workplan status",
            measure([workplan, "status"], big, runs),
            read_floor,
            "warm x2, cold x1",
        )
        plan = "bench-00-2020-2029"
        row(
            f"workplan status {plan}",
            measure([workplan, "status", plan], big, runs),
            read_floor,
            "warm x2",
        )
        schema = big / "plan.schema.json"
        schema.write_text(
            subprocess.run([workplan, "schema"], capture_output=True, text=True, check=True).stdout
        )
        plans = [str(p) for p in (big / "plans").glob("*.toml")]
        checker = measure(
            [_tool("check-jsonschema"), "--schemafile", str(schema), *plans], big, runs
        )
        mine = measure([workplan, "validate", *plans], big, runs)
        row("workplan validate (plan files only)", mine, checker, "below x1 (check-jsonschema)")
    print("\nfloors: import typer; import typer, rich.table, pydantic, tomllib; parsing every file")
    print("once with tomllib; check-jsonschema --schemafile on the same plan files.")
    if os.environ.get("CI"):
        print("(figures from a CI machine vary; compare ratios, not seconds)")


if __name__ == "__main__":
    main()
