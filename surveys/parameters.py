"""Parameters in survey texts ({council}, {area_in}): one definition speaks for whichever council publishes it."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .definition import SurveyDefinition
from .texts import LOCALES, Text

#: the parameters a text may hold, written {name}: the publishing council's name, and where its
#: associations are ("kunnassanne" for a local council, "alueellanne" for a regional one)
PARAMETERS = ("council", "area_in")


def has_parameters(definition: SurveyDefinition) -> bool:
    """Whether any text of ``definition`` holds a parameter."""
    found = False

    def look(value: Text) -> Text:
        nonlocal found
        found = found or any("{" + name + "}" in (getattr(value, locale) or "")
                             for locale in LOCALES for name in PARAMETERS)
        return value

    _map_texts(definition, look)
    return found


def fill_parameters(definition: SurveyDefinition,
                    values: Mapping[str, Mapping[str, str]]) -> SurveyDefinition:
    """A copy of ``definition`` with each ``{name}`` of PARAMETERS replaced in every text.

    ``values`` maps a locale to parameter values in that locale; a locale without a text of its own
    falls back to the Finnish text filled with that locale's values, as ``text()`` would.
    """
    def fill(value: Text) -> Text:
        filled = {}
        for locale in LOCALES:
            own = getattr(value, locale)
            if own is None and locale != "fi":
                filled[locale] = None
                continue
            for name in PARAMETERS:
                own = own.replace("{" + name + "}", values.get(locale, values.get("fi", {})).get(name, ""))
            filled[locale] = own
        return Text(**filled)

    return _map_texts(definition, fill)


def _map_texts(value: Any, change) -> Any:
    """``value`` with ``change`` applied to every Text inside it (dataclasses, tuples)."""
    if isinstance(value, Text):
        return change(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {f.name: _map_texts(getattr(value, f.name), change) for f in dataclasses.fields(value)
                   if f.init}
        return dataclasses.replace(value, **updates)
    if isinstance(value, tuple):
        return tuple(_map_texts(item, change) for item in value)
    return value
