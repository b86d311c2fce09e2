"""Masking the personal links of e-mails: invitation, resume, password-reset and proposal-tracking tokens,
nothing else."""

import pytest

from app.mail.personal_links import MASK, mask_personal_links

TOKEN = "q3Xw9_Lk-2ZpQ7rT0bYcVd8eFgHjKlMnOpQrStUvWx"


@pytest.mark.parametrize(("link", "masked"), [
    (f"https://yhteisaani.example.fi/s/{TOKEN}", f"https://yhteisaani.example.fi/s/{MASK}"),
    (f"https://yhteisaani.example.fi/s/{TOKEN}/", f"https://yhteisaani.example.fi/s/{MASK}/"),
    (f"http://localhost/raakkyla/surveys/kysely/resume/{TOKEN}", f"http://localhost/raakkyla/surveys/kysely/resume/{MASK}"),
    (f"http://localhost/staff/password-reset/{TOKEN}", f"http://localhost/staff/password-reset/{MASK}"),
    (f"http://localhost/raakkyla/proposals/track/{TOKEN}", f"http://localhost/raakkyla/proposals/track/{MASK}"),
    (f'<a href="https://x.fi/s/{TOKEN}">https://x.fi/s/{TOKEN}</a>', f'<a href="https://x.fi/s/{MASK}">https://x.fi/s/{MASK}</a>'),
])
def test_personal_links_lose_their_token(link, masked):
    assert mask_personal_links(f"Hei,\n\n{link}\n\nTerveisin") == f"Hei,\n\n{masked}\n\nTerveisin"


@pytest.mark.parametrize("text", ["https://yhteisaani.example.fi/raakkyla/surveys/jarjestokysely",
                                  "https://yhteisaani.example.fi/staff/sign-in", "Vastaa 15.12. mennessä.",
                                  "https://yhteisaani.example.fi/raakkyla/proposals/feed.atom"])
def test_other_links_and_text_stay(text):
    assert mask_personal_links(text) == text
