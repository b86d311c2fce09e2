"""Reading YAML or JSON text into plain Python values, within size limits and with line marks."""

from __future__ import annotations

import json
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import N_, phrase
from .schema import Checker, child

# A survey nests a few levels deep (pages, questions, options, texts by language), and the largest
# real one expands to a few thousand values. These limits stop a file of aliases that expand to
# gigabytes ("billion laughs") or of nesting that overflows Python's stack, before anything is built.
MAX_DEPTH = 40
MAX_VALUES = 100_000
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                        ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"))


def parse_document(text: str, checker: Checker) -> Any:
    """The plain values (dicts, lists, scalars) of a YAML or JSON document, or None when it cannot be read.

    Every problem goes to ``checker`` with its line, and each value's line is marked in
    ``checker.marks`` by its path, so later messages can name the line.
    """
    try:
        if not _within_limits(text, checker):
            return None
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        if text.lstrip().startswith(("{", "[")):
            try:
                return json.loads(text)
            except json.JSONDecodeError as json_exc:
                checker.problem("", phrase(N_("the file is not valid JSON: %(reason)s (column %(column)s)"),
                                           reason=json_exc.msg, column=json_exc.colno), line=json_exc.lineno)
                return None
            except RecursionError:
                checker.problem("", phrase(N_("the file nests lists and mappings more than %(depth)s levels "
                                              "deep; a survey needs far fewer"), depth=MAX_DEPTH))
                return None
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        if mark:
            message = phrase(N_("the file is not valid YAML: %(reason)s (column %(column)s); texts containing "
                                "':', '?', ',' or '#' inside {...} need quotes"), reason=reason, column=mark.column + 1)
        else:
            message = phrase(N_("the file is not valid YAML: %(reason)s; texts containing ':', '?', ',' or '#' "
                                "inside {...} need quotes"), reason=reason)
        checker.problem("", message, line=mark.line + 1 if mark else None)
        return None
    if node is None:
        checker.problem("", phrase(N_("the file is empty; a survey needs key, title and pages")))
        return None
    return _to_python(node, "", checker, SafeConstructor())


def _within_limits(text: str, checker: Checker) -> bool:
    """Whether the document stays within MAX_DEPTH and, aliases expanded, MAX_VALUES.

    Reads the parser's event stream, which needs neither recursion nor memory for the expanded
    document, so that nothing is composed from a file that would not fit. Raises yaml.YAMLError
    on a syntax error, as composing would.
    """
    open_nodes: list[list[Any]] = []  # [anchor, values inside so far] per open list or mapping
    sizes: dict[str, int] = {}
    total = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
            continue
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            open_nodes.append([event.anchor, 1])
            if len(open_nodes) > MAX_DEPTH:
                checker.problem("", phrase(N_("the lists and mappings are nested more than %(depth)s levels "
                                              "deep here; a survey needs far fewer"), depth=MAX_DEPTH), line=line)
                return False
            size = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _size in open_nodes):
                checker.problem("", phrase(N_("the alias *%(alias)s refers to a value that contains it, which "
                                              "never ends; copy the value instead"), alias=event.anchor), line=line)
                return False
            size = sizes.get(event.anchor, 1)
            if open_nodes:
                open_nodes[-1][1] += size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor is not None:
                sizes[event.anchor] = size
            if open_nodes:
                open_nodes[-1][1] += size
        else:
            continue
        total += size
        if total > MAX_VALUES:
            checker.problem("", phrase(N_("the file holds more than %(count)s values once its aliases (*name) "
                                          "are expanded; a survey needs far fewer, so this looks like an "
                                          "alias bomb"), count=f"{MAX_VALUES:,}"), line=line)
            return False
    return True


def _to_python(node: Node, path: str, checker: Checker, constructor: SafeConstructor) -> Any:
    checker.marks.setdefault(path, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        # Explicit tags (!!python/object, !custom) could make a value of any type: refuse them all.
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        checker.problem(path, phrase(N_("the tag %(tag)s is not allowed in a survey file; write plain text, "
                                        "numbers, lists and mappings"), tag=shown), line=node.start_mark.line + 1)
        return None
    if isinstance(node, MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                checker.problem(path, phrase(N_("merge keys (<<) are not supported; use an anchor (&name) on the "
                                                "whole value and an alias (*name)")), line=line)
                continue
            if not isinstance(key_node, ScalarNode):
                checker.problem(path, phrase(N_("a key must be plain text")), line=line)
                continue
            key = _scalar(key_node, path, checker, constructor)
            key_path = child(path, str(key))
            if key in out:
                checker.problem(key_path, phrase(N_("duplicate key %(key)s: it is already given on line "
                                                    "%(line)s; keep only one"),
                                                 key=repr(key), line=checker.marks.get(key_path)), line=line)
                continue
            checker.marks[key_path] = line
            out[key] = _to_python(value_node, key_path, checker, constructor)
        return out
    if isinstance(node, SequenceNode):
        return [_to_python(item, child(path, i), checker, constructor)
                for i, item in enumerate(node.value)]
    return _scalar(node, path, checker, constructor)


def _scalar(node: Node, path: str, checker: Checker, constructor: SafeConstructor) -> Any:
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        checker.problem(path, phrase(N_("cannot read the value %(value)s: %(reason)s"),
                                     value=repr(node.value), reason=str(exc)), line=node.start_mark.line + 1)
        return None
