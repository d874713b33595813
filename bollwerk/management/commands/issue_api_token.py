from django.core.management.base import CommandError

from bollwerk.management.base import BollwerkCommand
from bollwerk.models import User
from bollwerk.services.tokens import token_issue


class Command(BollwerkCommand):
    help = "Issue a personal API token (stored hashed); the token is printed once."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("email")
        parser.add_argument("--org", required=True)
        parser.add_argument("--expires-days", type=int, default=90)
        parser.add_argument("--name", default="")

    def handle(self, *args, **o):
        org = self.org(o["org"])
        user = User.objects.filter(email__iexact=o["email"]).first()
        if user is None:
            raise CommandError(f"unknown user {o['email']!r}")
        issued = token_issue(
            user=user, organization=org, name=o["name"], expires_days=o["expires_days"]
        )
        expires = issued.token.expires_at.isoformat() if issued.token.expires_at else None
        self.emit(
            o,
            {"token": issued.clear, "expires": expires},
            f"Token for {user.email} in {org.slug}, expires {expires}:\n{issued.clear}",
        )
