"""Reading register files and checking their rows, without the app: encodings, separators, headers, row errors."""

import io

import pytest
from openpyxl import Workbook

from app.associations.columns import export_header, field_for_header, parse_language, parse_yes_no
from app.associations.importing import parse_table
from app.associations.tables import TableFile, TableFileError, read_table, write_csv, write_xlsx
from app.errors import DomainError

SECTORS = {"village": "village", "kylä- ja asukastoiminta": "village", "youth": "youth"}
AREA = {"707"}


def _table(rows: list[list[str]]) -> TableFile:
    return TableFile(rows, list(range(1, len(rows) + 1)), 0)


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_cp1252_semicolon_csv_is_decoded():
    data = "Nimi;Kunta\r\nRääkkylän Kyläyhdistys ry;Rääkkylä\r\n".encode("cp1252")
    assert read_table("a.csv", data).rows == [["Nimi", "Kunta"], ["Rääkkylän Kyläyhdistys ry", "Rääkkylä"]]


def test_utf8_bom_comma_csv_is_decoded_without_the_bom():
    data = "\ufeffNamn,Kommun\r\n\"Förening, rf\",Rääkkylä,\r\n\r\n,,\r\n".encode("utf-8")
    assert read_table("a.csv", data).rows == [["Namn", "Kommun"], ["Förening, rf", "Rääkkylä"]]


def test_xlsx_numbers_become_text_without_decimals():
    assert read_table("a.xlsx", _xlsx([["Kunta", "Luvallinen listaus"], [707, True], [90.0, None]])).rows == [
        ["Kunta", "Luvallinen listaus"], ["707", "1"], ["90"]]


@pytest.mark.parametrize(("filename", "data"), [
    ("a.xlsx", b"PK\x03\x04broken"),
    ("a.xlsx", b"Nimi;Kunta"),
    ("a.csv", b"\x00\x01\x02binary"),
    ("a.csv", b""),
])
def test_unreadable_files_raise_an_error_for_the_file_field(filename, data):
    with pytest.raises(TableFileError) as raised:
        read_table(filename, data)
    assert raised.value.field == "file"


def test_more_than_5000_rows_are_refused():
    data = ("Nimi\r\n" + "Seura ry\r\n" * 5001).encode("utf-8")
    with pytest.raises(TableFileError, match="more than 5000 rows"):
        read_table("a.csv", data)


@pytest.mark.parametrize(("header", "field"), [
    ("Nimi", "name"), ("NAMN", "name"), (" Business  ID ", "business_id"), ("FO-nummer", "business_id"),
    ("Yhdistysrekisterinumero", "register_number"), ("Föreningsregisternummer", "register_number"),
    ("Kommun", "municipality"), ("Verksamhetsområde", "sector"), ("E-post", "email"), ("Språk", "language"),
    ("Luvallinen listaus", "has_listing_consent"), ("Sähköposti*", "email"), ("Muistiinpanot", None),
])
def test_headers_are_recognised_in_finnish_swedish_and_english(header, field):
    assert field_for_header(header) == field


def test_export_headers_are_recognised_on_import():
    from app.associations.columns import COLUMNS

    for language in ("fi", "sv", "en"):
        assert [field_for_header(export_header(name, language)) for name in COLUMNS] == list(COLUMNS)


@pytest.mark.parametrize(("word", "value"), [("kyllä", True), ("Ja", True), ("1", True), ("x", True), ("ei", False),
                                             ("nej", False), ("0", False), ("", False), ("ehkä", None)])
def test_consent_words(word, value):
    assert parse_yes_no(word) is value


@pytest.mark.parametrize(("word", "code"), [("suomi", "fi"), ("Svenska", "sv"), ("ruotsi", "sv"), ("en", "en"),
                                            ("", "fi"), ("klingon", None)])
def test_language_words(word, code):
    assert parse_language(word) == code


