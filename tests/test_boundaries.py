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


def _bot_imports() -> dict[str, set[str]]:
    """Each bot module and the bot modules it imports, those under TYPE_CHECKING and inside
    functions included (a cycle is a cycle for a reader even when Python tolerates it)."""
    modules = {}
    for path in (ROOT / "bot").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                module = ".".join(base + ([node.module] if node.module else []))
                imported |= {module} | {f"{module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


# Every cycle fails (bot/health.py and bot/sync.py name what they read from the bot as Protocols).
KNOWN_CYCLES: set[tuple[str, str]] = set()


def test_bot_modules_never_import_each_other_directly_or_in_a_ring():
    graph = _bot_imports()
    assert "bot.tree" in graph["bot.app"] and "bot.app" in graph["bot.cogs.ask"]  # relative imports are read
    for importer, imported in KNOWN_CYCLES:
        graph[importer].discard(imported)
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, " -> ".join([*path, module])
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
