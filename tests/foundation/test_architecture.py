"""The layering rules of STYLE.md, held by a test."""
import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "dclit"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_store_speaks_sql():
    offenders = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py")
                 if {"sqlite3", "psycopg", "psycopg2"} & _imports(p) and "store" not in p.relative_to(SRC).parts]
    assert offenders == []


def test_records_and_errors_import_nothing_from_dclit():
    for name in ("records.py", "errors.py"):
        assert not [m for m in _imports(SRC / name) if m.startswith("dclit")], name


def test_stages_do_not_import_the_cli_or_the_pipeline():
    for pkg in ("extract", "tag", "biblio", "topics"):
        for p in (SRC / pkg).rglob("*.py") if (SRC / pkg).exists() else []:
            bad = [m for m in _imports(p) if m.startswith(("dclit.cli", "dclit.pipeline", "dclit.store"))]
            assert bad == [], f"{p.relative_to(SRC)} imports {bad}"


def test_only_the_cli_prints():
    offenders = []
    for p in SRC.rglob("*.py"):
        if "cli" in p.relative_to(SRC).parts:
            continue
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(p.relative_to(SRC).as_posix())
    assert offenders == []
