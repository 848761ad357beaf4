"""The cache of valid progress records, trusted only under git's rule for its own index.

A repeated `validate`, `status` or `areas` on a large plans directory would spend most of its
time reading, parsing and validating records that have not changed. The cache keeps, for each
record found valid, its file's (inode, size, mtime_ns, ctime_ns) and its values; a later run
takes the values only when all four still match **and** the file's mtime is older than the
moment the run that stored them began. A file changed within the same clock tick as it was
read is "racy" and is read again, as git does. That moment is the mtime of a file the run
makes in the cache folder before it reads any record: the same file system's clock as the
records'.

The cache lives in ``<plans>/.workplan-cache/`` (its own .gitignore of ``*`` keeps it out of
git), one file per plan folder of progress/. Each holds a header that must match before any
entry is used: the cache format; the versions of workplan, tomli, pydantic-core and Python;
the plan folder; the SHA-256 of the plan file its records were checked against; and the
latest as_of that was allowed (a record valid on an earlier day stays valid; a clock put back
drops the section). It holds nothing git does not hold. A missing, truncated, corrupt
(checksum) or foreign file is ignored and rebuilt silently; sections are written to a
temporary file and renamed into place, so two runs building at once each leave a whole file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from typing import Any, Final

import pydantic_core
import tomli

from workplan_cli import __version__
from workplan_cli.models import Evidence, ProgressRecord

FOLDER: Final = ".workplan-cache"
_FORMAT: Final = 1
_MAGIC: Final = b"WPCACHE1"
_VERSIONS: Final = (
    _FORMAT,
    __version__,
    getattr(tomli, "__version__", ""),
    pydantic_core.__version__,
    tuple(sys.version_info[:3]),
)
_STALE_TEMP: Final = 3600  # seconds: a temporary file this old was left by a killed run
_GITIGNORE: Final = b"# made by workplan: a cache of the records, safe to delete, never commit\n*\n"

Stat = tuple[int, int, int, int]  # inode, size, mtime_ns, ctime_ns
Entry = tuple[int, int, int, int, tuple[Any, ...]]  # the stat, then the record's values


class Section:
    """The cached records of one plan folder, and those this run found (to be saved)."""

    def __init__(self, path: str | None, header: tuple[Any, ...]) -> None:
        self.path = path  # None: nothing is read or written
        self.header = header
        self.old: dict[str, Entry] = {}
        self.new: dict[str, Entry] = {}
        self.trust_before = -1  # mtimes at or after it are racy
        self.changed = False

    def record(
        self, key: str, info: Stat, read: Callable[[], ProgressRecord | None]
    ) -> ProgressRecord | None:
        """The record the file holds when it is valid: from the cache when its entry is to be
        trusted, else from ``read`` (which reads and checks the file), kept for the next run."""
        entry = self.old.get(key)
        if entry is not None and entry[:4] == info and info[2] < self.trust_before:
            try:
                cached = _decode(entry[4])
            except (ValueError, TypeError, KeyError, IndexError, OverflowError):
                pass  # a damaged entry: the file is read again
            else:
                self.new[key] = entry
                return cached
        found = read()
        if found is not None:
            self.new[key] = (*info, _encode(found))
        self.changed = True
        return found


class Cache:
    """The cache folder of a plans directory, open for one run (``enabled=False``: unused)."""

    def __init__(self, plans_dir: str, enabled: bool) -> None:
        self.folder = os.path.join(plans_dir, FOLDER)
        self.started = -1  # when this run began, on the clock of the cache's file system
        self._marker: str | None = None
        self._sections: set[str] = set()
        if enabled:
            with suppress(OSError):  # a read-only checkout: no cache, as with --no-cache
                self._open()

    def _open(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        ignore = os.path.join(self.folder, ".gitignore")
        if not os.path.exists(ignore):
            _write_atomically(self.folder, ignore, _GITIGNORE)
        fd, self._marker = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".start")
        try:
            self.started = os.fstat(fd).st_mtime_ns
        finally:
            os.close(fd)

    def section(self, plan: str, plan_file: str, latest: dt.date) -> Section:
        """The section of a plan folder, with its entries when its header still holds."""
        digest = _digest(plan_file) if self._marker is not None else None
        header = (*_VERSIONS, plan, digest, latest.toordinal(), self.started)
        if digest is None:  # no cache, or no plan file: every record is read
            return Section(None, header)
        name = hashlib.sha256(plan.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".bin"
        self._sections.add(name)
        section = Section(os.path.join(self.folder, name), header)
        stored = _read_section(section.path or "")
        if stored is not None:
            (*versions, old_plan, old_digest, old_latest, started), entries = stored
            same = tuple(versions) == _VERSIONS and (old_plan, old_digest) == (plan, digest)
            if same and old_latest <= latest.toordinal() and isinstance(entries, dict):
                section.old, section.trust_before = entries, started
        return section

    def save(self, section: Section) -> None:
        """Write the section when this run found anything the cache did not hold."""
        if section.path is None or not (
            section.changed or section.new.keys() != section.old.keys()
        ):
            return
        with suppress(OSError):
            data = _section_bytes(section.header, section.new)
            _write_atomically(self.folder, section.path, data)

    def close(self) -> None:
        """Remove this run's marker, the sections of plan folders gone, and temporary files
        that a killed run left behind."""
        if self._marker is None:
            return
        with suppress(OSError):
            os.unlink(self._marker)
        with suppress(OSError), os.scandir(self.folder) as entries:
            now = time.time()
            for entry in entries:
                gone = entry.name.endswith(".bin") and entry.name not in self._sections
                stale = entry.name.startswith(".tmp-") and (
                    now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TEMP
                )
                if gone or stale:
                    with suppress(OSError):
                        os.unlink(entry.path)


def _section_bytes(header: tuple[Any, ...], entries: dict[str, Entry]) -> bytes:
    payload = marshal.dumps((header, entries))
    return _MAGIC + hashlib.blake2b(payload, digest_size=16).digest() + payload


def _read_section(path: str) -> tuple[tuple[Any, ...], dict[str, Entry]] | None:
    """The header and entries of a section file; None when missing, damaged or foreign."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return None
    head = len(_MAGIC) + 16
    payload = data[head:]
    if data[: len(_MAGIC)] != _MAGIC:
        return None
    if hashlib.blake2b(payload, digest_size=16).digest() != data[len(_MAGIC) : head]:
        return None
    try:
        header, entries = marshal.loads(payload)
        return tuple(header), entries
    except (EOFError, ValueError, TypeError):  # written by another Python: rebuilt
        return None


