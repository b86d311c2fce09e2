"""Mail to an address typed in a public form (answer copies, resume links) is limited per recipient,
whoever asks and from wherever, besides the limit per sender address."""

from tests.fixtures.surveys import PAGES

VICTIM = "uhri@example.fi"


def _saved_draft(app, answer_page, survey, address: str):
    """A browser at `address` with an open-link draft saved; returns the client."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    saved = answer_page(client, f"{survey.open_url}/page/basics", PAGES["basics"], action="save")
    assert saved.status_code == 302
    return client


def _ask_for_resume_link(client, survey, csrf_token, email: str):
    page = client.get(f"{survey.open_url}/saved").get_data(as_text=True)
    return client.post(f"{survey.open_url}/saved", data={"csrf_token": csrf_token(page), "email": email})


def test_one_recipient_gets_only_a_few_mails_whoever_asks(app, make_survey, answer_page, csrf_token):
    app.config["RATELIMIT_MAIL_PER_RECIPIENT"] = "3 per hour"
    survey = make_survey()
    first = _saved_draft(app, answer_page, survey, "10.0.0.1")
    statuses = [_ask_for_resume_link(first, survey, csrf_token, VICTIM).status_code for _ in range(3)]
    assert statuses == [302, 302, 302]

    # Another visitor, from another address, with a budget of their own, still cannot mail the same address...
    second = _saved_draft(app, answer_page, survey, "10.0.0.2")
    assert _ask_for_resume_link(second, survey, csrf_token, VICTIM).status_code == 429
    assert _ask_for_resume_link(second, survey, csrf_token, VICTIM.upper()).status_code == 429
    # ...but may mail another address.
    assert _ask_for_resume_link(second, survey, csrf_token, "oma@example.fi").status_code == 302


def test_answer_copies_and_resume_links_share_the_recipients_budget(app, client, make_survey, answer_page,
                                                                     csrf_token):
    app.config["RATELIMIT_MAIL_PER_RECIPIENT"] = "1 per hour"
    survey = make_survey()
    drafted = _saved_draft(app, answer_page, survey, "10.0.0.3")
    assert _ask_for_resume_link(drafted, survey, csrf_token, VICTIM).status_code == 302

    base = survey.invitation_url
    for key, fields in PAGES.items():
        answer_page(client, f"{base}/page/{key}", fields)
    check = client.get(f"{base}/check").get_data(as_text=True)
    client.post(f"{base}/check", data={"csrf_token": csrf_token(check)})
    done = client.get(f"{base}/done").get_data(as_text=True)
    refused = client.post(f"{base}/done", data={"csrf_token": csrf_token(done), "email": VICTIM})
    assert refused.status_code == 429
