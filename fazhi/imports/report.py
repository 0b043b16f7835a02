"""What an import answers: how many rows it wrote, or every error with its row and column."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number the user sees in Excel (the header is row 1); None: the whole file
    column: str  # the column's Chinese header; "" when the error concerns the whole row or file
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{self.column}”")
        return ("，".join(where) + "：" if where else "") + self.message


@dataclass
class ImportResult:
    kind: str
    total: int = 0  # data rows in the file
    rows: int = 0  # rows written (0 when anything failed: all or nothing)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "total": self.total, "rows": self.rows,
                "errors": [e.as_dict() for e in self.errors]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls(kind=data.get("kind", ""), total=data.get("total", 0), rows=data.get("rows", 0),
                   errors=[RowError(**e) for e in data.get("errors", [])])


class FileRejected(Exception):
    """The file cannot be read as this kind at all (not a spreadsheet, wrong headers, empty…)."""

    def __init__(self, errors: list[RowError] | str):
        if isinstance(errors, str):
            errors = [RowError(None, "", errors)]
        self.errors = errors
        super().__init__("；".join(str(e) for e in errors))
