"""The cache of valid plans and progress records, trusted only under git's rule for its index.

A repeated `validate`, `status` or `areas` on a large plans directory would spend most of its
time reading, parsing and validating files that have not changed. For each record found valid
the cache keeps its file's (device, inode, size, mtime_ns, ctime_ns) and its values; a later
run takes the values only when all five still match **and** the file's mtime and ctime are
older than the moment the run that stored them began. A file changed within the same clock
tick as it was read is "racy" and is read again, as git does. That moment is the mtime of a
file the run makes in the cache folder before it reads any record: the same file system's
clock as the records'. A valid plan is kept by its file name and the SHA-256 of its text.

The cache lives in ``<plans>/.workplan-cache/`` (its own .gitignore of ``*`` keeps it out of
git; a link or a file in its place means no cache). Each file carries a header that must
match before anything in it is used: the cache format; the versions of workplan, tomli,
pydantic-core and Python and a hash of workplan's own code (a changed rule applies at once);
for records, the plan folder, the SHA-256 of the plan text the records were checked against,
and the latest as_of that was allowed (a record valid on an earlier day stays valid; a clock
put back drops the section). Each file is sealed with a key kept in the user's own cache
folder, so that a cache that comes with a checkout is never trusted. It holds nothing git does
not hold. A missing, truncated, corrupt or foreign file is ignored and rebuilt silently; files
are written to a temporary file and renamed into place, so two runs at once each leave a
whole file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import marshal
import os
import re
import secrets
import stat
import sys
import tempfile
import time
import typing
from collections.abc import Iterable
from contextlib import suppress
from typing import Any, Final, TypeVar

import pydantic_core
import tomli
from pydantic import BaseModel

from workplan_cli import __version__
from workplan_cli.files import CACHE_FOLDER
from workplan_cli.models import (
    PlanFile,
    ProgressRecord,
)

FOLDER: Final = CACHE_FOLDER
_FORMAT: Final = 3
_MAGIC: Final = b"WPCACHE3"
_MAX_BYTES: Final = 1 << 30  # a cache file of a million records is far smaller
_STALE_TEMP: Final = 3600  # seconds: a temporary file this old was left by a killed run
_GITIGNORE: Final = b"# made by workplan: a cache of the records, safe to delete, never commit\n*\n"
_OURS: Final = re.compile(r"(records|plan)-[0-9a-f]{32}\.bin")  # the only files it deletes

Stat = tuple[int, int, int, int, int]  # device, inode, size, mtime_ns, ctime_ns
Entry = tuple[int, int, int, int, int, Any]  # the stat, then the record's values


@functools.cache
def _versions() -> tuple[Any, ...]:
    """What a cached verdict depends on besides the files: the format, the versions of the
    parser, pydantic-core and Python, and workplan's own code (its modules' bytes), so that a
    changed rule is applied to every record at once, even before a release."""
    code = hashlib.sha256()
    package = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            with open(os.path.join(package, name), "rb") as source:
                code.update(name.encode() + b"\0" + source.read())
    return (
        _FORMAT,
        __version__,
        code.hexdigest(),
        getattr(tomli, "__version__", ""),
        pydantic_core.__version__,
        tuple(sys.version_info[:3]),
    )


@functools.cache
def _secret() -> bytes | None:
    """This user's key for the cache files, kept outside every repository: a cache file that
    comes with a checkout (committed, or put there by someone else) does not verify and is
    ignored. None when it cannot be read or made: then there is no cache."""
    home = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    folder = os.path.join(home or os.path.join(os.path.expanduser("~"), ".cache"), "workplan")
    path = os.path.join(folder, "key")
    with suppress(OSError):
        with open(path, "rb") as file:
            key = file.read()
        if len(key) == 32:
            return key
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        fd = os.open(path + f".{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(secrets.token_bytes(32))
        os.replace(path + f".{os.getpid()}", path)  # two makers: one key wins, both read it
        with open(path, "rb") as file:
            key = file.read()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _folder(plans_dir: str, make: bool) -> str | None:
    """The cache folder, made when ``make``; None when it cannot be had, or when something
    else stands in its place (a file, or a symbolic link that would lead writes elsewhere)."""
    folder = os.path.join(plans_dir, FOLDER)
    try:
        if make and not os.path.lexists(folder):
            os.mkdir(folder)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode):  # a link, a file: not ours
            return None
        ignore = os.path.join(folder, ".gitignore")
        if make and not os.path.lexists(ignore):
            _write_atomically(folder, ignore, _GITIGNORE)
    except OSError:
        return None
    return folder


class Section:
    """The cached records of one plan folder, and those this run found (to be saved)."""

    def __init__(self, path: str | None, header: tuple[Any, ...]) -> None:
        self.path = path  # None: nothing is read or written
        self.header = header
        self.old: dict[str, Entry] = {}
        self.new: dict[str, Entry] = {}
        self.trust_before = -1  # a file changed at or after it is racy
        self.changed = False

    def cached(self, key: str, info: Stat) -> ProgressRecord | None:
        """The record of the file ``key`` when its entry is to be trusted: the file's stat is
        the one stored, and the file had not changed when the run that stored it began."""
        entry = self.old.get(key)
        if entry is None or not (isinstance(entry, tuple) and len(entry) == 6):
            return None
        if entry[:5] != info or max(info[3], info[4]) >= self.trust_before:
            return None
        record = _decoded(entry[5], ProgressRecord)
        if record is not None:
            self.new[key] = entry
        return record

    def found(self, key: str, info: Stat, record: ProgressRecord | None) -> None:
        """What reading the file ``key`` found: its record when valid (kept for the next run)."""
        if record is not None:
            self.new[key] = (*info, encode(record))
        self.changed = True


class Cache:
    """The records cache of a plans directory, open for one run (``enabled=False``: unused)."""

    def __init__(self, plans_dir: str, enabled: bool) -> None:
        self.folder = _folder(plans_dir, make=True) if enabled and _secret() else None
        self.started = -1  # when this run began, on the clock of the cache's file system
        self._marker: str | None = None
        self._sections: set[str] = set()
        if self.folder is not None:
            with suppress(OSError):  # a read-only checkout: no cache, as with --no-cache
                fd, marker = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".start")
                try:
                    self.started = os.fstat(fd).st_mtime_ns
                finally:
                    os.close(fd)
                self._marker = marker

    def section(self, plan: str, digest: str | None, latest: dt.date) -> Section:
        """The section of a plan folder, with its entries when its header still holds:
        ``digest`` is the SHA-256 of the plan text its records are checked against (None: no
        valid plan, so every record is read)."""
        header = (*_versions(), plan, digest, latest.toordinal(), self.started)
        if self._marker is None or self.folder is None or digest is None:
            return Section(None, header)
        name = f"records-{_hash(plan)}.bin"
        self._sections.add(name)
        section = Section(os.path.join(self.folder, name), header)
        stored = _read_section(section.path or "")
        if stored is not None and isinstance(stored[1], dict) and len(stored[0]) == len(header):
            (*versions, old_plan, old_digest, old_latest, started), entries = stored
            same = tuple(versions) == _versions() and (old_plan, old_digest) == (plan, digest)
            if same and isinstance(old_latest, int) and old_latest <= latest.toordinal():
                section.old, section.trust_before = entries, started
        return section

    def save(self, section: Section) -> None:
        """Write the section when this run found anything the cache did not hold."""
        if section.path is None or self.folder is None:
            return
        if not section.changed and section.new.keys() == section.old.keys():
            return
        with suppress(OSError):
            data = _section_bytes(section.header, section.new)
            _write_atomically(self.folder, section.path, data)

    def close(self, plans: Iterable[str]) -> None:
        """Remove this run's marker, the files of plans and plan folders gone (``plans`` are
        those there are), and temporary files that a killed run left behind."""
        if self._marker is None or self.folder is None:
            return
        with suppress(OSError):
            os.unlink(self._marker)
        kept = self._sections | {f"plan-{_hash(plan)}.bin" for plan in plans}
        with suppress(OSError), os.scandir(self.folder) as entries:
            now = time.time()
            for entry in entries:
                gone = _OURS.fullmatch(entry.name) is not None and entry.name not in kept
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
        self.plans_dir = plans_dir

    def plan(self, stem: str, digest: str) -> PlanFile | None:
        """The plan of that text, when it was found valid under this file name before."""
        folder = _folder(self.plans_dir, make=False) if _secret() else None
        stored = _read_section(os.path.join(folder, _plan_name(stem))) if folder else None
        if stored is None or stored[0] != (*_versions(), stem, digest):
            return None
        return _decoded(stored[1], PlanFile)

    def keep(self, stem: str, digest: str, plan: PlanFile) -> None:
        """Remember a plan found valid (quietly nothing when the cache cannot be written)."""
        folder = _folder(self.plans_dir, make=True) if _secret() else None
        if folder is not None:
            with suppress(OSError):
                data = _section_bytes((*_versions(), stem, digest), encode(plan))
                _write_atomically(folder, os.path.join(folder, _plan_name(stem)), data)


def _plan_name(stem: str) -> str:
    return f"plan-{_hash(stem)}.bin"


def _hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def sha256(text: str) -> str:
    """The SHA-256 of a text, as the caches key plans on it."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _section_bytes(header: tuple[Any, ...], content: Any) -> bytes:
    payload = marshal.dumps((header, content))
    return _MAGIC + _seal(payload) + payload


