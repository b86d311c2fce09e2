"""Small-cell suppression for publication: which counts to hide so that none can be recognised or
worked out from the others."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

Cell = TypeVar("Cell", bound=Hashable)


def suppressed_cells(cells: Mapping[Cell, int], groups: Iterable[Iterable[Cell]], min_cell: int,
                     hidden: Iterable[Cell] | None = None) -> set[Cell]:
    """The cells a publication hides: primary and secondary suppression, as statistical offices do.

    Primary: every count from 1 to min_cell - 1 (or the cells `hidden` names instead). A group is
    cells whose sum is shown or can be worked out (a single-choice question's options add up to its
    N, a crosstab row to its total), so one hidden cell in it is that sum minus the others. In
    every group with a hidden cell the smallest shown non-zero cells are hidden too, until the
    hidden cells are at least two, hold at least min_cell respondents together (their sum is
    known) and are not all ones (hidden cells are never zero, so k of them adding up to k are
    1 each). Zeros are never picked: they add nothing to the hidden sum. Hiding a cell can break
    another group that shares it (a crosstab's rows and columns), so the groups are checked again
    until none changes. A group whose every non-zero cell is hidden stays as it is.
    """
    out = {key for key, count in cells.items() if 0 < count < min_cell} if hidden is None else set(hidden)
    groups = [list(group) for group in groups]
    changed = bool(out)
    while changed:
        changed = False
        for group in groups:
            concealed = [cells[key] for key in group if key in out]
            while concealed and not (len(concealed) >= 2 and sum(concealed) >= min_cell
                                     and sum(concealed) > len(concealed)):
                shown = [key for key in group if key not in out and cells[key] > 0]
                if not shown:
                    break
                smallest = min(shown, key=cells.__getitem__)
                out.add(smallest)
                concealed.append(cells[smallest])
                changed = True
    return out
