"""Errors raised by the survey engine and the no-op ``N_`` message marker."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Union


def N_(message: str) -> str:
    """Mark ``message`` for extraction by Babel; it is translated at the edge by the app."""
    return message


@dataclass(frozen=True)
class Phrase:
    """A message of the engine: an English msgid marked with ``N_`` and its ``%(name)s`` placeholders.

    The app translates the msgid, then fills in the placeholders (:meth:`render`). A placeholder's
    value may be a Phrase itself (``%(what)s`` = "the page title"), translated first; any other value
    is shown as it is (a key, a number, a path).
    """

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The message translated by ``translate`` (a gettext; none gives English) with its values filled in."""
        values = {name: value.render(translate) if isinstance(value, Phrase) else value
                  for name, value in self.params}
        template = translate(self.msgid) if translate else self.msgid
        return template % values if values else template

    def __str__(self) -> str:
        return self.render()


#: what a checker method names the checked part with: a Phrase, or a key name in quotes shown as it is
Wording = Union[Phrase, str]


def phrase(msgid: str, **params: Any) -> Phrase:
    """A :class:`Phrase` of ``msgid`` (marked with ``N_`` by the caller) with ``params``."""
    return Phrase(msgid, tuple(params.items()))


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a survey definition file.

    ``path`` is the place in the document, such as ``pages[2].questions[4].options``
    (indexes count from 0), ``line`` is 1-based and ``None`` when unknown.
    """

    file: str | None
    path: str
    line: int | None
    #: the message in English, as the command line and logs show it
    message: str
    #: the message to translate at the edge: :meth:`translated`
    phrase: Phrase | None = field(default=None, compare=False, repr=False)

    def translated(self, translate: Callable[[str], str]) -> str:
        """The message in the language of ``translate`` (a gettext), its values filled in after translation."""
        return self.phrase.render(translate) if self.phrase is not None else self.message

    @property
    def parts(self) -> tuple[str | int, ...]:
        """``path`` as a tuple of mapping keys and list indexes, to find the part in a definition dict.

        ``pages[2].questions[4].label.sv`` gives ``("pages", 2, "questions", 4, "label", "sv")``;
        an editor maps it to the field it concerns, where a file import shows the line instead.
        """
        return path_parts(self.path)

    def __str__(self) -> str:
        where = self.file or "<definition>"
        if self.line is not None:
            where = f"{where}, line {self.line}"
        return f"{where}: {self.path or '(top level)'}: {self.message}"


_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def path_parts(path: str) -> tuple[str | int, ...]:
    """Split a problem path (``pages[0].questions[1].key``) into keys and indexes."""
    return tuple(int(index) if index else key for index, key in _PATH_PART.findall(path))


class DefinitionError(ValueError):
    """A survey definition is invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[DefinitionProblem]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        heading = f"{count} problem{'s' if count != 1 else ''} in survey definition"
        super().__init__("\n".join([heading + ":", *(f"  - {e}" for e in self.errors)]))


class AnswerError(ValueError):
    """An answer could not be accepted.

    ``code`` is stable (``required``, ``invalid_number``...); ``message`` is an English
    msgid marked with ``N_`` with ``%(name)s`` placeholders filled from ``params``: the
    app translates it, then interpolates. ``field`` names the raw input field the error
    belongs to, or ``None`` for the question's main field.
    """

    def __init__(self, code: str, message: str, params: dict[str, Any] | None = None,
                 field: str | None = None) -> None:
        super().__init__(code, message, params, field)
        self.code = code
        self.message = message
        self.params = dict(params or {})
        self.field = field

    def __str__(self) -> str:
        return self.message % self.params if self.params else self.message

    def __repr__(self) -> str:
        return f"AnswerError({self.code!r}, {self.message!r}, {self.params!r}, {self.field!r})"
