"""The direction of travel between layers, checked on the source itself.

Every import counts: at the top of a module, inside a function (lazy), under TYPE_CHECKING,
relative, and importlib.import_module("...") with a literal name.
"""

import ast
import sys
from pathlib import Path

import pytest

import practice_desk

ROOT = "practice_desk"
SRC = Path(practice_desk.__file__).parent
STDLIB = "<stdlib>"
PACKAGE_ROOT = "<practice_desk root>"


def pkg(name):
    return f"{ROOT}.{name}"


ALLOWED = {
    "root": {STDLIB},
    "safe_files": {STDLIB},
    "domain": {STDLIB, pkg("domain")},
    "storage": {STDLIB, pkg("domain"), pkg("storage"), pkg("safe_files"), "sqlcipher3"},
    "security": {
        STDLIB,
        pkg("domain"),
        pkg("security"),
        pkg("safe_files"),
        "cryptography",
        "keyring",
    },
    "reports": {
        STDLIB,
        pkg("domain"),
        pkg("reports"),
        pkg("safe_files"),
        "reportlab",
        "icalendar",
        "pypdf",  # ARCHITECTURE.md: reports (reportlab, pypdf)
    },
    "services": {
        STDLIB,
        PACKAGE_ROOT,
        pkg("domain"),
        pkg("storage"),
        pkg("security"),
        pkg("reports"),
        pkg("safe_files"),
        pkg("services"),
        "platformdirs",
        "zxcvbn",
        "tzlocal",
    },
    "ui": {STDLIB, PACKAGE_ROOT, pkg("domain"), pkg("services"), pkg("ui"), "PySide6", "shiboken6"},
    # The two entry points may also call safe_files.restrict_new_files() (the process umask):
    # safe_files imports only the standard library, so it opens no path to a lower layer.
    "cli": {STDLIB, PACKAGE_ROOT, pkg("domain"), pkg("services"), pkg("safe_files")},
    "app": {
        STDLIB,
        PACKAGE_ROOT,
        pkg("domain"),
        pkg("services"),
        pkg("ui"),
        pkg("safe_files"),
        pkg("self_check"),
        "PySide6",
    },
    # The installation check drives the app like a practitioner would, so it may reach what the
    # app reaches, and no further.
    "self_check": {
        STDLIB,
        PACKAGE_ROOT,
        pkg("domain"),
        pkg("services"),
        pkg("ui"),
        "PySide6",
    },
    "main": {STDLIB, pkg("app")},
}

TOP_LEVEL = {
    ROOT: "root",
    pkg("safe_files"): "safe_files",
    pkg("cli"): "cli",
    pkg("app"): "app",
    pkg("self_check"): "self_check",
    pkg("__main__"): "main",
}


def layer_of(module):
    if module in TOP_LEVEL:
        return TOP_LEVEL[module]
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ALLOWED:
        return parts[1]
    return None


def module_name(path):
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_internal_module(name):
    """Whether `name` is a module or package inside src/practice_desk."""
    path = SRC.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_names(source, module, *, is_package=False):
    """Every module name `source` imports, with its line number."""
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                # `from practice_desk import storage` imports a layer, not the root.
                found.append((node.lineno, candidate if is_internal_module(candidate) else target))
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def kind_of(target):
    if target == ROOT:
        return PACKAGE_ROOT
    if target.startswith(ROOT + "."):
        return target
    if target.split(".")[0] in sys.stdlib_module_names:
        return STDLIB
    return target


def allowed(layer, target):
    kind = kind_of(target)
    return any(kind == rule or kind.startswith(rule + ".") for rule in ALLOWED[layer])


def violations(source, module, *, is_package=False):
    layer = layer_of(module)
    if layer is None:
        return [f"{module}: belongs to no layer; add it to tests/test_layers.py"]
    return [
        f"{module}:{line} imports {target} (not allowed in {layer})"
        for line, target in imported_names(source, module, is_package=is_package)
        if not allowed(layer, target)
    ]


