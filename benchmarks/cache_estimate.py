"""What a cache of parsed, validated records could save: the figures behind having none.

    python benchmarks/cache_estimate.py DIR    # DIR holds plans/, e.g. from generate.py

A cache keyed on file content must still read every file; one keyed on (path,
size, mtime) need only stat it, but can serve stale data (timestamps that a
copy, a checkout or a clock keeps the same). Either one then loads the cached
models instead of parsing and validating. This prints the median of 5 in-process
runs of each step over every record file, so the saving can be read off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli

from workplan_cli.models import ProgressRecord
from workplan_cli.paths import record_files


def median_seconds(step: Callable[[], Any], runs: int = 5) -> float:
    """The median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    files = [os.fspath(p) for p in record_files(Path(sys.argv[1]) / "plans" / "progress")]
    raw = [Path(f).read_bytes() for f in files]
    data = [tomli.loads(r.decode()) for r in raw]
    models = [ProgressRecord.model_validate(d) for d in data]
    cached = pickle.dumps(
        {hashlib.blake2b(r, digest_size=16).digest(): m for r, m in zip(raw, models, strict=True)}
    )
    steps = {
        "stat every file (an mtime-keyed cache)": lambda: [os.stat(f) for f in files],
        "read every file (a content-keyed cache)": lambda: [Path(f).read_bytes() for f in files],
        "parse every file (tomli)": lambda: [tomli.loads(r.decode()) for r in raw],
        "validate every record (pydantic)": lambda: [
            ProgressRecord.model_validate(d) for d in data
        ],
        f"load the cached models ({len(cached) / 1e6:.1f} MB pickle)": lambda: pickle.loads(cached),
    }
    for name, step in steps.items():
        print(f"  {name:<48} {median_seconds(step):6.3f} s  ({len(files):,} records)")


if __name__ == "__main__":
    main()
