"""The base of Bollwerk's management commands (see shared/docs/cli-contract.md).

``--json`` prints exactly one JSON object on stdout. Bad input raises
``CommandError`` with one clear line on stderr and a non-zero exit; every
write is attributed to ``command:<name>`` in the audit trail.
"""

from __future__ import annotations

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bollwerk.services.audit import Actor, acting_as


def validation_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(m for m in msgs)}" for field, msgs in exc.message_dict.items()
        )
    return " ".join(exc.messages)


class BollwerkCommand(BaseCommand):
    json_option = True

    def add_arguments(self, parser):
        if self.json_option:
            parser.add_argument(
                "--json", action="store_true", help="print one JSON object on stdout"
            )

    def execute(self, *args, **options):
        name = type(self).__module__.rsplit(".", 1)[-1]
        with acting_as(Actor(user_id=None, label=f"command:{name}")):
            try:
                return super().execute(*args, **options)
            except ValidationError as exc:
                raise CommandError(validation_message(exc)) from None

    def org(self, slug: str):
        from bollwerk.services.tenancy import organization_get_by_slug

        try:
            return organization_get_by_slug(slug)
        except ValidationError as exc:
            raise CommandError(validation_message(exc)) from None

    def emit(self, options: dict, data: dict, text: str | None = None) -> None:
        """The result: JSON when asked for, else a human line."""
        if options.get("json"):
            sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
        elif text is not None:
            self.stdout.write(text)
