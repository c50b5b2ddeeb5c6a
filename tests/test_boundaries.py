import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_retrieval_never_imports_discord():
    files = list((ROOT / "retrieval").rglob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "discord" for n in names), path


def test_project_reads_nothing_from_shared_folder():
    for folder in ("retrieval", "bot", "tests", "config"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".toml"} and path.name != "test_boundaries.py":
                assert "../shared" not in path.read_text(), path
