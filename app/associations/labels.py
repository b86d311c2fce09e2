"""Translated labels of the register's sector codes (languages: app.i18n.LANGUAGE_LABELS)."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.models import SECTORS

SECTOR_LABELS = {
    "social_health": _l("Social and health"),
    "sports": _l("Sports and exercise"),
    "culture": _l("Culture and arts"),
    "youth": _l("Youth work"),
    "children_families": _l("Children and families"),
    "pensioners": _l("Pensioners"),
    "village": _l("Village and residents"),
    "environment": _l("Environment and nature"),
    "education": _l("Education"),
    "disability": _l("Disability"),
    "multicultural": _l("Multicultural work"),
    "religious": _l("Religious communities"),
    "hobby": _l("Hobbies and leisure"),
    "other": _l("Other"),
}
assert set(SECTOR_LABELS) == set(SECTORS), "every sector code needs a label"


def sector_label(code: str | None) -> str:
    if not code:
        return "–"
    return str(SECTOR_LABELS.get(code, code))


def sector_choices() -> list[tuple[str, str]]:
    """(code, label) pairs in the current language, in the order of SECTORS."""
    return [(code, str(SECTOR_LABELS[code])) for code in SECTORS]


def sector_labels_in_every_language(languages=("fi", "sv", "en")) -> dict[str, str]:
    """Casefolded code or label in any of the languages -> sector code; needs an app context."""
    lookup = {code.casefold(): code for code in SECTORS}
    for language in languages:
        with force_locale(language):
            lookup.update({str(label).casefold(): code for code, label in SECTOR_LABELS.items()})
    return lookup
