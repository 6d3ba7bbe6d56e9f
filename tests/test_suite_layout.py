"""The test suite is a package: any subset of its files collects, in any order.

A helper imported by bare name (``from conftest import ...``, ``from detect_gen import ...``)
resolves to whichever module of that name Python imported first, so such a file collects in one
order and fails in another. Helpers are imported as modules of the ``tests`` package instead;
``scripts/check_test_collection.py`` also collects every file alone (a few minutes).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def _python_files() -> list[Path]:
    return sorted(path for path in TESTS.rglob("*.py") if "__pycache__" not in path.parts)


def _bare_imports(path: Path, local: frozenset[str]) -> list[str]:
    """Return the absolute imports in ``path`` that name a test module without its package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [
            f"{path.relative_to(REPO)}:{node.lineno} imports {name}"
            for name in names
            if name.split(".")[0] in local
        ]
    return found


def test_every_test_directory_is_a_package() -> None:
    """Without ``__init__.py`` pytest puts the directory itself on sys.path (bare imports work)."""
    directories = {path.parent for path in _python_files()}
    missing = sorted(
        str(d.relative_to(REPO)) for d in directories if not (d / "__init__.py").exists()
    )
    assert not missing, f"add an empty __init__.py to: {', '.join(missing)}"


def test_helpers_are_imported_as_modules_of_the_tests_package() -> None:
    local = frozenset(path.stem for path in _python_files()) - {"__init__"}
    bare = [line for path in _python_files() for line in _bare_imports(path, local)]
    assert not bare, (
        "import test helpers as tests.<directory>.<module> (fixtures stay in conftest.py, plain "
        "helpers go in a module beside it):\n" + "\n".join(bare)
    )


def test_all_test_files_collect_in_reversed_order() -> None:
    """One fresh process collects every file, last first: no file relies on an earlier one."""
    files = sorted(str(path.relative_to(REPO)) for path in TESTS.rglob("test_*.py"))[::-1]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " tests collected" in run.stdout
