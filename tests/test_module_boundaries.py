"""Dependencies between modules go through public names: no module imports another module's private
name (``from x import _helper``), at the top or inside a function (the brief: no function-level imports of
private names to dodge a cycle). A helper two modules share is public in the module that owns it."""

from __future__ import annotations

import ast
from pathlib import Path

import confero

SRC = Path(confero.__file__).resolve().parent


def private_imports(path: Path, root: Path) -> list[str]:
    """``file:line: from module import _name`` for every import of a private name in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        f"{path.relative_to(root)}:{node.lineno}: from {node.module} import {alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_") and not (alias.name.startswith("__") and alias.name.endswith("__"))
    ]


def test_the_check_finds_a_private_import_inside_a_function(tmp_path):
    (tmp_path / "m.py").write_text(
        "def f():\n    from .other import _helper\n    from .x import __version__\n"
    )
    assert private_imports(tmp_path / "m.py", tmp_path) == ["m.py:2: from other import _helper"]


def test_no_module_imports_another_modules_private_name():
    found = [line for path in sorted(SRC.rglob("*.py")) for line in private_imports(path, SRC.parent)]
    assert found == [], "\n".join(found)
