"""The documentation: every error code and command is documented, and the examples are valid."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from workplan_cli.cli import app
from workplan_cli.errors import CODES

from .conftest import REPO


def test_every_error_code_is_documented() -> None:
    """It documents exactly the codes workplan can report, each with its title."""
    text = (REPO / "docs" / "errors.md").read_text()
    documented = re.findall(r"^### (WP\d{3})$", text, re.MULTILINE)
    assert documented == sorted(CODES)


def test_every_command_is_in_the_readme() -> None:
    """It lists every command in the README with a section of its own."""
    readme = (REPO / "README.md").read_text()
    names = [
        command.name or (command.callback.__name__ if command.callback else "")
        for command in app.registered_commands
    ]
    assert names == [
        "validate",
        "schema",
        "new",
        "record",
        "withdraw",
        "history",
        "status",
        "areas",
        "summary",
        "due",
        "template",
        "import",
        "help",
    ]
    for name in names:
        assert f"| `workplan {name}" in readme
        assert f"### `workplan {name}`" in readme


def test_readme_opens_with_install_and_test_commands() -> None:
    """It opens with a virtual environment (Linux, macOS and Windows), the install, the main
    job on the bundled plans, then the test command, which .ci/run runs too."""
    readme = (REPO / "README.md").read_text()
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].splitlines()
    commands = [line.split("  #")[0].strip() for line in block]
    assert commands[0] == "python3 -m venv .venv && . .venv/bin/activate"
    assert "Windows: py -m venv .venv; .venv\\Scripts\\activate" in block[0]
    assert commands[1:4] == ["pip install .", "workplan status", 'pip install -e ".[test]"']
    test_command = commands[4]
    assert test_command == "pytest --cov"
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()


def test_github_workflow_example_is_a_valid_workflow() -> None:
    """It ships a workflow example and an action that GitHub's schemas accept."""
    example = REPO / "docs" / "examples" / "validate-plans.yml"
    action = REPO / "action.yml"
    checker = Path(sys.executable).parent / "check-jsonschema"
    for schema, path in (("github-workflows", example), ("github-actions", action)):
        result = subprocess.run(
            [str(checker), "--builtin-schema", f"vendor.{schema}", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout
    assert "uses: OWNER/workplan@" in example.read_text()
    assert "validate --format github" in action.read_text()