def test_valid_rows_are_normalised():
    parsed = parse_table(_table([
        ["Nimi", "Y-tunnus", "Yhdistysrekisterinumero", "Kunta", "Toimiala", "Sähköposti", "Kieli"],
        ["Seura ry", " 20774740 ", "123456", "Rääkkylä", "Kylä- ja asukastoiminta", " s@example.fi ", "ruotsi"],
    ]), AREA, SECTORS)
    assert parsed.errors == []
    assert parsed.rows == [{"row": 2, "name": "Seura ry", "business_id": "2077474-0", "register_number": "123.456",
                            "municipality_code": "707", "sector": "village", "email": "s@example.fi",
                            "language": "sv"}]
    assert set(parsed.fields) == {"name", "business_id", "register_number", "municipality_code", "sector", "email",
                                  "language"}


def test_row_errors_carry_the_row_number_and_the_column_as_written():
    parsed = parse_table(_table([
        ["Nimi", "Y-tunnus", "Kunta", "Toimiala", "Sähköposti", "Muistiinpanot"],
        ["Seura ry", "2077474-1", "Rääkkylä", "village", "s@example.fi", "x"],
        ["", "", "Outokumpu", "golf", "a b@example.fi", ""],
        ["Kolmas ry", "", "Ei-kunta", "youth", "not-an-address", ""],
    ]), AREA, SECTORS)
    assert parsed.rows == []
    assert parsed.ignored_columns == ["Muistiinpanot"]
    assert [(error.row, error.column) for error in parsed.errors] == [
        (2, "Y-tunnus"), (3, "Nimi"), (3, "Kunta"), (3, "Toimiala"), (3, "Sähköposti"), (4, "Kunta"),
        (4, "Sähköposti")]
    messages = [error.message for error in parsed.errors]
    assert "Outokumpu is not in the council's area." in messages
    assert "The e-mail address must not contain spaces." in messages
    assert "Unknown municipality: Ei-kunta." in messages


def test_the_same_association_twice_in_a_file_is_an_error_on_the_later_row():
    parsed = parse_table(_table([
        ["Name", "Register number", "Business ID", "Municipality", "Sector", "E-mail"],
        ["A ry", "123.456", "", "707", "youth", "a@example.fi"],
        ["B ry", "123456", "", "707", "youth", "b@example.fi"],
        ["C ry", "", "", "707", "youth", "c@example.fi"],
        ["c RY", "", "", "Rääkkylä", "youth", "c2@example.fi"],
    ]), AREA, SECTORS)
    assert [row["row"] for row in parsed.rows] == [2, 4]
    assert [(error.row, error.column, error.message) for error in parsed.errors] == [
        (3, "Register number", "The same association is already on row 2."),
        (5, "Name", "The same association is already on row 4.")]


@pytest.mark.parametrize("headers", [["Nimi", "Kunta", "Toimiala"], ["Nimi", "Name", "Kunta", "Toimiala", "E-mail"]])
def test_a_missing_or_doubled_column_is_an_error_for_the_whole_file(headers):
    with pytest.raises(DomainError) as raised:
        parse_table(_table([headers, ["x"] * len(headers)]), AREA, SECTORS)
    assert raised.value.field == "file"


def test_csv_export_has_bom_semicolons_and_formulas_as_text_that_read_back_unchanged():
    rows = [["Nimi", "Puhelin"], ["=HYPERLINK(\"http://x\") ry", "+358 40 123 4567"], ["Ääkköset; ja \"lainaus\"", ""]]
    data = write_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in data.decode("utf-8-sig") and ";+358 40 123 4567" in data.decode("utf-8-sig")
    assert read_table("a.csv", data).rows == [rows[0], rows[1], [rows[2][0]]], "trailing empty cells are dropped"


def test_xlsx_export_writes_text_not_formulas():
    rows = [["Nimi"], ["=1+2"]]
    assert read_table("a.xlsx", write_xlsx(rows, "raakkyla")).rows == rows


