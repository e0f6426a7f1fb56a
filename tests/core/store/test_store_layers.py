"""The store's layers: its parts work on a `StoreConnection` and never import the `Store` facade.

The facade (``facade``, re-exported by the package ``imr_desk.core.store``) sits on top of the
parts; an import of it from a part, even one only for type checking, would be a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import imr_desk.core.store as store_package
from imr_desk.core.store import Store
from imr_desk.core.store.connection import ANY_VERSION, StoreConnection, check_expected_version

STORE_DIR = Path(store_package.__file__).parent
FORBIDDEN = {"imr_desk.core.store", "imr_desk.core.store.facade"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (functions and TYPE_CHECKING blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"
            found.add(node.module or "")
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize(
    "part", sorted(p.name for p in STORE_DIR.glob("*.py") if p.name not in ("__init__.py", "facade.py"))
)
def test_no_part_of_the_store_imports_the_facade_or_the_package(part: str) -> None:
    imports = imported_modules(STORE_DIR / part)
    assert not imports & FORBIDDEN, f"{part} imports {sorted(imports & FORBIDDEN)}"


def test_the_connection_imports_no_other_part_but_the_schema_and_the_backends() -> None:
    parts = {m for m in imported_modules(STORE_DIR / "connection.py") if m.startswith("imr_desk.")}
    modules = {m.rpartition(".")[0] if m.count(".") > 3 else m for m in parts}
    assert modules == {"imr_desk.core.store.schema", "imr_desk.core.store.dialect", "imr_desk.core.store.pg_backend"}


def test_the_facade_delegates_to_one_connection(store_target: Path | str) -> None:
    with Store(store_target) as store:
        assert isinstance(store.connection, StoreConnection)
        assert store.db is store.connection.db
        assert store.connection.path == store.path == store_target
        assert store.connection.letter_ids() == [] and store.count() == 0


def test_expected_version_is_a_number_or_any_version() -> None:
    check_expected_version(3)
    check_expected_version(ANY_VERSION)
    for wrong in (None, "3", 2.0, True):
        with pytest.raises(TypeError, match="expected_version must be"):
            check_expected_version(wrong)
    assert repr(ANY_VERSION) == "ANY_VERSION"
