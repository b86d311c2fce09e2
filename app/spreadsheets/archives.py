"""Checks on an uploaded ZIP archive (XLSX, DOCX, ODT) before a library unpacks it: members, sizes, ratios, strings.

An XLSX file is a ZIP archive of XML files, and openpyxl reads every shared string into memory before
the first row: an 87 KB file holding 2 million strings took 30 s and 300 MB. `check_xlsx_archive`
refuses such a file in milliseconds from the archive's directory, then counts the shared strings as
a stream with a limit. Python's zipfile never unpacks more than a member's declared size (a member
that lies fails its checksum), so the declared sizes are safe to judge by.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import iterparse

from flask_babel import lazy_gettext as _l

from app.errors import DomainError

MAX_MEMBERS = 500
MAX_UNPACKED_BYTES = 25 * 1024 * 1024
# Spreadsheet XML packs about 5-30 to 1; far more is a file made to explode.
MAX_RATIO = 200
RATIO_APPLIES_FROM = 1024 * 1024
_SHARED_STRINGS = "xl/sharedStrings.xml"


class SpreadsheetRefused(DomainError):
    """An uploaded spreadsheet is refused before parsing; belongs beside the file field."""

    def __init__(self, message):
        super().__init__(message, "file")


def check_xlsx_archive(data: bytes, max_strings: int) -> None:
    """Refuse an XLSX archive too big, too packed, or with more than `max_strings` shared strings.

    Raises SpreadsheetRefused with a translated message; a file that is no ZIP archive at all is
    left for the parser to refuse.
    """
    too_big = SpreadsheetRefused(_l(
        "The Excel file unpacks to more data than a register file can hold. Save the sheet as CSV, "
        "or remove extra sheets and formatting, and upload it again."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        if not archive_within_limits(archive):
            raise too_big
        if _SHARED_STRINGS in archive.namelist() and _count_strings(archive, max_strings) > max_strings:
            raise SpreadsheetRefused(_l(
                "The Excel file holds more than %(max)s different texts, more than a register file can. "
                "Save the sheet as CSV and upload it again.", max=max_strings))


def archive_within_limits(archive: zipfile.ZipFile, max_members: int = MAX_MEMBERS,
                          max_unpacked: int = MAX_UNPACKED_BYTES, max_ratio: int = MAX_RATIO) -> bool:
    """Whether a ZIP archive (XLSX, DOCX, ODT...) is safe to unpack, judged from its directory alone:
    not too many members, not too much data unpacked, no member packed past `max_ratio` to 1."""
    members = archive.infolist()
    if len(members) > max_members:
        return False
    if sum(member.file_size for member in members) > max_unpacked:
        return False
    return all(member.file_size <= RATIO_APPLIES_FROM or member.file_size <= max_ratio * max(member.compress_size, 1)
               for member in members)


def _count_strings(archive: zipfile.ZipFile, limit: int) -> int:
    """The shared strings counted one by one, stopping just past `limit`."""
    count = 0
    try:
        with archive.open(_SHARED_STRINGS) as stream:
            for _event, element in iterparse(stream, events=("end",)):
                if element.tag.endswith("}si") or element.tag == "si":
                    count += 1
                    if count > limit:
                        break
                    element.clear()
    except (zipfile.BadZipFile, OSError, SyntaxError):
        return 0  # damaged: the parser refuses the file with its own message
    return count
