"""Where LawTrail keeps its local state (database, keys, files) — no Django imports."""

from __future__ import annotations

import os
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parents[2]


def var_dir() -> Path:
    """The state directory: $LAWTRAIL_VAR, else ./var of a source checkout, else ./var of the cwd."""
    env = os.environ.get("LAWTRAIL_VAR")
    if env:
        return Path(env).resolve()
    if (SOURCE_ROOT / "pyproject.toml").exists():
        return SOURCE_ROOT / "var"
    return Path.cwd() / "var"
