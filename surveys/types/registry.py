"""The registry of question types: type name -> question class."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .base import Question

QUESTION_TYPES: dict[str, type[Question]] = {}
Q = TypeVar("Q", bound="type[Question]")


class DuplicateQuestionType(RuntimeError):
    """Two question classes claim the same type name."""


def register_type(cls: Q) -> Q:
    """Class decorator: register ``cls`` under ``cls.type_name``.

    Raises :class:`DuplicateQuestionType` when the name is taken, so a clash fails at import.
    """
    name = cls.type_name
    if name in QUESTION_TYPES:
        raise DuplicateQuestionType(
            f"question type {name!r} is already registered by "
            f"{QUESTION_TYPES[name].__module__}.{QUESTION_TYPES[name].__qualname__}")
    QUESTION_TYPES[name] = cls
    return cls


def question_type(name: str) -> type[Question]:
    """The question class registered as ``name``; KeyError when there is none."""
    return QUESTION_TYPES[name]
