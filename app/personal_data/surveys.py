"""Survey invitations sent to an address and responses whose contact questions hold it.

A response belongs to a person when one of its personal answers (an `email` question, or a question
marked `personal: true`) is the address. Its other answers are shown too, since they came from the
same person; erasing removes only the personal answers, so that the survey keeps its response count
and everything it reports. Receipts and resume links mailed to the address are in the outbox.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from app.date_text import datetime_text
from app.extensions import db
from app.i18n import current_language
from app.models import Answer, Invitation, Response, Survey
from app.personal_data.base import HeldRecord, PersonalDataProvider, PrivacyEntry, normalised_email, register_provider
from app.surveys.answer_text import answer_lines
from app.surveys.definitions import definition_for
from app.surveys.stored_answers import response_values
from surveys import text


def _personal_keys(response: Response) -> set[str]:
    return {q.key for q in definition_for(response.version).questions() if q.has_answer and q.is_personal}


def _holds_address(response: Response, address: str) -> bool:
    """Whether one of the response's personal answers is the address (not just any text mentioning it)."""
    keys = _personal_keys(response)
    return any(answer.question_key in keys and normalised_email(answer.value_text or "") == address
               for answer in response.answers)


@register_provider
class SurveyResponses(PersonalDataProvider):
    name = "surveys"
    order = 20
    label = _l("Surveys")

    def _invitations(self, email: str, council_ids: set[int]) -> list[Invitation]:
        return list(db.session.scalars(
            select(Invitation).join(Survey, Survey.id == Invitation.survey_id)
            .where(func.lower(Invitation.email) == normalised_email(email), Survey.council_id.in_(council_ids))
            .order_by(Invitation.id)))

    def _responses(self, email: str, council_ids: set[int]) -> list[Response]:
        candidates = db.session.scalars(
            select(Response).where(Response.id.in_(
                select(Answer.response_id).join(Survey, Survey.id == Answer.survey_id)
                .where(func.lower(func.trim(Answer.value_text)) == normalised_email(email),
                       Survey.council_id.in_(council_ids))))
            .order_by(Response.id))
        address = normalised_email(email)
        return [response for response in candidates if _holds_address(response, address)]

    def find(self, email: str, council_ids: set[int]) -> list[HeldRecord]:
        locale = current_language()
        records = []
        for invitation in self._invitations(email, council_ids):
            fields = {_("E-mail address"): invitation.email, _("Language"): invitation.language}
            if invitation.association is not None:
                fields[_("Association")] = invitation.association.name
            if invitation.sent_at:
                fields[_("Invitation sent")] = datetime_text(invitation.sent_at, locale)
            fields[_("Reminders sent")] = str(invitation.reminder_count)
            records.append(HeldRecord(self.name, invitation.survey.council_id, _("Survey invitation"),
                                      invitation.survey.title, invitation.created_at, fields))
        for response in self._responses(email, council_ids):
            definition = definition_for(response.version)
            values = response_values(response.id, definition)
            fields = {_("Status"): _("Submitted") if response.submitted_at else _("Draft")}
            for question in definition.questions():
                if question.has_answer and question.key in values:
                    fields[text(question.label, locale)] = "\n".join(answer_lines(question, values[question.key],
                                                                                 locale))
            records.append(HeldRecord(self.name, response.survey.council_id, _("Survey response"),
                                      response.survey.title, response.created_at, fields))
        return records

    def erase(self, email: str, council_ids: set[int]) -> int:
        """Empty the invitations' address (they are no longer mailed, and still count as invited) and
        delete the personal answers of the responses; the responses and their other answers stay."""
        invitations = self._invitations(email, council_ids)
        for invitation in invitations:
            invitation.email = ""
        responses = self._responses(email, council_ids)
        for response in responses:
            db.session.execute(delete(Answer).where(Answer.response_id == response.id,
                                                    Answer.question_key.in_(_personal_keys(response))))
            # What "save and continue later" kept unvalidated may hold the same details.
            response.typed_input = None
            db.session.expire(response, ["answers"])
        db.session.flush()
        return len(invitations) + len(responses)

    def privacy_entry(self, config) -> PrivacyEntry:
        return PrivacyEntry(
            purpose=_("To hear associations and residents in the council's surveys, to send invitations, "
                      "reminders, copies of answers and links to continue a draft, and to report the results."),
            legal_basis=_("The council's legitimate interest in hearing the associations and residents of its "
                          "area (GDPR article 6(1)(f)); contact details you give in a survey, your consent "
                          "(article 6(1)(a))."),
            data=_("The invited association's e-mail address, the answers, and the contact details a survey "
                   "asks for (name, e-mail address, phone). Contact details never appear in published results."),
            retention=_("Until the council removes the survey; contact details can be erased on request "
                        "earlier, while the answers are kept without them."))
