"""Fixtures for the survey engine tests: small definitions built from question dicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from surveys import AnswerContext, SurveyDefinition, definition_from_dict, load_file

LIBRARY = Path(__file__).resolve().parents[3] / "surveys" / "library"


def label(fi: str = "Kysymys") -> dict[str, str]:
    """A text mapping with all three locales."""
    return {"fi": fi, "sv": f"{fi} (sv)", "en": f"{fi} (en)"}


def options(*values: str) -> list[dict[str, Any]]:
    """Option list with the given values."""
    return [{"value": v, "label": label(v.title())} for v in values]


def survey_dict(*pages: list[dict[str, Any]], page_show_if: dict[int, Any] | None = None,
                ) -> dict[str, Any]:
    """A survey mapping with one page per list of question mappings."""
    page_show_if = page_show_if or {}
    built = []
    for index, questions in enumerate(pages):
        page = {"key": f"p{index + 1}", "title": label(f"Sivu {index + 1}"),
                "questions": questions}
        if index in page_show_if:
            page["show_if"] = page_show_if[index]
        built.append(page)
    return {"key": "test-survey", "title": label("Testi"), "pages": built}


class Builders:
    """The helpers above, handed to tests as the ``builders`` fixture."""

    label = staticmethod(label)
    options = staticmethod(options)
    survey_dict = staticmethod(survey_dict)


@pytest.fixture
def builders() -> type[Builders]:
    """Helpers that build definition mappings: label(), options(), survey_dict()."""
    return Builders


@pytest.fixture
def make_survey() -> Callable[..., SurveyDefinition]:
    """Build a definition from pages given as lists of question mappings."""
    def build(*pages: list[dict[str, Any]], **kwargs: Any) -> SurveyDefinition:
        return definition_from_dict(survey_dict(*pages, **kwargs))
    return build


@pytest.fixture
def make_question() -> Callable[..., Any]:
    """Build one question (on a one-page survey) from its type and settings."""
    def build(type_: str, key: str = "q", **settings: Any) -> Any:
        data = {"key": key, "type": type_, **settings}
        if type_ != "info":
            data.setdefault("label", label())
        return definition_from_dict(survey_dict([data])).question(key)
    return build


@pytest.fixture
def context() -> AnswerContext:
    """An answer context with a few municipalities."""
    return AnswerContext(municipalities={"091": "Helsinki", "707": "Rääkkylä",
                                         "309": "Outokumpu"})


@pytest.fixture(scope="session")
def library_path() -> Path:
    """The folder of shipped survey definitions."""
    return LIBRARY


@pytest.fixture(scope="session")
def library_definition() -> SurveyDefinition:
    """The shipped järjestökysely, loaded."""
    return load_file(LIBRARY / "jarjestokysely.yaml")
