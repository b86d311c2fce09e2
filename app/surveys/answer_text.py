"""An answer as lines of readable text in a language, for respondents' and staff's pages and e-mails."""

from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from app.date_text import date_text
from app.reference.municipalities import all_municipalities
from surveys import Question, format_decimal, text


def answer_lines(question: Question, value: Any, locale: str, *,
                 scale_numbers: bool = False) -> tuple[str, ...]:
    """An answer as lines of text in ``locale``: on the check-your-answers page, in the receipt e-mail
    and on the staff's response page. ``scale_numbers`` puts a scale point's number before its label
    ("4 – Samaa mieltä"), as staff compare answers by the number."""
    if value is None:
        return ()
    kind = question.type_name
    if kind in ("single_choice", "multiple_choice"):
        labels = {o.value: text(o.label, locale) for o in question.options}
        return tuple(f"{text(question.other_option_label, locale)} {value.other or ''}".strip() if v == "other"
                     else labels.get(v, v) for v in value.options)
    if kind == "yes_no":
        with force_locale(locale):
            return (_("Yes") if value else _("No"),)
    if kind in ("likert", "matrix"):
        def scale_label(p):
            label = text(question.scale[p - 1], locale)
            return f"{p} – {label}" if scale_numbers else label

        def point(p):
            return text(question.cannot_say, locale) if p == "cannot_say" else scale_label(p)
        if kind == "likert":
            return (point(value),)
        return tuple(f"{text(r.label, locale)}: {point(value[r.key])}" for r in question.rows if r.key in value)
    if kind == "ranking":
        labels = {o.value: text(o.label, locale) for o in question.options}
        return tuple(f"{rank}. {labels.get(v, v)}" for rank, v in enumerate(value, 1))
    if kind == "number":
        return (format_decimal(value, locale),)
    if kind == "date":
        return (date_text(value, locale),)
    if kind == "municipality":
        found = all_municipalities().get(value)
        return (found.name(locale) if found else value,)
    return tuple(str(value).split("\n"))