def _seal(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=32, key=_secret() or b"").digest()


def _read_section(path: str) -> tuple[tuple[Any, ...], Any] | None:
    """The header and content of a cache file; None when missing, damaged, foreign, or not
    sealed with this user's key."""
    try:  # never through a link, never from a pipe or a device, never more than it could be
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(_MAX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    head = len(_MAGIC) + 32
    payload = data[head:]
    if data[: len(_MAGIC)] != _MAGIC or not hmac.compare_digest(
        _seal(payload), data[len(_MAGIC) : head]
    ):
        return None
    try:
        header, content = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):  # written by another Python: rebuilt
        return None
    return (tuple(header), content) if isinstance(header, tuple) else None


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


# --- models to plain values and back (marshal takes no dates, no models) ----------------------
#
# A model is ("M", its class's name, its values in field order, the fields it was given); a
# date is ("D", ordinal), a date and time ("T", ISO text). Decoding builds the models as
# model_construct would, without its per-field work (six times slower): from values that
# pydantic validated when they were stored. tests/test_cache.py checks that what comes back
# equals what pydantic gives, so that a pydantic that builds models otherwise is caught.


def _models(*roots: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model a plan file or a record is made of, by name, found from its fields (so that a
    model added to the format is never missed here)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: Any) -> None:
        model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if model and annotation.__name__ not in found:
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    for root in roots:
        visit(root)
    return found


