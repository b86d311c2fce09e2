"""Pure parts of report building: statistics, locale formatting, the kinds registry, the charts."""

import matplotlib
import numpy
import pytest

from app.reports.building import formatting
from app.reports.building.aggregation import summarise_numbers


@pytest.mark.parametrize("values", [[1.5, 0.5, 2.0, 0, 3.5, 1.0, 0.5], [7], [1, 2, 3, 4], [10, 10, 10, 2, 2, 99.5]])
def test_quartiles_from_grouped_values_match_numpy(values):
    grouped = sorted({v: values.count(v) for v in values}.items())
    summary = summarise_numbers(grouped)
    assert summary.mean == pytest.approx(numpy.mean(values))
    assert summary.median == pytest.approx(numpy.median(values))
    assert (summary.q1, summary.q3) == pytest.approx(tuple(numpy.percentile(values, [25, 75])))


def test_no_values_have_no_summary():
    assert summarise_numbers([]) is None


def test_numbers_and_dates_follow_the_language():
    from datetime import date

    assert formatting.number(1.5, "fi") == "1,5"
    assert formatting.number(1234.5, "en") == "1,234.5"
    assert formatting.percent(12.345, "fi") == "12,3\u00a0%"
    assert formatting.day(date(2026, 11, 23), "fi") == "23.11.2026"


def test_report_dates_in_swedish_follow_finland_swedish_practice_as_the_pages_do():
    from datetime import date, datetime, timezone

    from app.date_text import date_text

    assert formatting.day(date(2026, 12, 15), "sv") == "15.12.2026"  # not Sweden's 2026-12-15
    assert formatting.day(date(2026, 12, 15), "fi") == "15.12.2026"
    # A stored moment is dated in Helsinki: 22.30 UTC on the 14th is already the 15th there.
    late = datetime(2026, 12, 14, 22, 30, tzinfo=timezone.utc)
    assert formatting.day(late, "sv") == date_text(late, "sv") == "15.12.2026"


def test_a_report_kind_name_cannot_be_registered_twice():
    from app.reports.kinds import ReportKind, register_kind
    from app.reports.kinds.base import DuplicateReportKind

    class Again(ReportKind):
        name = "survey"

    with pytest.raises(DuplicateReportKind):
        register_kind(Again)


def test_charts_render_png_and_svg_without_a_display():
    from app.reports.building.charts import render
    from app.reports.building.document import Chart

    chart = Chart("diverging", "Väittämä", ["Kunta", "Alue"], [[10, 20, 30, 25, 15], [5, 5, 50, 20, 20]],
                  categories=["1", "2", "3", "4", "5"], n_label="N = 12")
    assert render(chart, "fi", "png").startswith(b"\x89PNG")
    assert b"<svg" in render(chart, "fi", "svg")


@pytest.mark.parametrize("chart", [
    ("bars", ["Kyllä", "Ei, mutta suunnittelemme yhteistyötä muiden yhdistysten kanssa ensi vuonna"], [[62.5, 37.5]], [], []),
    ("ranking", ["Tilat", "Rahoitus", "Vapaaehtoiset"], [[1.4, 2.1, 2.5]], [], []),
    ("diverging", ["Kunta tukee yhdistyksiä riittävästi", "Alue"], [[10, 20, 30, 25, 15], [5, 5, 50, 20, 20]],
     ["Täysin eri mieltä", "Jokseenkin eri mieltä", "Ei samaa eikä eri mieltä", "Jokseenkin samaa mieltä",
      "Täysin samaa mieltä"], []),
    ("stacked", ["A", "B", "C", "D"], [[50, 50], [20, 80], [70, 30], [10, 90]], ["Kyllä", "Ei"], []),
    ("histogram", [], [], [], [(v, c) for v, c in zip(range(0, 2000, 100), range(1, 21))]),
], ids=lambda chart: chart[0])
def test_chart_margins_are_those_tight_layout_gives_without_running_it(chart):
    """The charts keep the look they had with tight_layout: every margin within half a pixel at 130 dpi."""
    from app.reports.building.charts import draw
    from app.reports.building.document import Chart

    kind, labels, series, categories, values = chart
    made = Chart(kind, "Otsikko", labels, series, categories=categories, values=values, x_label="Osuus vastaajista",
                 y_label="Vastaajia" if kind == "histogram" else "", n_label="N = 1 234")
    fixed = draw(made, "fi", 130)
    tight = draw(made, "fi", 130)
    tight.subplots_adjust(**{side: getattr(matplotlib.rcParams["figure.subplot." + side], "real")
                             for side in ("left", "right", "bottom", "top")})
    tight.tight_layout()
    width, height = fixed.get_size_inches()
    for side, size in (("left", width), ("right", width), ("bottom", height), ("top", height)):
        assert getattr(fixed.subplotpars, side) * size == pytest.approx(getattr(tight.subplotpars, side) * size,
                                                                        abs=0.5 / 130), side


def _raw_by_id(rows):
    """Raw data whose rows (the first cell their id) also come in parts by id, as a survey's do."""
    from app.reports.building.document import RawData
    from app.spreadsheets.cell_runs import runs_of_rows

    def runs_between(after_id, up_to_id):
        return runs_of_rows(row for row in rows if row[0] > after_id and (up_to_id is None or row[0] <= up_to_id))

    return RawData(["response_id", "when", "text"], lambda: iter(rows), len(rows), ["Vastaus", "Aika", "Teksti"],
                   runs_between=runs_between, id_of_row=lambda offset: rows[offset][0] if offset < len(rows) else None)


def test_raw_files_made_in_two_parts_join_into_the_files_made_in_one(tmp_path):
    from datetime import datetime, timezone

    from app.reports.building.raw_files import RawPart, joined_raw_files, write_raw_files

    rows = [[id_, datetime(2026, 5, id_, 12, tzinfo=timezone.utc), f"teksti; {id_} & <b>"] for id_ in range(1, 10)]
    raw = _raw_by_id(rows)
    whole = write_raw_files(raw, "fi", tmp_path, csv=True, sheet=True)
    parts = [RawPart(0, raw.id_of_row(3), 0), RawPart(raw.id_of_row(3), None, 4)]
    made = [write_raw_files(raw, "fi", tmp_path, csv=True, sheet=True, part=part) for part in parts]
    joined = joined_raw_files(made, [0, 4])

    assert joined.rows == whole.rows == 9
    assert joined.csv_path.read_bytes() == whole.csv_path.read_bytes()
    assert b"".join(path.read_bytes() for path in joined.sheet_rows.paths) == whole.sheet_rows.paths[0].read_bytes()
    assert joined.sheet_rows.span == whole.sheet_rows.span


def test_raw_parts_that_do_not_follow_each_other_fail_the_build(tmp_path):
    from app.reports.building.raw_files import RawPart, joined_raw_files, write_raw_files

    raw = _raw_by_id([[id_, "a"] for id_ in range(1, 10)])
    # The second part was numbered to follow 3 rows, but 4 responses lie below the boundary now.
    made = [write_raw_files(raw, "fi", tmp_path, csv=True, sheet=True, part=part)
            for part in [RawPart(0, 4, 0), RawPart(4, None, 3)]]
    with pytest.raises(RuntimeError, match="changed"):
        joined_raw_files(made, [0, 3])
