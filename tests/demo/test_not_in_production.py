"""The demo app stays out of production: not installed there, imported by no production code."""

import ast
import subprocess
import sys
from pathlib import Path

from django.apps import apps

from tests.config.test_production_settings import REALISTIC_ENV, manage

BASE_DIR = Path(__file__).resolve().parents[2]
NOT_PRODUCTION = {"demo", "tests"}


def production_packages():
    return sorted(
        path.parent
        for path in BASE_DIR.glob("*/__init__.py")
        if path.parent.name not in NOT_PRODUCTION
    )


def imported_modules(source):
    """Every absolute module name a file imports (relative imports stay inside its package)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_production_settings_do_not_install_demo():
    script = "import django; django.setup(); from django.apps import apps; "
    script += "print(apps.is_installed('demo'))"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=REALISTIC_ENV | {"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_has_no_seed_demo_command():
    result = manage("seed_demo", env=REALISTIC_ENV)
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_dev_and_test_settings_install_demo():
    assert apps.is_installed("demo")
    for name in ("dev", "test"):
        source = (BASE_DIR / "config" / "settings" / f"{name}.py").read_text()
        assert '"demo"' in source


def test_no_production_module_imports_demo():
    packages = production_packages()
    assert {"home", "shop", "venues", "search", "config"} <= {path.name for path in packages}
    offenders = [
        f"{path.relative_to(BASE_DIR)} imports {module}"
        for package in packages
        for path in sorted(package.rglob("*.py"))
        for module in imported_modules(path.read_text())
        if module == "demo" or module.startswith("demo.")
    ]
    assert offenders == []
