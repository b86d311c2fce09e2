"""The PDF writer (fpdf2): a cover with key figures, the contents, a summary page, then per section its
chart with the chart's data table below.

Text stays selectable (embedded DejaVu fonts cover ä, ö and å); the document carries its title and
language and an outline of its sections, and it is a tagged PDF: Document → one Sect per section
with H1/H2, P, a Figure with the chart's text alternative, Table → TR → TH/TD and L → LI → LBody
(see pdf_tags). The footer and the table rules are artifacts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import matplotlib
from fpdf import ViewerPreferences
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace
from fpdf.image_datastructures import RasterImageInfo

from app.reports.building import charts
from app.reports.building.document import ReportDocument, Section, Table
from app.reports.building.pdf_tags import TaggedPDF

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
TEXT = (31, 41, 51)
MUTED = (74, 85, 96)
HEADING_FILL = (230, 236, 242)
CHART_DPI = 130


class _ReportPDF(TaggedPDF):
    footer_text = ""

    def drawn_image(self, image: RasterImageInfo, **placing) -> None:
        """Put a chart's image, already described and deflated by `charts` (in the process that drew it),
        where `image()` would: it goes into fpdf2's image cache as `image()` would put it there after
        reading the pixels, under a name no file has, and `image()` then finds it and reads nothing."""
        name = f"chart:{len(self.image_cache.images) + 1}"
        self.image_cache.images[name] = RasterImageInfo(image, i=len(self.image_cache.images) + 1, usages=0,
                                                        iccp_i=None)
        self.image(name, **placing)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 8, f"{self.footer_text}   {self.page_no()}/{{nb}}", align="R")
        self.set_text_color(*TEXT)


def _new_pdf(document: ReportDocument) -> _ReportPDF:
    pdf = _ReportPDF(format="A4")
    pdf.footer_text = document.title
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_lang(document.language)
    pdf.set_title(document.title)
    pdf.set_subject(document.subtitle)
    pdf.set_author(document.council_name)
    pdf.set_creator("Yhteisääni")
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.alias_nb_pages()
    pdf.set_text_color(*TEXT)
    return pdf


def _paragraph(pdf: TaggedPDF, text: str, size: float = 10, style: str = "", colour=TEXT, gap: float = 1.5,
               role: str = "P") -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    with pdf.tag(role):
        # Left-aligned: fpdf2 justifies by default, which stretches headings and short lines.
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.ln(gap)


def _heading(pdf: TaggedPDF, text: str, level: int, size: float, gap: float) -> None:
    """A heading at `level` (1 = top) in both the outline and the structure tree."""
    pdf.start_section(text, level=level - 1)
    _paragraph(pdf, text, size, "B", gap=gap, role=f"H{min(level, 6)}")


def _cover(pdf: _ReportPDF, document: ReportDocument) -> None:
    pdf.add_page()
    pdf.ln(40)
    with pdf.tag("Sect"):
        _paragraph(pdf, document.council_name, 13, colour=MUTED, gap=4)
        _heading(pdf, document.title, 1, 24, gap=3)
        _paragraph(pdf, document.subtitle, 14, gap=10)
        for line in document.cover_lines:
            _paragraph(pdf, line, 11, gap=1)
        if document.key_figures is not None:
            pdf.ln(4)
            _table(pdf, document.key_figures)
        if document.notes:
            pdf.ln(6)
            for note in document.notes:
                _paragraph(pdf, note, 10, "I", MUTED, gap=2)


def _table(pdf: TaggedPDF, table: Table) -> None:
    with pdf.tag("Table"):
        if table.caption:
            _paragraph(pdf, table.caption, 9, "B", gap=1, role="Caption")
        _table_rows(pdf, table)
    pdf.ln(3)


CELL_PADDING = 2.5  # mm: fpdf2's cell padding on both sides, with room to spare
SMALLEST_TABLE_FONT = 5.5


def _column_widths(pdf: TaggedPDF, table: Table, size: float) -> list[float] | None:
    """Column widths (mm) in which no heading or cell word breaks mid-word at font `size`, or None
    when they do not fit on the page. The first (label) column gives up width to the others."""
    count = len(table.columns)
    first = 0.3 if count > 5 else (0.46 if count > 2 else 0.6)
    rest = (1 - first) / max(count - 1, 1)
    widths = [pdf.epw * w for w in ([first] + [rest] * (count - 1) if count > 1 else [1.0])]
    needed = []
    for index in range(count):
        pdf.set_font(FONT, "B", size)
        words = str(table.columns[index]).split()
        longest = max((pdf.get_string_width(word) for word in words), default=0)
        pdf.set_font(FONT, "", size)
        for row in table.rows:
            if index < len(row):
                longest = max([longest] + [pdf.get_string_width(word) for word in str(row[index]).split()])
        needed.append(longest + CELL_PADDING)
    widths = [max(width, need) for width, need in zip(widths, needed)]
    excess = sum(widths) - pdf.epw
    if excess > 0:
        spare = widths[0] - needed[0]
        if spare < excess:
            return None
        widths[0] -= excess
    return widths


def _table_rows(pdf: TaggedPDF, table: Table) -> None:
    count = len(table.columns)
    align = ["RIGHT" if (table.numeric[i] if i < len(table.numeric) else False) else "LEFT" for i in range(count)]
    size = 7.0 if count > 5 else 9.0
    widths = _column_widths(pdf, table, size)
    # A wide table gets a smaller font before any word ("Jokseenkin", "Keskiarvo") is cut in two.
    while widths is None and size > SMALLEST_TABLE_FONT:
        size -= 0.5
        widths = _column_widths(pdf, table, size)
    widths = widths or [pdf.epw / count] * count
    pdf.set_font(FONT, "", size)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        cell_fill_mode=TableCellFillMode.NONE,
        line_height=pdf.font_size * 1.6,
        borders_layout="HORIZONTAL_LINES",
        first_row_as_headings=True,
        repeat_headings=1,
    ) as pdf_table:
        header = pdf_table.row()
        for column in table.columns:
            header.cell(column)
        for row in table.rows:
            cells = pdf_table.row()
            for value in row:
                cells.cell(value)


def _section(pdf: _ReportPDF, section: Section, images: charts.ChartImages) -> None:
    image, height = None, 0.0
    if section.chart is not None:
        image = images.pdf_image(section.chart)
        height = pdf.epw * image["h"] / image["w"]
    # Keep the heading with its chart (or with the start of its table).
    if pdf.get_y() + 22 + (height or 40) > pdf.h - pdf.b_margin:
        pdf.add_page()
    with pdf.tag("Sect"):
        _heading(pdf, section.title, section.heading_level, 14 if section.heading_level <= 2 else 12, gap=1)
        if section.n_text:
            _paragraph(pdf, section.n_text, 9, colour=MUTED, gap=2)
        if image is not None:
            # TaggedPDF makes the image with its alt text a /Figure in this section.
            pdf.drawn_image(image, w=pdf.epw, h=height, alt_text=section.chart.alt_text, title=section.chart.title)
            pdf.ln(2)
        for table in section.tables:
            _table(pdf, table)
        for note in section.notes:
            _paragraph(pdf, note, 9, "I", MUTED, gap=1.5)
        if section.texts:
            _texts(pdf, section)
    pdf.ln(5)


def _texts(pdf: TaggedPDF, section: Section) -> None:
    with pdf.tag("L"):
        if section.texts_heading:
            _paragraph(pdf, section.texts_heading, 10, "B", gap=1, role="Caption")
        pdf.set_font(FONT, "", 9)
        for text in section.texts:
            item = "– " + text
            with pdf.tag("LI"), pdf.tag("LBody"):
                # fpdf2's line breaking sums the line's width again for every character it adds; an item that
                # fits on one line (most answers do) is written as one cell, which looks the same.
                if "\n" not in item and pdf.get_string_width(item) + 2 * pdf.c_margin <= pdf.epw:
                    pdf.cell(0, 4.6, item, align="L", new_x="LMARGIN", new_y="NEXT")
                else:
                    pdf.multi_cell(0, 4.6, item, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(0.8)


TOC_LINES_PER_PAGE = 38


def _contents(pdf: TaggedPDF, outline: list, heading: str) -> None:
    """The table of contents on the pages reserved after the cover: each section with its page,
    linked to it (fpdf2 calls this once the pages are known)."""
    pdf.set_xy(pdf.l_margin, pdf.t_margin)
    with pdf.tag("Sect"):
        _paragraph(pdf, heading, 16, "B", gap=4, role="H2")
        pdf.set_font(FONT, "", 10)
        with pdf.tag("TOC"):
            for entry in outline:
                if entry.level > 1:
                    continue
                link = pdf.add_link(page=entry.page_number)
                with pdf.tag("TOCI"):
                    indent = 6 * entry.level
                    pdf.set_x(pdf.l_margin + indent)
                    pdf.cell(pdf.epw - indent - 14, 6, entry.name[:110], link=link)
                    pdf.cell(14, 6, str(entry.page_number), align="R", link=link, new_x="LMARGIN", new_y="NEXT")


def write_pdf(document: ReportDocument, progress: Callable[[float], None] | None = None,
              images: charts.ChartImages | None = None) -> bytes:
    """The report as PDF bytes; `progress` gets the share (0..1) of sections written. `images` are the
    charts drawn once for every file of the report (by default at CHART_DPI for this PDF alone)."""
    own_images = images is None
    images = images or charts.ChartImages(document.language, CHART_DPI)
    # The charts are drawn in worker processes while the cover, the fonts and the tables are laid out here.
    images.draw_ahead(section.chart for section in [document.summary, *document.sections]
                      if section is not None and section.chart is not None)
    try:
        return _write(document, images, progress)
    finally:
        if own_images:
            images.close()


def _write(document: ReportDocument, images: charts.ChartImages, progress: Callable[[float], None] | None) -> bytes:
    pdf = _new_pdf(document)
    _cover(pdf, document)
    pdf.add_page()
    if document.contents_heading and document.sections:
        # The contents go on the page just added (and more if needed); the sections start after them.
        pages = max(1, -(-(len(document.sections) + 2) // TOC_LINES_PER_PAGE))
        pdf.insert_toc_placeholder(lambda pdf_, outline: _contents(pdf_, outline, document.contents_heading),
                                   pages=pages, allow_extra_pages=True, reset_page_indices=False)
    if document.summary is not None:
        # The summary page comes right after the contents, and the sections after it.
        _section(pdf, document.summary, images)
        pdf.add_page()
    total = len(document.sections) or 1
    for index, section in enumerate(document.sections):
        if section.heading_level <= 1 and index:
            pdf.add_page()
        _section(pdf, section, images)
        if progress:
            progress((index + 1) / total)
    return bytes(pdf.output())
