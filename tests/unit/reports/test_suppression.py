"""Small-cell protection of a publication version: primary and secondary suppression, per question type."""

import random

import pytest
from surveys import definition_from_dict

from app.reports.building.aggregation import OptionStat
from app.reports.building.questions import Aggregates, Presentation, question_section
from app.reports.building.suppression import suppressed_cells

PUBLICATION = Presentation("en", 5)
INTERNAL = Presentation("en")
AGREE = [{"en": "Disagree", "fi": "Eri mieltä"}, {"en": "Somewhat disagree", "fi": "Jokseenkin eri mieltä"},
         {"en": "Neutral", "fi": "Ei samaa eikä eri mieltä"}, {"en": "Somewhat agree", "fi": "Jokseenkin samaa mieltä"},
         {"en": "Agree", "fi": "Samaa mieltä"}]


def _options(*values):
    return [{"value": v, "label": {"fi": v, "en": v.capitalize()}} for v in values]


DEFINITION = definition_from_dict({"key": "k", "title": {"fi": "Kysely"}, "pages": [{"key": "p", "title": {"fi": "Sivu"}, "questions": [
    {"key": "member", "type": "yes_no", "label": {"fi": "Jäsen?", "en": "Member?"}},
    {"key": "size", "type": "single_choice", "label": {"fi": "Koko", "en": "Size"}, "options": _options("small", "mid", "big")},
    {"key": "needs", "type": "multiple_choice", "label": {"fi": "Tarpeet", "en": "Needs"}, "options": _options("money", "rooms")},
    {"key": "two", "type": "multiple_choice", "label": {"fi": "Kaksi", "en": "Two"}, "min_selections": 2,
     "max_selections": 2, "options": _options("a", "b", "c")},
    {"key": "secure", "type": "likert", "label": {"fi": "Turvattu", "en": "Secure"}, "scale": AGREE,
     "cannot_say": {"fi": "En osaa sanoa", "en": "Cannot say"}},
    {"key": "views", "type": "matrix", "label": {"fi": "Näkemykset", "en": "Views"}, "scale": AGREE,
     "cannot_say": {"fi": "En osaa sanoa", "en": "Cannot say"},
     "rows": [{"key": "knows", "label": {"fi": "Tuntee", "en": "Knows"}},
              {"key": "helps", "label": {"fi": "Auttaa", "en": "Helps"}}]},
    {"key": "top", "type": "ranking", "required": True, "top": 1, "label": {"fi": "Tärkein", "en": "Top"},
     "options": _options("money", "rooms", "people")},
    {"key": "staff", "type": "number", "label": {"fi": "Henkilöstö", "en": "Staff"}},
    {"key": "home", "type": "municipality", "label": {"fi": "Kotikunta", "en": "Home"}},
]}]})


def _section(key, view, options=None, n=None, **extra):
    """The section of question `key` from option counts {(option, row): count}."""
    options = options or {}
    counts = {(key, row, option): OptionStat(count) if isinstance(count, int) else count
              for (option, row), count in options.items()}
    if n is None:
        n = sum(c for (_o, row), c in options.items() if row is None and isinstance(c, int))
    aggregates = Aggregates(n=n, respondents={key: n}, options=counts, **extra)
    return question_section(DEFINITION.question(key), aggregates, view, 1)


def _cells(section):
    """The table as a person reads it: label -> the cells after it."""
    return {row[0]: row[1:] for row in section.tables[0].rows}


# The rule itself


def test_one_small_cell_in_a_yes_no_pair_hides_the_other_as_well():
    assert suppressed_cells({"yes": 1, "no": 6}, [["yes", "no"]], 5) == {"yes", "no"}


def test_the_next_smallest_count_is_hidden_beside_a_small_one():
    assert suppressed_cells({"a": 12, "b": 7, "c": 3}, [["a", "b", "c"]], 5) == {"b", "c"}


def test_nothing_is_hidden_when_every_count_reaches_the_threshold():
    assert suppressed_cells({"a": 12, "b": 7, "c": 5, "d": 0}, [["a", "b", "c", "d"]], 5) == set()


def test_two_small_counts_that_together_reach_the_threshold_need_no_third():
    assert suppressed_cells({"a": 10, "b": 4, "c": 4}, [["a", "b", "c"]], 5) == {"b", "c"}


def test_hidden_counts_that_add_up_to_less_than_the_threshold_take_a_larger_one_with_them():
    # 1 + 1 = 2 shown as total minus 10 would tell that both are exactly 1.
    assert suppressed_cells({"a": 10, "b": 1, "c": 1, "d": 0}, [["a", "b", "c", "d"]], 5) == {"a", "b", "c"}


def test_hidden_ones_are_never_left_adding_up_to_their_number():
    # Five hidden ones adding up to 5 could only be 1 each.
    cells = {"big": 30, "a": 1, "b": 1, "c": 1, "d": 1, "e": 1}
    assert suppressed_cells(cells, [list(cells)], 5) == set(cells)


