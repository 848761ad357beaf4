"""Messages and hints for each kind of problem, on small edits of a valid plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workplan_cli.loader import load_plan
from workplan_cli.validation import validate_paths

from .conftest import VALID_PLAN


def _problems(tmp_path: Path, *edits: tuple[str, str]) -> list[tuple[str, str, str | None]]:
    text = VALID_PLAN.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    target = tmp_path / VALID_PLAN.name
    target.write_text(text)
    return [(p.code, p.message, p.hint) for p in load_plan(target).problems]


CASES = {
    "plan starts after it ends": (
        [("start = 2024-01-01", "start = 2027-01-01")],
        [("WP105", "the plan starts 2027-01-01, after it ends (2026-12-31)", None)],
    ),
    "coordinator starts after its term ends": (
        [("until = 2025-06-30", "until = 2023-12-31")],
        [("WP105", "coordinator VN starts 2024-01-01, after 2023-12-31", None)],
    ),
    "coordinator after the plan": (
        [("from = 2024-01-01\nuntil = 2025-06-30", "from = 2027-02-01")],
        [("WP104", "coordinator VN starts 2027-02-01, after the plan ends (2026-12-31)", None)],
    ),
    "activity before the plan": (
        [("start = 2024-03-01", "start = 2023-03-01")],
        [("WP104", 'activity "CT.1" starts 2023-03-01, before the plan starts (2024-01-01)', None)],
    ),
    "duplicate indicator": (
        [("target = 60\n", 'target = 60\n\n[[areas.activities.indicators]]\nid = "officials-trained"\ntitle = "x"\nunit = "x"\ntarget = 1\n')],
        [("WP106", 'indicator id "officials-trained" is used twice in activity "CT.1"', "the first is at line 50; give each one its own id")],
    ),
    "activity ids differing only in case": (
        [('id = "CYB.1"', 'id = "ct.1"')],
        [("WP106", 'activity ids "CT.1" and "ct.1" differ only in case in the plan', "the first is at line 41; give each one its own id")],
    ),
    "a country's name as lead": (
        [('lead = ["SG"]', 'lead = ["Thailand"]')],
        [("WP108", 'activity "CYB.1": "Thailand" is not a known code', 'did you mean "TH"?')],
    ),
    "empty title": (
        [('title = "Cybercrime dialogue"', 'title = ""')],
        [("WP103", 'activity "CYB.1": "title" must not be empty', None)],
    ),
    "threshold above 100": (
        [("red = 35", "red = 135")],
        [("WP103", '[rag]: "red" is 135, outside the range 0 to 100', None)],
    ),
    "infinite target": (
        [("target = 60", "target = inf")],
        [("WP103", 'indicator "officials-trained": "target" must be a finite number', None)],
    ),
    "too long short title": (
        [('short_title = "Test WP"', f'short_title = "{"x" * 41}"')],
        [("WP103", '[plan]: "short_title" is too long (at most 40 characters)', None)],
    ),
    "bad meeting id": (
        [('id = "somtc-test-1"', 'id = "SOMTC Test"')],
        [("WP103", 'meeting "SOMTC Test": "id" "SOMTC Test" is not a valid id', "use lowercase letters, digits and single hyphens, e.g. ammtc-japan-10")],
    ),
    "number where text belongs": (
        [('unit = "persons"', "unit = 5")],
        [("WP102", 'indicator "officials-trained": "unit" must be text in double quotes, not a whole number', 'put it in double quotes: "5"')],
    ),
    "table where text belongs": (
        [('unit = "persons"', "unit = { a = 1 }")],
        [("WP102", 'indicator "officials-trained": "unit" must be text in double quotes, not a table', None)],
    ),
    "bad date text": (
        [("date = 2024-06-20", 'date = "June 2024"')],
        [("WP102", 'meeting "somtc-test-1": "date" must be a date such as 2024-01-31, not text', "write dates as YYYY-MM-DD without quotes, e.g. start = 2024-01-31")],
    ),
    "date with time": (
        [("date = 2024-06-20", "date = 2024-06-20T10:00:00")],
        [("WP102", 'meeting "somtc-test-1": "date" must be a date such as 2024-01-31, not a date with a time', None)],
    ),
    "boolean where a number belongs": (
        [("amber = 15", "amber = true")],
        [("WP102", '[rag]: "amber" must be a whole number, not true/false', None)],
    ),
    "text where a list belongs": (
        [('aliases = ["Test plan"]', 'aliases = "Test plan"')],
        [("WP102", '[plan]: "aliases" must be a list such as [...], not text', 'put it in a list: ["Test plan"]')],
    ),
    "unknown key with no near match": (
        [("red = 35", "red = 35\nzzz = 1")],
        [("WP100", 'unknown key "zzz" in [rag]', "allowed keys: amber, red")],
    ),
    "case slip in a choice": (
        [('somtc_area = "cybercrime"', 'somtc_area = "Cybercrime"')],
        [("WP103", 'area "CYB": "somtc_area" is "Cybercrime", which is not one of: terrorism, illicit_drug_trafficking, trafficking_in_persons, money_laundering, arms_smuggling, sea_piracy, international_economic_crime, cybercrime, wildlife_and_timber_trafficking, people_smuggling', 'did you mean "cybercrime"?')],
    ),
    "lowercase country code": (
        [('partner = "JP"', 'partner = "jp"')],
        [("WP108", '[plan]: "jp" is not the code of a dialogue partner', 'use capitals: "JP"')],
    ),
    "item without id": (
        [('id = "CYB.1"\n', "")],
        [("WP101", 'activity 1 of area "CYB" has no "id"; it is required', None)],
    ),
    "ASEAN member as partner": (
        [('partner = "JP"', 'partner = "VN"')],
        [("WP108", '[plan]: "VN" is not the code of a dialogue partner', "codes allowed here: AU CA CN IN JP KR NZ RU GB US EU")],
    ),
    "partner as coordinator": (
        [('country = "VN"', 'country = "JP"')],
        [("WP108", 'coordinator JP: "JP" is not the code of an ASEAN member state', "codes allowed here: BN KH ID LA MY MM PH SG TH VN TL")],
    ),
    "informal code for Indonesia": (
        [('lead = ["JP", "ID"]', 'lead = ["JP", "INDO"]')],
        [("WP108", 'activity "CT.1": "INDO" is not a known code', 'use the two-letter code "ID"')],
    ),
    "decimal where a whole number belongs": (
        [("amber = 15", "amber = 15.5")],
        [("WP102", '[rag]: "amber" must be a whole number, not a decimal number', None)],
    ),
    "format in quotes": (
        [("format = 1", 'format = "1"')],
        [("WP008", "format = 1 is not a format this version of workplan reads", "write format = 1 at the top of the file")],
    ),
    "format true": (
        [("format = 1", "format = true")],
        [("WP008", "format = true is not a format this version of workplan reads", "write format = 1 at the top of the file")],
    ),
    "very long hex id": (
        [('id = "CYB.1"', "id = 0x" + "f" * 4000)],
        [("WP102", 'activity 1 of area "CYB": "id" must be text in double quotes, not a whole number', 'put it in double quotes: "(a very long number)"')],
    ),
    "very long hex threshold": (
        [("amber = 15", "amber = 0x" + "f" * 5000)],
        [("WP103", '[rag]: "amber" is (a very long number), outside the range 0 to 100', None)],
    ),
    "very long hex number in a list": (
        [("format = 1", "format = [0x" + "f" * 5000 + "]")],
        [("WP008", "format = (a value holding a very long number) is not a format this version of workplan reads", "write format = 1 at the top of the file")],
    ),
    "very long decimal number": (
        [("target = 60", "target = " + "9" * 5000)],
        [("WP005", "TOML syntax: a number is too long to read", None)],
    ),
    "control character in a string": (
        [('title = "Cybercrime dialogue"', 'title = "Cybercrime\x7fdialogue"')],
        [("WP005", "TOML syntax: Illegal character '\\x7f'", "remove the character here; it may be invisible, such as a control code")],
    ),
    "plan source without url": (
        [('{ title = "A source", url = "https://example.org/plan" }', '{ title = "A source" }')],
        [("WP101", 'a source has no "url" (a web address) or "ref" (where the document is kept)', 'add url = "https://..." or ref = "..." (a document symbol, a registry file)')],
    ),
    "key twice in a multi-line array": (
        [('partners = ["PH"]', 'partners = ["PH"]\npartners = [\n  "TH",\n]')],
        [("WP006", 'the key "partners" is defined twice', "the first is at line 44; keep one of them")],
    ),
    "key twice in an inline table": (
        [('{ title = "Plan text", url', '{ title = "Plan text", title = "x", url')],
        [("WP006", 'the key "title" is defined twice', "the first is at line 47; keep one of them")],
    ),
    "table after an array of tables of the same name": (
        [("[rag]", "[meetings]")],
        [("WP006", "a key or table is defined twice", "keep one of them")],
    ),
    "a declared body's name for its code": (
        [("[[meetings]]", '[[bodies]]\nid = "UNODC"\nname = "United Nations Office on Drugs and Crime"\n\n[[meetings]]'),
         ('lead = ["SG"]', 'lead = ["United Nations Office on Drugs and Crime"]')],
        [("WP108", 'activity "CYB.1": "United Nations Office on Drugs and Crime" is not a known code', 'did you mean "UNODC"?')],
    ),
    "an undeclared body by name": (
        [('lead = ["SG"]', 'lead = ["INTERPOL", "Interpol Lyon"]')],
        [
            ("WP108", 'activity "CYB.1": "INTERPOL" is not a known code', 'for a body, declare it: [[bodies]] id = "INTERPOL", name = "..."; codes allowed here: BN KH ID LA MY MM PH SG TH VN TL AU CA CN IN JP KR NZ RU GB US EU ASEC AMS'),
            ("WP108", 'activity "CYB.1": "Interpol Lyon" is not a known code', 'a lead or partner is a code: declare the body as [[bodies]] id = "ABC", name = "Interpol Lyon" and use its id; codes allowed here: BN KH ID LA MY MM PH SG TH VN TL AU CA CN IN JP KR NZ RU GB US EU ASEC AMS'),
        ],
    ),
    "a body id that is no code": (
        [("[[meetings]]", '[[bodies]]\nid = "un odc"\nname = "UNODC"\n\n[[meetings]]')],
        [("WP103", 'body "un odc": "id" "un odc" is not a valid id', "use capital letters, digits and single hyphens, e.g. UNODC")],
    ),
    "all ASEAN member states by name": (
        [('lead = ["SG"]', 'lead = ["All ASEAN Member States"]')],
        [("WP108", 'activity "CYB.1": "All ASEAN Member States" is not a known code', 'did you mean "AMS"?')],
    ),
    "a body that is a country under another code": (
        [("[[meetings]]", '[[bodies]]\nid = "THAILAND"\nname = "Thailand"\n\n[[meetings]]')],
        [("WP103", 'body "THAILAND" is Thailand, which has the code TH', "use TH in lead, partners and --by; declare a body only for an organisation that has no code")],
    ),
    "a country's code declared again as a body": (
        [("[[meetings]]", '[[bodies]]\nid = "TH"\nname = "Royal Thai Police"\n\n[[meetings]]')],
        [],
    ),
    "a code listed twice": (
        [('lead = ["SG"]', 'lead = ["SG", "SG"]')],
        [("WP106", 'activity "CYB.1": "SG" is listed twice in "lead"', "list each one once")],
    ),
    "a SOMTC area listed twice": (
        [('somtc_area = "cybercrime"', 'somtc_area = ["cybercrime", "cybercrime"]')],
        [("WP106", 'area "CYB": "cybercrime" is listed twice in "somtc_area"', "list each one once")],
    ),
    "a group with the id of an area": (
        [('[[areas.activities]]\nid = "CYB.1"', '[[areas.groups]]\nid = "CT"\ntitle = "x"\n\n[[areas.activities]]\nid = "CYB.1"')],
        [("WP106", 'group id "CT" is also the id of an area', 'give the group its own id, e.g. the area\'s id and a number: "CT.1" (--area takes both kinds of id)')],
    ),
    "a number where a SOMTC area belongs": (
        [('somtc_area = "cybercrime"', "somtc_area = 3")],
        [("WP102", 'area "CYB": "somtc_area" must be text in double quotes or a list of them, not a whole number', None)],
    ),
    "a document with both url and ref": (
        [('status = "active"', 'status = "active"\ndocument = { title = "x", url = "https://example.org/x", ref = "y" }')],
        [("WP103", 'the document has both "url" and "ref"', "give the web address as url, or where the document is kept as ref, not both")],
    ),
    "sports code for Singapore is not guessed as India": (
        [('lead = ["SG"]', 'lead = ["SIN", "XYZ"]')],
        [
            ("WP108", 'activity "CYB.1": "SIN" is not a known code', 'use the two-letter code "SG"'),
            ("WP108", 'activity "CYB.1": "XYZ" is not a known code', 'for a body, declare it: [[bodies]] id = "XYZ", name = "..."; codes allowed here: BN KH ID LA MY MM PH SG TH VN TL AU CA CN IN JP KR NZ RU GB US EU ASEC AMS'),
        ],
    ),
    "date with slashes": (
        [("start = 2025-01-01", "start = 2025/01/01")],
        [("WP005", "TOML syntax: Expected newline or end of document after a statement", "write dates as YYYY-MM-DD with two-digit months and days, e.g. 2024-01-31")],
    ),
    "day first": (
        [("start = 2025-01-01", "start = 01-02-2025")],
        [("WP005", "TOML syntax: Expected newline or end of document after a statement", "write dates as YYYY-MM-DD with two-digit months and days, e.g. 2024-01-31")],
    ),
    "date that does not exist": (
        [("start = 2025-01-01", "start = 2025-02-30")],
        [("WP005", "TOML syntax: Invalid date or datetime", "the date does not exist, or has a time after it")],
    ),
    "thousands separator": (
        [("target = 60", "target = 1,200")],
        [("WP005", "TOML syntax: Expected newline or end of document after a statement", "write numbers without thousands separators, e.g. 1200")],
    ),
    "curly quotes": (
        [('title = "Cybercrime dialogue"', "title = \u201cCybercrime dialogue\u201d")],
        [("WP005", "TOML syntax: Invalid value", 'replace curly quotes (\u201c \u201d) with straight ones (")')],
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_problem_message(tmp_path: Path, name: str) -> None:
    """It words each problem so that a desk officer can act on it."""
    edits, expected = CASES[name]
    assert _problems(tmp_path, *edits) == expected


def test_unclosed_multiline_string_points_where_it_opens(tmp_path: Path) -> None:
    """It points at the opening quotes of a multi-line string that is never closed."""
    text = VALID_PLAN.read_text() + 'note = """never closed\n\nmore = 1\n'
    target = tmp_path / VALID_PLAN.name
    target.write_text(text)
    (problem,) = load_plan(target).problems
    assert (problem.line, problem.col, problem.code) == (len(text.splitlines()) - 2, 8, "WP005")
    assert problem.hint == "close the string that starts here with the quotes it opens with"


