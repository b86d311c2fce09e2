"""Tagged PDF with fpdf2: a nested logical structure, marked content that survives page breaks.

`TaggedPDF` is an FPDF whose drawing happens inside `tag("P")`, `tag("H1")`, `tag("Table")`...
(structure) or `artifact()` (decoration). Each element that holds content wraps its drawing in
`/<Type> <</MCID n>> BDC ... EMC`, numbered per page; a page break closes that sequence before the
footer, which is an artifact, and opens a new one on the next page, so one paragraph or cell may own
MCIDs on two pages. The ParentTree maps every (page, MCID) back to its element.

fpdf2 2.8 tags only images, as a flat list of /Figure under /Document, and refuses a page break
inside a marked sequence. This module stands in for its internal structure tree builder
(fpdf.structure_tree) and hooks its page break (`_render_footer`, `add_page`), image tagging
(`_marked_sequence`) and table cells (`fpdf.table.Table`): internals, hence the pin of fpdf2 to 2.8.x.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TableCellStyle
from fpdf.output import PDFPage
from fpdf.structure_tree import StructElem, StructTreeRoot, StructureTreeBuilder
from fpdf.syntax import PDFObject
from fpdf.table import Cell, RowLayoutInfo, Table

# Element types that only group other elements; every other type holds content itself.
GROUPING = frozenset({"Document", "Part", "Art", "Sect", "Div", "TOC", "L", "LI", "Table", "THead", "TBody",
                      "TFoot", "TR"})
COLUMN_HEADER = "<</O /Table /Scope /Column>>"


class StructureElement(StructElem):
    """A structure element anywhere in the tree; /Pg is the page of its first MCID, /A its attributes."""

    __slots__ = ("a",)

    def __init__(self, struct_type: str, parent: PDFObject, page: PDFPage | None, *, alt: str | None = None,
                 title: str | None = None, attributes: str | None = None) -> None:
        super().__init__(f"/{struct_type}", parent, kids=[], page_number=page.index() if page else None,
                         title=title, alt=alt)
        self.pg = page
        self.a = attributes

    # Methods, not properties: fpdf2 serializes every public non-callable attribute as a PDF key.
    def holds_content(self) -> bool:
        return self.s[1:] not in GROUPING

    def has_content(self) -> bool:
        return any(isinstance(kid, (int, MarkedContentReference)) for kid in self.k)

    def move_to(self, page: PDFPage) -> None:
        self.pg = page
        self._page_number = page.index()


@dataclass(frozen=True)
class MarkedContentReference:
    """An MCID on a page other than its element's /Pg; written once the page objects have numbers."""

    page: PDFPage
    mcid: int

    def serialize(self, _security_handler: Any = None, _obj_id: int | None = None) -> str:
        return f"<</Type /MCR /Pg {self.page.ref} /MCID {self.mcid}>>"


class _StructTreeRoot(StructTreeRoot):
    __slots__ = ()

    @property
    def parent_tree_next_key(self) -> int:
        return len(self.parent_tree.nums)


