"""The survey report's numbers, files, small-cell protection, storage reuse and bad input."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select
from surveys import Selection, definition_from_dict, load_file, to_canonical

from app.extensions import db
from app.reports.builds import run_build
from app.models import Council, Report, ReportArtefact, ReportStatus
from app.reports.requests import request_report
from tests.fixtures.surveys import LIBRARY, basic_answers, store_invitation, store_response, store_survey

ALL_FORMATS = ["csv", "pdf", "xlsx", "zip"]


def _definition():
    return load_file(LIBRARY / "jarjestokysely.yaml")


def _seven_responses(app):
    """Seven submitted responses and one draft, chosen so every count below is easy to check by hand."""
    definition = _definition()
    council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
    survey = store_survey(council, definition)
    plan = [
        # activity_types, matrix municipality_knows, paid_staff, sector
        (("leisure", "events"), 4, "1.5", "sports"),
        (("leisure", "other"), 4, "0.5", "sports"),
        (("events",), 2, "2.0", "culture"),
        (("leisure",), 5, "0", "culture"),
        (("leisure",), "cannot_say", "3.5", "youth"),
        (("leisure",), 4, "1.0", "youth"),
        (("leisure", "training"), 1, "0.5", "youth"),
    ]
    for index, (activities, knows, staff, sector) in enumerate(plan):
        invitation = store_invitation(survey, "707", sector)
        store_response(survey, definition, basic_answers(
            activity_types=Selection(activities, "Kuorolaulu" if "other" in activities else None),
            cooperation_views={"municipality_knows": knows, "premises_support": 3},
            paid_staff=Decimal(staff), sector=Selection((sector,)), comments=f"Kommentti numero {index + 1} – kiitos!",
        ), municipality="707", sector=sector, invitation=invitation)
    store_invitation(survey, "707", "sports")  # invited, never answered
    store_response(survey, definition, basic_answers(), status="draft")
    return council, survey, definition


def _request(council, survey, **parameters):
    defaults = {"language": "fi", "formats": ALL_FORMATS, "crosstab": ["sector", "municipal_grant"]}
    defaults.update(parameters)
    report, needs_build = request_report(council, "survey", {**defaults, "survey_id": survey.id}, None)
    db.session.commit()
    return report, needs_build


def _built(app, council, survey, **parameters) -> Report:
    report, needs_build = _request(council, survey, **parameters)
    if needs_build:
        run_build(report.id)
    db.session.expire_all()
    return db.session.get(Report, report.id)


def _pdf_text(data: bytes) -> str:
    """The PDF's text line by line (pypdf: pure Python, unlike poppler), runs of spaces made one."""
    pages = PdfReader(io.BytesIO(data)).pages
    return "\n".join(" ".join(line.split()) for page in pages for line in page.extract_text().splitlines())


