"""Run `workplan record`, and SIGKILL the process at a chosen point of writing the record.

    python -m tests.helpers.kill_at POINT MARKER RECORD-ARGS...

POINT is one of:

    before-write  the temporary file is open, nothing written to it yet
    mid-write     half the text written to the temporary file, and handed to the system
    before-link   the temporary file written and flushed to disk; os.link not yet called
    after-link    os.link has made the record; the temporary file is not yet unlinked

The patches stand in for os.fdopen (the file's write) and os.link, which workplan_cli.files
calls through the os module, not for any function of workplan: the test does not depend on
how workplan names its own functions. They act only on the file whose text holds MARKER (give
it as the --note), so that other files written on the way, such as progress/.gitignore, are
written as usual. If the write path stops going through them, the process is not killed:
it exits 0, and the test says so.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import IO, Any, NoReturn
from unittest import mock

from workplan_cli.cli import main as workplan

POINTS = ("before-write", "mid-write", "before-link", "after-link")

_real_fdopen = os.fdopen
_real_link = os.link


def _die() -> NoReturn:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("still alive after SIGKILL")  # pragma: no cover


def main() -> None:
    """Patch the chosen point, then run workplan with the remaining arguments."""
    point, marker, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    if point not in POINTS:
        raise SystemExit(f"unknown point {point!r}; one of {', '.join(POINTS)}")

    def fdopen(fd: int, *more: Any, **options: Any) -> IO[Any]:
        handle: IO[Any] = _real_fdopen(fd, *more, **options)
        write = handle.write

        def killing_write(data: Any) -> int:
            if isinstance(data, str) and marker in data:
                if point == "before-write":
                    _die()
                if point == "mid-write":
                    write(data[: len(data) // 2])
                    handle.flush()  # out of Python's buffer: on disk once the system writes it
                    _die()
            return write(data)

        handle.write = killing_write  # type: ignore[method-assign]
        return handle

    def link(src: Any, dst: Any, *more: Any, **options: Any) -> None:
        ours = marker in Path(os.fsdecode(src)).read_text(encoding="utf-8", errors="replace")
        if ours and point == "before-link":
            _die()
        _real_link(src, dst, *more, **options)
        if ours and point == "after-link":
            _die()

    sys.argv = ["workplan", *args]
    with mock.patch.object(os, "fdopen", fdopen), mock.patch.object(os, "link", link):
        workplan()


if __name__ == "__main__":
    main()