class StructureTree(StructureTreeBuilder):
    """The structure tree of one document: elements nest under the open one, MCIDs are numbered per
    page and each page's ParentTree array lists the owner of MCID 0, 1, 2... in order.

    Keeps the interface fpdf2's output code uses (struct_tree_root, doc_struct_elem, empty(),
    iteration over the objects to write, add_marked_content, next_mcid_for_page).
    """

    def __init__(self, pages: dict[int, PDFPage]) -> None:
        # No super().__init__(): its root lacks /ParentTreeNextKey and its /Document is flat.
        self.struct_tree_root = _StructTreeRoot()
        self.doc_struct_elem = StructureElement("Document", self.struct_tree_root, None)
        self.struct_tree_root.k.append(self.doc_struct_elem)
        self.spid_per_page_number: dict[int, int] = {}
        self._pages = pages
        self._open: list[StructureElement] = [self.doc_struct_elem]

    @property
    def current(self) -> StructureElement:
        return self._open[-1]

    def open(self, struct_type: str, page_number: int, **entries: str | None) -> StructureElement:
        element = StructureElement(struct_type, self.current, self._pages[page_number], **entries)
        self.current.k.append(element)
        self._open.append(element)
        return element

    def close(self, element: StructureElement) -> None:
        if self._open[-1] is not element:
            raise ValueError(f"{element.s} closed while {self._open[-1].s} is still open")
        self._open.pop()

    def mark(self, page_number: int) -> int:
        """A new MCID on the page for the current element, listed in its /K and in the ParentTree."""
        element, page = self.current, self._pages[page_number]
        owners = self._owners(page_number)
        owners.append(element)
        mcid = len(owners) - 1
        if not element.has_content():
            element.move_to(page)
        element.k.append(mcid if page is element.pg else MarkedContentReference(page, mcid))
        return mcid

    def unmark(self, page_number: int, mcid: int) -> None:
        """Take back the MCID just given out, when its sequence stayed empty."""
        owners = self._owners(page_number)
        if len(owners) != mcid + 1:
            raise ValueError(f"MCID {mcid} is not the last one on page {page_number}")
        owners.pop().k.pop()

    def _owners(self, page_number: int) -> list[StructElem]:
        """The page's ParentTree array: the owner of each MCID, in MCID order."""
        return self.struct_tree_root.parent_tree.nums[self._struct_parents(page_number)]

    def _struct_parents(self, page_number: int) -> int:
        spid = self.spid_per_page_number.get(page_number)
        if spid is None:
            spid = self.spid_per_page_number[page_number] = len(self.spid_per_page_number)
            self._pages[page_number].struct_parents = spid
        return spid

    # fpdf2's own entry points: link(alt_text=...) adds an element through them.
    def next_mcid_for_page(self, page_number: int) -> int:
        return len(self._owners(page_number))

    def add_marked_content(self, page_number: int, struct_type: str, mcid: int | None = None,
                           title: str | None = None, alt_text: str | None = None) -> tuple[StructElem, int]:
        element = self.open(struct_type.lstrip("/"), page_number, title=title, alt=alt_text)
        if mcid is not None and self.mark(page_number) != mcid:
            raise ValueError(f"MCID {mcid} is not the next one on page {page_number}")
        self.close(element)
        return element, self._struct_parents(page_number)

    def empty(self) -> bool:
        return not self.doc_struct_elem.k

    def __iter__(self) -> Iterator[PDFObject]:
        """Every object to write: the root first (the catalog points at it), then all elements."""
        yield self.struct_tree_root
        yield self.struct_tree_root.parent_tree
        yield from self._walk(self.doc_struct_elem)

    def _walk(self, element: StructElem) -> Iterator[StructElem]:
        yield element
        for kid in element.k:
            if isinstance(kid, StructElem):
                yield from self._walk(kid)


@dataclass
class _Sequence:
    """An open marked-content sequence: an element's MCID (BDC) or an artifact (BMC, mcid None)."""

    page: int
    start: int  # length of the page's content before the opening operator
    body: int  # ... and after it
    mcid: int | None


class TaggedPDF(FPDF):
    """An FPDF with a tagged logical structure. Draw content inside `tag(...)`, decoration inside
    `artifact()`. footer() is drawn as an artifact; a header() should draw inside `self.artifact()`.
    `image(alt_text=...)` becomes a /Figure and `table()` a /Table of /TR with /TH and /TD."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.struct_builder = StructureTree(self.pages)
        self._sequence: _Sequence | None = None
        self._artifact_depth = 0

    @contextmanager
    def tag(self, struct_type: str, alt: str | None = None, *, title: str | None = None,
            attributes: str | None = None) -> Iterator[StructureElement]:
        """A structure element (`"P"`, `"H1"`, `"Sect"`...) under the open one, for what is drawn inside.

        The parent's own marked content, if any, pauses while the child draws. `attributes` is a
        PDF dictionary for /A, such as COLUMN_HEADER.
        """
        self._set_min_pdf_version("1.4")  # /MarkInfo
        self._end_sequence()
        element = self.struct_builder.open(struct_type, self.page, alt=alt, title=title, attributes=attributes)
        self._resume_sequence()
        yield element
        self._end_sequence()
        self.struct_builder.close(element)
        self._resume_sequence()

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Draw decoration (rules, fills, page furniture) outside the logical structure."""
        self._end_sequence()
        with self._as_artifact():
            yield
        self._resume_sequence()

    @contextmanager
    def _as_artifact(self) -> Iterator[None]:
        self._artifact_depth += 1
        self._resume_sequence()
        yield
        self._end_sequence()
        self._artifact_depth -= 1

    def _writing(self) -> bool:
        # fpdf2 measures (tables, dry runs) with _out swapped for a no-op and pages added then dropped;
        # nothing may be marked then. This is the test fpdf2's _disable_writing() itself uses.
        return isinstance(self._out, types.MethodType)

    def _resume_sequence(self) -> None:
        """Open the sequence for what draws now: an artifact, or the innermost element holding content."""
        if self._sequence is not None or not self.page or not self._writing():
            return
        start = len(self.pages[self.page].contents)
        if self._artifact_depth:
            mcid = None
            self._out("/Artifact BMC")
        else:
            element = self.struct_builder.current
            if not element.holds_content():
                return
            mcid = self.struct_builder.mark(self.page)
            self._out(f"{element.s} <</MCID {mcid}>> BDC")
        self._sequence = _Sequence(self.page, start, len(self.pages[self.page].contents), mcid)

    def _end_sequence(self) -> None:
        sequence, self._sequence = self._sequence, None
        if sequence is None:
            return
        contents = self.pages[sequence.page].contents
        if not contents[sequence.body:].strip():
            # Nothing drawn: drop the opening operator and its MCID rather than leave an empty sequence.
            del contents[sequence.start:]
            if sequence.mcid is not None:
                self.struct_builder.unmark(sequence.page, sequence.mcid)
        else:
            contents.extend(b"EMC\n")  # on the sequence's own page, wherever self.page points now

    def _render_footer(self) -> None:
        if not self._writing():
            super()._render_footer()
            return
        # The footer ends the page: close what is open here; add_page() reopens it on the next page.
        self._end_sequence()
        with self._as_artifact():
            super()._render_footer()

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        super().add_page(*args, **kwargs)
        self._resume_sequence()

    @contextmanager
    def _marked_sequence(self, **kwargs: Any) -> Iterator[StructElem]:
        # fpdf2 tags image(alt_text=..., title=...) here; make it a /Figure where the image is drawn.
        with self.tag("Figure", alt=kwargs.get("alt_text"), title=kwargs.get("title")) as element:
            yield element

    @contextmanager
    def table(self, *args: Any, **kwargs: Any) -> Iterator[Table]:
        """fpdf2's table as /Table → /TR → /TH, /TD; inside an already open /Table when there is one,
        so that a /Caption can go first."""
        table = TaggedTable(self, *args, **kwargs)
        yield table
        with nullcontext() if self.struct_builder.current.s == "/Table" else self.tag("Table"):
            table.render()


