"""The message catalogue: extract every marked message, update each translation, compile.

    python tools/catalogue.py          # after changing messages: update the .po files
    python tools/catalogue.py --check  # exit 1 if a .po or .mo is out of step (the tests do)

Messages are marked in the code with ``_``, ``ngettext``, ``N_``, ``NP_`` and ``pgettext``
(workplan_cli/i18n.py), in the summary template with Jinja's ``{% trans %}`` and ``_``, and
every help text of the command line is a message too (read from the commands themselves).
Translations live in src/workplan_cli/locale/LANG/LC_MESSAGES/workplan.po, edited by hand or
in Poedit; the compiled .mo beside each is committed, so that an install needs no tools.
Needs Babel (the test tools: pip install -e ".[test]").
"""

from __future__ import annotations

import datetime as dt
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "workplan_cli"
LOCALES = PACKAGE / "locale"
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "NP_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def template() -> Catalog:
    """Every message workplan can say, with where it is said."""
    catalog = Catalog(project="workplan", domain="workplan", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        catalog.add(message, None, [(f"workplan_cli/{filename}", lineno)],
                    auto_comments=comments, context=context)  # fmt: skip
    for text in help_texts():
        catalog.add(text, None, [("workplan_cli/cli.py", 0)])
    return catalog


def help_texts() -> list[str]:
    """The help of the command line: each command's, each option's and argument's."""
    import typer
    from typer import _click as click

    from workplan_cli.cli import app, help_of

    group = typer.main.get_command(app)
    found: list[str] = []
    commands: list[click.Command] = [group, *getattr(group, "commands", {}).values()]
    for command in commands:
        found += [t for t in help_of(command) if t]
    return list(dict.fromkeys(found))


def updated(lang: str, catalog: Catalog) -> tuple[Catalog, Path]:
    path = LOCALES / lang / "LC_MESSAGES" / "workplan.po"
    if path.exists():
        with path.open("rb") as handle:
            translated = read_po(handle, locale=lang, domain="workplan")
    else:
        translated = Catalog(locale=lang, domain="workplan", project="workplan")
    translated.update(catalog, no_fuzzy_matching=True, update_header_comment=False)
    translated.obsolete.clear()
    # a header that says nothing of when it was made: the same messages, the same bytes
    translated.creation_date = translated.revision_date = FIXED
    translated.fuzzy = False
    translated.version = "1"
    translated.msgid_bugs_address = ""
    translated.last_translator = "workplan translators"
    translated.language_team = "Bahasa Indonesia"
    translated.header_comment = f"# {lang} translations of workplan: see docs/glossary.md"
    return translated, path


def written(catalog: Catalog) -> bytes:
    """The catalogue as a .po file, without the version of Babel that wrote it (so that
    another Babel writes the same bytes)."""
    out = BytesIO()
    write_po(out, catalog, width=100, sort_output=True, omit_header=False, include_lineno=False)
    return b"".join(
        line
        for line in out.getvalue().splitlines(keepends=True)
        if not line.startswith(b'"Generated-By:')
    )


def compiled(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def meaning(data: bytes) -> dict[object, object]:
    """What a compiled catalogue says, whichever Babel compiled it."""

    def frozen(value: object) -> object:
        return tuple(value) if isinstance(value, list | tuple) else value

    return {(frozen(m.id), m.context): frozen(m.string) for m in read_mo(BytesIO(data)) if m.id}


def main(check: bool) -> int:
    catalog = template()
    stale = []
    for lang in sorted(p.name for p in LOCALES.iterdir() if p.is_dir()):
        translated, po = updated(lang, catalog)
        mo = po.with_suffix(".mo")
        text, binary = written(translated), compiled(translated)
        if not po.exists() or po.read_bytes() != text:
            stale.append(po)
            if not check:
                po.write_bytes(text)
        if not mo.exists() or meaning(mo.read_bytes()) != meaning(binary):
            stale.append(mo)
            if not check:
                mo.write_bytes(binary)
    for path in stale:
        print(f"{'out of step' if check else 'written'}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