def test_blank_lines_between_rows_are_counted_and_no_data_row_is_dropped():
    data = ("Nimi;Kunta;Toimiala;Sähköposti\r\n"
            + "".join(f"Seura {n} ry;707;youth;seura{n}@example.fi\r\n;;;\r\n" for n in range(3000))).encode()
    table = read_table("a.csv", data)
    assert (table.data_rows, table.blank_rows) == (3000, 3000)
    assert table.row_numbers[:3] == [1, 2, 4] and table.row_numbers[-1] == 6000
    parsed = parse_table(table, AREA, SECTORS)
    assert len(parsed.rows) == 3000 and parsed.errors == []
    assert (parsed.rows_read, parsed.blank_rows) == (3000, 3000)


def test_row_errors_name_the_row_as_the_spreadsheet_numbers_it_past_blank_lines():
    data = "Nimi;Kunta;Toimiala;Sähköposti\r\n\r\nSeura ry;707;youth;x@example.fi\r\n\r\n;707;youth;y@example.fi\r\n"
    parsed = parse_table(read_table("a.csv", data.encode()), AREA, SECTORS)
    assert [row["row"] for row in parsed.rows] == [3]
    assert [(error.row, error.column) for error in parsed.errors] == [(5, "Nimi")]


def test_more_than_5000_data_rows_are_refused_whatever_the_blank_lines():
    data = ("Nimi\r\n" + "Seura ry\r\n\r\n" * 5001).encode("utf-8")
    with pytest.raises(TableFileError, match="more than 5000 rows"):
        read_table("a.csv", data)


def _shared_strings_bomb(count: int) -> bytes:
    """An XLSX file whose sharedStrings.xml holds `count` strings: tiny packed, huge unpacked."""
    import zipfile

    base = io.BytesIO(_xlsx([["Nimi"], ["Seura ry"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == "xl/sharedStrings.xml":
                continue
            target.writestr(member, source.read(member.filename))
        with target.open("xl/sharedStrings.xml", "w") as stream:
            stream.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                         f'spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">'.encode())
            chunk = b"<si><t>a</t></si>" * 10_000
            for _ in range(count // 10_000):
                stream.write(chunk)
            stream.write(b"</sst>")
    return out.getvalue()


def test_an_xlsx_with_two_million_shared_strings_is_refused_fast_and_small():
    import time
    import tracemalloc

    bomb = _shared_strings_bomb(2_000_000)
    assert len(bomb) < 200 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(DomainError, match="unpacks to more data") as raised:
        read_table("rekisteri.xlsx", bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 3 and peak < 30 * 1024 * 1024
    assert raised.value.field == "file"


def test_an_xlsx_within_the_size_but_with_too_many_shared_strings_is_refused_while_counting():
    from app.spreadsheets.archives import check_xlsx_archive

    check_xlsx_archive(_shared_strings_bomb(20_000), max_strings=20_000)
    with pytest.raises(DomainError, match="more than 10000 different texts"):
        check_xlsx_archive(_shared_strings_bomb(20_000), max_strings=10_000)


@pytest.mark.parametrize(("header", "field"), [
    ("Kotikunta", "municipality"), ("Hemkommun", "municipality"), ("Sähköpostiosoite", "email"),
    ("Sähköposti-osoite:", "email"), ("E-postadress", "email"), ("Nimi", "name"), ("Namn", "name"),
    ("Föreningens namn", "name"), ("Y-tunnus", "business_id"), ("FO-nummer", "business_id"),
    ("Rek. nro", "register_number"), ("Puh.", "phone"), ("Asiointikieli", "language"), ("Toiminta-ala", "sector"),
])
def test_the_usual_finnish_and_swedish_headers_are_recognised(header, field):
    assert field_for_header(header) == field


@pytest.mark.parametrize(("language", "named"), [("fi", "Kunta, Toimiala, Sähköposti"),
                                                 ("sv", "Kommun, Verksamhetsområde, E-post")])
def test_every_missing_column_is_named_in_the_users_language(language, named):
    with pytest.raises(DomainError) as raised:
        parse_table(_table([["Nimi", "Puhelin"], ["Seura ry", "040 123"]]), AREA, SECTORS, language)
    assert named in str(raised.value.message) and "Municipality" not in str(raised.value.message)
