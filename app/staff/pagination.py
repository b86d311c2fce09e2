"""One page of a staff list: the number from ?page=, its limit and offset, and how many pages there are."""

from dataclasses import dataclass

from flask import request

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    """Page `number` (from 1) of a list shown `size` rows at a time."""

    number: int
    size: int = PAGE_SIZE

    @property
    def limit(self) -> int:
        return self.size

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def context(self, total: int) -> dict:
        """What `_macros/pagination.html` and the list templates show: page, pages and total."""
        return {"page": self.number, "pages": max((total + self.size - 1) // self.size, 1), "total": total}


def requested_page(size: int = PAGE_SIZE) -> Page:
    """The page asked for with ?page= (1 when missing, not a number, or below 1)."""
    return Page(max(request.args.get("page", 1, type=int), 1), size)
