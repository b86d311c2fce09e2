"""One report section per survey question, from the aggregates: its chart, data table and notes.

Percentages are shares of the respondents who answered the question. In a publication version
(`Presentation.min_cell` set) counts from 1 to min_cell - 1 are hidden, and so are the counts from
which a hidden one could be worked out (`suppressed_cells`), free texts and single values (minimum,
maximum) that could point at one association.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from surveys import text

from app.reference.municipalities import municipality_name
from app.reports.building import formatting as fmt
from app.reports.building.aggregation import OptionStat, summarise_numbers
from app.reports.building.document import Chart, Section, Share, Table
from app.reports.building.suppression import Cell, suppressed_cells

CHOICE_TYPES = ("single_choice", "multiple_choice", "yes_no", "municipality")
COUNTED_TYPES = CHOICE_TYPES + ("likert", "matrix", "ranking")
# The questions a crosstab may compare: one answer row per chosen option, labelled by `option_labels`.
CROSSTAB_TYPES = CHOICE_TYPES + ("likert",)
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
    """How counts are shown: all of them (internal), or with small cells suppressed (publication).

    The `hide` argument of the cell methods says whether suppression hides that cell; None means
    the primary rule alone (a count under min_cell), for cells that no shown total includes.
    """

    language: str
    min_cell: int | None = None
    include_texts: bool = True
    charts: bool = True

    @property
    def is_publication(self) -> bool:
        return self.min_cell is not None

    def hidden(self, count: int) -> bool:
        return self.min_cell is not None and 0 < count < self.min_cell

    def suppress(self, cells: Mapping[Cell, int], groups: Iterable[Iterable[Cell]],
                 hidden: Iterable[Cell] | None = None) -> set[Cell]:
        """The cells to hide; none outside a publication version. See `suppressed_cells`."""
        if not self.is_publication:
            return set()
        return suppressed_cells(cells, groups, self.min_cell, hidden)

    def suppress_group(self, counts: Sequence[int]) -> list[bool]:
        """Per count of one group that adds up to a shown total: whether it is hidden."""
        hidden = self.suppress(dict(enumerate(counts)), [range(len(counts))])
        return [index in hidden for index in range(len(counts))]

    def _hides(self, count: int, hide: bool | None) -> bool:
        return self.hidden(count) if hide is None else hide

    def count(self, count: int, hide: bool | None = None) -> str:
        # One mark for every hidden count: were the counts under min_cell told apart from the ones
        # hidden beside them, the hidden sum would bound each of them again.
        if self._hides(count, hide):
            return _("hidden")
        return fmt.count(count, self.language)

    def share(self, count: int, base: int, hide: bool | None = None) -> str:
        if self._hides(count, hide) or not base:
            return "–"
        return fmt.percent(100 * count / base, self.language)

    def raw_count(self, count: int, hide: bool | None = None):
        return None if self._hides(count, hide) else count

    def raw_share(self, count: int, base: int, hide: bool | None = None) -> Share | None:
        return None if self._hides(count, hide) or not base else Share(count / base)

    def suppression_note(self) -> str:
        """The note under a table whose counts add up to a shown total and some of them are hidden."""
        return _("Counts under %(n)s are hidden, and so are other counts wherever a hidden count could "
                 "otherwise be worked out from a total.", n=self.min_cell)


def n_text(n: int, language: str) -> str:
    return _("N = %(n)s", n=fmt.count(n, language))


def option_labels(question, language: str, found: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(value, label) of a question's options in order, "other" last when enabled.

    A municipality question has no options of its own: its values are the codes `found` among
    the answers, in the order given.
    """
    kind = question.type_name
    if kind == "municipality":
        return [(code, municipality_name(code, language)) for code in dict.fromkeys(found) if code]
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
        section.headline = section.notes[-1]
        return True
    return False


def _adds_up(question) -> bool:
    """Whether a choice question's counts add up to a known total, so that a hidden one could be worked out.

    Each respondent picks one option of a single-choice, yes/no or municipality question: the counts
    add up to N. The options of a multiple-choice question overlap (each is counted on its own and
    the counts add up to more than N), so no count follows from the others and the small ones alone
    are hidden; unless every respondent picks the same number k of options, when they add up to k × N.
    """
    if question.type_name != "multiple_choice":
        return True
    return question.max_selections is not None and (question.min_selections or 1) == question.max_selections


