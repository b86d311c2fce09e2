"""The feedback part of the events report: an event's feedback survey results over the responses given
through that event's own feedback invitations, laid out by the survey report's question sections."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from surveys import missing_locales, text

from app.events.figures import EventFigures
from app.events.followups import FEEDBACK_LATEST
from app.models import EventStatus
from app.models.base import utcnow
from app.reports.building import aggregation as agg
from app.reports.building.document import Section, Share
from app.reports.building.questions import Presentation, n_text
from app.reports.kinds.survey import LANGUAGE_NAMES, collect_aggregates, question_sections
from app.surveys.definitions import definition_for

#: the raw data's columns of a feedback figure: question, answer (or statement, statistic), what is
#: counted (a column of the question's table) and the figure
RAW_COLUMNS = ["feedback_question", "feedback_answer", "feedback_measure", "feedback_value"]


def raw_headings() -> list[str]:
    return [_("Feedback question"), _("Answer"), _("Figure"), _("Value")]


@dataclass
class FeedbackResults:
    """One event's feedback survey laid out: a heading section, then a section per answered question."""

    heading: Section
    questions: list[Section] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        return [self.heading, *self.questions]

    def raw_rows(self) -> Iterator[list]:
        """(question, answer, measure, value) for each figure of the question tables; a share as a
        percentage, its measure marked with "(%)" (a spreadsheet reads 0.5 in a CSV as a plain number)."""
        for section in self.questions:
            for table in section.tables:
                for label, *values in table.raw:
                    for measure, value in zip(table.columns[1:], values):
                        if isinstance(value, Share):
                            measure, value = f"{measure} (%)", round(100 * value, 1)
                        yield [section.title, label, measure, value]


def feedback_results(item: EventFigures, language: str) -> FeedbackResults | None:
    """The results of the event's feedback survey, or None when it has none.

    Only submitted responses through the invitations the event's feedback sweep sent count, so a survey
    that follows several events gives each its own results. They are shown as the survey's own
    (internal) report shows them to the same staff: every count, free texts up to
    REPORT_MAX_FREE_TEXTS, and neither e-mail addresses nor contact-detail questions.
    """
    event = item.event
    survey = event.feedback_survey
    if survey is None or (event.feedback_sent_at is None and event.status is EventStatus.CANCELLED):
        return None  # a cancelled event's feedback is never sent
    definition = definition_for(survey.current_version)
    key = f"event-{event.id}-feedback"
    heading = Section(key=key, title=_("Feedback: %(event)s", event=event.title(language)), heading_level=3,
                      sheet=key)
    heading.n_text = _("Feedback survey: %(title)s", title=text(definition.title, language))
    results = FeedbackResults(heading)
    if event.feedback_sent_at is None:
        if event.ends_at + FEEDBACK_LATEST <= utcnow():
            # The sweep sends no feedback that long after the event (it was not running then).
            heading.notes.append(_("The feedback survey was not sent."))
        else:
            heading.notes.append(ngettext(
                "The feedback survey has not been sent yet: it goes to those who attended %(num)d hour after the "
                "event ends.",
                "The feedback survey has not been sent yet: it goes to those who attended %(num)d hours after the "
                "event ends.", event.feedback_hours))
        return results
    flt = agg.ResponseFilter(invitations_sent_at=event.feedback_sent_at)
    aggregates = collect_aggregates(survey.id, definition, flt, True, current_app.config["REPORT_MAX_FREE_TEXTS"])
    # The response rate is in the event's section just above.
    heading.n_text += f" · {n_text(aggregates.n, language)}"
    if aggregates.n == 0:
        heading.notes.append(_("Nobody has answered the feedback survey yet."))
        return results
    if language in missing_locales(definition):
        heading.notes.append(_("Some texts of this survey do not exist in %(language)s; they are shown in Finnish.",
                               language=str(LANGUAGE_NAMES.get(language, language))))
    for section in question_sections(definition, aggregates, Presentation(language)):
        section.key, section.heading_level, section.sheet = f"{key}-{section.key}", 4, key
        results.questions.append(section)
    return results
