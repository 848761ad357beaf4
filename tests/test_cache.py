"""The cache of valid records: trusted only under git's index rule, so that every run gives what
reading every file gives. The oracle is always a run with use_cache=False."""

from __future__ import annotations

import datetime as dt
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli
from typer.testing import CliRunner

from workplan_cli import cache
from workplan_cli.cli import app
from workplan_cli.loader import latest_allowed_day
from workplan_cli.models import PlanFile, ProgressRecord
from workplan_cli.validation import validate_paths
from workplan_cli.workspace import Workspace

from .conftest import edit_keeping_size_and_time

PLAN = "fixture-2024-2025"
A2 = "progress/fixture-2024-2025/A.2/2024-09-02T090000Z-a2000001.toml"


def _seen(plans: Path, *, use_cache: bool = True, latest: dt.date | None = None) -> dict[str, Any]:
    """What a run finds: every record file as validate lists it, the problems, and each valid
    record by file."""
    checked = Workspace(plans, use_cache=use_cache).check_records(latest or latest_allowed_day())
    records = {str(s.path): (s.id, s.record.model_dump()) for s in checked.records}
    return {"shown": checked.shown, "problems": checked.problems, "records": records}


def _same_as_reading(plans: Path) -> dict[str, Any]:
    cached = _seen(plans)
    assert cached == _seen(plans, use_cache=False)
    return cached


def _sections(plans: Path) -> list[Path]:
    return sorted((plans / cache.FOLDER).glob("records-*.bin"))


def _percent(found: dict[str, Any]) -> int:
    path = next(p for p in found["records"] if p.endswith(A2))
    return int(found["records"][path][1]["percent"])


def test_a_warm_cache_gives_what_reading_gives_and_is_ignored_by_git(plans: Path) -> None:
    first = _same_as_reading(plans)
    assert len(_sections(plans)) == 1, "the first run writes the plan's section"
    assert (plans / cache.FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    assert _same_as_reading(plans) == first
    assert first["records"]
    assert not first["problems"]
    # validate lists the files exactly as the file-by-file check does
    assert validate_paths([plans]).records == validate_paths([plans], use_cache=False).records


def test_no_cache_neither_reads_nor_writes_it(runner: CliRunner, plans: Path) -> None:
    for command in (["validate"], ["status"], ["areas"]):
        result = runner.invoke(app, [*command, "--no-cache"])
        assert result.exit_code == 0, result.stderr
    assert not (plans / cache.FOLDER).exists()
    assert runner.invoke(app, ["status"]).exit_code == 0
    assert _sections(plans)


def test_an_edit_keeping_size_and_mtime_is_seen(plans: Path) -> None:
    assert _percent(_same_as_reading(plans)) == 20
    edit_keeping_size_and_time(plans / A2, "percent = 20", "percent = 30")
    assert _percent(_same_as_reading(plans)) == 30


def test_an_edit_in_the_same_clock_tick_is_read_again(plans: Path) -> None:
    """On a file system whose timestamps do not move within a tick, an edit right after the
    read leaves inode, size, mtime and ctime as cached: only the racy rule (mtime not older
    than the run's start) sends the file to be read again. Simulated by forging the entry."""
    _seen(plans)
    [section] = _sections(plans)
    stored = cache._read_section(str(section))
    assert stored is not None
    header, entries = stored
    after = edit_keeping_size_and_time(plans / A2, "percent = 20", "percent = 30")
    key = A2.split("/", 2)[2]
    stat_now = (after.st_dev, after.st_ino, after.st_size, after.st_mtime_ns, after.st_ctime_ns)
    forged = {**entries, key: (*stat_now, entries[key][5])}  # the file "looks" unchanged
    racy = (*header[:-1], max(after.st_mtime_ns, after.st_ctime_ns))  # the run began in its tick
    section.write_bytes(cache._section_bytes(racy, forged))
    assert _percent(_seen(plans)) == 30
    # the same forged entry, from a run that began after the edit, is trusted: it is the
    # racy rule, not luck, that protects
    later = max(after.st_mtime_ns, after.st_ctime_ns) + 1
    section.write_bytes(cache._section_bytes((*header[:-1], later), forged))
    assert _percent(_seen(plans)) == 20


def test_files_swapped_with_their_times_are_seen(plans: Path) -> None:
    """Two records swap contents (mv): same sizes, times set back."""
    folder = next(f for f in (plans / "progress" / PLAN).iterdir() if len(list(f.iterdir())) > 1)
    first, second = sorted(folder.glob("*.toml"))[:2]
    assert first.read_bytes() != second.read_bytes()
    _seen(plans)
    times = [(p.stat().st_atime_ns, p.stat().st_mtime_ns) for p in (first, second)]
    swap = folder / "swap.tmp"
    os.rename(first, swap)
    os.rename(second, first)
    os.rename(swap, second)
    for path, ns in zip((first, second), times, strict=True):
        os.utime(path, ns=ns)
    _same_as_reading(plans)


def test_a_file_replaced_by_a_new_one_of_the_same_size_and_time(plans: Path) -> None:
    """What git checkout does: a new file renamed over the old one, here with its old time."""
    target = plans / A2
    _seen(plans)
    before = target.stat()
    new = target.with_suffix(".new")
    new.write_text(target.read_text().replace("percent = 20", "percent = 40"))
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, target)
    assert _percent(_same_as_reading(plans)) == 40


