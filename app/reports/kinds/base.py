"""The ReportKind base class and the registry of kinds by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from app.models import Report
from app.reports.building.document import ReportDocument

# progress(share 0..1 of this stage, step text)
Progress = Callable[[float, str], None]
REPORT_KINDS: dict[str, "ReportKind"] = {}


class DuplicateReportKind(Exception):
    pass


class ReportKind:
    """What a kind of report reads and how it lays itself out; the writers do the rest."""

    name: ClassVar[str] = ""
    formats: ClassVar[tuple[str, ...]] = ("pdf",)

    def label(self) -> str:
        raise NotImplementedError

    def data_signature(self, council_id: int, survey_id: int | None, parameters: dict) -> str:
        """A short string that changes whenever the data this report reads changes."""
        raise NotImplementedError

    def build_document(self, report: Report, progress: Progress) -> ReportDocument:
        """Aggregate the data and lay out the report's sections in the report's language."""
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