def test_zero_counts_are_never_hidden_as_a_second_cell():
    assert suppressed_cells({"a": 6, "b": 1, "c": 0}, [["a", "b", "c"]], 5) == {"a", "b"}


def test_a_crosstab_with_one_small_cell_hides_two_in_its_row_and_two_in_its_column():
    grid = [[6, 5, 7], [5, 8, 6], [9, 6, 2]]
    cells = {(i, j): c for i, line in enumerate(grid) for j, c in enumerate(line)}
    cells.update({(i, None): sum(line) for i, line in enumerate(grid)})
    groups = ([[(i, j) for j in range(3)] + [(i, None)] for i in range(3)]
              + [[(i, j) for i in range(3)] for j in range(3)] + [[(i, None) for i in range(3)]])
    hidden = suppressed_cells(cells, groups, 5)
    assert (2, 2) in hidden
    for index in range(3):
        assert len([j for j in range(3) if (index, j) in hidden]) >= 2, f"row {index}"
        assert len([i for i in range(3) if (i, index) in hidden]) >= 2, f"column {index}"
    assert not any((i, None) in hidden for i in range(3))  # the row totals stay shown


def test_every_group_with_a_hidden_cell_ends_protected_in_random_tables():
    generator = random.Random(20260301)
    for _round in range(300):
        rows, columns = generator.randint(1, 5), generator.randint(2, 5)
        cells = {(i, j): generator.choice([0, 1, 2, 3, 4, 5, 8, 13, 30]) for i in range(rows) for j in range(columns)}
        groups = [[(i, j) for j in range(columns)] for i in range(rows)] + [[(i, j) for i in range(rows)] for j in range(columns)]
        hidden = suppressed_cells(cells, groups, 5)
        assert all(0 < cells[key] for key in hidden)
        assert {key for key, c in cells.items() if 0 < c < 5} <= hidden
        for group in groups:
            concealed = [cells[key] for key in group if key in hidden]
            every_one = all(key in hidden for key in group if cells[key])
            assert not concealed or every_one or (len(concealed) >= 2 and sum(concealed) >= 5
                                                  and sum(concealed) > len(concealed)), (cells, group, hidden)


# Per question type


def test_yes_no_split_six_to_one_shows_neither_count_nor_share_but_keeps_n():
    counts = {("yes", None): 1, ("no", None): 6}
    section = _section("member", PUBLICATION, counts)
    assert section.n_text == "N = 7"
    assert _cells(section) == {"Yes": ["hidden", "–"], "No": ["hidden", "–"]}
    assert section.tables[0].raw == [["Yes", None, None], ["No", None, None]]
    assert section.chart is None
    assert "Every count is hidden, so no chart is drawn." in section.notes

    internal = _section("member", INTERNAL, counts)
    assert _cells(internal) == {"Yes": ["1", "14.3%"], "No": ["6", "85.7%"]}
    assert internal.chart is not None


def test_single_choice_twelve_seven_three_hides_three_and_seven():
    section = _section("size", PUBLICATION, {("small", None): 12, ("mid", None): 7, ("big", None): 3})
    assert section.n_text == "N = 22"
    assert _cells(section) == {"Small": ["12", "54.5%"], "Mid": ["hidden", "–"], "Big": ["hidden", "–"]}
    assert section.chart.labels == ["Small"] and section.chart.series == [[pytest.approx(54.545, abs=0.01)]]
    assert "Mid" not in section.chart.alt_text and "31.8" not in section.chart.alt_text
    assert any("could otherwise be worked out from a total" in note for note in section.notes)


def test_multiple_choice_hides_only_the_small_counts_as_the_options_overlap():
    section = _section("needs", PUBLICATION, {("money", None): 6, ("rooms", None): 1}, n=7)
    assert _cells(section) == {"Money": ["6", "85.7%"], "Rooms": ["hidden", "–"]}


def test_multiple_choice_of_exactly_two_options_is_protected_like_a_single_choice():
    # Everyone picks two: the counts add up to 2 × N = 20, so 3 would be 20 - 9 - 8.
    section = _section("two", PUBLICATION, {("a", None): 9, ("b", None): 8, ("c", None): 3}, n=10)
    assert _cells(section) == {"A": ["9", "90%"], "B": ["hidden", "–"], "C": ["hidden", "–"]}


def test_likert_with_one_small_count_hides_a_second_one_and_its_mean():
    counts = {("1", None): 6, ("2", None): 0, ("3", None): 7, ("4", None): 8, ("5", None): 1, ("cannot_say", None): 0}
    section = _section("secure", PUBLICATION, counts)
    cells = _cells(section)
    assert cells["Agree"] == ["hidden", "–"] and cells["Disagree"] == ["hidden", "–"]
    assert cells["Neutral"] == ["7", "31.8%"] and cells["Somewhat agree"] == ["8", "36.4%"]
    assert cells["Somewhat disagree"] == ["0", "0%"]
    assert not any(note.startswith("Mean on the scale") for note in section.notes)
    assert section.chart.series == [[0, 0, pytest.approx(700 / 22), pytest.approx(800 / 22), 0]]

    internal = _section("secure", INTERNAL, counts)
    assert _cells(internal)["Agree"] == ["1", "4.5%"]
    assert any(note.startswith("Mean on the scale") for note in internal.notes)


