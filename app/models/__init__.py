"""The SQLAlchemy models, one module per domain, re-exported here."""

from app.models.associations import SECTORS, Association
from app.models.audit import AuditLog
from app.models.council_pages import AssociationAgent, CouncilLink, CouncilMember, CouncilRole, GroupKind, WorkingGroup
from app.models.councils import Council, CouncilKind, CouncilMunicipality
from app.models.outbox import OutboxMessage, OutboxStatus
from app.models.reports import PublishedText, Report, ReportArtefact, ReportStatus
from app.models.surveys import AccessMode, Answer, Invitation, Response, ResponseStatus, Survey, SurveyVersion
from app.models.users import Membership, PasswordResetToken, Role, User

__all__ = [
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
    "PublishedText",
    "Report",
    "ReportArtefact",
    "ReportStatus",
    "Role",
    "User",
]