def source_files():
    return sorted(SRC.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    unclassified = [module_name(p) for p in source_files() if layer_of(module_name(p)) is None]
    assert unclassified == []


def test_imports_follow_the_direction_of_travel():
    problems = []
    for path in source_files():
        problems += violations(
            path.read_text("utf-8"), module_name(path), is_package=path.name == "__init__.py"
        )
    assert problems == []


def test_the_checker_sees_the_imports_it_is_meant_to_police():
    seen = {
        module_name(path): {
            target for _, target in imported_names(path.read_text(), module_name(path))
        }
        for path in source_files()
    }
    assert "sqlcipher3" in seen[pkg("storage.database")]
    assert "keyring" in seen[pkg("security.keychain")]  # a lazy import inside a method
    assert pkg("security.keychain") in seen[pkg("services.practice")]  # under TYPE_CHECKING
    assert pkg("reports.recovery_kit") in seen[pkg("services.recovery_kit")]  # lazy


# --- the checker can fail -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source", "culprit"),
    [
        ("practice_desk.domain.fake", "import sqlcipher3\n", "sqlcipher3"),
        ("practice_desk.domain.fake", "import json\nimport zxcvbn\n", "zxcvbn"),
        (
            "practice_desk.domain.fake",
            "def later():\n    from practice_desk.storage import database\n",
            "practice_desk.storage.database",
        ),
        (
            "practice_desk.domain.fake",
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from practice_desk.services.vault import Vault\n",
            "practice_desk.services.vault",
        ),
        ("practice_desk.domain.fake", "from ..storage import database\n", "practice_desk.storage"),
        ("practice_desk.storage.fake", "from practice_desk.security import keyfile\n", "security"),
        ("practice_desk.storage.fake", "import reportlab.pdfgen\n", "reportlab"),
        ("practice_desk.security.fake", "from practice_desk.storage.errors import X\n", "storage"),
        ("practice_desk.reports.fake", "import sqlcipher3\n", "sqlcipher3"),
        ("practice_desk.ui.fake", "from practice_desk.storage.database import x\n", "storage"),
        ("practice_desk.ui.fake", "from practice_desk import storage\n", "storage"),
        ("practice_desk.ui.fake", "import keyring\n", "keyring"),
        ("practice_desk.ui.fake", "from cryptography.fernet import Fernet\n", "cryptography"),
        ("practice_desk.ui.fake", "from reportlab.platypus import Table\n", "reportlab"),
        ("practice_desk.ui.fake", "from practice_desk.safe_files import write_atomic\n", "safe"),
        (
            "practice_desk.ui.fake",
            "import importlib\nimportlib.import_module('practice_desk.security.keyfile')\n",
            "security",
        ),
        ("practice_desk.ui.fake", "__import__('sqlcipher3')\n", "sqlcipher3"),
        ("practice_desk.cli", "from practice_desk.security.keyfile import read_key_file\n", "sec"),
        ("practice_desk.cli", "import PySide6\n", "PySide6"),
        ("practice_desk.cli", "from practice_desk.storage import database\n", "storage"),
        ("practice_desk.app", "import sqlcipher3\n", "sqlcipher3"),
        ("practice_desk.app", "from practice_desk.reports import recovery_kit\n", "reports"),
        ("practice_desk.safe_files", "from practice_desk.domain import errors\n", "domain"),
        ("practice_desk.services.fake", "import PySide6.QtCore\n", "PySide6"),
        ("practice_desk.services.fake", "from practice_desk.ui import shell_view\n", "ui"),
    ],
)
def test_the_checker_flags_a_forbidden_import(module, source, culprit):
    found = violations(source, module)
    assert len(found) == 1
    assert culprit in found[0]


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("practice_desk.domain.fake", "from __future__ import annotations\nimport datetime\n"),
        ("practice_desk.domain.fake", "from .clock import Clock\n"),
        ("practice_desk.storage.fake", "import sqlcipher3\nfrom practice_desk.domain import x\n"),
        ("practice_desk.services.fake", "from practice_desk import APP_NAME\n"),
        ("practice_desk.ui.fake", "from PySide6.QtWidgets import QWidget\nimport shiboken6\n"),
        ("practice_desk.app", "from practice_desk.ui.main_window import MainWindow\n"),
    ],
)
def test_the_checker_lets_allowed_imports_through(module, source):
    assert violations(source, module) == []


def test_a_module_outside_every_layer_is_flagged():
    assert "belongs to no layer" in violations("import os\n", "practice_desk.plugins.fake")[0]
