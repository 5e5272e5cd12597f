"""`lawtrail openapi [--output docs/openapi.json]`: write the API's OpenAPI document (committed in docs/)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from lawtrail.api.urls import api


def document() -> str:
    """The document in English (field titles come from translatable model labels), so the committed
    file does not depend on the language active when it was made."""
    with translation.override("en"):
        return json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"), ensure_ascii=False, indent=2,
                          sort_keys=True, cls=DjangoJSONEncoder) + "\n"


class Command(BaseCommand):
    help = "Write the OpenAPI document of /api/v1/."

    def add_arguments(self, parser):
        parser.add_argument("--output", default="-")

    def handle(self, *args, **options):
        text = document()
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