def test_matrix_row_with_one_small_count_hides_a_second_cell_of_that_row_only():
    counts = {(point, "knows"): c for point, c in zip(["1", "2", "3", "4", "5", "cannot_say"], [6, 0, 7, 8, 1, 0])}
    counts.update({(point, "helps"): c for point, c in zip(["1", "2", "3", "4", "5", "cannot_say"], [5, 5, 5, 7, 0, 0])})
    section = _section("views", PUBLICATION, counts, n=22)
    cells = _cells(section)
    # points 1..5, cannot say, N, mean
    assert cells["Knows"] == ["hidden", "0", "7", "8", "hidden", "0", "22", "–"]
    assert cells["Helps"] == ["5", "5", "5", "7", "0", "0", "22", "2.64"]

    internal = _section("views", INTERNAL, counts, n=22)
    assert _cells(internal)["Knows"] == ["6", "0", "7", "8", "1", "0", "22", "2.91"]


def test_a_hidden_cannot_say_count_is_not_given_away_by_the_chart_shares():
    # 10 + 8 on the scale: shares of 18 would tell that cannot say is 20 - 18 = 2.
    counts = {("1", None): 10, ("2", None): 0, ("3", None): 0, ("4", None): 0, ("5", None): 8,
              ("cannot_say", None): 2}
    section = _section("secure", PUBLICATION, counts)
    cells = _cells(section)
    assert cells["Cannot say"] == ["hidden", "–"] and cells["Agree"] == ["hidden", "–"]
    assert section.chart.series == [[50.0, 0, 0, 0, 0]]  # 10 of all 20 answers
    assert section.chart.x_label == "Share of all answers"

    internal = _section("secure", INTERNAL, counts)
    assert internal.chart.series == [[pytest.approx(1000 / 18), 0, 0, 0, pytest.approx(800 / 18)]]


def test_ranking_protects_the_first_places_that_add_up_to_n():
    counts = {("money", None): OptionStat(12, 12.0, 12), ("rooms", None): OptionStat(7, 7.0, 7),
              ("people", None): OptionStat(3, 3.0, 3)}
    section = _section("top", PUBLICATION, counts, n=22)
    cells = _cells(section)
    # mean rank, ranked first, ranked at all
    assert cells["Money"] == ["1", "12", "12"]
    assert cells["Rooms"] == ["–", "hidden", "hidden"] and cells["People"] == ["–", "hidden", "hidden"]


def test_number_single_values_are_shown_only_when_enough_respondents_share_them():
    few = {"staff": [(0.0, 2), (1.0, 2), (2.0, 1), (40.0, 2)]}  # n = 7
    section = _section("staff", PUBLICATION, n=7, numbers=few)
    stats = _cells(section)
    assert stats["Respondents"] == ["7"] and stats["Mean"] == ["12"]
    assert stats["Median"] == stats["Lower quartile"] == stats["Upper quartile"] == ["–"]
    assert stats["Smallest"] == stats["Largest"] == ["–"]
    assert section.chart is None

    many = {"staff": [(0.0, 6), (1.0, 8), (2.0, 4), (40.0, 2)]}  # n = 20, six with no staff
    stats = _cells(_section("staff", PUBLICATION, n=20, numbers=many))
    assert stats["Median"] == ["1"] and stats["Lower quartile"] == ["0"] and stats["Upper quartile"] == ["2"]
    assert stats["Smallest"] == ["0"] and stats["Largest"] == ["–"]

    internal = _cells(_section("staff", INTERNAL, n=7, numbers=few))
    assert internal["Smallest"] == ["0"] and internal["Largest"] == ["40"] and internal["Median"] == ["1"]


def test_hidden_municipalities_are_listed_last_so_their_place_tells_nothing():
    counts = {("091", None): 20, ("297", None): 7, ("707", None): 6, ("167", None): 2}
    section = _section("home", PUBLICATION, counts)
    assert [row[1] for row in section.tables[0].rows] == ["20", "7", "hidden", "hidden"]
    assert [row[0] for row in section.tables[0].rows][2:] == sorted(row[0] for row in section.tables[0].rows[2:])


def test_a_question_with_every_count_hidden_still_has_its_table_and_n():
    counts = {("small", None): 2, ("mid", None): 1, ("big", None): 3}
    section = _section("size", PUBLICATION, counts)
    assert section.n_text == "N = 6"
    assert section.tables[0].columns == ["Answer", "Respondents", "Share of respondents"]
    assert _cells(section) == {"Small": ["hidden", "–"], "Mid": ["hidden", "–"], "Big": ["hidden", "–"]}
    assert section.chart is None and "Every count is hidden, so no chart is drawn." in section.notes

    internal = _section("size", INTERNAL, counts)
    assert _cells(internal) == {"Small": ["2", "33.3%"], "Mid": ["1", "16.7%"], "Big": ["3", "50%"]}
