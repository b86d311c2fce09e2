"""The demo data reads as real Finnish: association names use the genitive of their municipality."""

from sqlalchemy import select

from app.demo.councils import COUNCILS
from app.demo.genitives import genitive_fi
from app.extensions import db
from app.models import Association
from app.reference.municipalities import region_municipality_codes

# Written out by hand: the forms that a nominative + "n" gets wrong, and a few regular ones.
EXPECTED = {"276": "Kontiolahden", "541": "Nurmeksen", "309": "Outokummun", "167": "Joensuun", "422": "Lieksan",
            "176": "Juuan", "090": "Heinäveden", "620": "Puolangan", "890": "Utsjoen", "742": "Savukosken",
            "698": "Rovaniemen", "205": "Kajaanin", "707": "Rääkkylän", "260": "Kiteen"}


def _demo_municipality_codes() -> set[str]:
    codes: set[str] = set()
    for spec in COUNCILS:
        municipalities = spec["municipalities"]
        codes.update(region_municipality_codes(spec["region_code"]) if municipalities == "region" else municipalities)
    return codes


def test_every_demo_municipality_has_its_genitive():
    codes = _demo_municipality_codes()
    assert len(codes) == 42
    for code in codes:
        assert genitive_fi(code).endswith("n") and genitive_fi(code)[0].isupper(), code
    assert {code: genitive_fi(code) for code in EXPECTED} == EXPECTED


def test_demo_association_names_start_with_the_genitive_of_their_municipality(app, demo):
    with app.app_context():
        associations = db.session.execute(select(Association.name, Association.municipality_code)).all()
    assert len(associations) > 250
    for name, code in associations:
        assert name.startswith(genitive_fi(code) + " "), name
    first_words = {name.split()[0] for name, _ in associations}
    assert {"Kontiolahden", "Nurmeksen", "Outokummun", "Joensuun", "Lieksan"} <= first_words
    assert not {"Kontiolahtin", "Nurmesn", "Outokumpun"} & first_words
