"""What a quality check found: an item, its result, what was found and where."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(Enum):
    PASS = "pass"
    WARN = "warn"
    ERROR = "error"
    SKIP = "skip"  # not checked: the language has no words or formula for it


@dataclass(frozen=True, slots=True)
class Finding:
    """One checked item: its group, name, result, what was found and, if needed, the fix."""

    group: str
    item: str
    status: Status
    detail: str
    where: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "group": self.group,
            "item": self.item,
            "status": self.status.value,
            "detail": self.detail,
            "where": self.where,
        }

    @classmethod
    def from_dict(cls, data: dict[str, str | None]) -> Finding:
        return cls(
            group=str(data["group"]),
            item=str(data["item"]),
            status=Status(data["status"]),
            detail=str(data["detail"]),
            where=data.get("where"),
        )

    @property
    def dated(self) -> bool:
        """Depends on the day it is checked (review dates): never kept, always checked anew."""
        return self.group == "governance"
