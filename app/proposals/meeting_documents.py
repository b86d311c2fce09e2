"""A meeting's agenda or minutes as a tagged PDF, laid out as a ReportDocument for the report PDF writer."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from app.date_text import datetime_text
from app.models import Meeting
from app.models.base import utcnow
from app.reports.building.document import ReportDocument, Section
from app.reports.building.pdf import write_pdf


def meeting_document(meeting: Meeting, language: str) -> ReportDocument:
    """The agenda, or the minutes with each item's decision once they are published."""
    minutes = meeting.minutes_published_at is not None
    place = _("Remote meeting") if meeting.is_remote and not meeting.place else meeting.place
    if meeting.is_remote and meeting.place:
        place = _("%(place)s and remotely", place=meeting.place)
    sections = []
    for number, item in enumerate(meeting.items, start=1):
        texts = [paragraph for paragraph in item.text.split("\n\n") if paragraph.strip()]
        if minutes and item.decision:
            texts.append(_("Decision: %(decision)s", decision=item.decision))
        sections.append(Section(key=f"item-{item.id}", title=f"{number}. {item.title}", texts=texts))
    return ReportDocument(
        title=_("Minutes") if minutes else _("Agenda"), subtitle=meeting.title,
        council_name=meeting.council.name(language), language=language, generated_on=utcnow().date(),
        cover_lines=[datetime_text(meeting.starts_at, language, weekday=True), place],
        sections=sections, filename_stem=f"meeting-{meeting.id}")


def meeting_pdf(meeting: Meeting, language: str) -> bytes:
    with force_locale(language):
        return write_pdf(meeting_document(meeting, language))
