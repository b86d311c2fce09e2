"""Question types, one module per family, registered by type name on import."""

from .base import Question
from .choice import MultipleChoice, Option, SingleChoice, YesNo
from .dates import Date
from .info import Info
from .municipality import Municipality
from .number import Number
from .ranking import Ranking
from .registry import QUESTION_TYPES, DuplicateQuestionType, question_type, register_type
from .scale import CANNOT_SAY, Likert, Matrix, MatrixRow
from .text import Email, LongText, ShortText

__all__ = [
    "CANNOT_SAY", "QUESTION_TYPES", "Date", "DuplicateQuestionType", "Email", "Info", "Likert",
    "LongText", "Matrix", "MatrixRow", "MultipleChoice", "Number", "Option", "Question",
    "Ranking", "ShortText", "SingleChoice", "YesNo", "question_type", "register_type",
]
