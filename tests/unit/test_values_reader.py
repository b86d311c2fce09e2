"""The raw data's fast reading of stored answer rows gives what the one shared reading gives."""

from __future__ import annotations

from decimal import Decimal

from surveys import Selection, answers_to_rows

from app.surveys.stored_answers import values_from_columns, values_reader
from tests.fixtures.surveys import basic_answers, jarjestokysely


def _stored(definition, answers) -> list[tuple]:
    """The columns the database gives back: (question_key, option, row, value_text, value_number as float)."""
    return [(row.question_key, row.option, row.row, row.value_text,
             float(row.value_number) if row.value_number is not None else None)
            for row in answers_to_rows(definition, answers)]


def test_values_reader_agrees_with_values_from_columns_over_many_responses():
    definition = jarjestokysely()
    responses = [
        basic_answers(),
        basic_answers(members=Decimal(7), paid_staff=Decimal("0.5"), sector=Selection(("other",), "Kylätoiminta"),
                      needs=Selection(("premises",)), top_needs=("premises",)),
        basic_answers(activity_types=Selection(("events",)), cooperation_views={"municipality_knows": "cannot_say"}),
        basic_answers(),  # the same rows again: shared rows must not leak between responses
    ]
    read = values_reader(definition)
    for answers in responses:
        rows = _stored(definition, answers)
        assert read(rows) == values_from_columns(definition, rows)
    assert read([]) == {}
    assert read([("no_such_question", "x", None, None, None)]) == {}


def test_a_one_row_answer_read_again_is_the_same_value_and_a_matrix_mapping_is_never_shared():
    definition = jarjestokysely()
    answers = basic_answers(cooperation_views={"municipality_knows": "cannot_say"})
    read = values_reader(definition)
    first, second = read(_stored(definition, answers)), read(_stored(definition, answers))
    assert first == second == values_from_columns(definition, _stored(definition, answers))
    assert first["cooperation_views"] == {"municipality_knows": "cannot_say"}
    first["cooperation_views"]["municipality_knows"] = 5
    assert read(_stored(definition, answers))["cooperation_views"] == {"municipality_knows": "cannot_say"}