def _sheet_rows(data: bytes, title_start: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    sheet = next(ws for ws in workbook.worksheets if ws.title.startswith(title_start))
    # Read-only sheets drop trailing empty cells: pad every row to the sheet's width.
    rows = [tuple(row) + (None,) * (12 - len(row)) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def test_tables_pdf_and_spreadsheet_hold_the_hand_counted_numbers(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey)
        assert report.status is ReportStatus.DONE, report.error
        files = {a.format: a.data for a in report.artefacts}
        assert set(files) == set(ALL_FORMATS)

        text = _pdf_text(files["pdf"])
        assert "Rääkkylän paikallis-JANE" in text and "Järjestökysely" in text
        assert "Vastaukset 7" in text  # among the cover's key figures
        # Multiple choice: each option counted once per respondent, shares of the 7 who answered.
        assert _line(text, "Harrastus- ja vapaa-ajantoiminta") == ["6", "85,7 %"]
        assert _line(text, "Tapahtumat ja tilaisuudet") == ["2", "28,6 %"]
        assert _line(text, "Muu, mikä?") == ["1", "14,3 %"]
        assert "Kuorolaulu" in text
        assert "Kommentti numero 7 – kiitos!" in text
        # Numbers with decimals: 0, 0.5, 0.5, 1.0, 1.5, 2.0, 3.5 -> mean 9/7, median 1.0.
        assert "1,29" in text
        # Response rate: 7 of 8 invited.
        assert "7 of 8" in text or "7/8" in text or "87,5 %" in text

        rows = _sheet_rows(files["xlsx"], "8. Millaista")
        values = {row[0]: row[1:3] for row in rows if row and row[0]}
        # Shares are stored as fractions with a percent format.
        assert values["Harrastus- ja vapaa-ajantoiminta"] == (6, pytest.approx(6 / 7))
        assert values["Koulutus ja kerhot"] == (1, pytest.approx(1 / 7))
        assert values["Muu, mikä?"] == (1, pytest.approx(1 / 7))

        matrix = _sheet_rows(files["xlsx"], "12. Kuinka")
        knows = next(row for row in matrix if row[0] == "Kunta tuntee yhdistysten toiminnan.")
        # points 1..5, cannot say, N, mean over the scale answers (4+4+2+5+4+1)/6
        assert knows[1:9] == (1, 1, 0, 3, 1, 1, 7, 3.33)

        numbers = _sheet_rows(files["xlsx"], "7. Palkattu")
        stats = {row[0]: row[1] for row in numbers if row and row[0]}
        assert stats.get("Respondents", stats.get("Vastaajia")) == 7
        assert stats.get("Mean", stats.get("Keskiarvo")) == pytest.approx(1.29)

        data = _sheet_rows(files["xlsx"], "Data")
        assert len(data) == 2 + 7  # headings, keys + one row per submitted response; the draft is left out
        header = data[1]
        assert data[2][header.index("paid_staff")] == 1.5
        assert data[3][header.index("activity_types.other")] == "Kuorolaulu"

        csv_text = files["csv"].decode("utf-8")
        assert files["csv"].startswith(b"\xef\xbb\xbf")
        assert csv_text.count("\r\n") == 9
        assert "Kuorolaulu" in csv_text

        with zipfile.ZipFile(io.BytesIO(files["zip"])) as archive:
            names = archive.namelist()
        assert any(n.endswith(".png") for n in names) and any(n.endswith(".svg") for n in names)


def _line(text: str, label: str, after: str = "8. Millaista") -> list[str]:
    """The cells after `label` on its table line in the PDF text, below the heading `after`."""
    # The last mention of the heading: the first one is in the table of contents.
    for line in text[text.rindex(after):].splitlines():
        if line.strip().startswith(label) and "%" in line:
            rest = line.strip()[len(label):].split()
            return [rest[0], " ".join(rest[1:])]
    raise AssertionError(f"{label!r} not found")


def test_publication_version_hides_counts_under_five_and_free_texts(app, demo):
    with app.app_context():
        council, survey, _ = _seven_responses(app)
        report = _built(app, council, survey, publication=True, formats=["pdf", "xlsx"])
        assert report.status is ReportStatus.DONE, report.error
        files = {a.format: a.data for a in report.artefacts}
        text = _pdf_text(files["pdf"])
        assert "Kommentti numero" not in text and "Kuorolaulu" not in text
        rows = _sheet_rows(files["xlsx"], "8. Millaista")
        values = {row[0]: row[1:3] for row in rows if row and row[0]}
        assert values["Harrastus- ja vapaa-ajantoiminta"] == (6, pytest.approx(6 / 7))
        assert values["Tapahtumat ja tilaisuudet"] == (None, None)  # 2 < 5: hidden
        assert "under 5" in text or "alle 5" in text
        workbook = load_workbook(io.BytesIO(files["xlsx"]), read_only=True)
        assert "Data" not in workbook.sheetnames
        workbook.close()


def test_publication_version_refuses_raw_csv(app, demo):
    from app.reports.requests import ReportRequestError

    with app.app_context():
        council, survey, _ = _seven_responses(app)
        with app.test_request_context(), pytest.raises(ReportRequestError):
            _request(council, survey, publication=True, formats=["csv"])


def test_unchanged_data_is_served_from_storage_and_changed_data_rebuilt(app, demo):
    with app.app_context():
        council, survey, definition = _seven_responses(app)
        first = _built(app, council, survey, formats=["pdf"])
        again, needs_build = _request(council, survey, formats=["pdf"])
        assert (again.id, needs_build) == (first.id, None)
        assert db.session.scalar(select(func.count(Report.id))) == 1

        store_response(survey, definition, basic_answers(), municipality="707", sector="sports",
                     submitted_at=datetime(2026, 4, 1, tzinfo=timezone.utc))
        db.session.commit()
        changed, needs_build = _request(council, survey, formats=["pdf"])
        assert needs_build and changed.id != first.id


def test_second_request_while_building_joins_the_running_build(app, demo):
    with app.app_context():
        council, survey, _ = _seven_responses(app)
        first, needs_build = _request(council, survey)
        second, second_needs_build = _request(council, survey)
        assert needs_build and not second_needs_build and second.id == first.id


def test_survey_without_responses_gives_a_report_that_says_so(app, demo):
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        survey = store_survey(council)
        db.session.commit()
        report = _built(app, council, survey, formats=["pdf", "xlsx", "csv"], crosstab=[])
        assert report.status is ReportStatus.DONE, report.error
        text = _pdf_text(report.artefact("pdf").data)
        assert "no submitted responses" in text or "ei ole vielä" in text


def test_filter_matching_nobody_gives_a_report_that_says_so(app, demo):
    with app.app_context():
        council, survey, _ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"], sector="religious",
                        submitted_from="2026-01-01", submitted_to="2026-01-31")
        assert report.status is ReportStatus.DONE, report.error
        text = _pdf_text(report.artefact("pdf").data)
        assert "No submitted responses match" in text or "rajauksia" in text
        assert "1.1.2026" in text and "31.1.2026" in text


def test_missing_swedish_texts_fall_back_to_finnish_with_a_note(app, demo):
    data = to_canonical(definition_from_dict({
        "key": "pieni", "title": {"fi": "Pieni kysely"},
        "pages": [{"key": "p", "title": {"fi": "Sivu"}, "questions": [
            {"key": "q", "type": "yes_no", "label": {"fi": "Onko?"}}]}],
    }))
    definition = definition_from_dict(data)
    with app.app_context():
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        survey = store_survey(council, definition, slug="pieni")
        store_response(survey, definition, {"q": True})
        db.session.commit()
        report = _built(app, council, survey, language="sv", formats=["pdf"], crosstab=[])
        assert report.status is ReportStatus.DONE, report.error
        text = _pdf_text(report.artefact("pdf").data)
        assert "Onko?" in text and "Pieni kysely" in text
        assert "finska" in text or "Finnish" in text


def test_artefacts_are_stored_in_the_database(app, demo):
    with app.app_context():
        council, survey, _ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"])
        size = db.session.scalar(select(ReportArtefact.size).where(ReportArtefact.report_id == report.id))
        assert size and size == len(report.artefact("pdf").data)


def test_raw_data_reads_in_a_finnish_spreadsheet(app, demo):
    import csv

    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        from app.models import Response

        first = db.session.scalar(select(Response).where(Response.survey_id == survey.id).order_by(Response.id))
        first.submitted_at = datetime(2026, 3, 1, 7, 18, tzinfo=timezone.utc)
        db.session.commit()
        report = _built(app, council, survey, formats=["csv", "xlsx"], crosstab=[])
        files = {a.format: a.data for a in report.artefacts}

        rows = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig")), delimiter=";"))
        headings, keys, body = rows[0], rows[1], rows[2:]
        assert len(headings) == len(keys) == len(body[0]) > 10
        # Unique keys: the register's sector is not the sector question.
        assert len(set(keys)) == len(keys) and {"sector", "register_sector"} <= set(keys)
        assert headings[keys.index("paid_staff")] == "7. Palkattujen työntekijöiden määrä (henkilötyövuosina)" \
            or headings[keys.index("paid_staff")].startswith("7. ")
        assert headings[keys.index("submitted_at")] == "Lähetetty (Suomen aikaa)"
        assert body[0][keys.index("submitted_at")] == "2026-03-01 09:18:00"  # 07:18 UTC
        assert body[0][keys.index("paid_staff")] == "1,5"
        assert body[0][keys.index("register_sector")] == "Liikunta ja urheilu"

        workbook = load_workbook(io.BytesIO(files["xlsx"]))
        sheet = workbook["Data"]
        assert sheet.freeze_panes == "B3"
        assert sheet.auto_filter.ref == f"A2:{sheet.cell(2, len(keys)).column_letter}9"
        assert sheet.cell(1, keys.index("paid_staff") + 1).value.startswith("7. ")
        assert sheet.cell(2, keys.index("paid_staff") + 1).value == "paid_staff"
        assert sheet.column_dimensions["B"].width >= 12


def test_report_workbook_has_clean_sheet_names_percent_formats_and_native_charts(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["xlsx"], crosstab=[])
        workbook = load_workbook(io.BytesIO(report.artefact("xlsx").data))
        assert not [title for title in workbook.sheetnames if "  " in title or title != title.strip()]
        sheet = next(ws for ws in workbook.worksheets if ws.title.startswith("8. Millaista"))
        row = next(r for r in sheet.iter_rows() if r[0].value == "Harrastus- ja vapaa-ajantoiminta")
        assert row[2].value == pytest.approx(6 / 7) and "%" in row[2].number_format
        assert sheet.column_dimensions["A"].width >= 40 and sheet.column_dimensions["C"].width >= 12
        # A native, editable chart of the choice question's shares.
        assert len(sheet._charts) == 1
        chart = sheet._charts[0]
        assert chart.tagname == "barChart"
        assert "'8. Millaista" in chart.series[0].val.numRef.f
        assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 1)  # shares end at 100 %


