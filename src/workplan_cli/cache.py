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
from typing import Any, Final, TypeVar

import pydantic_core
import tomli
from pydantic import BaseModel

from workplan_cli import __version__
from workplan_cli.models import (
    Activity,
    Area,
    Coordinator,
    Evidence,
    Indicator,
    Meeting,
    Plan,
    PlanFile,
    ProgressRecord,
    Rag,
    Source,
)

FOLDER: Final = ".workplan-cache"
_FORMAT: Final = 2
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
            cached = _decoded(entry[4], ProgressRecord)
            if cached is not None:
                self.new[key] = entry
                return cached
        found = read()
        if found is not None:
            self.new[key] = (*info, encode(found))
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
        _ensure(self.folder)
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
        name = f"records-{_hash(plan)}.bin"
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

    def close(self, plans: Iterable[str]) -> None:
        """Remove this run's marker, the files of plans and plan folders gone (``plans`` are
        those there are), and temporary files that a killed run left behind."""
        if self._marker is None:
            return
        with suppress(OSError):
            os.unlink(self._marker)
        kept = self._sections | {f"plan-{_hash(plan)}.bin" for plan in plans}
        with suppress(OSError), os.scandir(self.folder) as entries:
            now = time.time()
            for entry in entries:
                gone = entry.name.endswith(".bin") and entry.name not in kept
                stale = entry.name.startswith(".tmp-") and (
                    now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TEMP
                )
                if gone or stale:
                    with suppress(OSError):
                        os.unlink(entry.path)


class PlanCache:
    """Valid plans, by their file name and the SHA-256 of their text: nothing racy about it, a
    plan file is small to read. One file per plan, written as soon as the plan is found valid."""

    def __init__(self, plans_dir: str) -> None:
        self.folder = os.path.join(plans_dir, FOLDER)

    def plan(self, stem: str, text: str) -> PlanFile | None:
        """The plan the text holds, when it was found valid under this file name before."""
        stored = _read_section(self._path(stem))
        if stored is None or stored[0] != (*_VERSIONS, stem, _sha256(text)):
            return None
        return _decoded(stored[1], PlanFile)

    def keep(self, stem: str, text: str, plan: PlanFile) -> None:
        """Remember a plan found valid (quietly nothing when the cache cannot be written)."""
        with suppress(OSError):
            _ensure(self.folder)
            data = _section_bytes((*_VERSIONS, stem, _sha256(text)), encode(plan))
            _write_atomically(self.folder, self._path(stem), data)

    def _path(self, stem: str) -> str:
        return os.path.join(self.folder, f"plan-{_hash(stem)}.bin")


def _hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _ensure(folder: str) -> None:
    """The cache folder, with the .gitignore that keeps it out of git."""
    os.makedirs(folder, exist_ok=True)
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        _write_atomically(folder, ignore, _GITIGNORE)


def _section_bytes(header: tuple[Any, ...], entries: Any) -> bytes:
    payload = marshal.dumps((header, entries))
    return _MAGIC + hashlib.blake2b(payload, digest_size=16).digest() + payload


def _read_section(path: str) -> tuple[tuple[Any, ...], Any] | None:
    """The header and content of a cache file; None when missing, damaged or foreign."""
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


# --- models to plain values and back (marshal takes no dates, no models) ----------------------
#
# A model is ("M", its class's name, its values in field order, the fields it was given); a
# date is ("D", ordinal), a date and time ("T", ISO text). Decoding builds the models as
# model_construct would, without its per-field work (six times slower): from values that
# pydantic validated when they were stored. tests/test_cache.py checks that what comes back
# equals what pydantic gives, so that a pydantic that builds models otherwise is caught.

_MODELS: Final[dict[str, type[BaseModel]]] = {
    model.__name__: model
    for model in (
        PlanFile, Plan, Coordinator, Rag, Meeting, Area, Activity, Indicator, Source,
        ProgressRecord, Evidence,
    )
}  # fmt: skip
_NAMES: Final = {name: tuple(model.model_fields) for name, model in _MODELS.items()}
_fields_sets: dict[tuple[str, ...], set[str]] = {}


def encode(value: Any) -> Any:
    """A model of ours, or a value inside one, as values marshal can store."""
    if isinstance(value, BaseModel):
        name = type(value).__name__
        values = tuple(encode(value.__dict__[field]) for field in _NAMES[name])
        return ("M", name, values, tuple(sorted(value.__pydantic_fields_set__)))
    if isinstance(value, dt.datetime):
        return ("T", value.isoformat())
    if isinstance(value, dt.date):
        return ("D", value.toordinal())
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, str):
        return sys.intern(value)  # one string in memory for the many that repeat
    return value


def decode(value: Any) -> Any:
    """What ``encode`` stored, as it was.

    Raises:
        ValueError, KeyError, TypeError: the value was not made by ``encode``.
    """
    kind = type(value)
    if kind is tuple:
        tag = value[0]
        if tag == "M":
            _, name, values, fields_set = value
            values = dict(zip(_NAMES[name], map(decode, values), strict=True))
            return _built(_MODELS[name], values, fields_set)
        if tag == "D":
            return dt.date.fromordinal(value[1])
        if tag == "T":
            return dt.datetime.fromisoformat(value[1])
        raise ValueError(f"unknown tag {tag!r}")
    if kind is list:
        return [decode(item) for item in value]
    if kind is dict:
        return {key: decode(item) for key, item in value.items()}
    return value


M = TypeVar("M", bound=BaseModel)


def _decoded(value: Any, model: type[M]) -> M | None:
    """A model of the class ``model`` that ``encode`` stored; None when damaged."""
    try:
        found = decode(value)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return None
    return found if isinstance(found, model) else None


def _built(model: type[BaseModel], values: dict[str, Any], fields_set: tuple[str, ...]) -> Any:
    shared = _fields_sets.get(fields_set)
    if shared is None:
        shared = _fields_sets[fields_set] = set(fields_set)
    made = object.__new__(model)
    object.__setattr__(made, "__dict__", values)
    object.__setattr__(made, "__pydantic_fields_set__", shared)  # the models are frozen
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made
