"""What changed between two versions of a survey: questions added, removed, moved, and texts changed."""

from dataclasses import dataclass, field

from surveys import LOCALES, SurveyDefinition, to_canonical


@dataclass
class VersionChanges:
    """Question keys added and removed, and (question or page key, what, locale, before, after) per changed text."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    texts: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    pages_added: list[str] = field(default_factory=list)
    pages_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any((self.added, self.removed, self.moved, self.settings, self.texts, self.pages_added,
                        self.pages_removed))


def _texts(value, path: str, out: dict[str, dict]) -> None:
    if isinstance(value, dict) and value and set(value) <= set(LOCALES) and all(isinstance(v, str) for v in value.values()):
        out[path] = value
    elif isinstance(value, dict):
        for name, item in value.items():
            _texts(item, f"{path}.{name}" if path else name, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _texts(item, f"{path}[{index}]", out)


def _without_texts(value):
    if isinstance(value, dict) and value and set(value) <= set(LOCALES):
        return None
    if isinstance(value, dict):
        return {name: _without_texts(item) for name, item in value.items()}
    if isinstance(value, list):
        return [_without_texts(item) for item in value]
    return value


def compare_versions(old: SurveyDefinition, new: SurveyDefinition) -> VersionChanges:
    """The changes from `old` to `new`, questions matched by key and pages by key."""
    changes = VersionChanges()
    old_pages = {p.key: p for p in old.pages}
    new_pages = {p.key: p for p in new.pages}
    changes.pages_added = [key for key in new_pages if key not in old_pages]
    changes.pages_removed = [key for key in old_pages if key not in new_pages]
    old_questions = {q.key: (old.page_of(q.key).key, q) for q in old.questions()}
    new_questions = {q.key: (new.page_of(q.key).key, q) for q in new.questions()}
    changes.added = [key for key in new_questions if key not in old_questions]
    changes.removed = [key for key in old_questions if key not in new_questions]
    pairs = [(f"page {key}", old_pages[key], new_pages[key]) for key in new_pages if key in old_pages]
    pairs = [(key, _page_only(a), _page_only(b)) for key, a, b in pairs]
    pairs.append(("survey", {"title": to_canonical(old).get("title"), "description": to_canonical(old).get("description")},
                  {"title": to_canonical(new).get("title"), "description": to_canonical(new).get("description")}))
    for key in new_questions:
        if key in old_questions:
            (old_page, old_q), (new_page, new_q) = old_questions[key], new_questions[key]
            if old_page != new_page:
                changes.moved.append(key)
            pairs.append((key, _question(old_q), _question(new_q)))
    for owner, before, after in pairs:
        if _without_texts(before) != _without_texts(after):
            changes.settings.append(owner)
        old_texts, new_texts = {}, {}
        _texts(before, "", old_texts)
        _texts(after, "", new_texts)
        for path in dict.fromkeys([*old_texts, *new_texts]):
            for locale in LOCALES:
                was, now = old_texts.get(path, {}).get(locale, ""), new_texts.get(path, {}).get(locale, "")
                if was != now:
                    changes.texts.append((owner, path, locale, was, now))
    return changes


def _page_only(page) -> dict:
    data = to_canonical(page)
    data.pop("questions", None)
    return data


def _question(question) -> dict:
    return to_canonical(question)


