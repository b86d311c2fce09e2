"""The events section of the annual summary, and the per-event sections the events report reuses."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.events.figures import EventFigures, data_signature, events_of_year, figures_for
from app.models import Council
from app.reference.municipalities import municipality_name
from app.reports.building import formatting as fmt
from app.reports.building.document import Chart, Section, Table
from app.reports.sections.base import AnnualSection, register_section

MEASURES = ("registered", "attended", "no_show", "cancelled", "waiting")


def measure_labels() -> dict[str, str]:
    return {"registered": _("Registered"), "attended": _("Attended"), "no_show": _("No-shows"),
            "cancelled": _("Cancelled"), "waiting": _("Waiting list")}


def mode_labels() -> dict[str, str]:
    return {"onsite": _("On site"), "remote": _("Remotely")}


@dataclass
class EventsOfYear:
    figures: list[EventFigures]

    def total(self, measure: str) -> int:
        return sum(item.total(measure) for item in self.figures)


def overview(data: EventsOfYear, councils: list[Council], language: str) -> Section:
    """One row per event: when, council, and its figures."""
    several = len(councils) > 1
    names = {c.id: c.name(language) for c in councils}
    labels = measure_labels()
    section = Section(key="events", title=_("Events"), heading_level=1,
                      n_text=_("%(count)s events, %(n)s participants", count=fmt.count(len(data.figures), language),
                               n=fmt.count(data.total("attended"), language)))
    rows, raw = [], []
    for item in data.figures:
        event = item.event
        council = [names.get(event.council_id, "")] if several else []
        rate = item.feedback_rate
        values = [item.total(measure) for measure in MEASURES]
        rows.append([event.title(language), *council, fmt.day(event.starts_at, language),
                     *(fmt.count(v, language) for v in values), fmt.percent(rate, language) if rate is not None else "–"])
        raw.append([event.title(language), *council, event.starts_at, *values,
                    round(rate, 1) if rate is not None else None])
    header = [_("Event"), *([_("Council")] if several else []), _("Date"), *(labels[m] for m in MEASURES),
              _("Feedback response rate")]
    section.tables.append(Table(header, rows, raw, [False] * (3 if several else 2) + [True] * (len(MEASURES) + 1)))
    return section


def event_sections(item: EventFigures, language: str) -> list[Section]:
    """One event in detail: figures by mode, by municipality, and attendance as a chart."""
    event, labels, modes = item.event, measure_labels(), mode_labels()
    section = Section(key=f"event-{event.id}", title=event.title(language),
                      n_text=_("N = %(n)s", n=fmt.count(item.total("registered"), language)))
    rows, raw = [], []
    for mode, mode_label in modes.items():
        values = [item.by_mode.get((mode, measure), 0) for measure in MEASURES]
        rows.append([mode_label, *(fmt.count(v, language) for v in values)])
        raw.append([mode_label, *values])
    section.tables.append(Table([_("Mode"), *(labels[m] for m in MEASURES)], rows, raw,
                                [False] + [True] * len(MEASURES), caption=_("By mode of participation")))
    places = sorted(item.by_municipality.items(), key=lambda pair: -pair[1][0])
    section.tables.append(Table(
        [_("Municipality"), labels["registered"], labels["attended"]],
        [[municipality_name(code, language) if code else _("Not told"), fmt.count(r, language), fmt.count(a, language)]
         for code, (r, a) in places],
        [[municipality_name(code, language) if code else "", r, a] for code, (r, a) in places],
        [False, True, True], caption=_("By municipality")))
    registered = item.total("registered")
    if registered:
        shares = [100 * item.total(measure) / registered for measure in ("attended", "no_show")]
        names = [labels["attended"], labels["no_show"]]
        section.chart = Chart("bars", _("Attendance of the registered"), names, [shares], x_label=_("Share"),
                              alt_text=_("Chart of %(title)s. %(values)s.", title=_("Attendance of the registered"),
                                         values="; ".join(f"{n}: {fmt.percent(v, language)}"
                                                          for n, v in zip(names, shares))))
    if item.feedback_invited:
        section.texts.append(_("Feedback survey: %(answered)s of %(invited)s answered (%(rate)s).",
                               answered=fmt.count(item.feedback_answered, language),
                               invited=fmt.count(item.feedback_invited, language),
                               rate=fmt.percent(item.feedback_rate, language)))
    return [section]


@register_section
class EventsSection(AnnualSection):
    name = "events"
    order = 20

    def signature(self, councils: list[Council], year: int) -> str:
        return data_signature(events_of_year([c.id for c in councils], year))

    def collect(self, councils: list[Council], year: int) -> EventsOfYear | None:
        events = events_of_year([c.id for c in councils], year)
        return EventsOfYear(figures_for(events)) if events else None

    def cover_lines(self, data: EventsOfYear, language: str) -> list[str]:
        return [_("Events: %(n)s", n=fmt.count(len(data.figures), language)),
                _("Event participants: %(n)s", n=fmt.count(data.total("attended"), language))]

    def lay_out(self, data: EventsOfYear, councils: list[Council], language: str) -> list[Section]:
        sections = [overview(data, councils, language)]
        if len(councils) > 1:
            section = Section(key="event_councils", title=_("Events per council"))
            rows, raw = [], []
            for council in councils:
                own = [item for item in data.figures if item.event.council_id == council.id]
                attended = sum(item.total("attended") for item in own)
                rows.append([council.name(language), fmt.count(len(own), language), fmt.count(attended, language)])
                raw.append([council.name(language), len(own), attended])
            section.tables.append(Table([_("Council"), _("Events"), _("Participants")], rows, raw,
                                        [False, True, True]))
            sections.append(section)
        return sections
