"""The report PDF is a tagged PDF: its structure tree, marked content and ParentTree agree (read with pypdf)."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject

from app.reports.building.document import Chart, ReportDocument, Section, Table
from app.reports.building.pdf import write_pdf

ALT = "Diagram: Idrott 60 %, Kultur 40 %."
TEXT_OPERATORS = {b"Tj", b"TJ", b"'", b'"'}
PATH_OPERATORS = {b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}
PAINT_OPERATORS = PATH_OPERATORS | {b"Do"}


def _document(*, long: bool = False) -> ReportDocument:
    chart = Chart("bars", "Verksamhet", ["Idrott", "Kultur"], [[60.0, 40.0]], x_label="Andel", n_label="N = 5",
                  alt_text=ALT)
    rows = [["Idrott", "3", "60 %"], ["Kultur", "2", "40 %"]]
    if long:
        rows = [[f"Rad {n}", str(n), f"{n} %"] for n in range(1, 121)]
    table = Table(["Svar", "Antal", "Andel"], rows, numeric=[False, True, True], caption="Tabell 1")
    note = "En not."
    if long:
        note = " ".join(f"Ord{n}" for n in range(1500))
    return ReportDocument(
        title="Föreningsenkät", subtitle="Resultat", council_name="Lokala JANE", language="sv",
        generated_on=date(2026, 11, 23), cover_lines=["Svar: 5"],
        sections=[
            Section("part", "Enkäter", heading_level=1, notes=["Två enkäter."]),
            Section("q1", "1. Vad gör ni?", n_text="N = 5", chart=chart, tables=[table],
                    texts=["Vi sjunger.", "Vi dansar."], texts_heading="Svaren", notes=[note]),
        ],
    )


@dataclass
class Element:
    type: str
    ref: int
    parent_ref: int
    raw: DictionaryObject
    mcids: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID), in order
    kids: list[Element] = field(default_factory=list)
    text: str = ""

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def find(self, struct_type: str) -> list[Element]:
        return [element for element in self.walk() if element.type == struct_type]


@dataclass
class Page:
    mcids: list[tuple[int, str]] = field(default_factory=list)  # (MCID, tag of its BDC)
    untagged: list[bytes] = field(default_factory=list)  # text or painting operators outside marked content
    tagged_paths: list[bytes] = field(default_factory=list)  # lines and fills in content, not artifacts
    text: dict[int, str] = field(default_factory=dict)  # MCID -> its text


class TaggedFile:
    """A PDF read back: the structure tree from /StructTreeRoot and, per page, the marked content."""

    def __init__(self, data: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(data))
        self.catalog = self.reader.trailer["/Root"]
        self.page_index = {page.indirect_reference.idnum: i for i, page in enumerate(self.reader.pages)}
        self.pages = [self._read_page(page) for page in self.reader.pages]
        root = self.catalog["/StructTreeRoot"]
        (document,) = self._kids(root)
        self.document = self._element(document, root.indirect_reference.idnum, None)

    def _kids(self, element: DictionaryObject) -> list:
        kids = element.get("/K")
        return [] if kids is None else list(kids) if isinstance(kids, ArrayObject) else [kids]

    def _element(self, ref: IndirectObject, parent_ref: int, page: int | None) -> Element:
        raw = ref.get_object()
        assert raw.raw_get("/P").idnum == parent_ref
        if "/Pg" in raw:
            page = self.page_index[raw.raw_get("/Pg").idnum]
        element = Element(raw["/S"][1:], ref.idnum, parent_ref, raw)
        for kid in self._kids(raw):
            if isinstance(kid, int):
                element.mcids.append((page, kid))
                continue
            kid_object = kid.get_object()
            if kid_object.get("/Type") == "/MCR":
                element.mcids.append((self.page_index[kid_object.raw_get("/Pg").idnum], kid_object["/MCID"]))
            else:
                element.kids.append(self._element(kid, ref.idnum, page))
        element.text = " ".join(self.pages[p].text.get(mcid, "") for p, mcid in element.mcids).strip()
        return element

    def _read_page(self, page) -> Page:
        result = Page()
        stack: list[object] = []  # open marked content: an MCID, "Artifact" or another tag
        for operands, operator in ContentStream(page.get_contents(), self.reader).operations:
            if operator == b"BDC":
                properties = operands[1]
                mcid = properties.get("/MCID") if isinstance(properties, DictionaryObject) else None
                stack.append(operands[0][1:] if mcid is None else mcid)
                if mcid is not None:
                    result.mcids.append((mcid, operands[0][1:]))
            elif operator == b"BMC":
                stack.append(operands[0][1:])
            elif operator == b"EMC":
                stack.pop()
            elif operator in TEXT_OPERATORS | PAINT_OPERATORS:
                if "Artifact" in stack:
                    continue
                if not stack or not isinstance(stack[-1], int):
                    result.untagged.append(operator)
                elif operator in PATH_OPERATORS:
                    result.tagged_paths.append(operator)
        assert not stack, "marked content left open at the end of the page"

        # The text of each MCID, through pypdf's text extraction (it decodes the embedded fonts).
        current: list[int | None] = []

        def before(operator, operands, cm, tm):
            if operator == b"BDC":
                current.append(operands[1].get("/MCID") if isinstance(operands[1], DictionaryObject) else None)
            elif operator == b"BMC":
                current.append(None)
            elif operator == b"EMC":
                current.pop()

        def text(content, cm, tm, font, size):
            if current and current[-1] is not None:
                result.text[current[-1]] = result.text.get(current[-1], "") + content

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        result.text = {mcid: " ".join(content.split()) for mcid, content in result.text.items()}
        return result


def _titles(outline) -> list[str]:
    return [title for item in outline for title in (_titles(item) if isinstance(item, list) else [item.title])]


@pytest.fixture(scope="module")
def report():
    document = _document()
    return document, TaggedFile(write_pdf(document))


@pytest.fixture(scope="module")
def long_report():
    document = _document(long=True)
    return document, TaggedFile(write_pdf(document))


def test_report_pdf_is_marked_with_its_language_and_shows_its_title(report):
    document, pdf = report
    assert pdf.catalog["/MarkInfo"]["/Marked"].value is True
    assert pdf.catalog["/Lang"] == document.language == "sv"
    assert pdf.catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert pdf.reader.metadata.title == document.title


def test_structure_tree_holds_sections_headings_paragraphs_figure_table_and_list(report):
    document, pdf = report
    assert pdf.document.type == "Document"
    sections = pdf.document.kids
    assert [element.type for element in sections] == ["Sect"] * 3  # the cover and one per section

    headings = [(element.type, element.text) for element in pdf.document.walk() if element.type in ("H1", "H2")]
    assert headings == [("H1", "Föreningsenkät"), ("H1", "Enkäter"), ("H2", "1. Vad gör ni?")]
    assert _titles(pdf.reader.outline) == [text for _type, text in headings]

    cover_texts = [element.text for element in sections[0].find("P")]
    assert cover_texts == ["Lokala JANE", "Resultat", "Svar: 5"]
    question = sections[2]
    assert [element.text for element in question.find("P")] == ["N = 5", "En not."]

    figures = pdf.document.find("Figure")
    assert len(figures) == 1 and figures[0].raw["/Alt"] == ALT and figures[0].mcids
    assert any(kid is figures[0] for kid in question.kids)

    (table,) = question.find("Table")
    assert [kid.type for kid in table.kids] == ["Caption", "TR", "TR", "TR"]
    assert table.kids[0].text == "Tabell 1"
    header, first, second = table.kids[1:]
    assert [(cell.type, cell.text) for cell in header.kids] == [("TH", "Svar"), ("TH", "Antal"), ("TH", "Andel")]
    assert all(cell.raw["/A"] == {"/O": "/Table", "/Scope": "/Column"} for cell in header.kids)
    assert [(cell.type, cell.text) for cell in first.kids] == [("TD", "Idrott"), ("TD", "3"), ("TD", "60 %")]
    assert [cell.text for cell in second.kids] == ["Kultur", "2", "40 %"]

    (answers,) = question.find("L")
    assert [kid.type for kid in answers.kids] == ["Caption", "LI", "LI"]
    assert [[body.type for body in item.kids] for item in answers.kids[1:]] == [["LBody"], ["LBody"]]
    assert [item.kids[0].text for item in answers.kids[1:]] == ["– Vi sjunger.", "– Vi dansar."]


@pytest.mark.parametrize("which", ["report", "long_report"])
def test_all_text_and_drawing_is_tagged_and_rules_and_footers_are_artifacts(which, request):
    _, pdf = request.getfixturevalue(which)
    for index, page in enumerate(pdf.pages):
        assert page.untagged == [], f"page {index + 1}"
        assert page.tagged_paths == [], f"page {index + 1}"  # table rules and fills are decoration
        footer = f"Föreningsenkät {index + 1}/{len(pdf.pages)}"
        assert footer in " ".join(pdf.reader.pages[index].extract_text().split())
        assert footer not in " ".join(page.text.values())


@pytest.mark.parametrize("which", ["report", "long_report"])
def test_every_mcid_in_the_tree_is_drawn_once_and_the_parent_tree_points_back(which, request):
    _, pdf = request.getfixturevalue(which)
    listed = [(place, element.ref) for element in pdf.document.walk() for place in element.mcids]
    in_tree = Counter(place for place, _ref in listed)
    drawn = Counter((index, mcid) for index, page in enumerate(pdf.pages) for mcid, _tag in page.mcids)
    assert in_tree == drawn and set(drawn.values()) == {1}
    types = {element.ref: element.type for element in pdf.document.walk()}
    tags = {(index, mcid): tag for index, page in enumerate(pdf.pages) for mcid, tag in page.mcids}
    assert all(tags[place] == types[ref] for place, ref in listed)
    # Only elements that hold content have MCIDs; grouping elements only group.
    grouping = {"Document", "Sect", "Table", "TR", "L", "LI"}
    assert not any(element.mcids for element in pdf.document.walk() if element.type in grouping)

    root = pdf.catalog["/StructTreeRoot"]
    numbers = root["/ParentTree"]["/Nums"]
    parent_tree = {numbers[i]: numbers[i + 1] for i in range(0, len(numbers), 2)}
    assert root["/ParentTreeNextKey"] > max(parent_tree)
    owner_of = dict(listed)
    for index, page in enumerate(pdf.reader.pages):
        if not pdf.pages[index].mcids:
            continue
        listed = parent_tree[page["/StructParents"]]
        assert len(listed) == len(pdf.pages[index].mcids)
        for mcid, ref in enumerate(listed):
            assert owner_of[(index, mcid)] == ref.idnum


def test_table_and_paragraph_across_a_page_break_stay_one_element_each(long_report):
    document, pdf = long_report
    (table,) = pdf.document.find("Table")
    cell_pages = {page for element in table.walk() for page, _ in element.mcids}
    assert len(cell_pages) >= 2
    rows = [kid for kid in table.kids if kid.type == "TR"]
    # The headings repeated on later pages are artifacts: the table has one heading row.
    assert len(rows) == 1 + 120 and [cell.type for cell in rows[0].kids] == ["TH"] * 3
    assert sum(1 for row in rows if row.kids[0].type == "TH") == 1
    assert [cell.text for cell in rows[120].kids] == ["Rad 120", "120", "120 %"]

    note = document.sections[1].notes[0]
    (paragraph,) = [element for element in pdf.document.find("P") if element.text.startswith("Ord0 ")]
    assert len({page for page, _ in paragraph.mcids}) >= 2
    assert "/MCR" in str(paragraph.raw["/K"])
    assert paragraph.text == note
