"""Front page, council pages, information pages and language selection."""

import re

import pytest


def test_front_page_lists_regional_and_local_councils_in_finnish_by_default(client, demo):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fi">' in page
    assert "Kainuun järjestöasiain neuvottelukunta" in page
    assert "Lapin maakunnallinen järjestöneuvottelukunta" in page
    assert "Meri-Lapin järjestöneuvottelukunta" in page
    assert 'href="/raakkyla/"' in page


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("sv", "Norra Karelens organisationsdelegation JANE"), ("en", "North Karelia NGO Council JANE")],
)
def test_lang_parameter_switches_language_and_is_remembered(client, demo, lang, expected):
    page = client.get(f"/pohjois-karjala/?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in page and expected in page
    again = client.get("/pohjois-karjala/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in again


def test_accept_language_is_used_when_nothing_is_chosen(client, demo):
    page = client.get("/", headers={"Accept-Language": "sv-FI,sv;q=0.9"}).get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Organisationsdelegationer" in page or "Delegationer" in page


def test_each_visitors_accept_language_picks_their_language_also_when_a_header_comes_again(app, demo):
    # The best match is kept per header value: a header seen before must still give its own language.
    for header, language in (("sv-FI,sv;q=0.9", "sv"), ("en-GB,en;q=0.8", "en"), ("de-DE", "fi"),
                             ("sv-FI,sv;q=0.9", "sv"), ("fi;q=0.3,en;q=0.9", "en"), ("", "fi")):
        page = app.test_client().get("/", headers={"Accept-Language": header}).get_data(as_text=True)
        assert f'<html lang="{language}">' in page, header


def test_council_page_shows_area_in_the_chosen_language(client, demo):
    page = client.get("/kontiolahti/?lang=sv").get_data(as_text=True)
    assert "Kontiolax" in page
    assert "kontiolahti.jane@example.fi" in page


def test_local_council_page_links_its_regional_council(client, demo):
    page = client.get("/outokumpu/").get_data(as_text=True)
    assert 'href="/pohjois-karjala/"' in page


def test_unknown_council_page_is_a_translated_404(client, demo):
    response = client.get("/ei-ole/?lang=fi")
    assert response.status_code == 404
    assert "Sivua ei löydy" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("url", "fi", "sv"),
    [
        ("/accessibility", "Saavutettavuusseloste", "Tillgänglighetsutlåtande"),
        ("/privacy", "Tietosuojaseloste", "Dataskyddsbeskrivning"),
    ],
)
def test_information_pages_exist_in_three_languages_and_are_linked_from_the_footer(client, url, fi, sv):
    assert fi in client.get(f"{url}?lang=fi").get_data(as_text=True)
    assert sv in client.get(f"{url}?lang=sv").get_data(as_text=True)
    front = client.get("/?lang=en").get_data(as_text=True)
    assert f'href="{url}"' in front


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_favicon_ico_is_an_image_and_every_icon_the_pages_link_answers(client, demo):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype.startswith("image/")
        assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for url in ("/", "/raakkyla/", "/staff/sign-in", "/no-such-council/"):
        page = client.get(url).get_data(as_text=True)
        links = re.findall(r'<link rel="icon" href="([^"]+)"[^>]*>', page)
        assert len(links) == 2, url
        for href in links:
            with client.get(href) as linked:
                assert linked.status_code == 200 and linked.mimetype.startswith("image/"), href