def test_comments_only_is_empty(tmp_path: Path) -> None:
    """It calls a file with nothing but comments empty."""
    target = tmp_path / "x.toml"
    target.write_text("# a plan will come here\n")
    (problem,) = load_plan(target).problems
    assert (problem.code, problem.message) == ("WP003", "the file holds only comments")


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    """It refuses a named pipe instead of waiting on it forever."""
    pipe = tmp_path / "x.toml"
    os.mkfifo(pipe)
    (problem,) = load_plan(pipe).problems
    assert (problem.code, problem.message) == ("WP001", "this is not a regular file")


def test_a_completed_record_with_a_very_long_hex_percent(plans_dir: Path) -> None:
    """It reports a percent of 5000 hex digits once, as out of range, where the rule on
    completed records had stopped validate (found by tests/test_fuzz.py: Python cannot
    write a number of more than 4300 digits in a message)."""
    folder = plans_dir / "progress" / VALID_PLAN.stem / "CT.1"
    folder.mkdir(parents=True)
    (folder / "r.toml").write_text(
        f'format = 1\nplan = "{VALID_PLAN.stem}"\nactivity = "CT.1"\nas_of = 2024-06-30\n'
        'status = "completed"\npercent = 0x' + "f" * 5000 + "\n"
        'evidence = [{ title = "Report", url = "https://example.org/r" }]\n'
        "recorded_at = 2025-01-01T00:00:00Z\n"
    )
    report = validate_paths([plans_dir])
    assert [(p.line, p.col, p.code, p.message, p.hint) for p in report.problems] == [
        (
            6,
            11,
            "WP103",
            'the record: "percent" is (a very long number), outside the range 0 to 100',
            None,
        )
    ]


