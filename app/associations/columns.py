"""The columns of an import or export file: headers in fi, sv and en, and the words for yes, no and languages."""

import re

# field -> headers; the first three are what an export writes in fi, sv and en, the rest are accepted too.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("Nimi", "Namn", "Name", "Yhdistys", "Yhdistyksen nimi", "Förening", "Föreningens namn", "Association",
             "Association name", "Järjestö", "Järjestön nimi", "Organisation", "Organisationens namn",
             "Organization", "Organisaatio", "Virallinen nimi", "Officiellt namn"),
    "register_number": ("Yhdistysrekisterinumero", "Föreningsregisternummer", "Register number",
                        "Rekisterinumero", "Registernummer", "Association register number", "Rek nro",
                        "Yhdistysrekisterin numero", "Reg nr", "PRH rekisterinumero"),
    "business_id": ("Y-tunnus", "FO-nummer", "Business ID", "Ytunnus", "FO nummer", "Business identity code",
                    "Yritys- ja yhteisötunnus", "Företags- och organisationsnummer", "FO-nr"),
    "municipality": ("Kunta", "Kommun", "Municipality", "Kuntakoodi", "Kommunkod", "Municipality code",
                     "Kotikunta", "Hemkommun", "Home municipality", "Kotipaikka", "Hemort", "Kotipaikkakunta",
                     "Yhdistyksen kotikunta", "Föreningens hemkommun", "Kotipaikka (kunta)", "Sijaintikunta"),
    "sector": ("Toimiala", "Verksamhetsområde", "Sector", "Toiminta-ala", "Ala", "Sektori", "Sektor", "Bransch",
               "Pääasiallinen toimiala", "Huvudsakligt verksamhetsområde", "Field", "Field of activity"),
    "contact_person": ("Yhteyshenkilö", "Kontaktperson", "Contact person", "Contact", "Yhteyshenkilön nimi",
                       "Kontaktpersonens namn", "Contact name", "Puheenjohtaja", "Ordförande"),
    "email": ("Sähköposti", "E-post", "E-mail", "Sähköpostiosoite", "E-postadress", "Email",
              "E-mail address", "Email address", "Sähköposti-osoite", "S-posti", "Säpo", "Epost"),
    "phone": ("Puhelin", "Telefon", "Phone", "Puhelinnumero", "Telefonnummer", "Phone number", "Puh", "Tel",
              "Matkapuhelin", "Mobil", "Mobiltelefon", "Gsm", "Mobile"),
    "language": ("Kieli", "Språk", "Language", "Asiointikieli", "Yhteyskieli", "Kontaktspråk", "Ärendespråk",
                 "Kommunikationsspråk"),
    "has_listing_consent": ("Luvallinen listaus", "Samtycke till listning", "Consent to be listed",
                            "Listauslupa", "Consent", "Suostumus", "Samtycke", "Julkaisulupa", "Lupa listaukseen"),
}
EXPORT_LANGUAGES = ("fi", "sv", "en")
REQUIRED_COLUMNS = ("name", "municipality", "sector", "email")

YES_WORDS = {"yes", "y", "kyllä", "kylla", "k", "ja", "j", "1", "true", "x"}
NO_WORDS = {"no", "n", "ei", "e", "nej", "0", "false", ""}
YES_NO = {"fi": ("kyllä", "ei"), "sv": ("ja", "nej"), "en": ("yes", "no")}

LANGUAGE_WORDS = {
    "fi": {"fi", "suomi", "finska", "finnish", "suomeksi", "fin"},
    "sv": {"sv", "ruotsi", "svenska", "swedish", "ruotsiksi", "på svenska", "swe", "se"},
    "en": {"en", "englanti", "engelska", "english", "englanniksi", "eng"},
}


def _key(text: str) -> str:
    """A header compared without case, stars, trailing colons or dots, or the kind of space or dash."""
    return re.sub(r"[\s_.\-\u2010-\u2013]+", " ", text.replace("*", "")).strip(" :").casefold()


HEADER_FIELDS: dict[str, str] = {_key(header): name for name, headers in COLUMNS.items() for header in headers}


def field_for_header(header: str) -> str | None:
    """The field a column header names in any of the languages (case and spaces ignored), or None."""
    return HEADER_FIELDS.get(_key(header))


def export_header(name: str, language: str) -> str:
    return COLUMNS[name][EXPORT_LANGUAGES.index(language) if language in EXPORT_LANGUAGES else 0]


def parse_yes_no(value: str) -> bool | None:
    """True, False, or None when the word is neither."""
    word = value.strip().casefold()
    if word in YES_WORDS:
        return True
    if word in NO_WORDS:
        return False
    return None


def parse_language(value: str) -> str | None:
    """fi, sv or en from a code or a language's name in fi, sv or en; fi when empty; None when unknown."""
    word = value.strip().casefold()
    if not word:
        return "fi"
    for code, words in LANGUAGE_WORDS.items():
        if word in words:
            return code
    return None
