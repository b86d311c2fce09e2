"""Every msgid in the code has a Finnish and a Swedish translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "translations"))

import catalog  # noqa: E402  (translations/catalog.py is a script, not a package)


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def _extract_from_code(tmp_path: Path) -> set[str]:
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"), "-q", "extract",
            "-F", str(ROOT / "translations" / "babel.cfg"), *catalog.KEYWORDS,
            "--ignore-dirs", ".* __pycache__", "-o", str(template), "app", "forms", "surveys",
        ],
        cwd=ROOT,
        check=True,
    )
    return _msgids(template)


def test_every_msgid_in_the_code_is_in_the_fi_and_sv_catalogs(tmp_path):
    in_code = _extract_from_code(tmp_path)
    for locale in catalog.LOCALES:
        missing = sorted(in_code - _msgids(catalog.catalog_path(locale)))
        assert not missing, f"{locale} catalog lacks (run translations/catalog.py update): {missing}"


def test_every_catalog_entry_is_translated_and_not_fuzzy():
    gaps = catalog.missing_translations()
    assert gaps == {"fi": [], "sv": []}


def test_placeholders_survive_translation():
    for locale in catalog.LOCALES:
        with catalog.catalog_path(locale).open("rb") as handle:
            for message in read_po(handle, locale=locale):
                if not message.id or not isinstance(message.id, str):
                    continue
                for placeholder in ("%(", "%s", "%d"):
                    assert message.id.count(placeholder) == message.string.count(placeholder), (
                        f"{locale}: placeholders differ in {message.id!r} -> {message.string!r}"
                    )
