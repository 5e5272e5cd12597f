"""A separate writer process for the concurrency test: appends COUNT entries, one transaction each."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawtrail.settings")

import django  # noqa: E402

django.setup()

from lawtrail.ledger import store  # noqa: E402


def main(worker: int, count: int) -> None:
    for i in range(count):
        store.append("test.concurrent", f"writer:{worker}", {"worker": worker, "i": i})


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
