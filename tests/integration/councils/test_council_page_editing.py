"""Staff edit the council's public page: texts in three languages, contact details, members, association
agents, working groups and links; the public page shows what they saved, and nothing typed runs as HTML."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Association, AuditLog, CouncilLink, CouncilMember, Role
from tests.fixtures.councils import council_by_slug

pytestmark = pytest.mark.usefixtures("english_by_default")

PAGE = "/staff/raakkyla/page/"
MEMBERS = "/staff/raakkyla/page/members/"


@pytest.fixture
def secretary(demo_councils, signed_in_staff):
    return signed_in_staff(Role.SECRETARY, "raakkyla")


@pytest.fixture
def clear_page(app, demo_councils):
    """Rääkkylä's page without the demo members, agents, groups and links, so a test knows every entry."""
    from app.models import AssociationAgent, WorkingGroup

    with app.app_context():
        council = council_by_slug("raakkyla")
        for model in (CouncilMember, AssociationAgent, WorkingGroup, CouncilLink):
            for row in db.session.scalars(select(model).where(model.council_id == council.id)):
                db.session.delete(row)
        db.session.commit()


def _texts(**changes) -> dict:
    values = {"name_fi": "Rääkkylän paikallis-JANE", "name_sv": "Lokala delegationen i Rääkkylä",
              "name_en": "Rääkkylä local NGO council", "description_fi": "Yhdistysten yhteistyöryhmä.",
              "description_sv": "Föreningarnas samarbetsgrupp.", "description_en": "The cooperation group of associations.",
              "page_text_fi": "## Tehtävät\n\n- yhdistysillat\n- **järjestökysely**",
              "page_text_sv": "Vi ordnar föreningskvällar.", "page_text_en": "We hold association evenings.",
              "contact_email": "jane@raakkyla.example.fi", "contact_phone": "+358 40 123 4567"}
    values.update(changes)
    return values


def _post(client, url, data, page_url=None):
    return client.post(url, data={**data, "csrf_token": _token(client, page_url or url)})


def _token(client, url):
    from tests.fixtures.app import read_csrf_token

    response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return read_csrf_token(response.get_data(as_text=True))


def _audit_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_secretary_saves_the_texts_and_contact_and_the_public_page_shows_them_in_each_language(app, client, secretary):
    response = _post(secretary, PAGE, _texts())
    assert response.status_code == 302
    assert "The council page was saved." in secretary.get(PAGE).get_data(as_text=True)

    page = client.get("/raakkyla/?lang=fi").get_data(as_text=True)
    assert "<h1>Rääkkylän paikallis-JANE</h1>" in page
    assert "Yhdistysten yhteistyöryhmä." in page
    assert "<h3>Tehtävät</h3>" in page and "<strong>järjestökysely</strong>" in page
    assert "jane@raakkyla.example.fi" in page and 'href="tel:+358401234567"' in page
    sv = client.get("/raakkyla/?lang=sv").get_data(as_text=True)
    assert "Lokala delegationen i Rääkkylä" in sv and "Vi ordnar föreningskvällar." in sv
    en = client.get("/raakkyla/?lang=en").get_data(as_text=True)
    assert "The cooperation group of associations." in en and "We hold association evenings." in en
    assert _audit_actions(app) == ["council_page.texts"]


