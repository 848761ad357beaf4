"""Run `workplan record` many times in one process.

    python -m tests.helpers.record_loop COUNT WRITER PLAN ACTIVITY OPTIONS...

Each call gets the note "WRITER call N", so that the concurrency test can tell
every record apart.
"""

from __future__ import annotations

import sys

from workplan_cli.cli import app


def main() -> None:
    """Call `workplan record` COUNT times; stop at the first failure."""
    count, writer = int(sys.argv[1]), sys.argv[2]
    for number in range(count):
        try:
            app(["record", *sys.argv[3:], "--note", f"{writer} call {number}"])
        except SystemExit as done:
            if done.code not in (0, None):
                raise


if __name__ == "__main__":
    main()
