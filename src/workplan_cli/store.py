"""Progress records on disk: each one a new TOML file under plans/progress/, never edited."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Any, Final

import tomli_w

from workplan_cli.errors import WriteError
from workplan_cli.files import cannot_write, make_dirs, write_new
from workplan_cli.i18n import _
from workplan_cli.models import ProgressRecord, StoredRecord
from workplan_cli.paths import PROGRESS, display_path, linked_part, record_dir

_GITIGNORE: Final = (
    "# Left behind only if workplan was killed while writing a record; safe to delete.\n.*.tmp\n"
)
_ATTEMPTS: Final = 20


def _toml_data(record: ProgressRecord) -> dict[str, Any]:
    """The record as TOML data: the keys at their model's default left out (TOML has no
    null), so that files stay short; inside evidence every key is kept."""
    data = record.model_dump(mode="python", exclude_none=True)
    for key, field in ProgressRecord.model_fields.items():
        default = None if field.is_required() else field.get_default(call_default_factory=True)
        if key in data and data[key] == default:
            del data[key]
    return data


def record_text(record: ProgressRecord) -> str:
    """The TOML text of a record file."""
    return tomli_w.dumps(_toml_data(record))


def write_record(plans_dir: Path, record: ProgressRecord) -> StoredRecord:
    """File a record as a new file; concurrent writers each get their own file.

    The name is the time it was recorded (UTC) and a random part, e.g.
    ``2026-11-22T083015Z-3f9a2c1b.toml``, so it sorts by recording time and two
    writers, or two git branches, never pick the same one.

    Raises:
        WriteError: the system refused, or a name could not be found (nothing is written).
    """
    folder = record_dir(plans_dir, record.plan, record.activity)
    link = linked_part(folder, plans_dir)  # before make_dirs, which would follow it
    if link is not None:
        raise WriteError(
            _(
                "{path} is a symbolic link; workplan writes records only inside the plans directory"
            ).format(path=display_path(link)),
            hint=_("replace the link with a real folder"),
        )
    make_dirs(folder)
    _ignore_temp_files(plans_dir / PROGRESS)
    text = record_text(record)
    stamp = record.recorded_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    for _attempt in range(_ATTEMPTS):
        path = folder / f"{stamp}-{secrets.token_hex(4)}.toml"
        try:
            write_new(path, text)
        except FileExistsError:
            continue
        except OSError as exc:
            raise cannot_write(path, exc) from None
        return StoredRecord(path.stem, path, record)
    raise WriteError(
        _("could not find a free file name in {folder}").format(folder=folder)
    )  # pragma: no cover  # 20 clashes among 2^32 names


def _ignore_temp_files(progress: Path) -> None:
    """Keep temporary files of an interrupted write out of git, once per plans directory.

    Written in place with one call, not through a temporary file as records are: before
    this file exists, a temporary file left by a killed writer would itself show in git."""
    ignore = progress / ".gitignore"
    if ignore.exists():
        return
    try:
        fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        return  # another writer made it first
    except OSError as exc:
        raise cannot_write(ignore, exc) from None
    try:
        os.write(fd, _GITIGNORE.encode("utf-8"))
        os.fsync(fd)
    except OSError as exc:
        raise cannot_write(ignore, exc) from None
    finally:
        os.close(fd)