def test_a_record_written_in_the_calendars_last_year(plans_dir: Path) -> None:
    """It reports a recorded_at in 9999 as in the future, once (found by tests/test_fuzz.py:
    comparing as_of with the day after it overflowed the calendar)."""
    folder = plans_dir / "progress" / VALID_PLAN.stem / "CT.1"
    folder.mkdir(parents=True)
    (folder / "r.toml").write_text(
        f'format = 1\nplan = "{VALID_PLAN.stem}"\nactivity = "CT.1"\nas_of = 2024-06-30\n'
        'status = "ongoing"\nrecorded_at = 9999-12-31T10:00:00Z\n'
    )
    report = validate_paths([plans_dir])
    assert [(p.line, p.col, p.code, p.message, p.hint) for p in report.problems] == [
        (
            6,
            15,
            "WP204",
            "recorded_at 9999-12-31 10:00:00+00:00 is more than a day from now: the clock of the "
            "computer that wrote it was wrong, or the file was edited",
            "set recorded_at to the time it was really written, in UTC (for a committed file, "
            "git log --format=%aI -- FILE shows when it was added)",
        )
    ]


@pytest.mark.parametrize("value", ["1" + "0" * 4000, "-1e300", "1_000_000_000_000_001"])
def test_an_indicator_value_too_large_to_add_up(plans_dir: Path, value: str) -> None:
    """It refuses an indicator value beyond 10^15 either way, which summary could not add up
    or show (found by tests/test_fuzz.py: a value of 4000 digits stopped summary)."""
    folder = plans_dir / "progress" / VALID_PLAN.stem / "CT.1"
    folder.mkdir(parents=True)
    (folder / "r.toml").write_text(
        f'format = 1\nplan = "{VALID_PLAN.stem}"\nactivity = "CT.1"\nas_of = 2024-06-30\n'
        f'status = "ongoing"\nrecorded_at = 2025-01-01T00:00:00Z\n\n[indicators]\n'
        f"officials-trained = {value}\n"
    )
    report = validate_paths([plans_dir])
    assert [(p.line, p.col, p.code, p.message, p.hint) for p in report.problems] == [
        (
            9,
            21,
            "WP103",
            'the value of indicator "officials-trained" is too large: at most 10^15 either way',
            "give the value in the indicator's unit; a count this large is likely a typo",
        )
    ]


def test_a_group_id_that_is_no_text_is_said_not_raised(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        (
            '[[areas.activities]]\nid = "CYB.1"',
            '[[areas.groups]]\nid = ["x"]\ntitle = "x"\n\n[[areas.activities]]\nid = "CYB.1"',
        ),
    )
    assert [code for code, _, _ in problems] == ["WP102"]
