"""Importing the register from CSV and XLSX: preview, row errors, all or nothing, updates, export round trip."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.fixtures.associations import REGISTER
from tests.fixtures.councils import ADMIN, SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default", "empty_register")

FI_HEADER = "Nimi;Yhdistysrekisterinumero;Y-tunnus;Kunta;Toimiala;Yhteyshenkilö;Sähköposti;Puhelin;Kieli;Luvallinen listaus"


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_cp1252_semicolon_csv_with_scandinavian_letters_imports_after_confirming(staff_client, upload, confirm,
                                                                                 associations):
    data = "\r\n".join([
        FI_HEADER,
        "Rääkkylän Kyläyhdistys ry;123.456;2077474-0;Rääkkylä;Kylä- ja asukastoiminta;Aino Esimerkki;"
        "kyla@example.fi;040 123 4567;suomi;kyllä",
        "Rääkkylän Nuorisoseura ry;;;707;youth;Eero Testinen; nuoret@example.fi ;;sv;ei",
    ]).encode("cp1252")
    client = staff_client(SECRETARY)
    preview = upload(client, "rekisteri.csv", data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page
    assert '<span class="stat-number">2</span> new' in page
    assert associations() == [], "the preview stores nothing"
    response = confirm(client, page)
    assert response.status_code == 302
    stored = associations()
    assert [a["name"] for a in stored] == ["Rääkkylän Kyläyhdistys ry", "Rääkkylän Nuorisoseura ry"]
    assert stored[0]["contact_person"] == "Aino Esimerkki"
    assert stored[0]["has_listing_consent"] is True and stored[1]["language"] == "sv"
    assert stored[1]["email"] == "nuoret@example.fi" and stored[1]["municipality_code"] == "707"
    assert "2 new, 0 updated and 0 unchanged" in client.get(REGISTER).get_data(as_text=True)


def test_utf8_bom_comma_csv_with_swedish_headers(staff_client, upload, confirm, associations):
    data = ("\ufeffNamn,FO-nummer,Kommun,Verksamhetsområde,E-post,Språk\r\n"
            "Föreningen Rääkkylä rf,0737546-2,Rääkkylä,Motion och idrott,forening@example.fi,svenska\r\n")
    client = staff_client(SECRETARY)
    page = upload(client, "forening.csv", data.encode("utf-8")).get_data(as_text=True)
    assert "1</span> new" in page
    confirm(client, page)
    [stored] = associations()
    assert (stored["name"], stored["business_id"], stored["language"]) == ("Föreningen Rääkkylä rf", "0737546-2", "sv")


def test_xlsx_with_english_headers_and_numeric_cells(staff_client, upload, confirm, associations):
    data = _xlsx([["Name", "Register number", "Municipality", "Sector", "E-mail", "Consent to be listed"],
                  ["Rääkkylä Choir", "1.234", 707, "Culture and arts", "choir@example.fi", 1]])
    client = staff_client(SECRETARY)
    page = upload(client, "register.xlsx", data).get_data(as_text=True)
    assert "1</span> new" in page, page
    confirm(client, page)
    [stored] = associations()
    assert (stored["register_number"], stored["sector"], stored["has_listing_consent"]) == ("1.234", "culture", True)


def test_broken_xlsx_and_non_csv_file_give_an_error_beside_the_file_field(staff_client, upload):
    client = staff_client(SECRETARY)
    for filename, data in (("register.xlsx", b"PK\x03\x04 this is not really a workbook"),
                           ("register.xlsx", b"Nimi;Kunta\r\n"),
                           ("register.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
                           ("register.csv", b"just some text\nwithout headers\n")):
        response = upload(client, filename, data)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, (filename, data)
        assert 'id="file-error"' in page and '<a href="#file">' in page


def test_wrong_file_type_is_refused_beside_the_file_field(staff_client, upload):
    page = upload(staff_client(SECRETARY), "register.pdf", b"%PDF-1.4").get_data(as_text=True)
    assert "Upload a CSV or XLSX file." in page


def test_row_errors_name_row_and_column_and_nothing_is_stored(staff_client, upload, make_association, associations):
    make_association(name="Vanha nimi ry", register_number="123.456")
    data = "\r\n".join([
        FI_HEADER,
        "Rääkkylän Kyläyhdistys ry;123.456;;Rääkkylä;village;;uusi@example.fi;;fi;kyllä",
        "Hyvä seura ry;;2077474-1;Rääkkylä;village;;hyva@example.fi;;fi;ei",
        "Väärä kunta ry;;;Outokumpu;village;;vaara@example.fi;;fi;ei",
        "Välilyönti ry;;;707;village;;matti @example.fi;;fi;ei",
        "Tuntematon ry;;;707;<b>lentopallo</b>;;t@example.fi;;klingon;ehkä",
        "Kaksoisrivi ry;123456;;707;village;;k@example.fi;;fi;ei",
    ]).encode("utf-8")
    page = upload(staff_client(SECRETARY), "rekisteri.csv", data).get_data(as_text=True)
    assert "Row 3, Y-tunnus: Enter a Y-tunnus in the form 1234567-8 with a correct check digit." in page
    assert "Row 4, Kunta: Outokumpu is not in the council&#39;s area." in page
    assert "Row 5, Sähköposti: The e-mail address must not contain spaces." in page
    assert "Row 6, Toimiala: Unknown sector: &lt;b&gt;lentopallo&lt;/b&gt;." in page, "values from the file are escaped"
    assert "Row 6, Kieli: Enter the language as fi, sv or en." in page
    assert "Row 6, Luvallinen listaus: Enter yes or no." in page
    assert "Row 7, Yhdistysrekisterinumero: The same association is already on row 2." in page
    assert 'name="token"' not in page, "no import is offered while the file has errors"
    assert [a["name"] for a in associations()] == ["Vanha nimi ry"]


def test_import_is_all_or_nothing_when_the_register_changes_after_the_preview(staff_client, upload, confirm,
                                                                               make_association, associations):
    data = "\r\n".join([FI_HEADER, "Uusi seura ry;;;707;village;;uusi@example.fi;;fi;ei",
                        "Toinen seura ry;222.333;2077474-0;707;village;;toinen@example.fi;;fi;ei"]).encode("utf-8")
    client = staff_client(SECRETARY)
    page = upload(client, "rekisteri.csv", data).get_data(as_text=True)
    assert "2</span> new" in page
    # Meanwhile others store two associations: the second row now matches both of them.
    make_association(name="A ry", email="a@example.fi", register_number="222.333")
    make_association(name="B ry", email="b@example.fi", business_id="2077474-0")
    response = confirm(client, page)
    assert response.status_code == 400
    assert "The register has changed since the preview. Upload the file again." in response.get_data(as_text=True)
    assert [a["name"] for a in associations()] == ["A ry", "B ry"], "the valid first row was not stored either"


def test_confirm_with_a_stale_or_foreign_preview_stores_nothing(staff_client, upload, csrf_token, associations):
    client = staff_client(SECRETARY)
    response = client.post(REGISTER + "import/confirm", data={"csrf_token": csrf_token(client, REGISTER + "import"),
                                                              "token": "../../../etc/passwd"})
    assert response.status_code == 400
    assert "The preview has expired. Upload the file again." in response.get_data(as_text=True)
    assert associations() == []


def test_duplicate_by_register_number_or_business_id_updates_instead_of_adding(staff_client, upload, confirm,
                                                                               make_association, associations):
    make_association(name="Vanha nimi ry", register_number="123.456", email="vanha@example.fi", phone="013 111")
    make_association(name="Y-seura ry", business_id="2077474-0", email="y@example.fi")
    data = "\r\n".join([
        "Nimi;Yhdistysrekisterinumero;Y-tunnus;Kunta;Toimiala;Sähköposti",
        "Uusi nimi ry;123456;;Rääkkylä;village;uusi@example.fi",
        "Y-seura ry;;20774740;Rääkkylä;village;y@example.fi",
    ]).encode("utf-8")
    client = staff_client(SECRETARY)
    page = upload(client, "rekisteri.csv", data).get_data(as_text=True)
    assert "0</span> new" in page and "1</span> updated" in page and "1</span> unchanged" in page
    confirm(client, page)
    stored = associations()
    assert len(stored) == 2
    assert stored[0]["name"] == "Uusi nimi ry" and stored[0]["email"] == "uusi@example.fi"
    assert stored[0]["phone"] == "013 111", "a column missing from the file is left as it is"


def test_too_many_rows_are_refused(staff_client, upload):
    rows = [FI_HEADER] + [f"Seura {n} ry;;;707;village;;s{n}@example.fi;;fi;ei" for n in range(5001)]
    page = upload(staff_client(SECRETARY), "iso.csv", "\r\n".join(rows).encode("utf-8")).get_data(as_text=True)
    assert "The file has more than 5000 rows." in page


def test_csv_export_has_bom_and_reimports_as_unchanged(staff_client, upload, make_association, app):
    make_association(name="Rääkkylän Kyläyhdistys ry", register_number="123.456", business_id="2077474-0",
                     phone="+358 40 123 4567", has_listing_consent=True)
    make_association(name="=HYPERLINK(\"x\") ry", email="kaava@example.fi", language="sv", sector="youth")
    make_association(name="Arkistoitu ry", email="arkisto@example.fi", is_archived=True)
    client = staff_client(SECRETARY)
    for language in ("fi", "sv", "en"):
        response = client.get(REGISTER + f"export.csv?lang={language}")
        assert response.status_code == 200
        assert response.data.startswith(b"\xef\xbb\xbf")
        text = response.data.decode("utf-8-sig")
        assert "Arkistoitu" not in text
        assert "'=HYPERLINK" in text, "a formula is exported as text"
        page = upload(client, "export.csv", response.data).get_data(as_text=True)
        assert "0</span> new" in page and "0</span> updated" in page and "2</span> unchanged" in page, page
    assert response.data.decode("utf-8-sig").splitlines()[0].split(";")[:3] == ["Name", "Register number",
                                                                               "Business ID"]


def test_demo_register_exported_as_csv_reimports_unchanged(staff_client, upload):
    client = staff_client(ADMIN)
    export = client.get("/staff/outokumpu/associations/export.csv?lang=fi")
    assert export.data.startswith(b"\xef\xbb\xbf")
    page = upload(client, "outokumpu.csv", export.data, url="/staff/outokumpu/associations/import").get_data(as_text=True)
    assert "0</span> new" in page and "0</span> updated" in page and "25</span> unchanged" in page, page


def test_xlsx_export_reimports_as_unchanged(staff_client, upload, make_association):
    make_association(name="Rääkkylän Kyläyhdistys ry", register_number="123.456", has_listing_consent=True)
    client = staff_client(SECRETARY)
    response = client.get(REGISTER + "export.xlsx?lang=sv")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[1]][:2] == ["Namn", "Föreningsregisternummer"]
    page = upload(client, "export.xlsx", response.data).get_data(as_text=True)
    assert "1</span> unchanged" in page and "0</span> new" in page
