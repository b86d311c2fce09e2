"""Import rules of app/: nothing outside app/jobs/ imports app.jobs, and no function-local imports dodge a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
# Modules that hand work to RQ or build reports: a function-local import of an app module here is
# a hidden cycle (mail/outbox <-> jobs/mail, reports/requests <-> jobs/reports once were).
NO_LOCAL_APP_IMPORTS = [
    "background.py", "scheduling.py", "jobs/context.py", "jobs/mail.py", "jobs/periodic.py", "jobs/reports.py",
    "mail/outbox.py", "reports/builds.py", "reports/maintenance.py", "reports/requests.py",
    "reports/kinds/base.py", "reports/kinds/annual_summary.py", "reports/kinds/survey.py",
    "reports/sections/__init__.py", "reports/sections/base.py", "reports/sections/surveys.py",
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.AST, module: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: resolve against the importing module's package
            base = module.split(".")[: -node.level] if not module.endswith("__init__") else module.split(".")
            return [".".join([*base, node.module or ""]).rstrip(".")]
        return [node.module or ""]
    return []


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import statement of the file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    module = _module_name(path)
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            for name in _imported(child, module):
                found.append((name, child.lineno, in_function))
            visit(child, inside)

    visit(tree, False)
    return found


def _app_files() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def test_no_module_outside_app_jobs_imports_app_jobs():
    offenders = [
        f"{path.relative_to(APP.parent)}:{line} imports {name}"
        for path in _app_files() if "jobs" not in path.relative_to(APP).parts[:1]
        for name, line, _inside in _imports(path)
        if name == "app.jobs" or name.startswith("app.jobs.")
    ]
    assert offenders == [], "enqueue jobs by their dotted path with app.background.enqueue_after_commit"


def test_job_and_report_modules_import_app_modules_only_at_the_top():
    offenders = [
        f"app/{name}:{line} imports {imported} inside a function"
        for name in NO_LOCAL_APP_IMPORTS if (APP / name).exists()
        for imported, line, inside in _imports(APP / name)
        if inside and (imported == "app" or imported.startswith("app."))
    ]
    assert offenders == []


def test_count_of_function_local_app_imports_in_app_does_not_grow():
    """Every function-local import of an app module, anywhere in app/: the count may only go down."""
    local = [
        (path.relative_to(APP.parent), line, imported)
        for path in _app_files()
        for imported, line, inside in _imports(path)
        if inside and (imported == "app" or imported.startswith("app."))
    ]
    assert len(local) <= LOCAL_APP_IMPORTS_AT_MOST, "\n".join(f"{p}:{line} {name}" for p, line, name in local)


# 49 before issue 9, 41 after the jobs slice, 31 once the lazy mail and model imports moved to the top:
# what is left is the app factory's register steps, the CLI commands, the demo loader and matplotlib on
# first use (web workers stay small). Each blueprint the app factory registers is one more (issue 12's team,
# personal-data, statements and council-page blueprints, the survey editor's, the events' and the awards'),
# and the proposals register theirs through one list.
LOCAL_APP_IMPORTS_AT_MOST = 36
