"""The public nomination: form, check your answers, confirmation page and e-mail in the nominator's language;
the spam defences with what a person sees; the page outside the period and the winners by year."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.outbox import message_subject
from app.models import AwardRound, Nomination, OutboxMessage, Winner
from app.models.base import utcnow
from tests.fixtures.awards import NOMINATION_FIELDS, store_nomination, store_round

FORM = "/lappi/award/"
_HIDDEN = re.compile(r'<input[^>]*name="(csrf_token|form_started)"[^>]*value="([^"]*)"')


def _hidden(page: str) -> dict:
    return dict(_HIDDEN.findall(page))


def _client(app, address: str = "198.51.100.40"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _nominate(client, lang: str, fields: dict | None = None) -> tuple[str, object]:
    """Fill the form, reach the check page and send; returns the check page and the final answer."""
    form_page = client.get(f"{FORM}?lang={lang}")
    assert form_page.status_code == 200
    data = {**_hidden(form_page.get_data(as_text=True)), **(fields or NOMINATION_FIELDS)}
    check = client.post(FORM, data={**data, "action": "check"})
    assert check.status_code == 200, check.get_data(as_text=True)
    check_page = check.get_data(as_text=True)
    return check_page, client.post(FORM, data={**_hidden(check_page), **data, "action": "send"})


@pytest.mark.parametrize(("lang", "check_title", "thanks", "subject"), [
    ("fi", "Tarkista ehdotuksesi", "Kiitos – ehdotuksesi on lähetetty", "Ehdotuksesi: Tehemä pois -vapaaehtoisteon palkinto"),
    ("sv", "Kontrollera ditt förslag", "Tack – ditt förslag har skickats", "Ditt förslag: Tehemä pois -vapaaehtoisteon palkinto"),
    ("en", "Check your nomination", "Thank you – your nomination has been sent", "Your nomination: Tehemä pois -vapaaehtoisteon palkinto"),
])
def test_a_nomination_is_checked_stored_and_confirmed_in_the_nominators_language(app, award_round, lang, check_title,
                                                                                 thanks, subject, run_jobs,
                                                                                 smtp_server):
    award_round()
    client = _client(app)
    check_page, sent = _nominate(client, lang)
    assert check_title in check_page
    assert "Piti kylän kirjastoa auki vapaaehtoisvoimin koko talven." in check_page
    assert "Rovaniemi" in check_page
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/lappi/award/sent")
    assert thanks in client.get(sent.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        stored = db.session.scalar(select(Nomination))
        assert (stored.nominee_name, stored.municipality_code, stored.language) == ("Aino Esimerkki", "698", lang)
        assert stored.nominator_email == "eero.ehdottaja@example.fi" and stored.may_contact_nominee
        message = db.session.scalar(select(OutboxMessage))
        assert message.recipient == "eero.ehdottaja@example.fi" and message.language == lang
        assert message_subject(message) == subject  # rendered from the context until the job composes it
        run_jobs()
    # The send job renders the bodies (the request only the subject): the e-mail as the nominator gets it.
    [mail] = smtp_server.to("eero.ehdottaja@example.fi")
    assert mail["Subject"] == subject and mail["Reply-To"] == "lappi.jane@example.fi"
    text = mail.get_body(("plain",)).get_content()
    assert "Piti kylän kirjastoa auki" in text and "Aino Esimerkki" in text



def test_sending_a_nomination_reads_nothing_again_after_its_commit(app, award_round, record_statements):
    award_round()
    client = _client(app)
    data = {**_hidden(client.get(f"{FORM}?lang=fi").get_data(as_text=True)), **NOMINATION_FIELDS}
    with record_statements() as sent:
        response = client.post(FORM, data={**data, "action": "send"})
    assert response.status_code == 302
    # The confirmation page's address is made before the commit expires the council.
    assert sent[-1] == "COMMIT", sent[sent.index("COMMIT"):]
    assert sent.count("COMMIT") == 1
    # The open round with its council and municipalities in one statement; no list of associations.
    assert [statement.split()[0] for statement in sent] == ["SELECT", "INSERT", "INSERT", "COMMIT"], sent


def test_the_next_nomination_reads_no_round_and_a_change_of_the_round_shows_in_the_one_after(app, award_round,
                                                                                             record_statements):
    # The open round is kept per worker with the counters of its tables: a nomination then runs its two INSERTs
    # only, and the staff's change of the round (its name, its period) is seen by the very next request.
    round_id = award_round()
    client = _client(app)
    data = {**_hidden(client.get(f"{FORM}?lang=en").get_data(as_text=True)), **NOMINATION_FIELDS, "action": "send"}
    assert client.post(FORM, data=data).status_code == 302
    with record_statements() as sent:
        assert client.post(FORM, data=data).status_code == 302
    assert [statement.split()[0] for statement in sent] == ["INSERT", "INSERT", "COMMIT"], sent
    with app.app_context():
        db.session.get(AwardRound, round_id).name = "Tehemä pois 2026"
        db.session.commit()
    assert "Tehemä pois 2026" in client.post(FORM, data={**data, "action": "check"}).get_data(as_text=True)
    with app.app_context():
        db.session.get(AwardRound, round_id).nomination_closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    answer = client.post(FORM, data=data)
    assert answer.status_code == 409
    assert "The nomination period ended before your nomination was sent" in answer.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Nomination)).all()) == 2


def test_the_form_links_the_councils_privacy_notice_and_shows_the_criteria(app, award_round):
    award_round()
    page = _client(app).get(f"{FORM}?lang=en").get_data(as_text=True)
    assert 'href="/lappi/privacy"' in page
    assert "The deed was done in Lapland." in page
    assert "Nominate for Tehemä pois -vapaaehtoisteon palkinto" in page


def test_a_missing_field_is_shown_beside_it_and_what_was_typed_stays(app, award_round):
    award_round()
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    answer = client.post(FORM, data={**_hidden(page), **NOMINATION_FIELDS, "deed": "", "action": "check"})
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert 'href="#deed"' in text and "Describe the volunteer deed." in text
    assert "Ilman häntä kylässä ei olisi kirjastoa." in text


def test_changing_on_the_check_page_brings_the_form_back_filled(app, award_round):
    award_round()
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    data = {**_hidden(page), **NOMINATION_FIELDS}
    check = client.post(FORM, data={**data, "action": "check"}).get_data(as_text=True)
    back = client.post(FORM, data={**_hidden(check), **data, "action": "change"})
    assert back.status_code == 200
    assert 'value="Aino Esimerkki"' in back.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None


def test_a_filled_honeypot_stores_nothing_and_tells_a_person_what_to_do(app, award_round):
    award_round()
    client = _client(app)
    _check, answer = _nominate(client, "en", {**NOMINATION_FIELDS, "website": "http://spam.example"})
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "because the field “Leave this field empty” had text in it" in text
    assert 'value="Aino Esimerkki"' in text and "Piti kylän kirjastoa auki" in text
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None
        assert db.session.scalar(select(OutboxMessage)) is None


def test_a_nomination_sent_in_under_two_seconds_is_refused_with_what_was_typed_kept(app, award_round):
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 2
    award_round()
    _check, answer = _nominate(_client(app), "en")
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "The form was sent faster than a person can fill it in" in text
    assert 'value="eero.ehdottaja@example.fi"' in text
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None


def test_a_nomination_with_a_forged_form_stamp_is_refused_as_stale_with_what_was_typed_kept(app, award_round):
    # The stamp is checked once, when sending: a forged one is not renewed first (which made the refusal say
    # the form was sent too fast, and let it through without a minimum fill time).
    app.config["PUBLIC_FORM_MIN_FILL_SECONDS"] = 2
    award_round()
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    answer = client.post(FORM, data={**_hidden(page), **NOMINATION_FIELDS, "form_started": "forged", "action": "send"})
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "The form had been open too long or was incomplete" in text
    assert 'value="eero.ehdottaja@example.fi"' in text and "forged" not in text
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None


def test_the_rate_limit_refuses_the_next_nomination_from_the_address_and_keeps_it(app, award_round):
    app.config["RATELIMIT_PUBLIC_FORMS"] = "2 per hour"
    award_round()
    client = _client(app, "198.51.100.77")
    for _ in range(2):
        assert _nominate(client, "en")[1].status_code == 302
    _check, answer = _nominate(client, "en")
    assert answer.status_code == 429
    text = answer.get_data(as_text=True)
    assert "Too many forms were sent from this address in a short time" in text
    assert 'value="Aino Esimerkki"' in text
    with app.app_context():
        assert len(db.session.scalars(select(Nomination)).all()) == 2


def test_outside_the_period_the_page_says_when_the_next_round_opens(app, demo_councils):
    with app.app_context():
        next_round = store_round(nominations_open=False)
        next_round.nomination_opens_at = utcnow() + timedelta(days=10)
        next_round.nomination_closes_at = utcnow() + timedelta(days=40)
        db.session.commit()
    page = _client(app).get(f"{FORM}?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Nominations for Tehemä pois -vapaaehtoisteon palkinto" in text and " open on " in text
    assert 'name="nominee_name"' not in text


def test_a_nomination_sent_after_the_period_closed_is_not_dropped_silently(app, award_round):
    round_id = award_round()
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    with app.app_context():
        db.session.get(AwardRound, round_id).nomination_closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    answer = client.post(FORM, data={**_hidden(page), **NOMINATION_FIELDS, "action": "send"})
    assert answer.status_code == 409
    assert "The nomination period ended before your nomination was sent" in answer.get_data(as_text=True)


def _decided_round(app, *, decided_on: date, consent: bool) -> None:
    with app.app_context():
        award_round = store_round(year=2025, nominations_open=False, decided_on=decided_on)
        winner = store_nomination(award_round, nominee_name="Kalle Kyläläinen")
        store_nomination(award_round, nominee_name="Ei Voittanut")
        db.session.add(Winner(nomination=winner, round_id=award_round.id, citation_fi="Kylän sydän.",
                              citation_en="The heart of the village.",
                              publication_consent_at=utcnow() if consent else None))
        db.session.commit()


def test_winners_show_after_the_decision_with_consent_and_the_form_page_shows_them(app, demo_councils):
    _decided_round(app, decided_on=date(2026, 1, 10), consent=True)
    client = _client(app)
    winners = client.get("/lappi/award/winners/?lang=en").get_data(as_text=True)
    assert "Winners 2025" in winners and "Kalle Kyläläinen" in winners and "The heart of the village." in winners
    assert "Rovaniemi" in winners and "Ei Voittanut" not in winners
    assert client.get("/lappi/award/winners/2025?lang=en").status_code == 200
    assert "Kalle Kyläläinen" in client.get(f"{FORM}?lang=en").get_data(as_text=True)
    assert "Winners 2025" in client.get("/lappi/?lang=en").get_data(as_text=True)


def test_winners_without_consent_or_before_the_decision_stay_hidden(app, demo_councils):
    _decided_round(app, decided_on=date(2026, 1, 10), consent=False)
    client = _client(app)
    assert "Kalle Kyläläinen" not in client.get("/lappi/award/winners/?lang=en").get_data(as_text=True)
    with app.app_context():
        award_round = db.session.scalar(select(AwardRound))
        award_round.decided_on = date.today() + timedelta(days=30)
        for winner in db.session.scalars(select(Winner)):
            winner.publication_consent_at = utcnow()
        db.session.commit()
    assert "Kalle Kyläläinen" not in client.get("/lappi/award/winners/?lang=en").get_data(as_text=True)
    assert client.get("/lappi/award/winners/2025").status_code == 404


def test_the_council_page_offers_the_open_round(app, award_round):
    award_round()
    page = _client(app).get("/lappi/?lang=en").get_data(as_text=True)
    assert 'href="/lappi/award/"' in page
    front = _client(app).get("/?lang=en").get_data(as_text=True)
    assert "Award nominations open" in front


def test_an_association_of_the_register_can_be_picked_and_only_a_listed_one(app, award_round, make_association):
    award_round()
    listed = make_association("lappi", name="Rovaniemen kyläyhdistys ry", municipality_code="698",
                              has_listing_consent=True)
    unlisted = make_association("lappi", name="Salainen seura ry", municipality_code="698",
                                has_listing_consent=False, email="salainen@example.fi")
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    assert "Rovaniemen kyläyhdistys ry" in page and "Salainen seura ry" not in page
    fields = {**NOMINATION_FIELDS, "nominee_kind": "association", "nominee_name": "Kyläyhdistys",
              "association_id": str(listed)}
    assert _nominate(client, "en", fields)[1].status_code == 302
    refused = client.post(FORM, data={**_hidden(page), **fields, "association_id": str(unlisted), "action": "check"})
    assert refused.status_code == 400 and "Not a valid choice" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Nomination.association_id)) == listed


def test_sending_with_an_association_not_listed_is_refused_beside_the_field_and_the_list_shown_again(
        app, award_round, make_association):
    # Sending reads no list of associations (the domain function checks a picked one): the answer must
    # still be the field's message and the form with the register's list.
    award_round()
    make_association("lappi", name="Rovaniemen kyläyhdistys ry", municipality_code="698", has_listing_consent=True)
    unlisted = make_association("lappi", name="Salainen seura ry", municipality_code="698",
                                has_listing_consent=False, email="salainen@example.fi")
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    fields = {**NOMINATION_FIELDS, "nominee_kind": "association", "nominee_name": "Seura"}
    for picked in (str(unlisted), "not-a-number"):
        refused = client.post(FORM, data={**_hidden(page), **fields, "association_id": picked, "action": "send"})
        text = refused.get_data(as_text=True)
        assert refused.status_code == 400 and "Choose an association from the list." in text
        assert "Rovaniemen kyläyhdistys ry" in text and "Salainen seura ry" not in text
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("municipality_code", "091", "Choose a municipality of the council&#39;s area."),
    ("category", "Eläkeläiset", "Choose one of the categories."),
])
def test_sending_a_municipality_or_category_outside_the_round_is_refused_beside_the_field(app, award_round, field,
                                                                                          value, message):
    # Sending leaves the choices to the domain function (the form compares them with its lists only on the
    # way to the check page): a forged value is still refused beside its field and the lists are shown again.
    award_round(categories="Nuoret\nAikuiset")
    client = _client(app)
    page = client.get(f"{FORM}?lang=en").get_data(as_text=True)
    fields = {**NOMINATION_FIELDS, "category": "Nuoret", field: value}
    refused = client.post(FORM, data={**_hidden(page), **fields, "action": "send"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400 and message in text and f'href="#{field}"' in text
    assert ">Rovaniemi</option>" in text and ">Aikuiset</option>" in text
    with app.app_context():
        assert db.session.scalar(select(Nomination)) is None
