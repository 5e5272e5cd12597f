"""The `lawtrail` command: Django's management commands under one name.

    lawtrail serve | verify | demo | checkpoint | import-officers | import-powers | migrate | …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else ["lawtrail", *argv])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawtrail.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