class _ArtifactCellStyle(TableCellStyle):
    def draw_cell_border(self, pdf: FPDF, x1: float, y1: float, x2: float, y2: float,
                         fill_color: Any = None) -> None:
        assert isinstance(pdf, TaggedPDF)
        with pdf.artifact():
            super().draw_cell_border(pdf, x1, y1, x2, y2, fill_color=fill_color)


class _ArtifactBorders(TableBordersLayout):
    """Another borders layout whose rules and cell fills are drawn as artifacts."""

    def __init__(self, layout: TableBordersLayout) -> None:
        self._layout = layout

    def cell_style_getter(self, *args: int, **kwargs: int) -> TableCellStyle:
        style = self._layout.cell_style_getter(*args, **kwargs)
        return _ArtifactCellStyle(style.left, style.bottom, style.right, style.top)


class TaggedTable(Table):
    """fpdf2's Table drawing each row as /TR and each cell as /TH (heading rows) or /TD.

    Headings repeated on a later page are artifacts: the first drawing is the one in the structure.
    """

    _fpdf: TaggedPDF

    def __init__(self, fpdf: TaggedPDF, *args: Any, **kwargs: Any) -> None:
        super().__init__(fpdf, *args, **kwargs)
        self._borders_layout = _ArtifactBorders(self._borders_layout)
        self._drawn_rows: set[int] = set()
        self._repeating = False

    def _render_table_row(self, i: int, row_layout_info: RowLayoutInfo, cell_x_positions: Any,
                          **kwargs: Any) -> None:
        if i in self._drawn_rows:
            self._repeating = True
            with self._fpdf.artifact():
                super()._render_table_row(i, row_layout_info, cell_x_positions, **kwargs)
            self._repeating = False
            return
        self._drawn_rows.add(i)
        with self._fpdf.tag("TR"):
            super()._render_table_row(i, row_layout_info, cell_x_positions, **kwargs)

    def _render_table_cell(self, i: int, j: int, cell: Cell, row_height: float,
                           cell_height_info: RowLayoutInfo | None = None, cell_x_positions: Any = None,
                           **kwargs: Any) -> tuple[bool, float, float]:
        if cell_height_info is None or self._repeating:  # measuring the row, or drawing a repeat
            return super()._render_table_cell(i, j, cell, row_height, cell_height_info, cell_x_positions, **kwargs)
        heading = i < self._num_heading_rows
        with self._fpdf.tag("TH" if heading else "TD", attributes=COLUMN_HEADER if heading else None):
            return super()._render_table_cell(i, j, cell, row_height, cell_height_info, cell_x_positions,
                                              **kwargs)
