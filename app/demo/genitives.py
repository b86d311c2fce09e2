"""The Finnish genitive of each municipality in the demo councils' areas, for demo association names.

Finnish genitives do not follow from the nominative by one rule (Outokumpu → Outokummun, Nurmes →
Nurmeksen, Juuka → Juuan), so the forms are written out, as the municipalities themselves use them.
"""

GENITIVES_FI = {
    # Pohjois-Karjala (region 12)
    "090": "Heinäveden", "146": "Ilomantsin", "167": "Joensuun", "176": "Juuan", "260": "Kiteen",
    "276": "Kontiolahden", "309": "Outokummun", "422": "Lieksan", "426": "Liperin", "541": "Nurmeksen",
    "607": "Polvijärven", "707": "Rääkkylän", "848": "Tohmajärven",
    # Kainuu (region 18)
    "105": "Hyrynsalmen", "205": "Kajaanin", "290": "Kuhmon", "578": "Paltamon", "620": "Puolangan",
    "697": "Ristijärven", "765": "Sotkamon", "777": "Suomussalmen",
    # Lappi (region 19)
    "047": "Enontekiön", "148": "Inarin", "240": "Kemin", "241": "Keminmaan", "261": "Kittilän",
    "273": "Kolarin", "320": "Kemijärven", "498": "Muonion", "583": "Pelkosenniemen", "614": "Posion",
    "683": "Ranuan", "698": "Rovaniemen", "732": "Sallan", "742": "Savukosken", "751": "Simon",
    "758": "Sodankylän", "845": "Tervolan", "851": "Tornion", "854": "Pellon", "890": "Utsjoen",
    "976": "Ylitornion",
}


def genitive_fi(code: str) -> str:
    """The Finnish genitive of a demo municipality's name ("309" → "Outokummun").

    Raises KeyError for a municipality outside the demo councils' areas: add its form above.
    """
    return GENITIVES_FI[code]
