"""A person's data as files to hand over: JSON for machines and a tagged PDF for people (GDPR article 15)."""

from __future__ import annotations

import json
from datetime import datetime

from fpdf import ViewerPreferences

from app.date_text import datetime_text, date_text
from app.personal_data.requests import ProviderHoldings
from app.reports.building.pdf import FONT, FONT_DIR, MUTED, TEXT
from app.reports.building.pdf_tags import TaggedPDF


def holdings_json(holdings: list[ProviderHoldings], *, council_names: dict[int, str], created_at: datetime) -> bytes:
    """Every provider's records as one JSON document (UTF-8), council names spelled out."""
    document = {
        "created_at": created_at.isoformat(),
        "channels": [{
            "name": holding.provider.name,
            "label": str(holding.provider.label),
            "records": [{**record.as_dict(), "council": council_names.get(record.council_id)}
                        for record in holding.records],
        } for holding in holdings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def holdings_pdf(holdings: list[ProviderHoldings], *, title: str, intro: str, nothing_held: str, council_label: str,
                 council_names: dict[int, str], created_at: datetime, language: str) -> bytes:
    """The same records as a readable, tagged A4 PDF: a heading per channel, a sub-heading per record and
    its fields as "label: value" paragraphs. The texts come translated from the caller."""
    pdf = TaggedPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_creator("Yhteisääni")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_text_color(*TEXT)
    pdf.add_page()

    def paragraph(text: str, size: float = 10, style: str = "", role: str = "P", gap: float = 1.5, colour=TEXT):
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        with pdf.tag(role):
            pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*TEXT)
        pdf.ln(gap)

    with pdf.tag("Sect"):
        paragraph(title, 18, "B", "H1", 3)
        paragraph(intro, 10, gap=2)
        paragraph(datetime_text(created_at, language), 9, colour=MUTED, gap=4)
    for holding in holdings:
        with pdf.tag("Sect"):
            paragraph(str(holding.provider.label), 14, "B", "H2", 2)
            if not holding.records:
                paragraph(nothing_held, colour=MUTED, gap=3)
            for record in holding.records:
                heading = f"{record.kind}: {record.description}"
                if record.created_at:
                    heading += f" ({date_text(record.created_at, language)})"
                paragraph(heading, 11, "B", "H3", 1)
                if record.council_id in council_names:
                    paragraph(f"{council_label}: {council_names[record.council_id]}")
                for label, value in record.fields.items():
                    paragraph(f"{label}: {value}" if value else f"{label}: –")
                pdf.ln(2)
    return bytes(pdf.output())
