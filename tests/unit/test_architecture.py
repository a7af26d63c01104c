"""The house keeps its shape (docs/development.md "Layout: layers across, areas along"): the same
areas in every layer, modules small and described, and no module reaching into another's internals.
The import directions are import-linter's contracts in pyproject.toml; these are the rules it cannot
express."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"

#: The areas, named after docs/domain.md's sections, spelled the same in every layer.
AREAS = {
    "accounts",
    "setup",
    "contacts",
    "customers",
    "items",
    "campaigns",
    "segments",
    "interactions",
    "pricing",
    "sales",
    "activities",
    "opportunities",
}


def _modules() -> list[Path]:
    return sorted(p for p in SERVER.rglob("*.py") if "migrations" not in p.parts)


def _names(folder: Path) -> set[str]:
    """The packages and modules directly in `folder` (without __init__ and __pycache__)."""
    return {
        p.stem
        for p in folder.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py")
    } - {"__init__"}


@pytest.mark.parametrize(
    ("folder", "others"),
    [
        ("server/services", {"core"}),
        ("server/schema", None),
        ("server/resolvers", None),
        ("server/models", {"core"}),
        ("tests/services", {"core", "engine"}),
        ("tests/api", {"core", "engine", "http", "schema", "conftest", "websocket"}),
    ],
)
def test_every_layer_holds_every_area_under_the_same_name(folder: str, others: set[str] | None):
    names = _names(ROOT / folder)

    assert names >= AREAS, f"{folder} lacks {sorted(AREAS - names)}"
    if others is not None:  # a layer of areas only, beside its named infrastructure
        assert names == AREAS | others, f"{folder} holds {sorted(names - AREAS - others)}"


def test_services_hold_areas_as_packages_and_the_kernel_as_core():
    for area in [*AREAS, "core"]:
        assert (SERVER / "services" / area / "__init__.py").exists(), area


def test_no_module_grows_past_400_lines():
    """Server, tests and benchmark alike (generated migrations aside)."""
    files = [*_modules(), *(ROOT / "tests").rglob("*.py"), *(ROOT / "bench").rglob("*.py")]
    long = {
        str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text().splitlines())) > 400
    }

    assert long == {}


def test_every_module_and_package_says_what_it_is_for():
    silent = [
        str(p.relative_to(ROOT))
        for p in _modules()
        if not ast.get_docstring(ast.parse(p.read_text()))
    ]

    assert silent == []


def test_no_module_imports_another_modules_internals():
    """A name with a leading underscore is its module's own: areas reach each other through
    public functions only."""
    reaching = [
        f"{p.relative_to(ROOT)}: {node.module}.{alias.name}"
        for p in _modules()
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("server")
        for alias in node.names
        if alias.name.startswith("_")
    ]

    assert reaching == []
