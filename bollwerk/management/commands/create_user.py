import os

from bollwerk.management.base import BollwerkCommand
from bollwerk.models import Role
from bollwerk.services.tenancy import member_add


class Command(BollwerkCommand):
    help = "Create a user (or add an existing one) as member of an organization with a role."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("email")
        parser.add_argument("--org", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="full name")

    def handle(self, *args, **o):
        org = self.org(o["org"])
        password = os.environ.get("BOLLWERK_PASSWORD") or None
        membership = member_add(
            organization=org,
            email=o["email"],
            role=o["role"],
            password=password,
            full_name=o["name"],
        )
        self.emit(
            o,
            {"email": membership.user.email, "org": org.slug, "role": membership.role},
            f"{membership.user.email} is {membership.role} of {org.slug}."
            + (
                "" if password else " No password set: set BOLLWERK_PASSWORD or send an invitation."
            ),
        )
