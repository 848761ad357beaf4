"""Writing files so that nothing is ever half-written: temp file, fsync, then link or rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workplan_cli.errors import PlanExistsError, WriteError


def create_file(path: Path, text: str) -> None:
    """Write a new file atomically; refuse to replace one that exists.

    Raises:
        PlanExistsError: ``path`` already exists.
        WriteError: the directory cannot be created or written.
    """
    if path.exists():
        raise PlanExistsError(
            f"{path} already exists; workplan never overwrites a plan file",
            hint="choose another plan id, or edit the existing file",
        )
    if path.parent.exists() and not path.parent.is_dir():
        raise WriteError(
            f"{path.parent} is a file, not a directory", hint="point --plans at a directory"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(
            f"cannot create the directory {path.parent}: {exc.strerror or exc}",
            hint="check the path, and that you may write there",
        ) from None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; plans are shared
            os.link(tmp, path)  # fails if path appeared meanwhile: never overwrites
        finally:
            os.unlink(tmp)
    except FileExistsError:
        raise PlanExistsError(
            f"{path} already exists; workplan never overwrites a plan file"
        ) from None
    except OSError as exc:
        raise WriteError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="check that the directory exists and that you may write to it",
        ) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
