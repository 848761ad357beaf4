"""Run `workplan record` many times in one process.

    python -m tests.helpers.record_loop COUNT WRITER PAD PLAN ACTIVITY OPTIONS...

Each call gets the note "WRITER call N" and PAD more characters, so that the
concurrency test can tell every record apart and the crash test can make each
write take long enough to be interrupted.
"""

from __future__ import annotations

import sys

from workplan_cli.cli import app


def main() -> None:
    """Call `workplan record` COUNT times; stop at the first failure."""
    count, writer, pad = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for number in range(count):
        note = f"{writer} call {number}" + "x" * pad
        try:
            app(["record", *sys.argv[4:], "--note", note])
        except SystemExit as done:
            if done.code not in (0, None):
                raise


if __name__ == "__main__":
    main()