_MODELS: Final = _models(PlanFile, ProgressRecord)
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
    """What ``encode`` stored, as it was. Text, numbers and None stand for themselves and are
    not looked at again: most values of a record are those, and there are many records.

    Raises:
        ValueError, KeyError, TypeError: the value was not made by ``encode``.
    """
    kind = type(value)
    if kind is tuple:
        tag = value[0]
        if tag == "M":
            _, name, values, fields_set = value
            fields = _NAMES[name]
            if len(values) != len(fields):
                raise ValueError(f"not the fields of {name}")
            if name == "ProgressRecord":  # the many: its dates by position, the rest as it is
                decoded = dict(zip(fields, values, strict=True))
                decoded["as_of"] = _from_ordinal(decoded["as_of"][1])
                decoded["recorded_at"] = _from_iso(decoded["recorded_at"][1])
                for key in ("evidence", "indicators"):
                    if decoded[key]:
                        decoded[key] = decode(decoded[key])
                return _built(ProgressRecord, decoded, fields_set)
            decoded = {}
            for field, item in zip(fields, values, strict=True):
                kind = type(item)
                if kind is tuple:  # dates inline: a record has two
                    tag = item[0]
                    if tag == "D":
                        item = _from_ordinal(item[1])
                    elif tag == "T":
                        item = _from_iso(item[1])
                    else:
                        item = decode(item)
                elif (kind is list or kind is dict) and item:
                    item = decode(item)
                decoded[field] = item
            return _built(_MODELS[name], decoded, fields_set)
        if tag == "D":
            return dt.date.fromordinal(value[1])
        if tag == "T":
            return dt.datetime.fromisoformat(value[1])
        raise ValueError(f"unknown tag {tag!r}")
    if kind is list:
        return [decode(item) if type(item) in _NESTED else item for item in value]
    if kind is dict:
        return {k: decode(item) if type(item) in _NESTED else item for k, item in value.items()}
    return value


_NESTED: Final = frozenset({tuple, list, dict})  # what decode must look into
_from_ordinal: Final = dt.date.fromordinal
_from_iso: Final = dt.datetime.fromisoformat


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
