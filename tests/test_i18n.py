"""Bahasa Indonesia (SPEC §9): choosing the language, a catalogue that is whole and in step,
dates and numbers in the language's form, and every view read in Indonesian."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from workplan_cli import i18n
from workplan_cli.cli import app

from .conftest import REPO, installed

PLAN = "fixture-2024-2025"
PO = REPO / "src" / "workplan_cli" / "locale" / "id" / "LC_MESSAGES" / "workplan.po"

# Words of workplan's own English that must not be left in an Indonesian view. The plans'
# own text (titles, notes) is English and stays as written: words in it are not looked for.
ENGLISH = {
    "Activities", "Activity", "Area", "Areas", "Arguments", "Coordinator", "Commands",
    "Completed", "Due", "Engagement", "Evidence", "Expected", "Implementation", "Implemented",
    "Indicators", "Latest", "Lead", "Meeting", "Nothing", "Ongoing", "Options", "Overdue",
    "Period", "Plan", "Progress", "Rates", "Show", "Title", "Usage", "What", "Wrote",
    "activities", "activity", "already", "and", "behind", "cancelled", "completed", "did",
    "does", "expected", "has", "hint", "mean", "must", "not", "ongoing", "overdue",
    "planned", "record", "records", "since", "the", "there", "this", "with", "written",
}  # fmt: skip


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", REPO / "tools" / "catalogue.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[^{}]*\}", text))


def _plan_words(plans: Path) -> set[str]:
    """Every word the plan files and records say themselves (English, kept as written)."""
    words: set[str] = set()
    for path in plans.rglob("*.toml"):
        words |= set(re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8")))
    return words


def _english_left(text: str, plans: Path) -> set[str]:
    """The English words of workplan's own left in ``text``, leaving aside what stays English
    by design: the plans' own words, commands and options as typed, examples of command
    lines, the names of the commands in the help's list, and HTML's styles and tags."""
    text = re.sub(r"<style>.*?</style>|<[^>]*>", " ", text, flags=re.DOTALL)
    text = re.sub(r"(?m)^.*\bworkplan [a-z].*$", " ", text)  # usage lines and examples
    text = re.sub(r"(?m)^  [a-z]+(?=  )", " ", text)  # the list of commands
    text = re.sub(r"--?[A-Za-z][\w-]*", " ", text)
    said = set(re.findall(r"[A-Za-z]+", text))
    return (said & ENGLISH) - _plan_words(plans)


# --- choosing the language -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"WORKPLAN_LANG": "id"}, "id"),
        ({"WORKPLAN_LANG": "fr", "LANG": "id_ID.UTF-8"}, "en"),  # no French: English
        ({"LANG": "id_ID.UTF-8"}, "id"),
        ({"LC_MESSAGES": "id_ID", "LANG": "en_GB.UTF-8"}, "id"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "id_ID.UTF-8"}, "en"),  # the first one set decides
        ({"LANG": "de_DE.UTF-8"}, "en"),  # a language workplan lacks: English, no error
        ({"WORKPLAN_LANG": "in"}, "id"),  # Java's old code for Indonesian
    ],
)
def test_the_language_is_chosen_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    monkeypatch.delenv("LANG")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert i18n.choose(None) == expected


def test_lang_wins_and_an_unknown_one_is_english(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKPLAN_LANG", "id")
    english = runner.invoke(app, ["--lang", "en", "--help"])
    assert english.exit_code == 0
    assert "Usage: workplan" in english.stdout
    unknown = runner.invoke(app, ["--lang", "xx", "--help"])  # no error: English
    assert unknown.exit_code == 0
    assert "Usage: workplan" in unknown.stdout


def test_lang_after_the_command_is_taken_too(plans: Path) -> None:
    done = subprocess.run(
        [installed("workplan"), "status", PLAN, "--plans", str(plans), "--lang", "id",
         "--as-of", "2025-06-30"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "per 30 Juni 2025" in done.stdout


# --- the catalogue -------------------------------------------------------------------------------


def test_the_catalogue_is_in_step_with_the_code() -> None:
    """Every message marked in the code, the template and the help is in the catalogue, and
    the compiled catalogue says what the .po says (python tools/catalogue.py writes them)."""
    assert _tool().main(check=True) == 0


def test_every_message_is_translated_with_its_placeholders() -> None:
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="id")
    missing, changed = [], []
    for message in catalog:
        if not message.id:
            continue
        ids = [
            str(i) for i in (message.id if isinstance(message.id, list | tuple) else [message.id])
        ]
        strings = [
            str(t or "")
            for t in (
                message.string if isinstance(message.string, list | tuple) else [message.string]
            )
        ]
        if not all(strings):
            missing.append(ids[0])
            continue
        # the placeholders of the translation: those of the message (of either form, for a
        # plural: Indonesian has one form, which may say the count or not)
        allowed = {p for i in ids for p in _placeholders(i)}
        needed = _placeholders(ids[0]) if len(ids) == 1 else set()
        for string in strings:
            if not (needed <= _placeholders(string) <= allowed):
                changed.append((ids[0], string))
    assert missing == []
    assert changed == []


def test_dates_and_numbers_follow_babels_locale_data(monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.dates import get_month_names
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from workplan_cli.render.words import day_words, number, short_day

    monkeypatch.setenv("WORKPLAN_LANG", "id")
    i18n.choose(None)
    for n in range(1, 13):
        day = dt.date(2025, n, 25)
        assert i18n.month(day) == get_month_names("wide", locale="id")[n]
        assert i18n.short_month(day) == get_month_names("abbreviated", locale="id")[n]
    assert i18n.decimal_sign() == get_decimal_symbol("id")
    assert i18n.group_sign() == get_group_symbol("id")
    assert day_words(dt.date(2025, 6, 25)) == "25 Juni 2025"
    assert short_day(dt.date(2025, 8, 1)) == "1 Agu 2025"
    assert (number(1234), number(12.5), number(1234567.25)) == ("1.234", "12,5", "1.234.567,2")


# --- every view in Indonesian --------------------------------------------------------------------


def _id(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--lang", "id", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["status", "--help"],
        ["record", "--help"],
        ["summary", "--help"],
        ["status"],
        ["status", PLAN, "--as-of", "2025-06-30"],
        ["status", PLAN, "--as-of", "2025-06-30", "-f", "plain"],
        ["areas", "--as-of", "2025-06-30"],
        ["history", PLAN],
        ["due", PLAN, "--before", "2025-06-30"],
        ["summary", PLAN, "--meeting", "review-2"],
        ["summary", PLAN, "--meeting", "review-2", "-f", "html"],
    ],
)
def test_views_in_indonesian_leave_no_english(
    runner: CliRunner, plans: Path, args: list[str]
) -> None:
    code, out, err = _id(runner, *args, *(["--plans", str(plans)] if args[-1] != "--help" else []))
    assert code == 0, err
    assert _english_left(out + err, plans) == set()


def test_refusals_and_errors_in_indonesian(runner: CliRunner, plans: Path) -> None:
    refusals = [
        ["record", PLAN, "A.9", "--status", "ongoing"],  # no such activity
        ["record", PLAN, "A.1", "--status", "finished"],  # no such status
        ["record", PLAN, "A.1", "--percent", "140"],
        ["summary", PLAN, "--meeting", "review-9"],
        ["status", "no-such-plan"],
    ]
    for args in refusals:
        code, out, err = _id(runner, *args, "--plans", str(plans))
        assert code != 0, args
        assert err, args
        assert _english_left(out + err, plans) == set(), (args, err)
    broken = plans / f"{PLAN}.toml"
    broken.write_text(broken.read_text().replace('title = "Fixture', 'titel = "Fixture', 1))
    code, out, err = _id(runner, "validate", "--plans", str(plans))
    assert code == 1
    assert _english_left(out + err, plans) == set(), out


def test_the_papers_in_indonesian(runner: CliRunner, plans: Path, tmp_path: Path) -> None:
    import docx

    code, _, err = _id(runner, "summary", PLAN, "--meeting", "review-2", "-o",
                       str(tmp_path / "p.docx"), "--plans", str(plans))  # fmt: skip
    assert code == 0, err
    document = docx.Document(str(tmp_path / "p.docx"))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "30 Juni 2025" in text
    assert _english_left(text, plans) == set()
    assert document.core_properties.language == "id-ID"
    html = _id(runner, "summary", PLAN, "-f", "html", "--plans", str(plans))[1]
    assert '<html lang="id">' in html


def test_machine_output_stays_english(runner: CliRunner, plans: Path) -> None:
    """JSON and CSV keep their English keys and values whatever the language."""
    for args in (["status", PLAN, "-f", "json"], ["status", PLAN, "-f", "csv"],
                 ["summary", PLAN, "-f", "json"], ["history", PLAN, "-f", "json"]):  # fmt: skip
        english = runner.invoke(app, [*args, "--plans", str(plans)]).stdout
        assert _id(runner, *args, "--plans", str(plans))[1] == english, args


def test_english_reads_no_catalogue(runner: CliRunner, plans: Path) -> None:
    """English costs nothing: the catalogue is never opened."""
    i18n._catalogue.cache_clear()
    result = runner.invoke(app, ["status", PLAN, "--plans", str(plans)])
    assert result.exit_code == 0
    assert i18n._catalogue.cache_info().currsize == 0
    _id(runner, "status", PLAN, "--plans", str(plans))
    assert i18n._catalogue.cache_info().currsize == 1


def test_the_readme_says_how_to_choose_the_language_in_indonesian() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bahasa Indonesia", 1)[1].split("\n## ", 1)[0]
    assert "WORKPLAN_LANG=id" in section
    assert "--lang id" in section
    assert "docs/glossary.md" in section
    assert (REPO / "docs" / "glossary.md").exists()


def test_validate_data_for_programs_stays_english(runner: CliRunner, plans: Path) -> None:
    """JSON and SARIF from validate are the same in both languages; the text is not."""
    broken = plans / f"{PLAN}.toml"
    broken.write_text(broken.read_text().replace('title = "Fixture', 'titel = "Fixture', 1))
    for fmt in ("json", "sarif"):
        english = runner.invoke(app, ["validate", "-f", fmt, "--plans", str(plans)]).stdout
        assert _id(runner, "validate", "-f", fmt, "--plans", str(plans))[1] == english, fmt
    text = _id(runner, "validate", "--plans", str(plans))[1]
    assert "kunci" in text


def test_names_of_countries_in_indonesian(runner: CliRunner, plans: Path) -> None:
    md = _id(runner, "summary", PLAN, "--meeting", "review-2", "--plans", str(plans))[1]
    assert "dengan Jepang" in md  # the plan's partner, by its name in Indonesian


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["record", PLAN, "A.1", "--status", "finished"], "bukan nilai yang sah untuk"),
        (["record", PLAN, "A.1"], "opsi '--status' / '-s' belum diberikan"),
        (["record", PLAN, "A.1", "--statsu", "x"], 'maksud Anda "--status"?'),
        (["status", PLAN, "CT.1"], "argumen berlebih: CT.1"),
        (["status", PLAN, "--as-of"], "opsi '--as-of' memerlukan nilai"),
    ],
)
def test_mistakes_on_the_command_line_in_indonesian(
    runner: CliRunner, plans: Path, args: list[str], said: str
) -> None:
    code, _, err = _id(runner, "--plans", str(plans), *args)
    assert code == 2
    assert said in err
    assert "kesalahan: " in err
    assert "Error:" not in err


def test_a_country_by_its_indonesian_name(runner: CliRunner, plans: Path) -> None:
    code, _, err = _id(runner, "record", PLAN, "A.2", "-s", "ongoing", "--by", "Jepang",
                       "--plans", str(plans))  # fmt: skip
    assert code == 1
    assert 'maksud Anda "JP"?' in err


def test_lang_in_a_note_is_text_not_an_option() -> None:
    from workplan_cli.cli import _global_first

    args = ["withdraw", "p", "a", "r", "--reason", "--lang=id broke it", "--lang", "id"]
    assert _global_first(args) == ["--lang", "id", *args[:-2]]
    assert _global_first(["record", "p", "a", "-n", "--lang=id"]) == [
        "record", "p", "a", "-n", "--lang=id"
    ]  # fmt: skip
    assert _global_first(["status", "--lang=id"]) == ["--lang=id", "status"]


def test_an_unknown_command_in_indonesian(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "id", "statsu"])
    assert result.exit_code == 2
    assert 'kesalahan: tidak ada perintah statsu; maksud Anda "status"?' in result.stderr


def test_the_sheet_says_its_values_in_english(
    runner: CliRunner, plans: Path, tmp_path: Path
) -> None:
    """The progress sheet's cells are data (SPEC §8): the same in both languages."""
    for lang in ("en", "id"):
        out = tmp_path / f"{lang}.csv"
        result = runner.invoke(
            app, ["--lang", lang, "template", PLAN, "-o", str(out), "--plans", str(plans)]
        )
        assert result.exit_code == 0, result.stderr
    assert (tmp_path / "id.csv").read_bytes() == (tmp_path / "en.csv").read_bytes()
