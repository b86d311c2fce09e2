"""The demo councils: three regional councils and their local councils (from ../shared/seeds)."""

# Pyhäselkä was merged into Joensuu in 2009; its local council works in Joensuu (code 167).
COUNCILS = [
    {
        "slug": "kainuu", "kind": "regional", "parent": None, "region_code": "18",
        "name_fi": "Kainuun järjestöasiain neuvottelukunta",
        "name_sv": "Kajanalands organisationsdelegation",
        "name_en": "Kainuu NGO Council",
        "description_fi": "Kainuun maakunnallinen järjestöasiain neuvottelukunta aloitti toimintansa vuonna 2021. Se edistää järjestökentän yhteistyötä, laatii maakunnallista järjestöstrategiaa ja kokoaa järjestötoimijoiden yhteiset näkemykset.\n\nNeuvottelukunnan jäsenet tulevat eri puolilta maakuntaa, ja sillä on työvaliokunta ja työryhmiä.",
        "description_sv": "Kajanalands regionala organisationsdelegation inledde sin verksamhet 2021. Den främjar samarbetet inom organisationsfältet, bereder en regional organisationsstrategi och samlar organisationernas gemensamma synpunkter.\n\nDelegationens medlemmar kommer från hela landskapet, och den har ett arbetsutskott och arbetsgrupper.",
        "description_en": "Kainuu's regional NGO council started its work in 2021. It promotes cooperation in the NGO field, prepares a regional NGO strategy and gathers the shared views of associations.\n\nIts members come from across the region, and it has a working committee and working groups.",
        "contact_email": "kainuu.jane@example.fi",
        "municipalities": "region",
    },
    {
        "slug": "pohjois-karjala", "kind": "regional", "parent": None, "region_code": "12",
        "name_fi": "Pohjois-Karjalan järjestöasiain neuvottelukunta JANE",
        "name_sv": "Norra Karelens organisationsdelegation JANE",
        "name_en": "North Karelia NGO Council JANE",
        "description_fi": "Pohjois-Karjalan järjestöasiain neuvottelukunta JANE on maakunnan järjestöjen yhteistyörakenne vuodesta 2008. Sen jäsenet edustavat järjestöjä eri toimialoilta, ja se kokoontuu noin kuusi kertaa vuodessa.\n\nJANE järjestää hyvinvointialueen kanssa järjestöfoorumeita 2–4 kertaa vuodessa.",
        "description_sv": "Norra Karelens organisationsdelegation JANE har varit landskapets samarbetsorgan för organisationer sedan 2008. Medlemmarna representerar organisationer från olika verksamhetsområden, och delegationen sammanträder ungefär sex gånger om året.\n\nTillsammans med välfärdsområdet ordnar JANE organisationsforum 2–4 gånger om året.",
        "description_en": "North Karelia's NGO council JANE has been the region's cooperation body for associations since 2008. Its members represent associations from many fields, and it meets about six times a year.\n\nWith the wellbeing services county it holds NGO forums 2–4 times a year.",
        "contact_email": "pk.jane@example.fi",
        "municipalities": "region",
    },
    {
        "slug": "raakkyla", "kind": "local", "parent": "pohjois-karjala", "region_code": "12",
        "name_fi": "Rääkkylän paikallis-JANE", "name_sv": "Lokala organisationsdelegationen i Rääkkylä",
        "name_en": "Rääkkylä local NGO council",
        "description_fi": "Rääkkylän paikallis-JANE tuo yhdistysten äänen kunnan kehittämistyöhön ja järjestää yhdistysiltoja yhdessä kunnan kanssa.",
        "description_sv": "Den lokala organisationsdelegationen i Rääkkylä för föreningarnas röst till kommunens utvecklingsarbete och ordnar föreningskvällar tillsammans med kommunen.",
        "description_en": "Rääkkylä's local NGO council brings the associations' voice to the municipality's development work and holds association evenings with the municipality.",
        "contact_email": "raakkyla.jane@example.fi", "municipalities": ["707"],
    },
    {
        "slug": "pyhaselka", "kind": "local", "parent": "pohjois-karjala", "region_code": "12",
        "name_fi": "Pyhäselän paikallis-JANE", "name_sv": "Lokala organisationsdelegationen i Pyhäselkä",
        "name_en": "Pyhäselkä local NGO council",
        "description_fi": "Pyhäselän paikallis-JANE toimii Joensuuhun kuuluvan Pyhäselän alueen yhdistysten yhteistyöryhmänä.",
        "description_sv": "Den lokala organisationsdelegationen i Pyhäselkä är samarbetsgrupp för föreningarna i Pyhäselkä, som hör till Joensuu.",
        "description_en": "Pyhäselkä's local NGO council is the cooperation group of the associations of Pyhäselkä, now part of Joensuu.",
        "contact_email": "pyhaselka.jane@example.fi", "municipalities": ["167"],
    },
    {
        "slug": "outokumpu", "kind": "local", "parent": "pohjois-karjala", "region_code": "12",
        "name_fi": "Outokummun paikallis-JANE", "name_sv": "Lokala organisationsdelegationen i Outokumpu",
        "name_en": "Outokumpu local NGO council",
        "description_fi": "Outokummun paikallis-JANE kokoaa yhdistysten yhteystiedot, tekee järjestökyselyn yhdessä kaupungin kanssa ja järjestää yhdistysiltoja.",
        "description_sv": "Den lokala organisationsdelegationen i Outokumpu samlar föreningarnas kontaktuppgifter, gör en organisationsenkät med staden och ordnar föreningskvällar.",
        "description_en": "Outokumpu's local NGO council keeps the associations' contact list, runs an NGO survey with the town and holds association evenings.",
        "contact_email": "outokumpu.jane@example.fi", "municipalities": ["309"],
    },
    {
        "slug": "heinavesi", "kind": "local", "parent": "pohjois-karjala", "region_code": "12",
        "name_fi": "Heinäveden paikallis-JANE", "name_sv": "Lokala organisationsdelegationen i Heinävesi",
        "name_en": "Heinävesi local NGO council",
        "description_fi": "Heinäveden paikallis-JANE on kunnan yhdistysten yhteistyöryhmä.",
        "description_sv": "Den lokala organisationsdelegationen i Heinävesi är kommunens samarbetsgrupp för föreningar.",
        "description_en": "Heinävesi's local NGO council is the cooperation group of the municipality's associations.",
        "contact_email": "heinavesi.jane@example.fi", "municipalities": ["090"],
    },
    {
        "slug": "kontiolahti", "kind": "local", "parent": "pohjois-karjala", "region_code": "12",
        "name_fi": "Kontiolahden paikallis-JANE", "name_sv": "Lokala organisationsdelegationen i Kontiolax",
        "name_en": "Kontiolahti local NGO council",
        "description_fi": "Kontiolahden paikallis-JANE vahvistaa yhdistysten keskinäistä ja kunnan kanssa tehtävää yhteistyötä.",
        "description_sv": "Den lokala organisationsdelegationen i Kontiolax stärker samarbetet mellan föreningarna och med kommunen.",
        "description_en": "Kontiolahti's local NGO council strengthens cooperation among associations and with the municipality.",
        "contact_email": "kontiolahti.jane@example.fi", "municipalities": ["276"],
    },
    {
        "slug": "lappi", "kind": "regional", "parent": None, "region_code": "19",
        "name_fi": "Lapin maakunnallinen järjestöneuvottelukunta",
        "name_sv": "Lapplands regionala organisationsdelegation",
        "name_en": "Lapland Regional NGO Council",
        "description_fi": "Lapin maakunnallinen järjestöneuvottelukunta perustettiin järjestöjen omasta aloitteesta vuonna 2012. Se tekee järjestötoimintaa näkyväksi, antaa lausuntoja ja jakaa vuosittain Tehemä pois -vapaaehtoisteon palkinnon.\n\nMuut yhdistykset ja kumppanit voivat ehdottaa asioita neuvottelukunnan käsiteltäviksi.",
        "description_sv": "Lapplands regionala organisationsdelegation grundades 2012 på organisationernas eget initiativ. Den synliggör organisationernas verksamhet, ger utlåtanden och delar årligen ut Tehemä pois -priset för frivilliga insatser.\n\nAndra föreningar och partner kan föreslå ärenden för delegationen.",
        "description_en": "Lapland's regional NGO council was founded on the associations' own initiative in 2012. It makes NGO work visible, gives statements and awards the annual Tehemä pois volunteer-deed award.\n\nOther associations and partners may propose matters for the council to handle.",
        "contact_email": "lappi.jane@example.fi",
        "municipalities": "region",
    },
    {
        "slug": "meri-lappi", "kind": "local", "parent": "lappi", "region_code": "19",
        "name_fi": "Meri-Lapin järjestöneuvottelukunta", "name_sv": "Havslapplands organisationsdelegation",
        "name_en": "Sea Lapland NGO Council",
        "description_fi": "Meri-Lapin järjestöneuvottelukunta on Lapin maakunnallisen neuvottelukunnan seudullinen yhteistyöelin Kemin, Tornion, Keminmaan, Simon ja Tervolan alueella.",
        "description_sv": "Havslapplands organisationsdelegation är den regionala delegationens samarbetsorgan i Kemi, Torneå, Keminmaa, Simo och Tervola.",
        "description_en": "The Sea Lapland NGO council is the sub-regional body of Lapland's council for Kemi, Tornio, Keminmaa, Simo and Tervola.",
        "contact_email": "merilappi.jane@example.fi", "municipalities": ["240", "851", "241", "751", "845"],
    },
]

DEMO_ADMIN_EMAIL = "admin@example.fi"
DEMO_PASSWORD = "demo-password-2026"

# Demo staff: (e-mail, name, council slug, role). All use DEMO_PASSWORD.
DEMO_USERS = [
    (DEMO_ADMIN_EMAIL, "Demo Ylläpitäjä", "pohjois-karjala", "admin"),
    ("sihteeri.raakkyla@example.fi", "Demo Sihteeri", "raakkyla", "secretary"),
    ("sihteeri.kainuu@example.fi", "Demo Kainuu", "kainuu", "admin"),
    ("sihteeri.lappi@example.fi", "Demo Lappi", "lappi", "secretary"),
    ("arvioija.lappi@example.fi", "Demo Arvioija", "lappi", "reviewer"),
]