def test_a_plan_edit_invalidates_its_records(plans: Path) -> None:
    """A record valid against the plan is invalid once the plan loses its activity."""
    assert not _same_as_reading(plans)["problems"]
    plan = plans / f"{PLAN}.toml"
    plan.write_text(plan.read_text().replace('id = "A.2"', 'id = "A.9"'))
    found = _same_as_reading(plans)
    assert "WP201" in {p.code for p in found["problems"]}


def test_a_deleted_plan_folder_loses_its_section(plans: Path) -> None:
    _seen(plans)
    other = plans / "progress" / "another-plan" / "X.1"
    other.mkdir(parents=True)
    (other / "r.toml").write_text((plans / A2).read_text())
    _seen(plans)  # no plan file: nothing cached for it
    assert len(_sections(plans)) == 1
    (plans / f"{PLAN}.toml").unlink()
    _seen(plans)
    assert _sections(plans) == []


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "other-version"])
def test_a_damaged_or_foreign_cache_is_rebuilt_silently(
    plans: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = _seen(plans, use_cache=False)
    if damage == "other-version":
        with monkeypatch.context() as patched:
            patched.setattr(cache, "_versions", lambda: (0, "0.0.0", "", "", "", (3, 0, 0)))
            _seen(plans)
    else:
        _seen(plans)
    [section] = _sections(plans)
    data = section.read_bytes()
    if damage == "truncate":
        section.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        section.write_bytes(data[:30] + bytes(len(data) - 30))
    elif damage == "empty":
        section.write_bytes(b"")
    edit_keeping_size_and_time(plans / A2, "percent = 20", "percent = 30")  # stale data would show
    found = _seen(plans)
    assert found == _seen(plans, use_cache=False) != clean
    stored = cache._read_section(str(section))
    assert stored is not None
    assert stored[0][: len(cache._versions())] == cache._versions()  # rebuilt


def test_a_clock_set_back_drops_the_cache(plans: Path) -> None:
    """A record valid for a later "today" may be in the future for an earlier one."""
    _seen(plans)
    earlier = dt.date(2024, 9, 1)
    cached = _seen(plans, latest=earlier)
    assert cached == _seen(plans, latest=earlier, use_cache=False)
    assert {p.code for p in cached["problems"]} == {"WP204"}


def test_a_cache_that_cannot_be_made_is_done_without(plans: Path) -> None:
    """A read-only checkout, or a file in the cache's place: every file is read, no error."""
    (plans / cache.FOLDER).write_text("not a folder")
    assert _same_as_reading(plans)["records"]
    assert (plans / cache.FOLDER).read_text() == "not a folder"


def test_four_processes_building_at_once(plans: Path) -> None:
    command = [sys.executable, "-m", "workplan_cli", "validate", "--plans", str(plans)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE) for _ in range(4)]
    assert [r.wait() for r in runs] == [0, 0, 0, 0]
    for run in runs:
        assert run.stdout is not None
        run.stdout.close()
    leftovers = [p for p in os.listdir(plans / cache.FOLDER) if p.startswith(".tmp")]
    assert leftovers == []
    [section] = _sections(plans)
    assert cache._read_section(str(section)) is not None
    _same_as_reading(plans)


def test_a_temporary_file_left_by_a_killed_run_is_removed(plans: Path) -> None:
    _seen(plans)
    left = plans / cache.FOLDER / ".tmp-left"
    left.write_bytes(b"half")
    _seen(plans)
    assert left.exists(), "it may belong to a run still going"
    os.utime(left, (0, 0))
    _seen(plans)
    assert not left.exists()


def test_models_built_from_the_cache_are_the_validated_ones(plans: Path) -> None:
    """decode bypasses pydantic's validation: it must give exactly what model_validate gives,
    for records and for plans (every model of ours, at every depth)."""
    models: list[Any] = [
        ProgressRecord.model_validate(tomli.loads(path.read_text()))
        for path in (plans / "progress").rglob("*.toml")
    ]
    models.append(PlanFile.model_validate(tomli.loads((plans / f"{PLAN}.toml").read_text())))
    for model in models:
        rebuilt = cache.decode(marshal.loads(marshal.dumps(cache.encode(model))))
        assert rebuilt == model
        assert type(rebuilt) is type(model)
        assert rebuilt.model_dump(mode="json") == model.model_dump(mode="json")
        assert rebuilt.model_fields_set == model.model_fields_set
        with pytest.raises(ValueError, match="frozen"):
            rebuilt.format = 5


