"""Progress records: each invalid example gives its expected problems; state as of a date."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from workplan_cli.errors import CODES
from workplan_cli.models import Evidence, PlanFile, ProgressRecord, StoredRecord
from workplan_cli.planning import newest_first, states_as_of
from workplan_cli.store import record_text, write_record
from workplan_cli.validation import validate_paths
from workplan_cli.workspace import Workspace

from .conftest import DATA, VALID_PLAN

INVALID = sorted((DATA / "invalid-records").glob("*.toml"))
_EXPECT = re.compile(r"^# expect: (.*)$", re.MULTILINE)
_FILED = re.compile(r"^# filed: (.*)$", re.MULTILINE)
PLAN_ID = VALID_PLAN.stem
UTC = dt.UTC


def _expected(text: str) -> list[tuple[int, int, str]]:
    match = _EXPECT.search(text)
    assert match is not None
    found = []
    for item in match.group(1).split():
        code, where = item.split("@")
        line, col = where.split(":")
        found.append((int(line), int(col), code))
    return sorted(found)


def _file_example(example: Path, plans: Path) -> Path:
    """Put an example record where its '# filed:' line says, beside the valid test plan."""
    match = _FILED.search(example.read_text())
    assert match is not None
    target = plans / "progress" / match.group(1) / example.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(example, target)
    return target


@pytest.mark.parametrize("example", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_record_gives_its_expected_problems(example: Path, plans_dir: Path) -> None:
    """It reports exactly the codes, lines and columns the record names in its first line."""
    target = _file_example(example, plans_dir)
    report = validate_paths([target])
    assert report.records == (f"plans/progress/{target.relative_to(plans_dir / 'progress')}",)
    found = sorted((p.line, p.col, p.code) for p in report.problems)
    assert found == _expected(example.read_text())


def test_every_record_code_has_an_example_file() -> None:
    """It keeps at least one example record per record error code (WP200 and up)."""
    covered = {code for path in INVALID for _, _, code in _expected(path.read_text())}
    assert {code for code in CODES if code >= "WP200"} <= covered


def test_validating_the_plans_directory_checks_records_too(plans_dir: Path) -> None:
    """It finds records under plans/progress/ and reports them with the plan files."""
    for example in INVALID:
        _file_example(example, plans_dir)
    report = validate_paths([plans_dir])
    assert report.plans == ("plans/test-plan-2024-2026.toml",)
    assert len(report.records) == len(INVALID)
    assert {p.path for p in report.problems} == set(report.records)


def test_a_record_outside_a_progress_folder(tmp_path: Path) -> None:
    """It says where a record found outside progress/ belongs, rather than check it as a plan."""
    stray = tmp_path / "record.toml"
    stray.write_text(record_text(_record()))
    report = validate_paths([stray])
    assert report.records == ("record.toml",)
    assert [(p.line, p.code, p.message, p.hint) for p in report.problems] == [
        (
            2,
            "WP203",
            "this is a progress record, but it is not in a progress/ folder",
            f"records belong in plans/progress/{PLAN_ID}/CT.1/; move it there (git mv)",
        )
    ]


def test_a_record_loose_in_the_progress_folder(plans_dir: Path) -> None:
    """It reports a record moved out of its activity's folder, in validate and in history."""
    stored = write_record(plans_dir, _record())
    loose = stored.path.rename(plans_dir / "progress" / stored.path.name)
    report = validate_paths([plans_dir])
    assert [(p.path, p.code) for p in report.problems] == [
        (f"plans/progress/{loose.name}", "WP203")
    ]
    assert [p.code for p in Workspace(plans_dir).load_records(PLAN_ID).problems] == ["WP203"]
    assert Workspace(plans_dir).load_records("another-plan").problems == ()


def test_a_progress_folder_that_is_a_file(plans_dir: Path) -> None:
    """It reports a progress/ that is a file, in validate and in history."""
    (plans_dir / "progress").write_text("oops")
    report = validate_paths([plans_dir])
    assert [(p.path, p.code) for p in report.problems] == [("plans/progress", "WP001")]
    assert [p.code for p in Workspace(plans_dir).load_records(PLAN_ID).problems] == ["WP001"]


