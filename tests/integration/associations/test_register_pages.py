"""The register's staff pages: access, list and search, add, edit, archive and restore."""

import pytest
from sqlalchemy import select

from tests.fixtures.associations import REGISTER
from tests.fixtures.councils import ADMIN, KAINUU_ADMIN, SECRETARY

pytestmark = pytest.mark.usefixtures("english_by_default", "empty_register")


@pytest.mark.parametrize(("email", "url", "status"), [
    (SECRETARY, "/staff/raakkyla/associations/", 200),
    (SECRETARY, "/staff/outokumpu/associations/", 403),
    (SECRETARY, "/staff/pohjois-karjala/associations/", 403),
    (SECRETARY, "/staff/outokumpu/associations/import", 403),
    (SECRETARY, "/staff/outokumpu/associations/export.csv", 403),
    (ADMIN, "/staff/raakkyla/associations/", 200),
    (ADMIN, "/staff/raakkyla/associations/new", 200),
    (KAINUU_ADMIN, "/staff/raakkyla/associations/", 403),
    (KAINUU_ADMIN, "/staff/raakkyla/associations/export.xlsx", 403),
])
def test_register_is_open_only_to_its_council_and_the_councils_above(staff_client, email, url, status):
    assert staff_client(email).get(url).status_code == status


def test_signed_out_visitor_is_sent_to_sign_in(client, demo):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert "sign-in" in response.headers["Location"]


def test_association_of_another_council_is_not_found(staff_client, make_association):
    other = make_association("outokumpu", name="Outokummun seura ry", municipality_code="309")
    client = staff_client(ADMIN)
    assert client.get(f"{REGISTER}{other}/").status_code == 404
    assert client.get(f"/staff/outokumpu/associations/{other}/").status_code == 200


def test_list_is_sorted_by_name_and_paginated_by_fifty(app, staff_client, make_association):
    for number in range(55):
        make_association(name=f"Seura {number:02d} ry", email=f"seura{number}@example.fi")
    client = staff_client(SECRETARY)
    first = client.get(REGISTER).get_data(as_text=True)
    assert "55 associations" in first
    assert first.index("Seura 00 ry") < first.index("Seura 01 ry") < first.index("Seura 49 ry")
    assert "Seura 50 ry" not in first
    assert "Page 1 of 2" in first
    second = client.get(REGISTER + "?page=2").get_data(as_text=True)
    assert "Seura 50 ry" in second and "Seura 49 ry" not in second


def test_search_by_name_email_or_contact_and_by_sector(staff_client, make_association):
    make_association(name="Rääkkylän Urheiluseura ry", sector="sports", email="urheilu@example.fi",
                     contact_person="Lauri Malli")
    make_association(name="Kyläyhdistys ry", sector="village", email="kyla@example.fi", contact_person="Oona Demola")
    client = staff_client(SECRETARY)
    assert "Kyläyhdistys ry" not in client.get(REGISTER + "?q=urheilu").get_data(as_text=True)
    by_contact = client.get(REGISTER + "?q=oona").get_data(as_text=True)
    assert "Kyläyhdistys ry" in by_contact and "Urheiluseura" not in by_contact
    by_sector = client.get(REGISTER + "?sector=sports&municipality=707").get_data(as_text=True)
    assert "Urheiluseura" in by_sector and "Kyläyhdistys ry" not in by_sector
    # A percent sign is searched for, not used as a wildcard.
    assert "No associations match the search." in client.get(REGISTER + "?q=%25").get_data(as_text=True)


