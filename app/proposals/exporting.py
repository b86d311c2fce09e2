"""The staff list of proposals as CSV: every cell through app.spreadsheets.cells, a BOM, and semicolons
for Finnish and Swedish."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from app.audit.log import record
from app.date_text import date_text
from app.models import Council, Proposal
from app.proposals.triage import status_label
from app.reports.building.formatting import csv_delimiter
from app.spreadsheets.cells import csv_row


def export_proposals(council: Council, proposals: list[Proposal], language: str, actor) -> bytes:
    """The CSV file's bytes; records the export (contact details leave the service) in the audit log."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=csv_delimiter(language), lineterminator="\r\n")
    writer.writerow(csv_row([_("Number"), _("Received"), _("Title"), _("Status"), _("Proposer"), _("Organisation"),
                             _("E-mail"), _("Publishable"), _("Decision or answer"), _("Reason"), _("Closed"),
                             _("Files")]))
    for proposal in proposals:
        writer.writerow(csv_row([
            proposal.id, date_text(proposal.received_at, language), proposal.title, status_label(proposal.status),
            proposal.proposer_name or "", proposal.proposer_organisation or "", proposal.proposer_email or "",
            _("yes") if proposal.is_publishable else _("no"), proposal.decision, proposal.reason,
            date_text(proposal.handled_at, language) if proposal.handled_at else "", len(proposal.attachments)]))
    record("proposal.export_csv", council=council, target=council, actor=actor, rows=len(proposals))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