def _write_atomically(folder: str, path: str, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; the checkout is shared
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _digest(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


# --- records to plain values and back (marshal takes no dates) -------------------------------

_FIELDS: Final = frozenset(ProgressRecord.model_fields)
_EVIDENCE_FIELDS: Final = tuple(Evidence.model_fields)
_SHARED: Final = ("plan", "activity", "status", "provenance")
_fields_sets: dict[tuple[str, ...], set[str]] = {}


def _encode(record: ProgressRecord) -> tuple[dict[str, Any], tuple[str, ...]]:
    values = dict(record.__dict__)
    values["as_of"] = values["as_of"].toordinal()
    values["recorded_at"] = values["recorded_at"].isoformat()
    values["evidence"] = tuple(
        (tuple(e.__dict__[f] for f in _EVIDENCE_FIELDS), tuple(sorted(e.__pydantic_fields_set__)))
        for e in values["evidence"]
    )
    for name in _SHARED:  # one string in memory for every record that shares it
        values[name] = sys.intern(values[name])
    return values, tuple(sorted(record.__pydantic_fields_set__))


def _built(model: type[Any], values: dict[str, Any], fields_set: Iterable[str]) -> Any:
    """A model from values it validated before: what model_construct does, without its
    per-field work (six times slower). tests/test_cache.py checks the result equals a
    validated model, so that a pydantic that builds models otherwise is caught."""
    key = tuple(fields_set)
    shared = _fields_sets.get(key)
    if shared is None:
        shared = _fields_sets[key] = set(key)
    made = object.__new__(model)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", shared)  # the models are frozen
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def _decode(encoded: tuple[Any, ...]) -> ProgressRecord:
    values, fields_set = encoded
    if values.keys() != _FIELDS:
        raise ValueError("not the fields of a record")
    values = dict(values)  # the cache's own stays as it is
    values["as_of"] = dt.date.fromordinal(values["as_of"])
    values["recorded_at"] = dt.datetime.fromisoformat(values["recorded_at"])
    values["evidence"] = [
        _built(Evidence, dict(zip(_EVIDENCE_FIELDS, e, strict=True)), s)
        for e, s in values["evidence"]
    ]
    record: ProgressRecord = _built(ProgressRecord, values, fields_set)
    return record
