"""What a council's public page shows besides its texts: members, association agents, working groups and links."""

import enum
from urllib.parse import urlsplit

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.associations import Association
from app.models.base import enum_column


class CouncilRole(enum.Enum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    DEPUTY_MEMBER = "deputy_member"


class GroupKind(enum.Enum):
    WORKING_COMMITTEE = "working_committee"
    WORKING_GROUP = "working_group"


class CouncilMember(db.Model):
    """A person on the council, with the association and sector they represent."""

    __tablename__ = "council_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[CouncilRole] = mapped_column(enum_column(CouncilRole), default=CouncilRole.MEMBER)
    # An association of the register, or a name typed when it is not in the register.
    association_id: Mapped[int | None] = mapped_column(ForeignKey("associations.id", ondelete="SET NULL"))
    association_name: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str | None] = mapped_column(String(30))
    deputy_of_id: Mapped[int | None] = mapped_column(ForeignKey("council_members.id", ondelete="SET NULL"))

    association: Mapped[Association | None] = relationship()
    deputy_of: Mapped["CouncilMember | None"] = relationship(remote_side=[id])

    @property
    def represents(self) -> str:
        """The association's name: the register's when one is picked, else the typed one."""
        return self.association.name if self.association is not None else self.association_name


class AssociationAgent(db.Model):
    """An association agent (yhdistysagentti): the contact person the associations of a municipality chose."""

    __tablename__ = "association_agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    municipality_code: Mapped[str] = mapped_column(String(3))
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class WorkingGroup(db.Model):
    """The council's working committee or one of its working groups."""

    __tablename__ = "working_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[GroupKind] = mapped_column(enum_column(GroupKind, length=30), default=GroupKind.WORKING_GROUP)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # One person a line, as the council writes them ("Aino Esimerkki, puheenjohtaja").
    members_text: Mapped[str] = mapped_column(Text, default="")

    @property
    def member_lines(self) -> list[str]:
        return [line.strip() for line in self.members_text.splitlines() if line.strip()]


class CouncilLink(db.Model):
    """A link on the council's page: its social media pages, minutes, a partner's site."""

    __tablename__ = "council_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))

    @property
    def web_address(self) -> str | None:
        """The address if it is a web address (http or https): the only kind a page may link to."""
        return self.url if urlsplit(self.url).scheme.lower() in ("http", "https") else None
