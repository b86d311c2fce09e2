"""Every public page runs a fixed number of SQL statements, however many councils and surveys there are, both
when it renders and when it is served kept (app/kept_pages.py)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.models import Council, CouncilKind, CouncilMunicipality, Survey
from tests.fixtures.councils import council_by_slug
from tests.fixtures.queries import within_one_minute
from tests.fixtures.surveys import basic_answers

# The pages every visitor loads; a channel adds its public pages here (a URL, or a function of the
# MadeSurvey of the first published survey).
PUBLIC_PAGES = {
    "front page": lambda survey: "/",
    "council page": lambda survey: f"/{survey.council_slug}/",
    "survey start page": lambda survey: survey.open_url,
    "survey page": lambda survey: f"{survey.open_url}/page/basics",
    "public results": lambda survey: f"{survey.open_url}/results",
}


def _add_councils(app, count: int) -> list[str]:
    """A new regional council and `count` new local councils under it, each with a municipality."""
    with app.app_context():
        regional = Council(slug="lisaalue", kind=CouncilKind.REGIONAL, region_code="12", name_fi="Lisäalue",
                           contact_email="alue@example.fi")
        db.session.add(regional)
        db.session.flush()
        slugs = []
        for index in range(count):
            council = Council(slug=f"lisaneuvosto-{index}", kind=CouncilKind.LOCAL, parent_id=regional.id,
                              region_code=regional.region_code, name_fi=f"Lisäneuvosto {index}",
                              contact_email="neuvosto@example.fi")
            council.municipalities.append(CouncilMunicipality(code="707"))
            db.session.add(council)
            slugs.append(council.slug)
        db.session.commit()
        return slugs


def _statements_per_page(app, count_queries, survey) -> dict[str, tuple[int, int]]:
    """Per page, the statements of a render (kept pages off, so that the render is what is counted) and
    of a visit served from the kept copy."""
    counts = {}
    for name, url in PUBLIC_PAGES.items():
        client = app.test_client()
        app.config["KEPT_PAGES"] = False
        client.get(url(survey))  # the first view fills the caches (the results' charts)
        response, rendered = count_queries(client, url(survey))
        assert response.status_code == 200, (name, response.status_code)
        app.config["KEPT_PAGES"] = True
        within_one_minute()
        client.get(url(survey))
        response, kept = count_queries(client, url(survey))
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = (len(rendered), len(kept))
    return counts


def test_public_pages_run_as_many_queries_with_more_councils_and_surveys(app, demo_councils, make_survey,
                                                                         add_response, count_queries):
    first = make_survey("raakkyla", public=True, email=None)
    add_response(first, basic_answers())
    before = _statements_per_page(app, count_queries, first)

    # Five more councils, and in four of them of them and in Rääkkylä an open survey with published results.
    for slug in [*_add_councils(app, 4), "raakkyla", "raakkyla"]:
        more = make_survey(slug, public=True, email=None)
        add_response(more, basic_answers())
    with app.app_context():
        raakkyla = council_by_slug("raakkyla").id
        assert db.session.scalar(select(func.count()).select_from(Survey).where(Survey.council_id == raakkyla)) == 3
    after = _statements_per_page(app, count_queries, first)

    assert after == before
    # A page kept whole runs no statement; the survey page checks the survey and the visitor's answers first.
    assert [after[name][1] for name in ("front page", "council page", "public results")] == [0, 0, 0]
    assert after["survey page"][1] <= after["survey page"][0]
