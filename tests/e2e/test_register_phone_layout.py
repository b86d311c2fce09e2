"""The register on a phone: every cell's label fits its column instead of running over the value."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from tests.fixtures.browser import PHONE, sign_in

pytestmark = pytest.mark.e2e

# For each labelled cell: does its label, set in the label's own style at the width of the label column, fit?
OVERFLOWING_LABELS = """
() => [...document.querySelectorAll('.responsive-table td[data-label]')].flatMap(td => {
  const style = getComputedStyle(td, '::before');
  const track = parseFloat(getComputedStyle(td).gridTemplateColumns.split(' ')[0]);
  const probe = document.createElement('div');
  probe.textContent = td.dataset.label;
  for (const name of ['font', 'letterSpacing', 'overflowWrap', 'wordBreak', 'hyphens']) probe.style[name] = style[name];
  Object.assign(probe.style, {position: 'absolute', width: track + 'px', visibility: 'hidden'});
  td.appendChild(probe);
  const overflows = probe.scrollWidth > probe.clientWidth + 0.5;
  probe.remove();
  return overflows ? [td.dataset.label] : [];
})
"""


@pytest.mark.parametrize("viewport", [PHONE])
def test_register_labels_wrap_inside_their_column_on_a_phone(app, live_server, page, viewport):
    from app.demo.loader import load_demo_data
    from app.models import Association, Council

    with app.app_context():
        load_demo_data(with_surveys=False)
        council = db.session.scalar(select(Council).where(Council.slug == "raakkyla"))
        db.session.add(Association(council_id=council.id, name="Rääkkylän kyläyhdistys ry", municipality_code="707",
                                   sector="village", email="kyla@example.fi", register_number="123.456",
                                   business_id="2077474-0", language="fi"))
        db.session.commit()
    sign_in(page, live_server.url, "sihteeri.raakkyla@example.fi", "fi")
    page.goto(f"{live_server.url}/staff/raakkyla/associations/?lang=fi")
    assert page.locator("td[data-label='Yhdistysrekisterinumero / Y-tunnus']").count() >= 1
    assert page.evaluate(OVERFLOWING_LABELS) == []
