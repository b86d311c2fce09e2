"""The engine stands alone: no Flask, SQLAlchemy or WTForms, and a strict type registry."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import ClassVar

import pytest

from surveys import QUESTION_TYPES, Text, text
from surveys.types import DuplicateQuestionType, ShortText, register_type

ROOT = Path(__file__).resolve().parents[3]


def test_surveys_imports_with_flask_sqlalchemy_and_wtforms_unimportable():
    script = textwrap.dedent("""\
        import sys
        for name in ("flask", "sqlalchemy", "wtforms", "flask_wtf", "flask_sqlalchemy",
                     "flask_babel"):
            sys.modules[name] = None  # makes "import name" raise ImportError
        import surveys, surveys.types
        from pathlib import Path
        d = surveys.load_file(Path("surveys/library/jarjestokysely.yaml"))
        assert not any(m.split(".")[0] in ("flask", "sqlalchemy", "wtforms")
                       for m, mod in sys.modules.items() if mod is not None)
        print("ok", len(d.pages))
        """)
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_duplicate_type_registration_fails():
    with pytest.raises(DuplicateQuestionType, match="'short_text' is already registered"):
        @register_type
        @dataclasses.dataclass(frozen=True, kw_only=True)
        class AnotherShortText(ShortText):
            type_name: ClassVar[str] = "short_text"
    assert QUESTION_TYPES["short_text"] is ShortText


def test_text_falls_back_to_finnish():
    assert text({"fi": "Kunta", "sv": "Kommun"}, "sv") == "Kommun"
    assert text({"fi": "Kunta"}, "en") == "Kunta"
    assert text({"fi": "Kunta"}, "de") == "Kunta"
    assert text(None, "fi") == ""
    assert text(Text(fi="Kunta", sv="Kommun"), "sv") == "Kommun"
    assert text(Text(fi="Kunta", sv="Kommun"), "en") == "Kunta"
