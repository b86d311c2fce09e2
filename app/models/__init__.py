"""The SQLAlchemy models, one module per domain, re-exported here."""

from app.models.associations import SECTORS, Association
from app.models.audit import AuditLog
from app.models.awards import (AwardReviewer, AwardRound, Nomination, NomineeKind, Recusal, ReviewSubmission, Score,
                               ScoringCriterion, Winner)
from app.models.council_pages import AssociationAgent, CouncilLink, CouncilMember, CouncilRole, GroupKind, WorkingGroup
from app.models.councils import Council, CouncilKind, CouncilMunicipality
from app.models.meetings import AgendaItem, Meeting
from app.models.events import AttendanceMode, Event, EventStatus, Registration, RegistrationStatus
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.proposals import Proposal, ProposalAttachment, ProposalEvent, ProposalNote, ProposalStatus
from app.models.reports import PublishedText, Report, ReportArtefact, ReportStatus
from app.models.statements import PlatformText, PrivacyNotice
from app.models.surveys import AccessMode, Answer, Invitation, Response, ResponseStatus, Survey, SurveyVersion
from app.models.users import Membership, PasswordResetToken, Role, StaffInvitation, StaffInvitationState, User

__all__ = [
    "AgendaItem",
    "Meeting",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalNote",
    "ProposalStatus",
    "AccessMode",
    "Answer",
    "Invitation",
    "Response",
    "ResponseStatus",
    "Survey",
    "SurveyVersion",
    "SECTORS",
    "Association",
    "AuditLog",
    "AttendanceMode",
    "Event",
    "EventStatus",
    "Registration",
    "RegistrationStatus",
    "AwardReviewer",
    "AwardRound",
    "Nomination",
    "NomineeKind",
    "Recusal",
    "ReviewSubmission",
    "Score",
    "ScoringCriterion",
    "Winner",
    "AssociationAgent",
    "CouncilLink",
    "CouncilMember",
    "CouncilRole",
    "GroupKind",
    "WorkingGroup",
    "Council",
    "CouncilKind",
    "CouncilMunicipality",
    "Membership",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordResetToken",
    "PlatformText",
    "PrivacyNotice",
    "PublishedText",
    "Report",
    "ReportArtefact",
    "ReportStatus",
    "Role",
    "StaffInvitation",
    "StaffInvitationState",
    "User",
]