def test_a_symbolic_link_in_the_progress_tree(plans_dir: Path, tmp_path: Path) -> None:
    """It refuses linked folders and files: they would keep records outside the repository."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stored = write_record(plans_dir, _record())
    (plans_dir / "progress" / PLAN_ID / "CYB.1").symlink_to(elsewhere, target_is_directory=True)
    (stored.path.parent / "linked.toml").symlink_to(stored.path)
    report = validate_paths([plans_dir])
    assert sorted((p.path, p.code) for p in report.problems) == [
        (f"plans/progress/{PLAN_ID}/CT.1/linked.toml", "WP203"),
        (f"plans/progress/{PLAN_ID}/CYB.1", "WP203"),
    ]
    assert "is a symbolic link" in report.problems[0].message


def test_a_record_of_a_broken_plan_reports_the_plan(plans_dir: Path) -> None:
    """It checks the plan a named record belongs to, and reports the plan's problems."""
    stored = write_record(plans_dir, _record())
    plan_file = plans_dir / VALID_PLAN.name
    plan_file.write_text(plan_file.read_text().replace('kind = "work-plan"', 'kind = "plan"'))
    report = validate_paths([stored.path])
    assert [(p.path, p.code) for p in report.problems] == [
        ("plans/test-plan-2024-2026.toml", "WP103")
    ]
    assert report.plans == ("plans/test-plan-2024-2026.toml",)


def test_an_empty_directory_is_reported(tmp_path: Path) -> None:
    """It says a directory with neither plans nor records holds nothing to check."""
    (tmp_path / "empty").mkdir()
    report = validate_paths([tmp_path / "empty"])
    assert [p.code for p in report.problems] == ["WP001"]


def test_a_progress_folder_validates_its_records(plans_dir: Path) -> None:
    """It validates every record below a progress folder named on the command line."""
    write_record(plans_dir, _record())
    later = dt.datetime(2025, 3, 1, tzinfo=UTC)
    write_record(plans_dir, _record(activity="CYB.1", as_of=dt.date(2025, 2, 1), recorded_at=later))
    report = validate_paths([plans_dir / "progress" / PLAN_ID])
    assert (len(report.records), report.ok) == (2, True)


def test_a_record_file_that_cannot_be_parsed(plans_dir: Path) -> None:
    """It reports a broken record file as a record, with the syntax error's position."""
    folder = plans_dir / "progress" / PLAN_ID / "CT.1"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('format = 1\nplan = "x\n')
    report = validate_paths([plans_dir])
    assert report.records == (f"plans/progress/{PLAN_ID}/CT.1/broken.toml",)
    assert [(p.line, p.code) for p in report.problems] == [(2, "WP005")]


# --- state as of a date -------------------------------------------------------------------


def _record(
    activity: str = "CT.1",
    as_of: dt.date = dt.date(2024, 6, 30),
    status: str = "ongoing",
    recorded_at: dt.datetime = dt.datetime(2025, 1, 1, 8, tzinfo=UTC),
    **more: object,
) -> ProgressRecord:
    return ProgressRecord.model_validate(
        {
            "format": 1,
            "plan": PLAN_ID,
            "activity": activity,
            "as_of": as_of,
            "status": status,
            "recorded_at": recorded_at,
            **more,
        }
    )


def _stored(name: str, record: ProgressRecord) -> StoredRecord:
    return StoredRecord(name, Path(name), record)


def _plan(plans_dir: Path) -> PlanFile:
    loaded = Workspace(plans_dir).get(PLAN_ID)
    assert loaded is not None
    assert loaded.plan is not None
    return loaded.plan


def test_state_is_the_latest_record_as_of_the_day(plans_dir: Path) -> None:
    """It takes the latest as_of on or before the day; an activity with none is planned."""
    plan = _plan(plans_dir)
    early = _stored("a", _record(as_of=dt.date(2024, 4, 1), percent=10))
    later = _stored("b", _record(as_of=dt.date(2024, 9, 1), percent=60))
    states = states_as_of(plan, [later, early], dt.date(2024, 6, 30))
    assert (states["CT.1"].status, states["CT.1"].percent, states["CT.1"].record) == (
        "ongoing",
        10,
        early,
    )
    assert (states["CYB.1"].status, states["CYB.1"].record) == ("planned", None)
    assert states_as_of(plan, [early, later], dt.date(2024, 9, 1))["CT.1"].record == later
    assert states_as_of(plan, [early], dt.date(2024, 3, 31))["CT.1"].status == "planned"


def test_a_correction_on_the_same_day_wins_by_recorded_at(plans_dir: Path) -> None:
    """It breaks a tie of as_of by the later recorded_at, then by file name, in any order."""
    plan = _plan(plans_dir)
    day = dt.date(2024, 6, 30)
    wrong = _stored("z", _record(as_of=day, percent=90))
    fixed = _stored(
        "a", _record(as_of=day, percent=30, recorded_at=dt.datetime(2025, 1, 2, tzinfo=UTC))
    )
    twin = _stored(
        "b", _record(as_of=day, percent=31, recorded_at=dt.datetime(2025, 1, 2, tzinfo=UTC))
    )
    for order in ([wrong, fixed, twin], [twin, fixed, wrong], [fixed, wrong, twin]):
        assert states_as_of(plan, order, day)["CT.1"].record == twin
        assert newest_first(order) == [twin, fixed, wrong]


