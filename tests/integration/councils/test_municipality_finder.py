"""The front page's municipality finder, a plain GET form: a municipality's local and regional councils, by
Finnish or Swedish name, part of a name when only one municipality fits, and a clear answer when none does."""

import re

import pytest

pytestmark = pytest.mark.usefixtures("english_by_default")


def _results(page: str) -> str:
    start = page.index('id="finder-results"')
    return page[start:page.index("</section>", start)]


def test_the_finder_is_a_get_form_with_every_municipality_as_a_suggestion(client, demo_councils):
    page = client.get("/").get_data(as_text=True)
    form = re.search(r'<form method="get" action="/#finder-results"[^>]*>(.*?)</form>', page, re.S).group(1)
    assert '<label class="label" for="municipality">Municipality</label>' in form
    assert 'name="municipality"' in form and 'list="municipality-names"' in form
    options = re.findall(r'<option value="([^"]+)">', form)
    assert {"Helsinki", "Helsingfors", "Rääkkylä", "Kajaani", "Kajana", "Joensuu"} <= set(options)
    assert len(options) >= 308
    assert 'id="finder-results"' not in page


@pytest.mark.parametrize("typed", ["Joensuu", "joensuu", "JOENSUU ", "Joens"])
def test_a_municipality_with_a_local_and_a_regional_council_lists_both(client, demo_councils, typed):
    page = client.get("/", query_string={"municipality": typed}).get_data(as_text=True)
    results = _results(page)
    assert "<h3>Councils in Joensuu</h3>" in results
    assert '<a href="/pyhaselka/">Pyhäselkä local NGO council</a>' in results
    assert '<a href="/pohjois-karjala/">North Karelia NGO Council JANE</a>' in results
    assert results.index("/pyhaselka/") < results.index("/pohjois-karjala/")
    assert "Councils in Joensuu – Councils" in page  # the page's title says what was found
    assert f'value="{typed}"' in page


@pytest.mark.parametrize(("typed", "lang", "heading", "council"), [
    ("Kajaani", "en", "Councils in Kajaani", "Kainuu NGO Council"),
    ("kajana", "sv", "Kajana", "Kajanalands organisationsdelegation"),
    ("Kajana", "fi", "Kajaani", "Kainuun järjestöasiain neuvottelukunta"),
])
def test_a_municipality_with_only_a_regional_council_by_finnish_or_swedish_name(client, demo_councils, typed, lang,
                                                                                heading, council):
    results = _results(client.get("/", query_string={"municipality": typed, "lang": lang}).get_data(as_text=True))
    assert heading in results and council in results
    assert 'href="/kainuu/"' in results and results.count("<li>") == 1


@pytest.mark.parametrize("typed", ["Helsinki", "helsingfors"])
def test_a_municipality_no_council_covers_gets_the_general_contact(app, client, demo_councils, typed):
    results = _results(client.get("/", query_string={"municipality": typed}).get_data(as_text=True))
    assert "<h3>Councils in Helsinki</h3>" in results
    assert "No council in this service covers Helsinki yet." in results
    contact = app.config["PLATFORM_CONTACT_EMAIL"]
    assert f'<a href="mailto:{contact}">{contact}</a>' in results
    assert "<li>" not in results


def test_part_of_a_name_that_fits_several_municipalities_lists_them_to_choose_from(client, demo_councils):
    results = _results(client.get("/", query_string={"municipality": "kan"}).get_data(as_text=True))
    assert "<h3>Which municipality do you mean?</h3>" in results
    assert '<a href="/?municipality=Kangasala#finder-results">Kangasala</a>' in results
    assert '<a href="/?municipality=Kannus#finder-results">Kannus</a>' in results


def test_a_name_no_municipality_has_says_so(client, demo_councils):
    results = _results(client.get("/", query_string={"municipality": "Atlantis<b>"}).get_data(as_text=True))
    assert "<h3>No municipality found</h3>" in results
    assert "Atlantis&lt;b&gt;" in results and "<b>" not in results
