"""Council hierarchy: regional staff reach their local councils, nobody reaches another region."""

import pytest


@pytest.mark.parametrize(
    ("email", "url", "status"),
    [
        ("sihteeri.raakkyla@example.fi", "/staff/raakkyla/", 200),
        ("sihteeri.raakkyla@example.fi", "/staff/outokumpu/", 403),
        ("sihteeri.raakkyla@example.fi", "/staff/pohjois-karjala/", 403),
        ("sihteeri.raakkyla@example.fi", "/staff/pohjois-karjala/associations/", 403),
        ("sihteeri.raakkyla@example.fi", "/staff/outokumpu/associations/", 403),
        ("admin@example.fi", "/staff/raakkyla/", 200),
        ("admin@example.fi", "/staff/raakkyla/associations/", 200),
        ("admin@example.fi", "/staff/kainuu/", 403),
        ("sihteeri.kainuu@example.fi", "/staff/raakkyla/", 403),
        ("sihteeri.kainuu@example.fi", "/staff/raakkyla/associations/", 403),
        ("sihteeri.kainuu@example.fi", "/staff/kainuu/", 200),
        ("sihteeri.lappi@example.fi", "/staff/meri-lappi/", 200),
        ("sihteeri.lappi@example.fi", "/staff/pohjois-karjala/", 403),
    ],
)
def test_staff_reach_only_their_councils_and_those_below(client, login, demo, email, url, status):
    login(client, email, demo)
    assert client.get(url).status_code == status


def test_dashboard_lists_own_and_local_councils_only(client, login, demo):
    login(client, "admin@example.fi", demo)
    page = client.get("/staff/?lang=fi").get_data(as_text=True)
    assert "Rääkkylän paikallis-JANE" in page
    assert "Outokummun paikallis-JANE" in page
    assert "Kainuun järjestöasiain neuvottelukunta" not in page


def test_unknown_council_is_404(client, login, demo):
    login(client, "admin@example.fi", demo)
    assert client.get("/staff/no-such-council/").status_code == 404