def _choice(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    rows, raw, labels, values, alt = [], [], [], [], []
    codes = option_labels(question, language, found=[
        option for (key, _row, option), _stat in sorted(agg.options.items(), key=lambda item: -item[1].count)
        if key == question.key])
    counts = [agg.count(question.key, value).count for value, _label in codes]
    grouped = _adds_up(question)
    hide = view.suppress_group(counts) if grouped else [view.hidden(count) for count in counts]
    entries = list(zip(codes, counts, hide))
    if question.type_name == "municipality":
        # Municipalities are listed by count: a hidden one among them would show between which
        # counts it lies. Hidden ones come last, by name.
        entries.sort(key=lambda entry: (entry[2], entry[0][1] if entry[2] else ""))
    for (value, label), count, hidden in entries:
        rows.append([label, view.count(count, hidden), view.share(count, base, hidden)])
        raw.append([label, view.raw_count(count, hidden), view.raw_share(count, base, hidden)])
        if hidden:
            continue
        labels.append(label)
        values.append(100 * count / base if base else 0.0)
        alt.append((label, view.share(count, base)))
    section.tables.append(Table([_("Answer"), _("Respondents"), _("Share of respondents")], rows, raw,
                                [False, True, True]))
    section.headline = _most_common(_("Most chosen: %(answer)s (%(share)s)"), entries, base, view)
    if question.type_name == "multiple_choice":
        section.notes.append(_("Respondents could choose several options, so the shares add up to more than 100 %."))
    if any(hide) and grouped:
        section.notes.append(view.suppression_note())
        if labels:
            section.notes.append(_("Hidden counts are left out of the chart."))
    elif any(hide):
        section.notes.append(_("Counts under %(n)s are hidden and left out of the chart.", n=view.min_cell))
    if labels and view.charts and any(values):
        section.chart = Chart("bars", section.title, labels, [values], x_label=_("Share of respondents"),
                              n_label=n_text(base, language), alt_text=_alt(section.title, alt, base, language))
    elif not labels and any(hide):
        section.notes.append(_("Every count is hidden, so no chart is drawn."))


def _most_common(message: str, entries, base: int, view: Presentation) -> str:
    """`message` with the answer of the largest shown count and its share; a hidden count is never
    named (a shown non-zero count is never smaller than a hidden one, so the largest shown is the largest)."""
    shown = [(count, label) for (_value, label), count, hidden in entries if count and not hidden]
    if not shown:
        return _("Every count is hidden.") if any(hidden for _e, _c, hidden in entries) else ""
    count, label = max(shown, key=lambda item: item[0])
    return message % {"answer": label, "share": view.share(count, base, False)}


def _likert(question, agg: Aggregates, view: Presentation, section: Section, rows: list[tuple[str | None, str]]) -> None:
    language = view.language
    scale_size = len(question.scale)
    categories = [text(label, language) for label in question.scale]
    matrix = question.type_name == "matrix"
    points = option_labels(question, language)
    # A row's counts add up to its N, which is shown: each row is one suppression group.
    lines = []
    for row_key, row_label in rows:
        counts = [agg.count(question.key, value, row_key).count for value, _label in points]
        lines.append((row_label, counts, view.suppress_group(counts)))
    # The chart's shares of the answers on the scale would give away their number, and with it a
    # hidden "cannot say" count (N minus that number): then every row is drawn as shares of all its answers.
    of_all = any(any(hide[scale_size:]) for _label, _counts, hide in lines)
    if matrix:
        header = [_("Statement"), *[label for _v, label in points], _("N"), _("Mean")]
    else:
        header = [_("Answer"), _("Respondents"), _("Share of respondents")]
    table_rows, raw_rows, labels, shares, alt = [], [], [], [], []
    hidden_any = mean_withheld = False
    means = []
    for row_label, counts, hide in lines:
        base = sum(counts)
        on_scale = sum(counts[:scale_size])
        total = sum(counts[i] * (i + 1) for i in range(scale_size))
        mean = total / on_scale if on_scale else None
        if any(hide):
            hidden_any = True
            # The mean is a second equation beside the row's N: with it two hidden counts could be solved.
            mean_withheld = mean_withheld or mean is not None
            mean = None
        if matrix:
            small = view.is_publication and 0 < base < view.min_cell
            table_rows.append([row_label, *["–" if small else view.count(c, h) for c, h in zip(counts, hide)],
                               view.count(base, small), fmt.number(mean, language, 2) if mean is not None else "–"])
            raw_rows.append([row_label, *[None if small else view.raw_count(c, h) for c, h in zip(counts, hide)],
                             view.raw_count(base, small), round(mean, 2) if mean is not None else None])
            if small:
                continue
            if mean is not None:
                means.append((mean, row_label))
        else:
            for (_value, label), count, hidden in zip(points, counts, hide):
                table_rows.append([label, view.count(count, hidden), view.share(count, base, hidden)])
                raw_rows.append([label, view.raw_count(count, hidden), view.raw_share(count, base, hidden)])
            if mean is not None and not (view.is_publication and on_scale < view.min_cell):
                section.notes.append(_("Mean on the scale 1–%(size)s: %(mean)s (cannot say not included).",
                                       size=scale_size, mean=fmt.number(mean, language, 2)))
                section.headline = section.notes[-1]
            else:
                section.headline = _most_common(_("Most common answer: %(answer)s (%(share)s)"),
                                                list(zip(points, counts, hide)), base, view)
        visible = [0 if h else c for c, h in zip(counts[:scale_size], hide)]
        if on_scale and any(visible):
            labels.append(row_label)
            shares.append([100 * c / (base if of_all else on_scale) for c in visible])
            alt.append((row_label, ", ".join(f"{cat} {fmt.percent(s, language)}" for cat, s in zip(categories, shares[-1]))))
    numeric = [False] + [True] * (len(header) - 1)
    section.tables.append(Table(header, table_rows, raw_rows, numeric))
    if means:
        best, row_label = max(means, key=lambda item: item[0])
        section.headline = _("Highest mean: %(row)s (%(mean)s)", row=row_label, mean=fmt.number(best, language, 2))
    if hidden_any:
        section.notes.append(view.suppression_note())
        if labels:
            section.notes.append(_("Hidden counts are drawn as zero in the chart."))
    if mean_withheld:
        section.notes.append(_("The mean is not shown where counts are hidden, as it could give them away."))
    if question.cannot_say and of_all:
        section.notes.append(_("The chart shows shares of all answers, as the number of answers on the scale "
                               "could give away a hidden count; “%(label)s” is not drawn.",
                               label=text(question.cannot_say, language)))
    elif question.cannot_say:
        section.notes.append(_("The chart shows shares of the answers on the scale; “%(label)s” is left out of it.",
                               label=text(question.cannot_say, language)))
    base = agg.respondents.get(question.key, 0)
    if labels and view.charts:
        section.chart = Chart("diverging", section.title, labels, shares, categories=categories,
                              x_label=_("Share of all answers") if of_all else _("Share of answers on the scale"),
                              n_label=n_text(base, language), alt_text=_alt(section.title, alt, base, language))
    elif not labels and hidden_any:
        section.notes.append(_("Every count is hidden, so no chart is drawn."))


def _ranking(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    options = option_labels(question, language)
    stats = [agg.count(question.key, value) for value, _label in options]
    # Every respondent ranks exactly one option first, so the first places add up to N. When the
    # question is required, every respondent ranks the same number of options and the times ranked
    # add up to N times that number; otherwise they overlap like a multiple choice's options.
    hide_first = view.suppress_group([stat.first_places for stat in stats])
    ranked = [stat.count for stat in stats]
    hide_ranked = view.suppress_group(ranked) if question.required else [view.hidden(count) for count in ranked]
    rows, raw, items = [], [], []
    for (_value, label), stat, first_hidden, hidden in zip(options, stats, hide_first, hide_ranked):
        mean = stat.rank_sum / stat.count if stat.count and not hidden else None
        rows.append([label, fmt.number(mean, language, 2) if mean is not None else "–",
                     view.count(stat.first_places, first_hidden), view.count(stat.count, hidden)])
        raw.append([label, round(mean, 2) if mean is not None else None,
                    view.raw_count(stat.first_places, first_hidden), view.raw_count(stat.count, hidden)])
        if mean is not None:
            items.append((mean, label))
    section.tables.append(Table([_("Option"), _("Mean rank"), _("Ranked first"), _("Ranked at all")], rows, raw,
                                [False, True, True, True]))
    section.notes.append(_("A smaller mean rank means more important; the mean is over the respondents who ranked the option."))
    if any(hide_first) or any(hide_ranked):
        section.notes.append(view.suppression_note())
    items.sort()
    if items:
        section.headline = _("Ranked most important: %(option)s (mean rank %(mean)s)", option=items[0][1],
                             mean=fmt.number(items[0][0], language, 2))
    if items and view.charts:
        section.chart = Chart("ranking", section.title, [label for _m, label in items], [[m for m, _l in items]],
                              x_label=_("Mean rank (1 = most important)"), n_label=n_text(base, language),
                              alt_text=_alt(section.title, [(label, fmt.number(m, language, 2)) for m, label in items],
                                            base, language))


def _number(question, agg: Aggregates, view: Presentation, section: Section) -> None:
    language = view.language
    values = agg.numbers.get(question.key, [])
    summary = summarise_numbers(values)
    if summary is None:
        return
    stats = [(_("Respondents"), summary.n, 0, True), (_("Mean"), summary.mean, 2, True)]
    if view.is_publication:
        # With few respondents the median and quartiles are single answers (of 5: the 2nd, 3rd and
        # 4th), and N × mean minus them leaves the smallest plus the largest. From 2 × min_cell
        # respondents on, at least min_cell answers lie on each side of the median, from 4 × min_cell
        # on, in each quarter. The smallest and largest value is one association's unless at least
        # min_cell respondents gave that very value; the histogram's bins would need the same care, and
        # are not drawn.
        median_shown = summary.n >= 2 * view.min_cell
        quartiles_shown = summary.n >= 4 * view.min_cell
        stats += [(_("Median"), summary.median, 2, median_shown),
                  (_("Lower quartile"), summary.q1, 2, quartiles_shown),
                  (_("Upper quartile"), summary.q3, 2, quartiles_shown),
                  (_("Smallest"), summary.minimum, 2, values[0][1] >= view.min_cell),
                  (_("Largest"), summary.maximum, 2, values[-1][1] >= view.min_cell)]
    else:
        stats += [(_("Median"), summary.median, 2, True), (_("Lower quartile"), summary.q1, 2, True),
                  (_("Upper quartile"), summary.q3, 2, True), (_("Smallest"), summary.minimum, 2, True),
                  (_("Largest"), summary.maximum, 2, True)]
    median_shown = not view.is_publication or summary.n >= 2 * view.min_cell
    section.headline = (_("Median: %(value)s", value=fmt.number(summary.median, language, 2)) if median_shown
                        else _("Mean: %(value)s", value=fmt.number(summary.mean, language, 2)))
    section.tables.append(Table(
        [_("Statistic"), _("Value")],
        [[name, fmt.number(value, language, d) if shown else "–"] for name, value, d, shown in stats],
        [[name, (round(value, d) if d else value) if shown else None] for name, value, d, shown in stats],
        [False, True]))
    if view.is_publication:
        section.notes.append(_("In a publication version the median is shown from %(median)s respondents on, "
                               "the quartiles from %(quartiles)s, and the smallest and largest value only when "
                               "at least %(n)s respondents gave it; the distribution is not drawn. So no single "
                               "association's value can be read or worked out.",
                               median=2 * view.min_cell, quartiles=4 * view.min_cell, n=view.min_cell))
    elif view.charts:
        markers = [(_("Mean"), summary.mean), (_("Median"), summary.median),
                   (_("Lower quartile"), summary.q1), (_("Upper quartile"), summary.q3)]
        alt = [(name, fmt.number(value, language, 2)) for name, value, _d, _shown in stats]
        section.chart = Chart("histogram", section.title, [], values=agg.numbers[question.key], markers=markers,
                              x_label=_("Answer"), y_label=_("Respondents"), n_label=n_text(summary.n, language),
                              alt_text=_alt(section.title, alt, summary.n, language))


def _date(question, agg: Aggregates, view: Presentation, section: Section, base: int) -> None:
    language = view.language
    years = agg.years.get(question.key, [])
    # Each respondent gives one date: the years add up to N.
    hide = view.suppress_group([count for _year, count in years])
    rows = [[year, view.count(count, h), view.share(count, base, h)] for (year, count), h in zip(years, hide)]
    raw = [[year, view.raw_count(count, h), view.raw_share(count, base, h)] for (year, count), h in zip(years, hide)]
    section.tables.append(Table([_("Year"), _("Respondents"), _("Share of respondents")], rows, raw, [False, True, True]))
    if any(hide):
        section.notes.append(view.suppression_note())
    section.headline = _most_common(_("Most common year: %(answer)s (%(share)s)"),
                                    [((year, year), count, h) for (year, count), h in zip(years, hide)], base, view)
    shown = [(year, count) for (year, count), h in zip(years, hide) if not h]
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
    if kind == "email" or kind in TEXT_TYPES:
        section.headline = _("Answers: %(n)s", n=fmt.count(base, language))
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
