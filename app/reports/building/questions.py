"""One report section per survey question, from the aggregates: its chart, data table and notes.

Percentages are shares of the respondents who answered the question. In a publication version
(`Presentation.min_cell` set) counts from 1 to min_cell - 1 are hidden, and so are free texts and
single values (minimum, maximum) that could point at one association.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from surveys import text

from app.reference.municipalities import municipality_name
from app.reports.building import formatting as fmt
from app.reports.building.aggregation import OptionStat, summarise_numbers
from app.reports.building.document import Chart, Section, Table

CHOICE_TYPES = ("single_choice", "multiple_choice", "yes_no", "municipality")
COUNTED_TYPES = CHOICE_TYPES + ("likert", "matrix", "ranking")
TEXT_TYPES = ("short_text", "long_text")


@dataclass
class Aggregates:
    """Everything the database counted for one survey and filter."""

    n: int
    respondents: dict[str, int]
    options: dict[tuple[str, str | None, str | None], OptionStat]
    numbers: dict[str, list[tuple[float, int]]] = field(default_factory=dict)
    years: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    texts: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    others: dict[str, tuple[int, list[str]]] = field(default_factory=dict)

    def count(self, key: str, option: str | None, row: str | None = None) -> OptionStat:
        return self.options.get((key, row, option)) or OptionStat()


@dataclass
class Presentation:
    language: str
    min_cell: int | None = None
    include_texts: bool = True
    charts: bool = True

    @property
    def is_publication(self) -> bool:
        return self.min_cell is not None

    def hidden(self, count: int) -> bool:
        return self.min_cell is not None and 0 < count < self.min_cell

    def count(self, count: int) -> str:
        if self.hidden(count):
            return _("under %(n)s", n=self.min_cell)
        return fmt.count(count, self.language)

    def share(self, count: int, base: int) -> str:
        if self.hidden(count) or not base:
            return "–"
        return fmt.percent(100 * count / base, self.language)

    def raw_count(self, count: int):
        return None if self.hidden(count) else count

    def raw_share(self, count: int, base: int):
        return None if self.hidden(count) or not base else round(100 * count / base, 1)


def n_text(n: int, language: str) -> str:
    return _("N = %(n)s", n=fmt.count(n, language))


def option_labels(question, language: str) -> list[tuple[str, str]]:
    """(value, label) of a question's options in order, "other" last when enabled."""
    kind = question.type_name
    if kind == "yes_no":
        return [("yes", _("Yes")), ("no", _("No"))]
    if kind in ("likert", "matrix"):
        labels = [(str(i), text(label, language)) for i, label in enumerate(question.scale, start=1)]
        if question.cannot_say:
            labels.append(("cannot_say", text(question.cannot_say, language)))
        return labels
    labels = [(o.value, text(o.label, language)) for o in question.options]
    if getattr(question, "other", False):
        labels.append(("other", text(question.other_option_label, language)))
    return labels


def _alt(title: str, pairs: list[tuple[str, str]], n: int, language: str) -> str:
    listed = "; ".join(f"{label}: {value}" for label, value in pairs)
    return _("Chart of %(title)s (%(n)s). %(values)s.", title=title, n=n_text(n, language), values=listed)


def _too_few(section: Section, base: int, view: Presentation) -> bool:
    if view.is_publication and 0 < base < view.min_cell:
        section.notes.append(_("Fewer than %(n)s answers: the results are not shown, to protect the respondents.",
                               n=view.min_cell))
        return True
    return False


