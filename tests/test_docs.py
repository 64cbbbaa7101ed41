"""Keep the README honest: its two opening commands, CI, and every CLI command documented."""

import re
from pathlib import Path

from newsledger.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _opening_commands():
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block, "README must open with a bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands_and_ci_runs_the_second():
    commands = _opening_commands()
    assert len(commands) == 2
    assert "newsledger ingest examples/karabakh" in commands[0]
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci


def test_readme_mentions_every_command():
    for name in cli.commands:
        assert f"newsledger {name}" in README, f"README does not show `newsledger {name}`"


def test_readme_explains_every_dependency():
    pyproject = (ROOT / "pyproject.toml").read_text()
    deps = re.findall(r'^\s*"([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?==', pyproject, re.M)
    assert deps
    for dep in deps:
        assert dep.lower() in README.lower(), f"README does not say why {dep} is needed"
