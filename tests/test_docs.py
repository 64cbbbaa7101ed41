"""Keep the README honest: its two opening commands, CI, and every CLI command documented."""

import re
import tomllib
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
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    deps = {re.match(r"[A-Za-z0-9_.-]+", dep).group(0) for dep in declared}
    assert deps
    for dep in deps:
        assert dep.lower() in README.lower(), f"README does not say why {dep} is needed"


def test_direct_dependencies_are_ranges_and_the_lock_pins_each_one():
    """pyproject says what works (ranges, for `pip install .`); the lock pins every one of them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements" / "lock.txt").read_text().lower()
    for dep in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", dep).group(0)
        if not name.startswith("en-core-web"):  # the model is a data package: one exact version
            assert ">=" in dep, f"{dep}: give the range known to work, not a pin"
        normal = re.sub(r"[-_.]+", "-", name.lower())
        assert re.search(rf"^{re.escape(normal)}==", lock, re.M), f"{name} is not pinned in the lock"


def test_bootstrap_installs_the_lock_without_resolving():
    script = (ROOT / "scripts" / "bootstrap").read_text()
    assert "--no-deps --require-hashes -r requirements/lock.txt" in script
    assert "pip check" in script


def test_readme_layout_names_the_package_as_it_is():
    """Every file or folder the Layout block names under src/newsledger/ exists, and every package is named."""
    block = README.split("## Layout", 1)[1].split("```")[1]
    lines = block.split("src/newsledger/", 1)[1].split("\ncorpora/")[0].splitlines()
    named = {word.rstrip(",") for line in lines if line.startswith("  ") and not line.startswith("    ")
             for word in line.split() if word.endswith((".py", "/"))}
    package = ROOT / "src" / "newsledger"
    assert {name for name in named if not (package / name).exists()} == set()
    folders = {f"{path.name}/" for path in package.iterdir() if (path / "__init__.py").exists()}
    assert folders - named == set()
