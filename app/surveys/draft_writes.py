"""A draft page written: the page's answer rows replaced and the response's new column values stored, under the
check that nobody saved the response since it was loaded — one statement on PostgreSQL, three on SQLite.

Each statement is a round trip to PostgreSQL, and on a busy machine each round trip is a wait for the server
to get a core: a draft save is the POST a respondent makes most, so on PostgreSQL its three writes are one
data-modifying WITH. There the DELETE and the INSERT take the response's id from the UPDATE's RETURNING, so they
write nothing when the revision check matched no row, and the three run as one statement: atomic, under the
UPDATE's row lock. SQLite has no data-modifying WITH; its statements run in the request's transaction, the UPDATE
last, so a stale revision rolls the other two back with it.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, text, update

from app.extensions import db
from app.models import Answer, Response
from app.table_generations import touch_tables

_answers = Answer.__table__
_responses = Response.__table__

# PostgreSQL: the answers go in as one JSON array of objects, a parameter made by the json module's C encoder
# (an array per column went through psycopg's dumpers in Python, some 170 function calls per save), in their order
# (the rows' ids keep it, and reading orders by id). The SQLite statements are built once on the tables: plain
# rows, no ORM work.
_WRITE_DRAFT_PAGE = text("""
WITH updated AS (
    UPDATE survey_responses
    SET language = :language, current_page = :current_page, municipality_code = :municipality_code,
        sector = :sector, updated_at = :updated_at, typed_input = :typed_input, revision = :loaded_revision + 1
    WHERE id = :response_id AND revision = :loaded_revision
    RETURNING id, survey_id
), deleted AS (
    DELETE FROM survey_answers
    WHERE response_id = (SELECT id FROM updated) AND question_key = ANY(CAST(:stale_keys AS VARCHAR[]))
), inserted AS (
    INSERT INTO survey_answers (response_id, survey_id, question_key, option, "row", value_text, value_number)
    SELECT updated.id, updated.survey_id, new.question_key, new.option, new."row", new.value_text, new.value_number
    FROM updated, ROWS FROM (json_to_recordset(CAST(:rows AS JSON)) AS (
             question_key VARCHAR, option VARCHAR, "row" VARCHAR, value_text TEXT, value_number FLOAT8))
         WITH ORDINALITY AS new(question_key, option, "row", value_text, value_number, position)
    ORDER BY new.position
)
SELECT count(*) FROM updated
""").bindparams(bindparam("updated_at", type_=_responses.c.updated_at.type))

_DELETE_PAGE_ANSWERS = delete(_answers).where(_answers.c.response_id == bindparam("response_id"),
                                              _answers.c.question_key.in_(bindparam("stale_keys", expanding=True)))
_INSERT_ANSWERS = insert(_answers)
_UPDATE_DRAFT = update(_responses).where(_responses.c.id == bindparam("response_id"),
                                         _responses.c.revision == bindparam("loaded_revision"))


def writes_in_one_statement() -> bool:
    """Whether `write_draft_page` is one statement here (PostgreSQL): atomic without a transaction around it."""
    return db.engine.dialect.name == "postgresql"


def write_draft_page(response_id: int, survey_id: int, loaded_revision: int, stale_keys: Sequence[str],
                     rows: Sequence[Mapping[str, Any]], values: Mapping[str, Any]) -> bool:
    """Replace the response's answer rows of `stale_keys` by `rows` and set its `values` (language, current_page,
    municipality_code, sector, updated_at, typed_input) with the revision one up, if its revision is still
    `loaded_revision`; False (nothing written) when it is not.

    `rows` are the new answer rows: question_key, option, row, value_text, value_number (a float or None).
    """
    # On the session's connection: the session's own execute costs more than the statement's Core execution, and
    # this statement needs none of it (no objects, no autoflush); the tables' counters are named here instead.
    connection = db.session.connection()
    touch_tables(db.session, (Response, Answer))
    if writes_in_one_statement():
        written = connection.execute(_WRITE_DRAFT_PAGE, {
            **values, "response_id": response_id, "loaded_revision": loaded_revision, "stale_keys": list(stale_keys),
            "rows": json.dumps(rows, allow_nan=False)})
        return written.scalar_one() == 1
    if stale_keys:
        connection.execute(_DELETE_PAGE_ANSWERS, {"response_id": response_id, "stale_keys": list(stale_keys)})
    if rows:
        connection.execute(_INSERT_ANSWERS, [{**row, "response_id": response_id, "survey_id": survey_id}
                                             for row in rows])
    written = connection.execute(_UPDATE_DRAFT, {**values, "response_id": response_id,
                                                 "loaded_revision": loaded_revision, "revision": loaded_revision + 1})
    return written.rowcount == 1
