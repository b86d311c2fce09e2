"""Yhteisääni survey engine: definitions, question types, conditions and answers.

Pure Python: imports neither Flask, SQLAlchemy nor WTForms (only the stdlib and PyYAML).
"""

from .answers import (PageResult, answers_from_rows, answers_to_rows, normalise_page, page_plan,
                      prune_hidden, validate_all, visible_pages, visible_questions)
from .canonical import canonical_json, content_hash, missing_locales, to_canonical
from .conditions import (And, Answered, Between, Condition, Equals, GreaterThan, In, LessThan, Not, Or, Unanswered,
                         condition_from_dict, condition_to_dict, evaluate, is_answered,
                         questions_read)
from .definition import Page, SurveyDefinition
from .errors import N_, AnswerError, DefinitionError, DefinitionProblem
from .fields import field_name, other_field, rank_field
from .loader import definition_from_dict, load_file, load_questions_file, load_questions_text, load_text
from .numbers import NumberFormatError, format_decimal, parse_decimal
from .texts import DEFAULT_LOCALE, LOCALES, Text, text
from .types import QUESTION_TYPES, Question, question_type, register_type
from .values import AnswerContext, AnswerRow, Selection

__all__ = [
    "DEFAULT_LOCALE", "LOCALES", "N_", "QUESTION_TYPES", "And", "AnswerContext", "AnswerError",
    "AnswerRow", "Answered", "Between", "Condition", "DefinitionError", "DefinitionProblem", "Equals", "GreaterThan", "In", "LessThan",
    "Not", "NumberFormatError", "Or", "Page", "PageResult", "Question", "Selection",
    "SurveyDefinition", "Text", "Unanswered", "answers_from_rows", "answers_to_rows",
    "canonical_json", "condition_from_dict", "condition_to_dict", "content_hash",
    "definition_from_dict", "evaluate", "field_name", "format_decimal", "is_answered",
    "load_file", "load_questions_file", "load_questions_text", "load_text", "missing_locales", "normalise_page",
    "other_field", "page_plan", "parse_decimal", "prune_hidden", "question_type", "questions_read", "rank_field",
    "register_type", "text", "to_canonical",
    "validate_all", "visible_pages", "visible_questions",
]
