"""The ReportKind base class and the registry of kinds by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, NamedTuple

from app.errors import DomainError
from app.models import Council, Report
from app.reports.building.document import RawData, ReportDocument

# progress(share 0..1 of this stage, step text)
Progress = Callable[[float, str], None]
REPORT_KINDS: dict[str, "ReportKind"] = {}


class DuplicateReportKind(Exception):
    pass


class ReportRequestError(DomainError):
    """A report that cannot be requested as asked."""


class ReportSubject(NamedTuple):
    """How a report's page names what it is about: a title beside its number, and the page of its kind."""

    title: str | None
    back_label: str
    back_url: str


class ReportKind:
    """What a kind of report reads and how it lays itself out; the writers do the rest.

    A report is requested for a council with parameters (a dict that survives JSON, e.g. a survey id,
    a year, filters, formats, language); everything a kind needs is in those two.
    """

    name: ClassVar[str] = ""
    formats: ClassVar[tuple[str, ...]] = ("pdf",)

    def label(self) -> str:
        raise NotImplementedError

    def check(self, council: Council, parameters: dict) -> None:
        """Raise ReportRequestError when the parameters do not fit the council (a record of another one)."""

    def subject(self, parameters: dict) -> str | None:
        """What the report is about, stored on its row to list a subject's reports ("survey:12"), or None."""
        return None

    def data_signature(self, council: Council, parameters: dict) -> str:
        """A short string that changes whenever the data this report reads changes."""
        raise NotImplementedError

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        """Aggregate the data and lay out the report's sections in the report's language."""
        raise NotImplementedError

    def raw_data(self, report: Report) -> RawData | None:
        """The report's raw rows when they are many, described without reading them or aggregating
        anything (the build may read them in a process of its own beside the layout); None when the
        kind has none or puts its few rows on the document (`ReportDocument.raw`)."""
        return None

    def describe(self, report: Report) -> ReportSubject:
        """The title and the page of this kind for the report's own page (in a request)."""
        raise NotImplementedError


def register_kind(cls: type[ReportKind]) -> type[ReportKind]:
    """Class decorator: register one instance of the kind under its name."""
    if cls.name in REPORT_KINDS:
        raise DuplicateReportKind(cls.name)
    REPORT_KINDS[cls.name] = cls()
    return cls


def kind_for(name: str) -> ReportKind:
    """The registered kind; KeyError for an unknown name."""
    return REPORT_KINDS[name]
