import os
import random
import secrets
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from bollwerk import demo
from bollwerk.management.base import BollwerkCommand
from bollwerk.models import Organization, Role, User
from bollwerk.services.tenancy import member_add, organization_create

DEMO_PEOPLE = [
    ("isb", "Ines Sommer", Role.SECURITY_OFFICER),
    ("pruefer", "Paul Prüfer", Role.AUDITOR),
    ("einkauf", "Erika Kaufmann", Role.PROCUREMENT),
    ("leser", "Lars Leser", Role.VIEWER),
]


class Command(BollwerkCommand):
    help = (
        "Create the fictional utility 'Stadtwerke Musterstadt' (deterministic for a given --seed)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--org", default="musterstadt")
        parser.add_argument("--assets", type=int, default=300)
        parser.add_argument("--components", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when any organization exists (used by `make run`)",
        )
        parser.add_argument("--credentials-file", help="write the demo logins to this file")

    def handle(self, *args, **o):
        if o["assets"] < 0 or o["components"] < 0:
            raise CommandError("--assets and --components must not be negative")
        if o["if_empty"] and Organization.objects.exists():
            self.emit(
                o, {"org": None, "skipped": True}, "Database not empty; demo data not loaded."
            )
            return
        if Organization.objects.filter(slug=o["org"]).exists():
            raise CommandError(f"organization {o['org']!r} exists already; choose another --org")
        password = os.environ.get("BOLLWERK_PASSWORD") or secrets.token_urlsafe(12)
        with transaction.atomic():
            org = organization_create(
                slug=o["org"],
                name="Stadtwerke Musterstadt GmbH",
                sectors=["electricity", "drinking_water", "wastewater", "telecom"],
                employees=240,
                turnover_eur=Decimal("78000000"),
                balance_sheet_eur=Decimal("112000000"),
                legal_form="gmbh",
                public_ownership_share=Decimal("100"),
                federal_state="Niedersachsen",
            )
            domain = f"{o['org']}.example"
            for local, name, role in DEMO_PEOPLE:
                email = f"{local}@{domain}"
                if User.objects.filter(email=email).exists():
                    member_add(organization=org, email=email, role=role)
                else:
                    member_add(
                        organization=org, email=email, role=role, password=password, full_name=name
                    )
            ctx = demo.DemoContext(
                organization=org,
                rng=random.Random(o["seed"]),  # noqa: S311 - deterministic demo data
                assets=o["assets"],
                components=o["components"],
            )
            ctx.counts.update({"org": org.slug, "people": len(DEMO_PEOPLE)})
            for _order, _name, seeder in demo.seeders():
                seeder(ctx)
        ctx.counts.setdefault("assets", 0)
        ctx.counts.setdefault("components", 0)
        lines = [f"Demo organization {org.name} ({org.slug}). Logins (password {password!r}):"]
        lines += [f"  {local}@{domain}  {role.label}" for local, _, role in DEMO_PEOPLE]
        lines.append("At first login you set up an authenticator app (second factor).")
        if o.get("credentials_file"):
            path = Path(o["credentials_file"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            path.chmod(0o600)
        self.emit(o, ctx.counts, "\n".join(lines))