def test_texts_with_errors_come_back_with_a_summary_the_error_beside_the_field_and_what_was_typed(
        app, secretary):
    response = _post(secretary, PAGE, _texts(name_fi="", contact_email="ei osoite", page_text_en="Kept text"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert '<a href="#name_fi">Enter the council' in page and 's name in Finnish.</a>' in page
    assert 'id="contact_email-error"' in page
    assert "Kept text" in page and 'value="ei osoite"' in page
    with app.app_context():
        assert council_by_slug("raakkyla").name_fi == "Rääkkylän paikallis-JANE"
    assert _audit_actions(app) == []


def test_html_and_script_links_typed_into_the_page_text_are_shown_as_text(app, client, secretary):
    typed = ('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n'
             '[Avaa](javascript:alert(1)) ja [kunta](https://www.raakkyla.fi/)')
    assert _post(secretary, PAGE, _texts(page_text_fi=typed)).status_code == 302
    page = client.get("/raakkyla/?lang=fi").get_data(as_text=True)
    about = page[page.index('id="about-title"'):page.index("</section>", page.index('id="about-title"'))]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in about
    assert "&lt;img src=x onerror=alert(1)&gt;" in about
    assert "<script" not in about and "<img" not in about and "javascript:" not in about.replace(
        "[Avaa](javascript:alert(1))", "")
    assert "[Avaa](javascript:alert(1))" in about
    assert '<a href="https://www.raakkyla.fi/">kunta</a>' in about


def _member(name, role="member", association_id="", association_name="", sector="", deputy_of_id=""):
    return {"name": name, "role": role, "association_id": association_id, "association_name": association_name,
            "sector": sector, "deputy_of_id": deputy_of_id}


def _members(app) -> list[tuple[str, int]]:
    with app.app_context():
        council = council_by_slug("raakkyla")
        return [(member.name, member.position) for member in db.session.scalars(
            select(CouncilMember).where(CouncilMember.council_id == council.id)
            .order_by(CouncilMember.position, CouncilMember.id))]


def _member_id(app, name) -> int:
    with app.app_context():
        return db.session.scalar(select(CouncilMember.id).where(
            CouncilMember.name == name, CouncilMember.council_id == council_by_slug("raakkyla").id))


def test_members_are_added_moved_and_removed_with_plain_forms_and_shown_by_role(
        app, client, secretary, clear_page):
    with app.app_context():
        association = db.session.scalar(select(Association).where(
            Association.council_id == council_by_slug("raakkyla").id).order_by(Association.id))
        association_id, association_name = association.id, association.name
    assert _post(secretary, MEMBERS, _member("Aino Esimerkki", "chair", str(association_id), sector="village")
                 ).status_code == 302
    assert _post(secretary, MEMBERS, _member("Eero Testinen", association_name="Pieni seura ry",
                                             sector="sports")).status_code == 302
    assert _post(secretary, MEMBERS, _member("Helmi Malli")).status_code == 302
    aino = _member_id(app, "Aino Esimerkki")
    deputy = _post(secretary, MEMBERS, _member("Marja Varajäsen", "deputy_member", deputy_of_id=str(aino)))
    assert deputy.status_code == 302, re.findall(r'error-message[^>]*>(.*?)</p>', deputy.get_data(as_text=True), re.S)
    assert _members(app) == [("Aino Esimerkki", 1), ("Eero Testinen", 2), ("Helmi Malli", 3),
                             ("Marja Varajäsen", 4)]

    helmi = _member_id(app, "Helmi Malli")
    moved = _post(secretary, f"{MEMBERS}{helmi}/move", {"direction": "up"}, MEMBERS)
    assert moved.status_code == 302 and moved.headers["Location"].endswith(f"#entry-{helmi}")
    assert [name for name, _ in _members(app)] == ["Aino Esimerkki", "Helmi Malli", "Eero Testinen", "Marja Varajäsen"]
    # At the top, "up" moves nothing.
    _post(secretary, f"{MEMBERS}{aino}/move", {"direction": "up"}, MEMBERS)
    assert _members(app)[0] == ("Aino Esimerkki", 1)

    page = client.get("/raakkyla/").get_data(as_text=True)
    members = page[page.index('id="members-title"'):]
    assert members.index("Aino Esimerkki") < members.index("Helmi Malli") < members.index("Eero Testinen")
    assert "Aino Esimerkki</span>, Chair" in members and association_name in members
    assert "Village and residents" in members and "Pieni seura ry · Sports and exercise" in members
    assert "Deputy members" in members and "deputy of Aino Esimerkki" in members

    eero = _member_id(app, "Eero Testinen")
    assert _post(secretary, f"{MEMBERS}{eero}/remove", {}, MEMBERS).status_code == 302
    assert "Eero Testinen" not in [name for name, _ in _members(app)]
    assert "Eero Testinen" not in client.get("/raakkyla/").get_data(as_text=True)
    assert _audit_actions(app) == ["council_page.add"] * 4 + ["council_page.move", "council_page.remove"]


def test_a_member_is_changed_on_its_own_page_with_the_form_filled_in(app, secretary, clear_page):
    _post(secretary, MEMBERS, _member("Aino Esimerkki", "chair", sector="village"))
    aino = _member_id(app, "Aino Esimerkki")
    form = secretary.get(f"{MEMBERS}{aino}").get_data(as_text=True)
    assert 'value="Aino Esimerkki"' in form
    assert re.search(r'<input[^>]*checked[^>]*value="chair"|<input[^>]*value="chair"[^>]*checked', form)
    assert re.search(r'<option selected value="village">|<option value="village" selected>', form)
    assert _post(secretary, f"{MEMBERS}{aino}", _member("Aino Esimerkki-Malli", "vice_chair")).status_code == 302
    with app.app_context():
        member = db.session.get(CouncilMember, aino)
        assert (member.name, member.role.value, member.sector) == ("Aino Esimerkki-Malli", "vice_chair", None)
    assert _audit_actions(app)[-1] == "council_page.change"


def test_an_association_or_member_of_another_council_is_refused_beside_its_field(app, secretary, clear_page):
    with app.app_context():
        foreign = db.session.scalar(select(Association.id).where(
            Association.council_id == council_by_slug("outokumpu").id))
    response = _post(secretary, MEMBERS, _member("Aino Esimerkki", association_id=str(foreign)))
    assert response.status_code == 400
    assert 'id="association_id-error"' in response.get_data(as_text=True)
    assert 'value="Aino Esimerkki"' in response.get_data(as_text=True)
    assert _members(app) == []


def test_an_entry_of_another_council_answers_404_in_this_councils_address(app, demo_councils, secretary,
                                                                          signed_in_staff):
    with app.app_context():
        other = CouncilMember(council_id=council_by_slug("outokumpu").id, name="Toisen jäsen")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    assert secretary.get(f"{MEMBERS}{other_id}").status_code == 404
    assert secretary.get("/staff/raakkyla/page/nothing/").status_code == 404


def test_agents_groups_and_links_are_added_and_shown_on_the_public_page(app, client, secretary, clear_page):
    agents = "/staff/raakkyla/page/agents/"
    assert _post(secretary, agents, {"name": "Oona Agentti", "municipality_code": "707",
                                     "email": "oona@example.fi", "phone": ""}).status_code == 302
    outside = _post(secretary, agents, {"name": "Väärä Kunta", "municipality_code": "091", "email": "", "phone": ""})
    assert outside.status_code == 400 and 'id="municipality_code-error"' in outside.get_data(as_text=True)
    groups = "/staff/raakkyla/page/groups/"
    assert _post(secretary, groups, {"kind": "working_committee", "name": "Työvaliokunta",
                                     "description": "Valmistelee kokoukset.",
                                     "members_text": "Aino Esimerkki, pj\n\nEero Testinen"}).status_code == 302
    links = "/staff/raakkyla/page/links/"
    assert _post(secretary, links, {"label": "JANE Facebookissa", "url": "https://www.facebook.com/"}
                 ).status_code == 302

    page = client.get("/raakkyla/").get_data(as_text=True)
    agents_part = page[page.index('id="agents-title"'):]
    assert "<dt>Rääkkylä</dt>" in agents_part and "Oona Agentti" in agents_part
    assert 'href="mailto:oona@example.fi"' in agents_part
    groups_part = page[page.index('id="groups-title"'):]
    assert "<h3>Työvaliokunta</h3>" in groups_part and "<li>Aino Esimerkki, pj</li>" in groups_part
    assert "<li>Eero Testinen</li>" in groups_part
    assert '<a href="https://www.facebook.com/" rel="noopener">JANE Facebookissa</a>' in page


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "ftp://example.fi/", "www.example.fi", "https://exa mple.fi"])
def test_a_link_must_be_a_web_address(app, secretary, clear_page, url):
    response = _post(secretary, "/staff/raakkyla/page/links/", {"label": "Linkki", "url": url})
    assert response.status_code == 400
    assert "Enter a web address that starts with https:// or http://." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CouncilLink.id).where(
            CouncilLink.council_id == council_by_slug("raakkyla").id)) is None


def test_a_reviewer_sees_none_of_the_page_editing(app, demo_councils, signed_in_staff, secretary):
    reviewer = signed_in_staff(Role.REVIEWER, "raakkyla")
    assert reviewer.get(PAGE).status_code == 403
    assert reviewer.get(MEMBERS).status_code == 403
    token = _token(reviewer, "/staff/")
    assert reviewer.post(PAGE, data={**_texts(name_fi="Kaapattu"), "csrf_token": token}).status_code == 403
    with app.app_context():
        assert council_by_slug("raakkyla").name_fi == "Rääkkylän paikallis-JANE"
    assert "Council page" not in reviewer.get("/staff/raakkyla/").get_data(as_text=True)
    assert 'href="/staff/raakkyla/page/"' in secretary.get("/staff/raakkyla/").get_data(as_text=True)
