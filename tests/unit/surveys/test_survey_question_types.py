"""Normalisation, storage rows and definition checks of every question type."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from surveys import (AnswerContext, AnswerError, AnswerRow, DefinitionError, Selection,
                     definition_from_dict, load_file)
from tests.fixtures.definitions import LIBRARY


def raw(**fields: str | list[str]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in fields.items()}


def error_of(question, data, locale="fi", context=None) -> AnswerError:
    with pytest.raises(AnswerError) as info:
        question.normalise(data, locale, context)
    return info.value


def round_trips(question, value) -> None:
    rows = question.to_rows(value)
    assert question.from_rows(rows) == value
    assert question.normalise(question.to_raw(value), "fi",
                              AnswerContext(municipalities={"707": "Rääkkylä"})) == value


# -- short_text / long_text / email ------------------------------------------------------------

def test_short_text_collapses_whitespace_and_round_trips(make_question):
    q = make_question("short_text")
    assert q.max_length == 200
    assert q.normalise(raw(q_q="  Rääkkylän   Martat \n ry ")) == "Rääkkylän Martat ry"
    round_trips(q, "Rääkkylän Martat ry")
    assert q.to_rows("x") == [AnswerRow("q", value_text="x")]


def test_short_text_over_max_length_is_rejected_with_lengths(make_question):
    q = make_question("short_text", max_length=5)
    error = error_of(q, raw(q_q="abcdef"))
    assert error.code == "too_long"
    assert error.params == {"length": 6, "max_length": 5}
    assert str(error) == "The text is too long: 6 characters, at most 5 allowed."


def test_long_text_keeps_line_breaks_and_defaults_to_4000(make_question):
    q = make_question("long_text")
    assert q.max_length == 4000
    assert q.normalise(raw(q_q="rivi 1\r\nrivi 2")) == "rivi 1\nrivi 2"
    assert error_of(q, raw(q_q="x" * 4001)).code == "too_long"
    assert q.normalise(raw(q_q="x" * 4000)) == "x" * 4000


def test_text_with_control_characters_is_rejected(make_question):
    assert error_of(make_question("long_text"), raw(q_q="a\x00b")).code == "invalid_characters"


def test_required_text_missing_gives_required_error(make_question):
    q = make_question("short_text", required=True)
    for data in ({}, raw(q_q=""), raw(q_q="   ")):
        assert error_of(q, data).code == "required"


def test_optional_blank_answer_is_none(make_question):
    assert make_question("short_text").normalise(raw(q_q=" ")) is None


def test_two_values_for_a_single_field_are_rejected(make_question):
    assert error_of(make_question("short_text"), raw(q_q=["a", "b"])).code == "multiple_values"


def test_email_lowercases_domain_and_rejects_garbage(make_question):
    q = make_question("email")
    assert q.normalise(raw(q_q=" Maija.Meikalainen@Jarjesto.FI ")) == \
        "Maija.Meikalainen@jarjesto.fi"
    for bad in ("maija", "maija@", "@jarjesto.fi", "maija@jarjesto", "a b@c.fi", "a..b@c.fi"):
        assert error_of(q, raw(q_q=bad)).code == "invalid_email", bad
    round_trips(q, "info@kyla.fi")


# -- number ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,locale,expected", [
    ("1,5", "fi", Decimal("1.5")), ("1,5", "sv", Decimal("1.5")), ("1.5", "en", Decimal("1.5")),
    ("1.5", "fi", Decimal("1.5")), ("1 200", "fi", Decimal("1200")),
    ("1\u00a0200,25", "fi", Decimal("1200.25")), ("-3", "en", Decimal("-3")),
])
def test_number_accepts_locale_formats(make_question, text, locale, expected):
    assert make_question("number").normalise(raw(q_q=text), locale) == expected


@pytest.mark.parametrize("text,locale", [
    ("1,2,3", "fi"), ("abc", "fi"), ("NaN", "en"), ("inf", "en"), ("-Infinity", "fi"),
    ("1,,5", "en"), ("1e3", "fi"), ("12 00", "fi"), ("1.2.3", "en"), ("5 kpl", "fi"), ("€ 5 €", "fi"),
])
def test_number_rejects_wrong_formats(make_question, text, locale):
    error = error_of(make_question("number"), raw(q_q=text), locale)
    assert error.code == "invalid_number"


def test_number_error_example_follows_locale(make_question):
    q = make_question("number")
    assert "1,5" in str(error_of(q, raw(q_q="x"), "fi"))
    assert "1.5" in str(error_of(q, raw(q_q="x"), "en"))


def test_number_limits_integer_and_decimals(make_question):
    q = make_question("number", min=0, max=10.5, decimals=1)
    assert q.normalise(raw(q_q="10,5")) == Decimal("10.5")
    assert error_of(q, raw(q_q="10,6")).code == "too_large"
    assert error_of(q, raw(q_q="-1")).code == "too_small"
    assert error_of(q, raw(q_q="1,25")).code == "too_many_decimals"
    whole = make_question("number", integer=True)
    assert whole.normalise(raw(q_q="12")) == Decimal(12)
    assert whole.normalise(raw(q_q="12,0")) == Decimal(12)
    assert error_of(whole, raw(q_q="12,5")).code == "not_integer"


def test_number_with_more_digits_than_can_be_stored_exactly_is_refused(make_question):
    whole = make_question("number", integer=True)
    assert whole.normalise(raw(q_q="999 999 999 999 999")) == Decimal("999999999999999")
    for text in ("1" * 16, "1" * 29, "1" * 400, "0,1234567890123456"):
        error = error_of(whole if "," not in text else make_question("number"), raw(q_q=text))
        assert error.code == "too_many_digits"
        assert str(error) == "Enter a number with at most 15 digits."
    assert make_question("number").normalise(raw(q_q="0,000001")) == Decimal("0.000001")


def test_number_too_small_message_formats_limit_in_locale(make_question):
    q = make_question("number", min=1.5)
    assert str(error_of(q, raw(q_q="1"), "fi")) == "The number must be at least 1,5."
    assert str(error_of(q, raw(q_q="1"), "en")) == "The number must be at least 1.5."


def test_number_round_trips_through_rows(make_question):
    q = make_question("number")
    assert q.to_rows(Decimal("2.5")) == [AnswerRow("q", value_number=Decimal("2.5"))]
    round_trips(q, Decimal("-1234.5"))


# -- date --------------------------------------------------------------------------------------

def test_date_accepts_iso_and_finnish_formats(make_question):
    q = make_question("date")
    assert q.normalise(raw(q_q="2025-03-07")) == dt.date(2025, 3, 7)
    assert q.normalise(raw(q_q="7.3.2025")) == dt.date(2025, 3, 7)
    assert q.normalise(raw(q_q="07.03.2025")) == dt.date(2025, 3, 7)
    round_trips(q, dt.date(2025, 3, 7))


@pytest.mark.parametrize("text", ["2025/03/07", "7.3.25", "huomenna", "2025-3-7"])
def test_date_rejects_unknown_formats(make_question, text):
    assert error_of(make_question("date"), raw(q_q=text)).code == "invalid_date"


@pytest.mark.parametrize("text", ["31.2.2020", "29.2.2025", "2025-02-30", "1.13.2025", "0.1.2025"])
def test_date_in_the_right_form_that_does_not_exist_is_named_so(make_question, text):
    error = error_of(make_question("date"), raw(q_q=text))
    assert error.code == "no_such_date" and error.params == {"date": text}
    assert str(error) == f"There is no such date as {text}: check the day and the month."


def test_date_limits(make_question):
    q = make_question("date", min="2025-01-01", max=dt.date(2025, 12, 31))
    assert error_of(q, raw(q_q="31.12.2024")).code == "date_too_early"
    error = error_of(q, raw(q_q="1.1.2026"))
    assert error.code == "date_too_late" and error.params == {"max": "31.12.2025"}


# -- single_choice / multiple_choice / yes_no --------------------------------------------------

def test_single_choice_accepts_option_and_rejects_tampered_value(make_question, builders):
    q = make_question("single_choice", display="dropdown", options=builders.options("a", "b"))
    assert q.display == "dropdown"
    assert q.normalise(raw(q_q="b")) == Selection(("b",))
    error = error_of(q, raw(q_q="c"))
    assert error.code == "invalid_choice" and error.params == {"value": "c"}
    assert error_of(q, raw(q_q=["a", "b"])).code == "multiple_values"
    assert q.to_rows(Selection(("b",))) == [AnswerRow("q", option="b")]
    round_trips(q, Selection(("a",)))


def test_other_option_requires_its_text(make_question, builders):
    q = make_question("single_choice", other=True, options=builders.options("a", "b"))
    error = error_of(q, raw(q_q="other"))
    assert error.code == "other_required" and error.field == "q_q__other"
    value = q.normalise(raw(q_q="other", q_q__other="  Kuoro "))
    assert value == Selection(("other",), "Kuoro")
    assert q.to_rows(value) == [AnswerRow("q", option="other", value_text="Kuoro")]
    round_trips(q, value)


def test_other_text_is_ignored_when_other_not_chosen(make_question, builders):
    q = make_question("single_choice", other=True, options=builders.options("a", "b"))
    assert q.normalise(raw(q_q="a", q_q__other="x")) == Selection(("a",))


def test_other_value_is_rejected_when_other_disabled(make_question, builders):
    q = make_question("single_choice", options=builders.options("a", "b"))
    assert error_of(q, raw(q_q="other", q_q__other="x")).code == "invalid_choice"


def test_other_text_over_200_characters_is_rejected(make_question, builders):
    q = make_question("multiple_choice", other=True, options=builders.options("a", "b"))
    error = error_of(q, raw(q_q="other", q_q__other="x" * 201))
    assert error.code == "too_long" and error.field == "q_q__other"


def test_multiple_choice_rows_and_order(make_question, builders):
    q = make_question("multiple_choice", other=True, options=builders.options("a", "b", "c"))
    value = q.normalise(raw(q_q=["c", "other", "a", "a"], q_q__other="Muu"))
    assert value == Selection(("a", "c", "other"), "Muu")
    assert q.to_rows(value) == [AnswerRow("q", option="a"), AnswerRow("q", option="c"),
                                AnswerRow("q", option="other", value_text="Muu")]
    round_trips(q, value)


def test_multiple_choice_rejects_any_tampered_value(make_question, builders):
    q = make_question("multiple_choice", options=builders.options("a", "b"))
    assert error_of(q, raw(q_q=["a", "x"])).code == "invalid_choice"


def test_multiple_choice_min_and_max_selections(make_question, builders):
    q = make_question("multiple_choice", min_selections=2, max_selections=3,
                      options=builders.options("a", "b", "c", "d"))
    assert q.normalise({}) is None
    error = error_of(q, raw(q_q="a"))
    assert error.code == "too_few_selections" and error.params == {"min": 2}
    assert error_of(q, raw(q_q=["a", "b", "c", "d"])).code == "too_many_selections"
    assert q.normalise(raw(q_q=["a", "b"])) == Selection(("a", "b"))


def test_required_multiple_choice_needs_a_selection(make_question, builders):
    q = make_question("multiple_choice", required=True, options=builders.options("a", "b"))
    assert error_of(q, {}).code == "required"


def test_yes_no_values_and_rows(make_question):
    q = make_question("yes_no")
    assert q.normalise(raw(q_q="yes")) is True
    assert q.normalise(raw(q_q="no")) is False
    assert error_of(q, raw(q_q="maybe")).code == "invalid_choice"
    assert q.to_rows(False) == [AnswerRow("q", option="no", value_number=Decimal(0))]
    round_trips(q, True)
    round_trips(q, False)


# -- likert / matrix ---------------------------------------------------------------------------

SCALE = [{"fi": str(i), "sv": str(i), "en": str(i)} for i in range(1, 6)]
CANNOT = {"fi": "En osaa sanoa", "sv": "Kan inte säga", "en": "Cannot say"}


def test_likert_points_and_cannot_say(make_question):
    q = make_question("likert", scale=SCALE, cannot_say=CANNOT)
    assert q.normalise(raw(q_q="5")) == 5
    assert q.normalise(raw(q_q="cannot_say")) == "cannot_say"
    for bad in ("0", "6", "2.5", "x"):
        assert error_of(q, raw(q_q=bad)).code == "invalid_choice"
    assert q.to_rows(4) == [AnswerRow("q", option="4", value_number=Decimal(4))]
    assert q.to_rows("cannot_say") == [AnswerRow("q", option="cannot_say")]
    round_trips(q, 3)
    round_trips(q, "cannot_say")


def test_likert_without_cannot_say_rejects_it(make_question):
    q = make_question("likert", scale=SCALE)
    assert error_of(q, raw(q_q="cannot_say")).code == "invalid_choice"


def test_matrix_gives_one_row_per_matrix_row(make_question, builders):
    rows = [{"key": "kunta", "label": builders.label("Kunta")},
            {"key": "hyvinvointialue", "label": builders.label("Hyva")}]
    q = make_question("matrix", scale=SCALE, rows=rows, cannot_say=CANNOT)
    assert q.field_names() == ("q_q__kunta", "q_q__hyvinvointialue")
    value = q.normalise(raw(q_q__kunta="4", q_q__hyvinvointialue="cannot_say"))
    assert value == {"kunta": 4, "hyvinvointialue": "cannot_say"}
    assert q.to_rows(value) == [
        AnswerRow("q", option="4", row="kunta", value_number=Decimal(4)),
        AnswerRow("q", option="cannot_say", row="hyvinvointialue")]
    round_trips(q, value)


def test_matrix_errors_point_to_the_row_field(make_question, builders):
    rows = [{"key": "a", "label": builders.label()}, {"key": "b", "label": builders.label()}]
    q = make_question("matrix", scale=SCALE, rows=rows, required=True)
    error = error_of(q, raw(q_q__a="9"))
    assert error.code == "invalid_choice" and error.field == "q_q__a"
    error = error_of(q, raw(q_q__a="2"))
    assert error.code == "required" and error.field == "q_q__b"
    optional = make_question("matrix", scale=SCALE, rows=rows)
    assert optional.normalise(raw(q_q__b="1")) == {"b": 1}
    assert optional.normalise({}) is None


# -- ranking -----------------------------------------------------------------------------------

def test_ranking_orders_options_and_stores_ranks(make_question, builders):
    q = make_question("ranking", options=builders.options("tilat", "raha", "koulutus"))
    value = q.normalise(raw(q_q__rank__raha="1", q_q__rank__tilat="3", q_q__rank__koulutus="2"))
    assert value == ("raha", "koulutus", "tilat")
    assert q.to_rows(value) == [AnswerRow("q", option="raha", value_number=Decimal(1)),
                                AnswerRow("q", option="koulutus", value_number=Decimal(2)),
                                AnswerRow("q", option="tilat", value_number=Decimal(3))]
    round_trips(q, value)


def test_ranking_rejects_duplicates_out_of_range_and_gaps(make_question, builders):
    q = make_question("ranking", options=builders.options("a", "b", "c"))
    error = error_of(q, raw(q_q__rank__a="1", q_q__rank__b="1"))
    assert error.code == "duplicate_rank" and error.field == "q_q__rank__b"
    assert error_of(q, raw(q_q__rank__a="4")).code == "invalid_rank"
    assert error_of(q, raw(q_q__rank__a="0")).code == "invalid_rank"
    assert error_of(q, raw(q_q__rank__a="x")).code == "invalid_rank"
    assert error_of(q, raw(q_q__rank__a="1", q_q__rank__b="3")).code == "rank_gap"


def test_ranking_top_n_limits_and_requires_exactly_n(make_question, builders):
    q = make_question("ranking", top=2, required=True, options=builders.options("a", "b", "c"))
    assert q.normalise(raw(q_q__rank__c="1", q_q__rank__a="2")) == ("c", "a")
    assert error_of(q, raw(q_q__rank__c="3")).code == "invalid_rank"
    error = error_of(q, raw(q_q__rank__c="1"))
    assert error.code == "required" and error.params == {"count": 2}


# -- municipality / info -----------------------------------------------------------------------

def test_municipality_accepts_codes_from_context_only(make_question, context):
    q = make_question("municipality")
    assert q.normalise(raw(q_q="707"), "fi", context) == "707"
    assert q.normalise(raw(q_q="91"), "fi", context) == "091"
    assert error_of(q, raw(q_q="999"), "fi", context).code == "unknown_municipality"
    assert q.to_rows("707") == [AnswerRow("q", option="707")]
    round_trips(q, "707")


def test_municipality_without_context_is_a_programming_error(make_question):
    with pytest.raises(ValueError, match="municipalities"):
        make_question("municipality").normalise(raw(q_q="707"))


def test_info_has_no_answer(make_question, builders):
    q = make_question("info", body=builders.label("Tietoa"))
    assert q.normalise(raw(q_q="x")) is None
    assert q.to_rows(None) == [] and q.field_names() == ()


def test_info_cannot_be_required(builders):
    data = builders.survey_dict([{"key": "i", "type": "info", "body": builders.label(),
                                  "required": True}])
    with pytest.raises(DefinitionError, match=r"pages\[0\]\.questions\[0\]\.required"):
        definition_from_dict(data)


class FakeMultiDict(dict):
    """Like werkzeug's MultiDict: get() gives the first value, getlist() all of them."""

    def get(self, key, default=None):
        values = super().get(key)
        return values[0] if values else default

    def getlist(self, key):
        return list(super().get(key, []))


def test_multidict_input_reads_every_value(make_question, builders):
    multiple = make_question("multiple_choice", options=builders.options("a", "b"))
    assert multiple.normalise(FakeMultiDict(q_q=["a", "b"])) == Selection(("a", "b"))
    single = make_question("short_text")
    assert error_of(single, FakeMultiDict(q_q=["a", "b"])).code == "multiple_values"


def test_personal_questions_are_marked_by_definition_or_by_type(make_question):
    assert make_question("short_text", personal=True).is_personal
    assert not make_question("short_text").is_personal
    assert make_question("email").is_personal
    with pytest.raises(DefinitionError):
        make_question("short_text", personal="yes please")


def test_the_shipped_survey_marks_its_contact_questions_personal():
    definition = load_file(LIBRARY / "jarjestokysely.yaml")
    personal = {q.key for q in definition.questions() if q.has_answer and q.is_personal}
    assert personal == {"contact_name", "contact_email", "contact_phone"}
