"""Every command runs the three ways people expect, and each says how to use it.

- ``python -m rehab_directory.<module> --help``;
- the console entry point that ``[project.scripts]`` in pyproject.toml names (``rehab-validate``);
- the ``scripts/*.py`` wrappers that CONTRIBUTING.md and REVIEWING.md give.

The list of commands is read from pyproject.toml, and a module of the package with a ``main()``
that is not in it fails a test, so a new command cannot be left out.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "rehab_directory"
ENTRY_POINTS: dict[str, str] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
MODULES = sorted({target.split(":")[0] for target in ENTRY_POINTS.values()})
WRAPPERS = {"validate.py": "rehab_directory.validate", "review.py": "rehab_directory.review",
            "new_listing.py": "rehab_directory.scaffold", "verify.py": "rehab_directory.verify",
            "update_from_form.py": "rehab_directory.forms",
            "strip_photo_metadata.py": "rehab_directory.validator.photos"}


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def assert_usage(result: subprocess.CompletedProcess, called: str) -> None:
    """``--help`` worked, and its usage line names the command as it was ``called``."""
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.stdout.startswith("usage: "), f"no usage line:\n{result.stdout!r}"
    assert result.stdout.split()[1:1 + len(called.split())] == called.split(), (
        f"the usage line does not say {called!r}:\n{result.stdout.splitlines()[0]}")
    assert "-h, --help" in result.stdout, result.stdout
    assert not result.stderr, result.stderr


def test_pyproject_names_the_commands():
    assert len(ENTRY_POINTS) >= 5, ENTRY_POINTS
    assert all(name.startswith("rehab-") for name in ENTRY_POINTS), sorted(ENTRY_POINTS)


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_entry_point_resolves_to_a_callable(name):
    module_name, _, attribute = ENTRY_POINTS[name].partition(":")
    target = getattr(importlib.import_module(module_name), attribute)
    assert callable(target), f"{name}: {ENTRY_POINTS[name]} is not callable"
    # A console script calls it with no arguments and exits with what it returns.
    parameters = inspect.signature(target).parameters.values()
    assert all(p.default is not p.empty for p in parameters), (
        f"{name}: {ENTRY_POINTS[name]} cannot be called without arguments")


@pytest.mark.parametrize("module", MODULES)
def test_python_m_help(module):
    assert_usage(run(sys.executable, "-m", module, "--help"), f"python -m {module}")


@pytest.mark.parametrize("module", sorted({m.removesuffix(".command") for m in MODULES
                                           if m.endswith(".command")}))
def test_python_m_of_a_package_names_the_package(module):
    # python -m rehab_directory.scaffold runs its __main__.py: the usage line says the package.
    assert_usage(run(sys.executable, "-m", module, "--help"), f"python -m {module}")


@pytest.mark.parametrize("module", MODULES)
def test_python_m_rejects_an_unknown_option(module):
    result = run(sys.executable, "-m", module, "--no-such-option")
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stderr}"
    assert result.stderr.startswith(f"usage: python -m {module}"), result.stderr
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize("name", sorted(ENTRY_POINTS))
def test_console_script_help(name):
    script = Path(sys.executable).with_name(name)
    assert script.is_file(), f"{script} is not installed: run `make deps` (pip install -e .)"
    assert_usage(run(str(script), "--help"), name)


@pytest.mark.parametrize("wrapper", sorted(WRAPPERS))
def test_script_wrapper_help_is_the_module_help(wrapper):
    result = run(sys.executable, str(ROOT / "scripts" / wrapper), "--help")
    assert_usage(result, wrapper)

    def after_usage(text: str) -> str:  # the usage line wraps by the length of the name
        return text.split("\n\n", 1)[1]

    module_help = run(sys.executable, "-m", WRAPPERS[wrapper], "--help").stdout
    assert after_usage(result.stdout) == after_usage(module_help)


def test_every_parser_is_named_by_how_it_was_called():
    """Every command's ArgumentParser takes its prog from support.program.program_name."""
    unnamed = []
    for folder in ("rehab_directory", "scripts", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
                if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(
                        "ArgumentParser"):
                    prog = next((k.value for k in node.keywords if k.arg == "prog"), None)
                    if not (isinstance(prog, ast.Call)
                            and ast.unparse(prog.func) == "program_name"):
                        unnamed.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not unnamed, "give prog=program_name(...) to: " + ", ".join(unnamed)


def test_every_module_with_a_main_is_a_command():
    """A module of the package that defines main() runs under ``python -m`` and is listed."""
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        if not any(isinstance(node, ast.FunctionDef) and node.name == "main"
                   for node in tree.body):
            continue
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        guarded = any(isinstance(node, ast.If) and ast.unparse(node.test) in (
            "__name__ == '__main__'", "'__main__' == __name__") for node in tree.body)
        if not guarded:
            missing.append(f"{module}: end it with `if __name__ == \"__main__\": "
                           "sys.exit(main())`")
        if f"{module}:main" not in ENTRY_POINTS.values():
            missing.append(f"{module}: name it in pyproject.toml [project.scripts], "
                           f"e.g. rehab-<what-it-does> = \"{module}:main\"")
    assert not missing, "\n".join(missing)


DATE_OPTION = re.compile(r"(--today|--on) YYYY-MM-DD")
def _source(module: str) -> str:
    """The text of the module that defines a command's parser."""
    path = ROOT / Path(*module.split("."))
    return (path.with_suffix(".py") if path.with_suffix(".py").is_file()
            else path / "command.py").read_text("utf-8")


DATED = [(m, o) for m in [*MODULES, "tools.listing_generator", "tools.bench"]
         for o in ("--today", "--on") if re.search(rf'add_argument\(\s*"{o}"', _source(m))]


def test_the_dated_commands_are_found():
    assert {m for m, _ in DATED} >= {"rehab_directory.validate", "rehab_directory.verify",
                                     "rehab_directory.build", "tools.listing_generator"}


@pytest.mark.parametrize(("module", "option"), DATED)
def test_a_date_option_that_is_not_a_date_is_a_usage_error_that_says_how(module, option):
    assert DATE_OPTION.search(run(sys.executable, "-m", module, "--help").stdout)
    for bad, why in (("2026-13-01", "(month must be in 1..12)"), ("1/12/2026", "")):
        result = run(sys.executable, "-m", module, option, bad)
        assert result.returncode == 2, f"exit {result.returncode}\n{result.stderr}"
        last = result.stderr.strip().splitlines()[-1]
        assert last.endswith(f"argument {option}: '{bad}' is not a date{' ' * bool(why)}{why}: "
                             "write YYYY-MM-DD, e.g. 2026-12-01"), last
        assert "fromisoformat" not in result.stderr and "Traceback" not in result.stderr
