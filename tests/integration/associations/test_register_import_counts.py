"""Register import as councils' own files come: every row counted, the usual headers, every missing column
named in the page's language, invalid rows (not errors) counted, template files, language names."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.fixtures.associations import REGISTER
from tests.fixtures.councils import SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default", "empty_register")

HEADER = "Nimi;Kunta;Toimiala;Sähköposti"


def test_three_thousand_rows_each_followed_by_a_blank_line_all_import_and_the_counts_are_said(
        staff_client, upload, confirm, associations):
    data = (HEADER + "\r\n" + "".join(f"Seura {n} ry;707;village;seura{n}@example.fi\r\n\r\n"
                                      for n in range(3000))).encode("utf-8")
    client = staff_client(SECRETARY)
    preview = upload(client, "rekisteri.csv", data)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Rows read: 3000. Empty rows skipped: 3000." in page
    assert '<span class="stat-number">3000</span> new' in page
    done = confirm(client, page)
    assert done.status_code == 302
    register = client.get(REGISTER).get_data(as_text=True)
    assert "3000 new, 0 updated and 0 unchanged" in register
    assert "Rows read: 3000. Empty rows skipped: 3000." in register
    assert len(associations()) == 3000


def test_the_usual_finnish_and_swedish_headers_import(staff_client, upload, confirm, associations):
    client = staff_client(SECRETARY)
    finnish = ("Nimi;Kotikunta;Toimiala;Sähköpostiosoite;Y-tunnus\r\n"
               "Kyläseura ry;Rääkkylä;village;kyla@example.fi;2077474-0\r\n").encode("utf-8")
    page = upload(client, "kunta.csv", finnish).get_data(as_text=True)
    assert '<span class="stat-number">1</span> new' in page and "not recognised" not in page
    assert confirm(client, page).status_code == 302
    swedish = ("Namn;Hemkommun;Verksamhetsområde;E-postadress;FO-nummer\r\n"
               "Byförening rf;Rääkkylä;youth;by@example.fi;\r\n").encode("utf-8")
    page = upload(client, "kommun.csv", swedish).get_data(as_text=True)
    assert '<span class="stat-number">1</span> new' in page and "not recognised" not in page
    assert confirm(client, page).status_code == 302
    assert [a["name"] for a in associations()] == ["Byförening rf", "Kyläseura ry"]


def test_every_missing_column_is_named_in_finnish_on_a_finnish_page(staff_client, csrf_token):
    client = staff_client(SECRETARY)
    url = REGISTER + "import?lang=fi"
    data = "Yhdistys;Puhelin\r\nSeura ry;040 123 4567\r\n".encode("utf-8")
    page = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "a.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Tiedostosta puuttuvat sarakkeet: Kunta, Toimiala, Sähköposti." in page
    assert "Municipality" not in page and "E-mail" not in page


def test_three_bad_rows_with_two_errors_each_count_as_three_invalid_rows(staff_client, csrf_token):
    client = staff_client(SECRETARY)
    url = REGISTER + "import?lang=fi"
    data = (HEADER + "\r\n" + "".join(f";707;golf;bad{n}\r\n" for n in range(3))
            + "Hyvä ry;707;village;hyva@example.fi\r\n").encode("utf-8")
    page = client.post(url, data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "a.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert '<span class="stat-number">3</span> virheellistä' in page
    assert "Tiedoston 3 rivillä on virheitä. Mitään ei tallennettu." in page
    assert page.count("<li>Rivi ") == 9  # name, sector and e-mail wrong on each of the three rows


def test_template_files_have_the_headers_in_the_users_language_and_import_back(staff_client, upload, confirm,
                                                                               associations):
    client = staff_client(SECRETARY)
    finnish = client.get(REGISTER + "import?lang=fi").get_data(as_text=True)
    assert "import/template.xlsx" in finnish and "Excel-pohja (XLSX)" in finnish
    csv_file = client.get(REGISTER + "import/template.csv?lang=fi")
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    header = next(csv.reader(io.StringIO(csv_file.data.decode("utf-8-sig")), delimiter=";"))
    assert header[:4] == ["Nimi", "Yhdistysrekisterinumero", "Y-tunnus", "Kunta"]
    xlsx = client.get(REGISTER + "import/template.xlsx?lang=sv")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    swedish = [cell.value for cell in sheet[1]]
    assert swedish[:4] == ["Namn", "Föreningsregisternummer", "FO-nummer", "Kommun"]
    assert sheet.max_row == 1
    filled = csv_file.data + "Seura ry;;;Rääkkylä;village;;seura@example.fi;;suomi;ei\r\n".encode("utf-8")
    page = upload(client, "pohja.csv", filled).get_data(as_text=True)
    assert '<span class="stat-number">1</span> new' in page
    assert confirm(client, page).status_code == 302 and len(associations()) == 1


def test_the_export_names_languages_instead_of_codes_and_reimports_unchanged(staff_client, upload, make_association):
    make_association(name="Svenska föreningen rf", email="sv@example.fi", language="sv")
    make_association(name="Suomalainen seura ry", email="fi@example.fi", language="fi")
    client = staff_client(SECRETARY)
    exported = client.get(REGISTER + "export.csv?lang=fi")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig")), delimiter=";"))
    language = rows[0].index("Kieli")
    assert sorted(row[language] for row in rows[1:]) == ["Suomi", "Svenska"]
    page = upload(client, "export.csv", exported.data).get_data(as_text=True)
    assert "2</span> unchanged" in page and "0</span> updated" in page


def test_an_xlsx_shared_strings_bomb_is_refused_beside_the_file_field_at_once(staff_client, upload, associations):
    import time

    from tests.unit.test_register_import import _shared_strings_bomb

    bomb = _shared_strings_bomb(2_000_000)
    started = time.perf_counter()
    response = upload(staff_client(SECRETARY), "rekisteri.xlsx", bomb)
    assert time.perf_counter() - started < 3
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The Excel file unpacks to more data than a register file can hold." in page
    assert associations() == []
