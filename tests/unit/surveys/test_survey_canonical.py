"""The canonical JSON form of a definition and its content hash."""

from __future__ import annotations

import json

from surveys import (canonical_json, content_hash, definition_from_dict, load_file, load_text,
                     to_canonical)


def test_canonical_form_is_json_safe_and_round_trips(library_definition):
    data = to_canonical(library_definition)
    assert json.loads(json.dumps(data)) == data
    assert definition_from_dict(json.loads(canonical_json(library_definition))) == \
        library_definition


def test_hash_ignores_formatting_but_not_content(library_path):
    text = (library_path / "jarjestokysely.yaml").read_text(encoding="utf-8")
    original = content_hash(load_text(text))
    reformatted = "# a comment\n" + text.replace("key: jarjestokysely", "key:   jarjestokysely")
    assert content_hash(load_text(reformatted)) == original
    changed = text.replace("fi: Jäsenmäärä", "fi: Jäsenten määrä")
    assert content_hash(load_text(changed)) != original
    assert len(original) == 64


def test_json_file_of_canonical_form_loads_equal(library_definition, tmp_path):
    path = tmp_path / "frozen.json"
    path.write_text(canonical_json(library_definition), encoding="utf-8")
    assert load_file(path) == library_definition