def test_a_valid_plan_comes_from_the_cache_until_its_text_changes(
    runner: CliRunner, plans: Path
) -> None:
    """Keyed on the plan's text (and file name): an edit is seen whatever its timestamps."""
    assert runner.invoke(app, ["status", PLAN]).exit_code == 0
    [stored] = (plans / cache.FOLDER).glob("plan-*.bin")
    plan_file = plans / f"{PLAN}.toml"
    text = plan_file.read_text()
    assert cache.PlanCache(str(plans)).plan(PLAN, cache.sha256(text)) is not None
    assert cache.PlanCache(str(plans)).plan("another-name", cache.sha256(text)) is None
    edit_keeping_size_and_time(plan_file, "end = 2025-02-28", "end = 2025-12-28")
    assert cache.PlanCache(str(plans)).plan(PLAN, cache.sha256(plan_file.read_text())) is None
    result = runner.invoke(app, ["status", PLAN, "--as-of", "2025-03-31", "-f", "json"])
    activities = json.loads(result.stdout)["plans"][0]["areas"][0]["activities"]
    assert next(a for a in activities if a["id"] == "A.2")["overdue"] is False
    stored.write_bytes(b"WPCACHE1" + bytes(40))  # damaged: read again, quietly
    assert runner.invoke(app, ["status", PLAN]).exit_code == 0


def test_record_writes_no_cache(runner: CliRunner, plans: Path) -> None:
    """record writes its record and nothing else."""
    result = runner.invoke(app, ["record", PLAN, "B.1", "-s", "ongoing", "--as-of", "2025-03-01"])
    assert result.exit_code == 0, result.stderr
    assert not (plans / cache.FOLDER).exists()


def test_a_link_in_the_caches_place_is_never_followed(plans: Path, tmp_path: Path) -> None:
    """A repository that commits .workplan-cache as a link cannot make workplan write into,
    or delete from, the folder it points to."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    precious = [elsewhere / "firmware.bin", elsewhere / f"records-{'0' * 32}.bin"]
    for path in precious:
        path.write_bytes(b"precious")
    (elsewhere / ".tmp-notes").write_bytes(b"notes")
    os.utime(elsewhere / ".tmp-notes", (0, 0))
    (plans / cache.FOLDER).symlink_to(elsewhere)
    assert _same_as_reading(plans)["records"]
    assert sorted(p.name for p in elsewhere.iterdir()) == sorted(
        [".tmp-notes", *(p.name for p in precious)]
    )


def test_a_cache_that_comes_with_the_checkout_is_not_trusted(
    plans: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Cache files sealed with another user's key (committed, or copied) are ignored: a plan
    whose text is broken can never be taken as valid from a planted cache."""
    _seen(plans)
    assert list((plans / cache.FOLDER).glob("plan-*.bin"))
    plan_file = plans / f"{PLAN}.toml"
    broken = plan_file.read_text().replace('somtc_area = "terrorism"', 'somtc_area = "terror"')
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
    cache._secret.cache_clear()
    # the attacker's cache: the broken text's digest, the valid plan's content
    valid = cache.PlanCache(str(plans))
    model = Workspace(plans, use_cache=False).plan(PLAN)
    valid.keep(PLAN, cache.sha256(broken), model)
    plan_file.write_text(broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "victim"))
    cache._secret.cache_clear()
    problems = validate_paths([plans]).problems
    assert [p.code for p in problems] == ["WP103"]


def test_a_change_to_workplans_code_drops_the_cache(
    plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header holds a hash of workplan's own modules: a new rule applies at once."""
    _seen(plans)
    [section] = _sections(plans)
    stored = cache._read_section(str(section))
    assert stored is not None
    assert stored[0][2] == cache._versions()[2]  # the code's hash
    monkeypatch.setattr(
        cache, "_versions", lambda: (*stored[0][:2], "another code", *stored[0][3:6])
    )
    assert Cache_of(plans).section(PLAN, "x", dt.date.today()).old == {}


def Cache_of(plans: Path) -> cache.Cache:  # noqa: N802  # reads as the class it makes
    return cache.Cache(str(plans), enabled=True)


def test_plans_named_with_dots_give_the_same_answers(runner: CliRunner, plans: Path) -> None:
    """--plans . and --plans ./plans/../plans: records are filed where they are, whatever the
    spelling of the folder (a spelling with a dot once made every record misfiled)."""
    expected = runner.invoke(app, ["validate", "--no-cache"]).stdout
    assert expected.startswith("ok: ")
    os.chdir(plans)
    for spelling in (".", "./", "../plans/."):
        for extra in ([], ["--no-cache"]):
            result = runner.invoke(app, ["validate", "--plans", spelling, *extra])
            assert (result.exit_code, result.stdout) == (0, expected), spelling
            status = runner.invoke(app, ["status", PLAN, "--plans", spelling, *extra])
            assert status.exit_code == 0, status.stderr
