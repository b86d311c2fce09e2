"""Checking files attached to a proposal from their content: type, size, structure, no scripts, no bombs.

The type comes from the file's first bytes (the `filetype` library), never from its name or the
browser's Content-Type; then each type's structure is read with a limit: a DOCX or ODT is a ZIP
archive whose directory must stay within `archive_within_limits` and hold the members of its type
(no macros), a PDF must open without a password and carry no JavaScript or launch actions (pypdf),
an image must decode to a sane number of pixels (Pillow). Werkzeug already spools every uploaded
file over 500 KB to a temporary file; here at most MAX_FILE_BYTES + 1 bytes of it are read.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

import filetype
from flask_babel import lazy_gettext as _l
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from app.errors import DomainError
from app.spreadsheets.archives import archive_within_limits

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
MAX_IMAGE_PIXELS = 40_000_000
# A DOCX or ODT of a few pages unpacks to a few MB; images inside barely compress.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
# Objects walked in a PDF when looking for scripts; a real proposal has a few thousand.
MAX_PDF_OBJECTS = 200_000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
#: the accepted types and the file name ending each is stored with
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt", PNG: "png", JPEG: "jpg"}
# Keys of PDF actions that run code or other programs.
_PDF_SCRIPT_KEYS = {"/JS", "/JavaScript", "/Launch", "/RichMedia", "/EmbeddedFile", "/XFA"}
_PDF_SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class AttachmentRefused(DomainError):
    """An attached file is refused; the message names the file and belongs beside the file field."""

    def __init__(self, message):
        super().__init__(message, "attachments")


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def clean_filename(name: str, content_type: str) -> str:
    """The name shown and downloaded: no folders or control characters, at most 120 characters, and
    ending in the extension of the detected type (a "report.pdf" that is a PNG becomes "report.pdf.png")."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C").strip().strip(".") or "file"
    extension = EXTENSIONS[content_type]
    stem, dot, ending = name.rpartition(".")
    if dot and stem and ending.lower() in ({extension, "jpeg"} if content_type == JPEG else {extension}):
        return f"{stem[:110]}.{ending.lower()}"
    return f"{name[:110]}.{extension}"


def check_file(filename: str, stream: BinaryIO) -> CheckedFile:
    """Read and check one uploaded file; AttachmentRefused with a message naming the file."""
    shown = (filename or "").replace("\\", "/").rsplit("/", 1)[-1][:100] or _l("(no name)")
    data = stream.read(MAX_FILE_BYTES + 1)
    if not data:
        raise AttachmentRefused(_l("The file %(name)s is empty. Choose the file again.", name=shown))
    if len(data) > MAX_FILE_BYTES:
        raise AttachmentRefused(_l("The file %(name)s is larger than 10 MB. Make it smaller (for example, save "
                                   "it as PDF or shrink its pictures) and attach it again.", name=shown))
    content_type = _detected_type(data)
    if content_type is None:
        raise AttachmentRefused(_l("The file %(name)s is not a PDF, Word (DOCX), OpenDocument text (ODT), PNG or "
                                   "JPEG file, whatever its name says. Save it in one of these formats and attach "
                                   "it again.", name=shown))
    problem = _CHECKS[content_type](data)
    if problem is not None:
        raise AttachmentRefused(_l("The file %(name)s was refused: %(problem)s", name=shown, problem=problem))
    return CheckedFile(clean_filename(filename, content_type), content_type, data)


def check_files(uploads: list) -> list[CheckedFile]:
    """Check the uploaded files of one form (Werkzeug FileStorage objects; empty file inputs skipped)."""
    uploads = [upload for upload in uploads if upload is not None and getattr(upload, "filename", "")]
    if len(uploads) > MAX_FILES:
        raise AttachmentRefused(_l("Attach at most %(max)s files.", max=MAX_FILES))
    return [check_file(upload.filename, upload.stream) for upload in uploads]


def _detected_type(data: bytes) -> str | None:
    kind = filetype.guess(data[:8192])
    mime = kind.mime if kind is not None else None
    if mime in ("application/zip", DOCX, ODT):
        return _office_type(data)
    return mime if mime in (PDF, PNG, JPEG) else None


def _office_type(data: bytes) -> str | None:
    """DOCX or ODT from the archive's own declaration of its type, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                if archive.read("mimetype").strip() == ODT.encode():
                    return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        return None
    return None


def _check_zip(data: bytes, members: tuple[str, ...], forbidden: tuple[str, ...]) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if not archive_within_limits(archive, MAX_MEMBERS, MAX_UNPACKED_BYTES, MAX_RATIO):
                return str(_l("it unpacks to far more data than a document holds."))
            names = archive.namelist()
            if any(name.startswith(("/", "..")) or "/../" in name for name in names):
                return str(_l("the document is damaged."))
            if any(name.lower().startswith(forbidden) or name.lower().endswith("vbaproject.bin") for name in names):
                return str(_l("the document contains macros. Save it without macros and attach it again."))
            if archive.testzip() is not None:
                return str(_l("the document is damaged."))
            for member in members:
                if member not in names:
                    return str(_l("the document is damaged."))
            return None
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        return str(_l("the document is damaged."))


def _check_docx(data: bytes) -> str | None:
    problem = _check_zip(data, ("[Content_Types].xml", "word/document.xml"), ("word/vba",))
    if problem is None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
        if _DOCX_MAIN.encode() not in types:
            # A macro-enabled document (.docm) or a template declares another main part.
            return str(_l("it is not a plain Word document (DOCX). Save it as DOCX without macros."))
    return problem


def _check_odt(data: bytes) -> str | None:
    return _check_zip(data, ("mimetype", "content.xml"), ("basic/", "scripts/"))


def _check_image(data: bytes) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    return str(_l("the picture has too many pixels. Make it smaller and attach it again."))
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return str(_l("the picture has too many pixels. Make it smaller and attach it again."))
    except (OSError, SyntaxError, ValueError):
        return str(_l("the picture is damaged."))
    return None


def _check_pdf(data: bytes) -> str | None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return str(_l("the PDF is protected with a password. Save it without protection and attach it again."))
        if _pdf_has_scripts(reader):
            return str(_l("the PDF contains JavaScript or actions that start programs. Print it to a new PDF "
                          "and attach that."))
        if len(reader.pages) < 1:
            return str(_l("the PDF is damaged."))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        return str(_l("the PDF is damaged."))
    return None


def _pdf_has_scripts(reader: PdfReader) -> bool:
    """Whether any object reachable from the trailer names JavaScript, a launch action or embedded files.

    pypdf unpacks object streams and decodes escaped names (/J#61vaScript), which a byte search misses.
    """
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    walked = 0
    while stack:
        node = stack.pop()
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            return True  # too big to judge: refuse rather than pass it unchecked
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if _PDF_SCRIPT_KEYS & set(node.keys()):
                return True
            if node.get("/S") in _PDF_SCRIPT_ACTIONS:
                return True
            stack.extend(value for name, value in node.items() if name not in ("/Parent", "/P"))
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject) and node in _PDF_SCRIPT_ACTIONS:
            return True
    return False


_CHECKS = {PDF: _check_pdf, DOCX: _check_docx, ODT: _check_odt, PNG: _check_image, JPEG: _check_image}
