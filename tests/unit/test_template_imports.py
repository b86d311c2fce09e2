"""Macros that read the page's language are imported `with context`, or they fall back to Finnish on a Swedish page."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "app" / "templates"
# Context variables a macro can only see when its template is imported with context (Flask's own request, g,
# session and url_for are globals and need nothing).
CONTEXT_NAMES = re.compile(r"\bcurrent_language\b")
IMPORT = re.compile(r'{%-?\s*(?:from\s+"(?P<from>[^"]+)"\s+import[^%]*?|import\s+"(?P<module>[^"]+)"[^%]*?)'
                    r'(?P<context>\bwith context\b)?\s*-?%}')


def test_every_import_of_macros_reading_the_language_is_with_context():
    reading = {path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
               if "{% macro" in (text := path.read_text()) and CONTEXT_NAMES.search(text)}
    without = [f"{path.relative_to(TEMPLATES)} imports {imported}"
               for path in TEMPLATES.rglob("*.html")
               for match in IMPORT.finditer(path.read_text())
               if (imported := match["from"] or match["module"]) in reading and not match["context"]]
    assert reading, "no macro template reads current_language: the pattern is out of date"
    assert without == []
