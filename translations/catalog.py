"""Keep the fi and sv catalogs in step with the code: extract, update, fill, list gaps, compile.

    python translations/catalog.py update          # extract msgids and update fi/sv catalogs
    python translations/catalog.py fill FILE.json  # {"msgid": {"fi": "...", "sv": "..."}}
    python translations/catalog.py missing         # msgids without a fi or sv translation
    python translations/catalog.py compile

Every command takes a file lock, so that several engineers can run it at once safely.
"""

import fcntl
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DIRECTORY = ROOT / "translations"
TEMPLATE = DIRECTORY / "messages.pot"
LOCALES = ("fi", "sv")
KEYWORDS = ["-k", "_l", "-k", "N_", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "lazy_ngettext:1,2"]


@contextmanager
def _locked():
    with (DIRECTORY / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _pybabel(*args: str) -> None:
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", *args], cwd=ROOT, check=True)


def catalog_path(locale: str) -> Path:
    return DIRECTORY / locale / "LC_MESSAGES" / "messages.po"


def update() -> None:
    with _locked():
        _pybabel(
            "extract", "-F", str(DIRECTORY / "babel.cfg"), *KEYWORDS, "--ignore-dirs", ".* __pycache__", "--no-location",
            "--sort-output", "--omit-header", "-o", str(TEMPLATE), "app", "forms", "surveys",
        )
        for locale in LOCALES:
            if catalog_path(locale).exists():
                _pybabel(
                    "update", "-i", str(TEMPLATE), "-d", str(DIRECTORY), "-l", locale,
                    "--no-fuzzy-matching", "--ignore-obsolete", "--omit-header",
                )
            else:
                _pybabel("init", "-i", str(TEMPLATE), "-d", str(DIRECTORY), "-l", locale)


def _read(locale: str):
    with catalog_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(locale: str, catalog) -> None:
    with catalog_path(locale).open("wb") as handle:
        write_po(handle, catalog, omit_header=True, no_location=True, sort_output=True, width=100)


def fill(path: str) -> None:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    with _locked():
        for locale in LOCALES:
            catalog = _read(locale)
            for msgid, translations in entries.items():
                if locale not in translations:
                    continue
                message = catalog.get(msgid)
                if message is None:
                    print(f"not in the catalog (run update first?): {msgid!r}", file=sys.stderr)
                    continue
                value = translations[locale]
                message.string = tuple(value) if isinstance(value, list) else value
                message.flags.discard("fuzzy")
            _write(locale, catalog)


def missing_translations() -> dict[str, list[str]]:
    """msgids with no translation (or a fuzzy one), per locale."""
    gaps = {}
    for locale in LOCALES:
        catalog = _read(locale)
        gaps[locale] = [
            message.id if isinstance(message.id, str) else message.id[0]
            for message in catalog
            if message.id
            and (
                "fuzzy" in message.flags
                or not (all(message.string) if isinstance(message.string, tuple) else message.string)
            )
        ]
    return gaps


def compile_catalogs() -> None:
    _pybabel("compile", "-d", str(DIRECTORY), "-f")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
    elif command == "fill" and len(argv) == 3:
        fill(argv[2])
    elif command == "missing":
        gaps = missing_translations()
        print(json.dumps(gaps, ensure_ascii=False, indent=1))
        return 1 if any(gaps.values()) else 0
    elif command == "compile":
        compile_catalogs()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