def _choice(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    rows, raw, labels, values, alt = [], [], [], [], []
    codes = [(v, lbl) for v, lbl in option_labels(question, language)] if question.type_name != "municipality" else [
        (option, municipality_name(option, language))
        for (key, _row, option), _stat in sorted(agg.options.items(), key=lambda item: -item[1].count)
        if key == question.key and option
    ]
    hidden_any = False
    for value, label in codes:
        count = agg.count(question.key, value).count
        rows.append([label, view.count(count), view.share(count, base)])
        raw.append([label, view.raw_count(count), view.raw_share(count, base)])
        if view.hidden(count):
            hidden_any = True
            continue
        labels.append(label)
        values.append(100 * count / base if base else 0.0)
        alt.append((label, view.share(count, base)))
    section.tables.append(Table([_("Answer"), _("Respondents"), _("Share of respondents")], rows, raw,
                                [False, True, True]))
    if question.type_name == "multiple_choice":
        section.notes.append(_("Respondents could choose several options, so the shares add up to more than 100 %."))
    if hidden_any:
        section.notes.append(_("Counts under %(n)s are hidden and left out of the chart.", n=view.min_cell))
    if labels and view.charts and any(values):
        section.chart = Chart("bars", section.title, labels, [values], x_label=_("Share of respondents"),
                              n_label=n_text(base, language), alt_text=_alt(section.title, alt, base, language))
    elif not labels:
        section.notes.append(_("Every count is under %(n)s, so nothing can be shown.", n=view.min_cell))


def _scale_row(question, agg: Aggregates, view: Presentation, row: str | None):
    points = option_labels(question, view.language)
    counts = [agg.count(question.key, value, row).count for value, _label in points]
    return points, counts


def _likert(question, agg: Aggregates, view: Presentation, section: Section, rows: list[tuple[str | None, str]]) -> None:
    language = view.language
    scale_size = len(question.scale)
    categories = [text(label, language) for label in question.scale]
    labels, shares, alt = [], [], []
    header = [_("Statement") if question.type_name == "matrix" else _("Answer")]
    table_rows, raw_rows = [], []
    hidden_any = False
    if question.type_name == "matrix":
        points = option_labels(question, language)
        header = [_("Statement"), *[label for _v, label in points], _("N"), _("Mean")]
    for row_key, row_label in rows:
        points, counts = _scale_row(question, agg, view, row_key)
        base = sum(counts)
        on_scale = sum(counts[:scale_size])
        total = sum(counts[i] * (i + 1) for i in range(scale_size))
        mean = total / on_scale if on_scale else None
        if question.type_name == "likert":
            for (value, label), count in zip(points, counts):
                table_rows.append([label, view.count(count), view.share(count, base)])
                raw_rows.append([label, view.raw_count(count), view.raw_share(count, base)])
            header = [_("Answer"), _("Respondents"), _("Share of respondents")]
            if mean is not None and not (view.is_publication and on_scale < view.min_cell):
                section.notes.append(_("Mean on the scale 1–%(size)s: %(mean)s (cannot say not included).",
                                       size=scale_size, mean=fmt.number(mean, language, 2)))
        else:
            small = view.is_publication and 0 < base < view.min_cell
            table_rows.append([row_label, *[view.count(c) if not small else "–" for c in counts],
                               fmt.count(base, language) if not small else view.count(base),
                               fmt.number(mean, language, 2) if mean is not None and not small else "–"])
            raw_rows.append([row_label, *[view.raw_count(c) if not small else None for c in counts],
                             None if small else base, round(mean, 2) if mean is not None and not small else None])
            if small:
                hidden_any = True
                continue
        visible = [0 if view.hidden(c) else c for c in counts[:scale_size]]
        hidden_any = hidden_any or any(view.hidden(c) for c in counts)
        if on_scale and any(visible):
            labels.append(row_label)
            shares.append([100 * c / on_scale for c in visible])
            alt.append((row_label, ", ".join(f"{cat} {fmt.percent(s, language)}" for cat, s in zip(categories, shares[-1]))))
    numeric = [False] + [True] * (len(header) - 1)
    section.tables.append(Table(header, table_rows, raw_rows, numeric))
    if hidden_any:
        section.notes.append(_("Counts under %(n)s are hidden and drawn as zero in the chart.", n=view.min_cell))
    if question.cannot_say:
        section.notes.append(_("The chart shows shares of the answers on the scale; “%(label)s” is left out of it.",
                               label=text(question.cannot_say, language)))
    base = agg.respondents.get(question.key, 0)
    if labels and view.charts:
        section.chart = Chart("diverging", section.title, labels, shares, categories=categories,
                              x_label=_("Share of answers on the scale"), n_label=n_text(base, language),
                              alt_text=_alt(section.title, alt, base, language))
    elif not labels and base:
        section.notes.append(_("Every count is under %(n)s, so nothing can be shown.", n=view.min_cell))


def _ranking(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    rows, raw, items = [], [], []
    for value, label in option_labels(question, language):
        stat = agg.count(question.key, value)
        mean = stat.rank_sum / stat.count if stat.count else None
        hidden = view.hidden(stat.count)
        rows.append([label, fmt.number(mean, language, 2) if mean is not None and not hidden else "–",
                     view.count(stat.first_places), view.count(stat.count)])
        raw.append([label, round(mean, 2) if mean is not None and not hidden else None,
                    view.raw_count(stat.first_places), view.raw_count(stat.count)])
        if mean is not None and not hidden:
            items.append((mean, label))
    section.tables.append(Table([_("Option"), _("Mean rank"), _("Ranked first"), _("Ranked at all")], rows, raw,
                                [False, True, True, True]))
    section.notes.append(_("A smaller mean rank means more important; the mean is over the respondents who ranked the option."))
    items.sort()
    if items and view.charts:
        section.chart = Chart("ranking", section.title, [label for _m, label in items], [[m for m, _l in items]],
                              x_label=_("Mean rank (1 = most important)"), n_label=n_text(base, language),
                              alt_text=_alt(section.title, [(label, fmt.number(m, language, 2)) for m, label in items],
                                            base, language))


def _number(question, agg: Aggregates, view: Presentation, section: Section) -> None:
    language = view.language
    summary = summarise_numbers(agg.numbers.get(question.key, []))
    if summary is None:
        return
    stats = [(_("Respondents"), summary.n, 0), (_("Mean"), summary.mean, 2), (_("Median"), summary.median, 2),
             (_("Lower quartile"), summary.q1, 2), (_("Upper quartile"), summary.q3, 2)]
    if not view.is_publication:
        stats += [(_("Smallest"), summary.minimum, 2), (_("Largest"), summary.maximum, 2)]
    section.tables.append(Table([_("Statistic"), _("Value")],
                                [[name, fmt.number(value, language, d)] for name, value, d in stats],
                                [[name, round(value, d) if d else value] for name, value, d in stats], [False, True]))
    if view.is_publication:
        section.notes.append(_("Single values (smallest, largest, the distribution) are not shown in a publication version."))
    elif view.charts:
        markers = [(_("Mean"), summary.mean), (_("Median"), summary.median),
                   (_("Lower quartile"), summary.q1), (_("Upper quartile"), summary.q3)]
        alt = [(name, fmt.number(value, language, 2)) for name, value, _d in stats]
        section.chart = Chart("histogram", section.title, [], values=agg.numbers[question.key], markers=markers,
                              x_label=section.title, n_label=n_text(summary.n, language),
                              alt_text=_alt(section.title, alt, summary.n, language))


def _date(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    years = agg.years.get(question.key, [])
    rows = [[year, view.count(count), view.share(count, base)] for year, count in years]
    raw = [[year, view.raw_count(count), view.raw_share(count, base)] for year, count in years]
    section.tables.append(Table([_("Year"), _("Respondents"), _("Share of respondents")], rows, raw, [False, True, True]))
    shown = [(year, count) for year, count in years if not view.hidden(count)]
    if shown and view.charts and len(shown) <= 40:
        section.chart = Chart("bars", section.title, [y for y, _c in shown], [[100 * c / base for _y, c in shown]],
                              x_label=_("Share of respondents"), n_label=n_text(base, language),
                              alt_text=_alt(section.title, [(y, view.share(c, base)) for y, c in shown], base, language))


def _texts(section: Section, found: tuple[int, list[str]] | None, heading: str, language: str) -> None:
    if not found:
        return
    total, shown = found
    section.texts = list(shown)
    section.texts_heading = heading
    if total > len(shown):
        section.notes.append(_("%(shown)s of %(total)s texts are listed here; the spreadsheet's data sheet has them all.",
                               shown=fmt.count(len(shown), language), total=fmt.count(total, language)))


def question_section(question, agg: Aggregates, view: Presentation, number: int) -> Section | None:
    """The section of one question, or None for questions without answers (info texts)."""
    if not question.has_answer:
        return None
    language = view.language
    title = f"{number}. {text(question.label, language)}"
    base = agg.respondents.get(question.key, 0)
    section = Section(key=question.key, title=title, n_text=n_text(base, language))
    kind = question.type_name
    if base == 0:
        section.notes.append(_("Nobody answered this question."))
        return section
    if kind == "email":
        section.notes.append(_("E-mail addresses are not listed in reports."))
        return section
    if kind in TEXT_TYPES:
        if view.include_texts and not view.is_publication:
            _texts(section, agg.texts.get(question.key), _("Answers"), language)
        else:
            section.notes.append(_("Free-text answers are not shown in a publication version."))
        return section
    if _too_few(section, base, view):
        return section
    if kind in CHOICE_TYPES:
        _choice(question, agg, view, section, base)
        if getattr(question, "other", False):
            if view.include_texts and not view.is_publication:
                _texts(section, agg.others.get(question.key), _("“Other” answers"), language)
    elif kind == "likert":
        _likert(question, agg, view, section, [(None, text(question.label, language))])
    elif kind == "matrix":
        _likert(question, agg, view, section, [(r.key, text(r.label, language)) for r in question.rows])
    elif kind == "ranking":
        _ranking(question, agg, view, section, base)
    elif kind == "number":
        _number(question, agg, view, section)
    elif kind == "date":
        _date(question, agg, view, section, base)
    return section
