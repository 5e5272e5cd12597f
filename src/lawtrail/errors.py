"""Errors raised by actions. Web views show them beside the fields; the API returns them as 4xx JSON."""

from __future__ import annotations

from typing import Any

NON_FIELD = "__all__"


class ActionError(Exception):
    """Bad input: `errors` maps a field name (or "__all__") to messages saying what is wrong and what is
    expected. `rows` carries per-row errors of an import."""

    status = 400

    def __init__(self, errors: dict[str, list[str]] | str, *, rows: list[dict[str, Any]] | None = None):
        if isinstance(errors, str):
            errors = {NON_FIELD: [errors]}
        self.errors = {k: [str(m) for m in v] for k, v in errors.items()}
        self.rows = rows or []
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"errors": self.errors}
        if self.rows:
            out["rows"] = self.rows
        return out


class NotAllowed(ActionError):
    status = 403