def test_completed_counts_as_100_percent(plans_dir: Path) -> None:
    """It reads a completed record without a percent as 100."""
    plan = _plan(plans_dir)
    done = _stored(
        "a", _record(status="completed", evidence=[{"title": "t", "url": "https://x.org"}])
    )
    assert states_as_of(plan, [done], dt.date(2025, 1, 1))["CT.1"].percent == 100


def test_records_of_another_plan_do_not_count(plans_dir: Path) -> None:
    """It ignores a record whose plan is not the plan asked about."""
    plan = _plan(plans_dir)
    other = _record().model_copy(update={"plan": "other-plan"})
    assert (
        states_as_of(plan, [_stored("a", other)], dt.date(2025, 1, 1))["CT.1"].status == "planned"
    )


# --- writing and reading back --------------------------------------------------------------

_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
_URL = st.from_regex(  # as models.Url: no spaces, control codes or bidirectional controls
    r"https?://[a-z0-9.-]{1,20}\.[a-z]{2,5}(/[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]{0,30})?",
    fullmatch=True,
)
_EVIDENCE = st.builds(Evidence, title=_TEXT.filter(bool), url=_URL, restricted=st.booleans())
_NUMBER = st.one_of(  # indicator values are at most 10^15 either way (rules.py)
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(min_value=-1e15, max_value=1e15),
)
_RECORDS = st.builds(
    ProgressRecord,
    format=st.just(1),
    plan=st.just(PLAN_ID),
    activity=st.just("CT.1"),  # the test plan's activity with an indicator
    as_of=st.dates(dt.date(2024, 1, 1), dt.date(2025, 1, 1)),
    status=st.sampled_from(["planned", "ongoing", "suspended", "cancelled"]),
    percent=st.one_of(st.none(), st.integers(0, 100)),
    note=st.one_of(st.none(), _TEXT),
    meeting=st.one_of(st.none(), st.just("somtc-test-1")),
    reported_by=st.one_of(st.none(), _TEXT.filter(bool).map(lambda t: t[:120])),
    provenance=st.sampled_from(["sourced", "illustrative"]),
    recorded_at=st.datetimes(
        dt.datetime(2025, 1, 2), dt.datetime(2026, 1, 1), timezones=st.just(UTC)
    ),
    evidence=st.lists(_EVIDENCE, max_size=3),
    indicators=st.dictionaries(st.just("officials-trained"), _NUMBER, max_size=1),
)


@pytest.mark.slow
@given(record=_RECORDS)
def test_any_valid_record_round_trips(
    record: ProgressRecord, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """It reads back exactly the record it wrote, notes and all, and validate accepts the file."""
    plans = tmp_path_factory.mktemp("plans")
    shutil.copy(VALID_PLAN, plans / VALID_PLAN.name)
    stored = write_record(plans, record)
    loaded = Workspace(plans).load_records(PLAN_ID)
    assert loaded.problems == ()
    assert [r.record for r in loaded.records] == [record]
    assert loaded.records[0].id == stored.id


def test_a_hand_written_record_may_use_any_time_zone(plans_dir: Path) -> None:
    """It accepts recorded_at with any UTC offset, as TOML allows."""
    folder = plans_dir / "progress" / PLAN_ID / "CT.1"
    folder.mkdir(parents=True)
    data = {
        "format": 1,
        "plan": PLAN_ID,
        "activity": "CT.1",
        "as_of": dt.date(2024, 6, 30),
        "status": "ongoing",
        "recorded_at": dt.datetime(2025, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    }
    (folder / "by-hand.toml").write_text(tomli_w.dumps(data))
    assert validate_paths([plans_dir]).ok


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    _TEXT,
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(UTC))),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    ["format", "plan", "activity", "as_of", "status", "percent", "note", "meeting",
     "reported_by", "provenance", "recorded_at", "evidence", "indicators", "extra"]
)  # fmt: skip


def _without_none(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value if v is not None]
    return value


@pytest.mark.slow
@given(changes=st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_any_mangled_record_gives_problems_not_a_crash(
    changes: dict[str, object], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """It reports problems with positions, never raises, for records with random values."""
    plans = tmp_path_factory.mktemp("plans")
    shutil.copy(VALID_PLAN, plans / VALID_PLAN.name)
    data = {**_valid_record_data(), **changes}
    folder = plans / "progress" / PLAN_ID / "CT.1"
    folder.mkdir(parents=True)
    (folder / "r.toml").write_text(tomli_w.dumps(_without_none(data)))  # type: ignore[arg-type]  # a dict
    report = validate_paths([plans])
    for problem in report.problems:
        assert problem.code in CODES
        assert problem.line >= 1 or problem.code in ("WP001", "WP003")


def _valid_record_data() -> dict[str, object]:
    return {
        "format": 1,
        "plan": PLAN_ID,
        "activity": "CT.1",
        "as_of": dt.date(2024, 6, 30),
        "status": "ongoing",
        "recorded_at": dt.datetime(2025, 1, 1, tzinfo=UTC),
    }
