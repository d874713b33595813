from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError

from bollwerk.management.base import BollwerkCommand
from bollwerk.models.tenancy import LegalForm, Sector
from bollwerk.services.tenancy import organization_create


def _decimal(name):
    def parse(value):
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise CommandError(f"--{name}: {value!r} is not a number") from None
        if number < 0:
            raise CommandError(f"--{name}: must not be negative")
        return number

    return parse


class Command(BollwerkCommand):
    help = "Create an organization (tenant) with the facts NIS2/CER classification needs."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--sector", action="append", default=[], choices=Sector.values, dest="sectors"
        )
        parser.add_argument("--employees", type=int)
        parser.add_argument("--turnover-eur", type=_decimal("turnover-eur"))
        parser.add_argument("--balance-sheet-eur", type=_decimal("balance-sheet-eur"))
        parser.add_argument("--legal-form", choices=LegalForm.values, default="")
        parser.add_argument("--public-ownership-share", type=_decimal("public-ownership-share"))
        parser.add_argument("--federal-state", default="")
        parser.add_argument(
            "--kritis", action="store_true", help="designated critical entity (CER/KRITIS)"
        )

    def handle(self, *args, **o):
        if o["employees"] is not None and o["employees"] < 0:
            raise CommandError("--employees: must not be negative")
        from bollwerk.models import Organization

        if Organization.objects.filter(slug=o["slug"]).exists():
            raise CommandError(f"an organization with slug {o['slug']!r} exists already")
        org = organization_create(
            slug=o["slug"],
            name=o["name"],
            sectors=o["sectors"],
            employees=o["employees"],
            turnover_eur=o["turnover_eur"],
            balance_sheet_eur=o["balance_sheet_eur"],
            legal_form=o["legal_form"],
            public_ownership_share=o["public_ownership_share"],
            federal_state=o["federal_state"],
            kritis=o["kritis"],
        )
        self.emit(
            o, {"slug": org.slug, "id": org.pk}, f"Created organization {org.slug} (id {org.pk})."
        )
