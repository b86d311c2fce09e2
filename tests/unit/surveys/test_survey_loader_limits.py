"""Hostile survey files: alias bombs, self-referring aliases, deep nesting and Python tags are refused
with a message naming the line, before anything is built."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from surveys import DefinitionError, load_text
from surveys.documents import MAX_DEPTH, MAX_VALUES

# 7 levels of 9-fold aliases: 9**7 (4.8 million) values once expanded, from 300 bytes.
ALIAS_BOMB = "key: bomb\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdef", "bcdefg"))


def _problems(text: str) -> list:
    with pytest.raises(DefinitionError) as info:
        load_text(text if "\n" in text else text + "\n", filename="upload.yaml")
    return info.value.errors


def test_an_alias_bomb_is_refused_quickly_with_its_line():
    assert len(ALIAS_BOMB) < 400
    tracemalloc.start()
    started = time.perf_counter()
    problems = _problems(ALIAS_BOMB)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1 and peak < 20 * 1024 * 1024
    [problem] = problems
    assert "alias" in problem.message and f"{MAX_VALUES:,}" in problem.message
    assert problem.line == 7 and problem.file == "upload.yaml"


def test_an_alias_inside_its_own_value_is_refused_not_a_recursion_error():
    [problem] = _problems("key: loop\ntitle: {fi: Silmukka}\npages: &p [*p]\n")
    assert "*p" in problem.message and "contains it" in problem.message
    assert problem.line == 3


@pytest.mark.parametrize("text", ["[" * 50_000 + "]" * 50_000, '{"a": ' * 50_000 + "1" + "}" * 50_000,
                                  "key: deep\npages:\n" + "".join("  " * i + "- \n" for i in range(1, 200))])
def test_deep_nesting_is_refused_not_a_recursion_error(text):
    started = time.perf_counter()
    [problem] = _problems(text)
    assert time.perf_counter() - started < 3
    assert f"more than {MAX_DEPTH} levels" in problem.message and problem.line is not None


def test_a_survey_with_anchors_and_aliases_within_the_limits_still_loads():
    definition = load_text(
        "key: shared\ntitle: &t {fi: Otsikko, sv: Rubrik}\npages:\n  - key: p1\n    title: *t\n"
        "    questions:\n      - key: q1\n        type: yes_no\n        label: *t\n")
    assert definition.pages[0].title.fi == "Otsikko"


@pytest.mark.parametrize("tagged", ["!!python/object/apply:os.system [echo hacked]",
                                    "!!python/object:collections.OrderedDict {}",
                                    "!!python/name:os.system", "!!binary aGVsbG8="])
def test_python_and_other_explicit_tags_are_refused_with_their_line(tagged):
    problems = _problems(f"key: tags\ntitle: {{fi: Tagit}}\npages:\n  - key: {tagged}\n")
    refused = [p for p in problems if "is not allowed in a survey file" in p.message]
    assert refused and refused[0].line == 4 and refused[0].path == "pages[0].key"
