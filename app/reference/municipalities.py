"""Finland's municipalities and regions (Statistics Finland, 2025 division), read from app/data/."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str
    region_code: str
    region_fi: str
    region_sv: str
    region_en: str
    wellbeing_area_code: str

    def name(self, locale: str) -> str:
        """Swedish name in Swedish; Finnish name otherwise (there are no English names)."""
        return self.name_sv if locale == "sv" else self.name_fi

    def region(self, locale: str) -> str:
        return {"sv": self.region_sv, "en": self.region_en}.get(locale, self.region_fi)


@cache
def all_municipalities() -> dict[str, Municipality]:
    """Every municipality by its three-digit code."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Municipality(**row) for row in csv.DictReader(handle)}


def municipality(code: str) -> Municipality | None:
    return all_municipalities().get(code)


def municipality_name(code: str, locale: str) -> str:
    found = municipality(code)
    return found.name(locale) if found else code


def municipality_choices(codes: Iterable[str], locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs for a select or checkbox list, by name in ``locale``: a council's area in its forms.
    Made once per area and locale (public forms ask for the same few on every request)."""
    return _sorted_choices(tuple(codes), locale)


@lru_cache(maxsize=256)
def _sorted_choices(codes: tuple[str, ...], locale: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((code, municipality_name(code, locale)) for code in codes), key=lambda pair: pair[1]))


def find_municipality_code(name_or_code: str, allowed: set[str] | None = None) -> str | None:
    """Match a code or a Finnish or Swedish name (case-insensitive) to a code."""
    wanted = name_or_code.strip().casefold()
    if not wanted:
        return None
    if wanted.isdigit():
        wanted_code = wanted.zfill(3)
        if wanted_code in all_municipalities() and (allowed is None or wanted_code in allowed):
            return wanted_code
        return None
    for code, item in all_municipalities().items():
        if allowed is not None and code not in allowed:
            continue
        if wanted in {item.name_fi.casefold(), item.name_sv.casefold()}:
            return code
    return None


def region_municipality_codes(region_code: str) -> list[str]:
    return sorted(code for code, item in all_municipalities().items() if item.region_code == region_code)