def test_pdf_cover_names_period_and_rate_and_unanswered_questions_are_listed_once(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"], crosstab=[])
        text = _pdf_text(report.artefact("pdf").data)
        assert "Kyselyaika: 1.1.2026 – …" in text
        assert "Vastausaste 87,5 % (7 / 8)" in text  # among the key figures
        assert "Kukaan ei vastannut tähän kysymykseen." not in text and "Nobody answered" not in text
        # Once in the contents and once as the heading of the one list of them.
        assert text.count("Kysymykset, joihin kukaan ei vastannut") == 2
        assert text.count("34. Yhdistyksen verkkosivut tai some-kanava") == 1
        # Table headings keep their words whole ("Jokseenkin", "Keskiarvo"), as do the charts' numbers.
        assert "Keskiarvo" in text and "Keskiarv o" not in text
        assert "Jokseenk in" not in text


def _summary_page(data: bytes, heading: str) -> str:
    """The text of the PDF page whose heading is `heading` (not the contents), its runs of space made one."""
    for page in PdfReader(io.BytesIO(data)).pages:
        text = " ".join(page.extract_text().split())
        if heading in text and "Sisällys" not in text and "Innehåll" not in text:
            return text
    raise AssertionError(f"no page headed {heading!r}")


def test_pdf_cover_has_key_figures_and_a_summary_page_follows_the_contents(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"], crosstab=[])
        data = report.artefact("pdf").data
        reader = PdfReader(io.BytesIO(data))
        cover = " ".join(reader.pages[0].extract_text().split())
        assert "Tunnusluvut" in cover
        assert "Vastaukset 7" in cover and "Kutsuttuja yhdistyksiä 8" in cover
        assert "Vastausaste 87,5 % (7 / 8)" in cover
        assert "Kysymyksiä, joihin vastattiin 15" in cover and "Pois jätettyjä kysymyksiä (ei vastauksia) 16" in cover
        contents = " ".join(reader.pages[1].extract_text().split())
        assert "Yhteenveto" in contents  # in the table of contents, as its own H1 section
        # A top-level bookmark beside the report's title, as an H1 section is.
        assert "Yhteenveto" in [item.title for item in reader.outline if not isinstance(item, list)]
        summary = " ".join(reader.pages[2].extract_text().split())
        assert summary.startswith("Yhteenveto") or "Yhteenveto –" in summary
        # One line per question with its headline result: 6 of the 7 chose leisure.
        assert ("8. Millaista toimintaa yhdistyksellänne on? – Eniten valittu: Harrastus- ja "
                "vapaa-ajantoiminta (85,7 %)") in summary
        # The median of 0, 0.5, 0.5, 1.0, 1.5, 2.0, 3.5.
        assert "7. Palkattu henkilöstö henkilötyövuosina – Mediaani: 1 " in summary
        assert "Kysymykset, joihin kukaan ei vastannut" not in summary


def test_publication_summary_never_names_a_hidden_count(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"], crosstab=[], publication=True)
        summary = _summary_page(report.artefact("pdf").data, "Yhteenveto")
        # 6 of 7 chose leisure: shown. The sectors (2, 2, 3 respondents) are all hidden.
        assert "Eniten valittu: Harrastus- ja vapaa-ajantoiminta (85,7 %)" in summary
        assert "Kaikki luvut on piilotettu." in summary
        # With 7 respondents (under 2 × 5) the median is withheld, and so it is here: the mean instead.
        assert "Mediaani" not in summary and "Keskiarvo: 1,29" in summary


def test_histogram_axes_say_what_they_count_in_the_reports_locale():
    from app.reports.building.charts import draw
    from app.reports.building.document import Chart

    import matplotlib.pyplot as plt

    chart = Chart("histogram", "Jäsenmäärä", [], values=[(120.0, 3), (145.5, 2), (171.0, 1)],
                  markers=[("Keskiarvo", 137.25)], x_label="Vastaus", y_label="Vastaajia", n_label="N = 6")
    fig = draw(chart, "fi")
    try:
        ax = fig.axes[0]
        fig.canvas.draw()
        assert ax.get_ylabel() == "Vastaajia" and ax.get_xlabel() == "Vastaus"
        ticks = [label.get_text() for label in ax.get_xticklabels() + ax.get_yticklabels()]
        assert not [tick for tick in ticks if "." in tick], ticks
        assert "Keskiarvo: 137,2" in [t.get_text() for t in ax.get_legend().get_texts()] or \
            "Keskiarvo: 137,3" in [t.get_text() for t in ax.get_legend().get_texts()]
    finally:
        plt.close(fig)


def test_pdf_has_a_linked_table_of_contents_and_bookmarks(app, demo):
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["pdf"], crosstab=[])
        reader = PdfReader(io.BytesIO(report.artefact("pdf").data))
        contents = " ".join(reader.pages[1].extract_text().split())
        assert "Sisällys" in contents  # after the footer, which pypdf reads first
        assert "8. Millaista toimintaa yhdistyksellänne on?" in contents
        def flat(items):
            for item in items:
                yield from flat(item) if isinstance(item, list) else [item]

        bookmarks = list(flat(reader.outline))
        assert "Kunta: vastausaste" in [item.title for item in bookmarks]
        page_of = {item.title: reader.get_destination_page_number(item) + 1 for item in bookmarks}
        eight = next(title for title in page_of if title.startswith("8. Millaista"))
        assert f"{eight} {page_of[eight]}" in contents
        assert "/Annots" in reader.pages[1]


def test_raw_data_streams_in_batches_while_the_build_commits_its_progress(app, demo, monkeypatch):
    """Each batch of raw rows is a query of its own, so a progress commit between batches breaks nothing,
    and the CSV, written after the workbook, reads the same rows back."""
    import csv

    from app.reports import builds
    from app.reports.building import aggregation, files

    monkeypatch.setattr(aggregation, "STREAM_BATCH", 2)
    monkeypatch.setattr(files, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(builds, "PROGRESS_INTERVAL", 0)
    with app.app_context():
        council, survey, _definition_ = _seven_responses(app)
        report = _built(app, council, survey, formats=["xlsx", "csv"], crosstab=[])
        assert report.status is ReportStatus.DONE, report.error
        files_ = {a.format: a.data for a in report.artefacts}
    rows = list(csv.reader(io.StringIO(files_["csv"].decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(files_["xlsx"]))["Data"]
    ids = [row[0] for row in rows[2:]]
    assert len(ids) == 7 and ids == sorted(ids, key=int)
    assert [str(row[0].value) for row in sheet.iter_rows(min_row=3)] == ids
