"""The layers point down: ingest ← service.engine ← service.web, evals; styrdok composes them.

Read from the source with ast, so a lazy import inside a function counts as much as a top one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# package (as a path) -> import prefixes it must never use
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "ingest": ("service", "styrdok", "evals", "fastapi", "starlette"),
    "service/engine": ("service.web", "styrdok", "evals", "fastapi", "starlette", "uvicorn"),
    "service/web": ("styrdok", "evals"),
    "evals": ("styrdok", "service.web"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # imports for type checkers only (`if TYPE_CHECKING:`) are not a dependency at run time
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.unit
@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(package: str) -> None:
    bad = [
        f"{p.relative_to(ROOT)} imports {name}"
        for p in _modules(package)
        for name in _imports(p)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[package])
    ]
    assert bad == []


@pytest.mark.unit
def test_the_engine_package_exists_apart_from_the_web_layer() -> None:
    assert (ROOT / "service/engine/answer.py").is_file()
    assert (ROOT / "service/web/app.py").is_file()
    assert not list((ROOT / "service").glob("*.py"))[1:], "service/ holds only its two packages"
