"""Text parameters: the shipped survey's texts filled for the council that publishes it."""

from surveys import text
from surveys.parameters import fill_parameters, has_parameters

VALUES = {"fi": {"council": "Pohjois-Karjalan JANE", "area_in": "alueellanne"},
          "sv": {"council": "Norra Karelens delegation", "area_in": "i ert område"},
          "en": {"council": "North Karelia council", "area_in": "in your area"}}


def test_every_text_of_the_shipped_survey_is_filled_in_every_language(library_definition):
    assert has_parameters(library_definition)
    filled = fill_parameters(library_definition, VALUES)
    assert not has_parameters(filled)
    assert text(filled.description, "fi").startswith("Pohjois-Karjalan JANE kartoittaa alueellanne toimivien")
    assert "i ert område" in text(filled.description, "sv")
    assert text(filled.question("comments").label, "en") == "Any other comments for North Karelia council"
    # Everything else is as it was.
    assert filled.question("needs") == library_definition.question("needs")
