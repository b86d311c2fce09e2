"""The frozen dataclasses of a loaded survey definition: SurveyDefinition and Page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .conditions import Condition
from .texts import Text
from .types.base import Question


@dataclass(frozen=True, kw_only=True)
class Page:
    """One page of a survey: its questions, shown only when ``show_if`` holds (if given)."""

    key: str
    title: Text
    description: Text | None = None
    show_if: Condition | None = None
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SurveyDefinition:
    """A validated survey: a slug ``key``, optional ``version`` label, texts and pages."""

    key: str
    title: Text
    version: str | None = None
    description: Text | None = None
    pages: tuple[Page, ...] = ()

    def page(self, key: str) -> Page:
        """The page with ``key``; KeyError when there is none."""
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def questions(self) -> Iterator[Question]:
        """Every question of every page, in order."""
        for page in self.pages:
            yield from page.questions

    def question(self, key: str) -> Question:
        """The question with ``key``; KeyError when there is none."""
        for question in self.questions():
            if question.key == key:
                return question
        raise KeyError(key)

    def page_of(self, question_key: str) -> Page:
        """The page that holds the question ``question_key``; KeyError when none does."""
        for page in self.pages:
            if any(q.key == question_key for q in page.questions):
                return page
        raise KeyError(question_key)