def test_add_with_wrong_check_digit_keeps_input_and_shows_error_beside_the_field(staff_client, csrf_token,
                                                                                associations):
    client = staff_client(SECRETARY)
    token = csrf_token(client, REGISTER + "new")
    response = client.post(REGISTER + "new", data={
        "csrf_token": token, "name": "Rääkkylän Marttayhdistys ry", "business_id": "2077474-1",
        "municipality_code": "707", "sector": "hobby", "email": "martat@example.fi", "language": "fi"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Rääkkylän Marttayhdistys ry"' in page
    assert 'value="2077474-1"' in page
    assert '<a href="#business_id">Enter a Y-tunnus in the form 1234567-8 with a correct check digit.</a>' in page
    assert 'id="business_id-error"' in page and 'aria-invalid="true"' in page
    assert associations() == []


def test_add_rejects_spaces_inside_email_and_a_municipality_outside_the_area(staff_client, csrf_token, associations):
    client = staff_client(SECRETARY)
    token = csrf_token(client, REGISTER + "new")
    page = client.post(REGISTER + "new", data={
        "csrf_token": token, "name": "Seura ry", "municipality_code": "309", "sector": "hobby",
        "email": "seura @example.fi", "language": "fi"}).get_data(as_text=True)
    assert "The e-mail address must not contain spaces." in page
    assert 'id="municipality_code-error"' in page
    assert associations() == []


def test_add_edit_archive_and_restore_are_logged_without_personal_data(app, staff_client, csrf_token, associations):
    from app.extensions import db
    from app.models import AuditLog

    client = staff_client(SECRETARY)
    token = csrf_token(client, REGISTER + "new")
    response = client.post(REGISTER + "new", data={
        "csrf_token": token, "name": "Rääkkylän Marttayhdistys ry", "register_number": "123456",
        "business_id": " 20774740 ", "municipality_code": "707", "sector": "hobby", "contact_person": "Helmi Malli",
        "email": " martat@example.fi ", "phone": "+358 40 123 4567", "language": "sv",
        "has_listing_consent": "y"})
    assert response.status_code == 302
    [stored] = associations()
    assert (stored["register_number"], stored["business_id"], stored["email"]) == ("123.456", "2077474-0",
                                                                                    "martat@example.fi")
    assert stored["language"] == "sv" and stored["has_listing_consent"] is True
    url = f"{REGISTER}{stored['id']}/"
    token = csrf_token(client, url)
    response = client.post(url, data={"csrf_token": token, "name": "Rääkkylän Martat ry", "register_number": "123.456",
                                      "municipality_code": "707", "sector": "hobby", "email": "martat@example.fi",
                                      "language": "fi"})
    assert response.status_code == 302
    assert associations()[0]["name"] == "Rääkkylän Martat ry"
    assert associations()[0]["business_id"] is None
    client.post(url + "archive", data={"csrf_token": csrf_token(client, url)})
    assert associations()[0]["is_archived"] is True
    assert "Rääkkylän Martat ry</a>" not in client.get(REGISTER).get_data(as_text=True)
    assert "Rääkkylän Martat ry" in client.get(REGISTER + "?archived=y").get_data(as_text=True)
    client.post(url + "restore", data={"csrf_token": csrf_token(client, url)})
    assert associations()[0]["is_archived"] is False
    with app.app_context():
        log = [(entry.action, entry.target) for entry in db.session.scalars(select(AuditLog).order_by(AuditLog.id))
               if entry.action.startswith("association.")]
    target = f"association:{stored['id']}"
    assert log == [("association.create", target), ("association.update", target),
                   ("association.archive", target), ("association.restore", target)]


def test_duplicate_register_number_is_an_error_beside_the_field(staff_client, csrf_token, make_association,
                                                                 associations):
    make_association(register_number="123.456")
    client = staff_client(SECRETARY)
    token = csrf_token(client, REGISTER + "new")
    page = client.post(REGISTER + "new", data={
        "csrf_token": token, "name": "Toinen ry", "register_number": "123456", "municipality_code": "707",
        "sector": "hobby", "email": "toinen@example.fi", "language": "fi"}).get_data(as_text=True)
    assert 'id="register_number-error"' in page
    assert "Another association in the register has this register number." in page
    assert len(associations()) == 1


def test_post_without_csrf_token_is_refused(staff_client, associations):
    client = staff_client(SECRETARY)
    response = client.post(REGISTER + "new", data={"name": "Seura ry", "municipality_code": "707",
                                                    "sector": "hobby", "email": "s@example.fi", "language": "fi"})
    assert response.status_code == 400
    assert associations() == []


def test_pages_are_translated_to_finnish_and_swedish(staff_client):
    client = staff_client(SECRETARY)
    finnish = client.get(REGISTER + "?lang=fi").get_data(as_text=True)
    assert "Yhdistysrekisteri" in finnish and "Lisää yhdistys" in finnish
    swedish = client.get(REGISTER + "new?lang=sv").get_data(as_text=True)
    assert "Lägg till en förening" in swedish and "FO-nummer" in swedish
