import sys

from bollwerk.management.base import BollwerkCommand
from bollwerk.services.health import check_broker, check_database


class Command(BollwerkCommand):
    help = "Check that the database and the Celery broker are reachable; one clear line if not."

    def handle(self, *args, **o):
        db, broker = check_database(), check_broker(timeout=3)
        self.emit(o, {"database": db, "broker": broker})
        problems = []
        if not db["ok"]:
            problems.append(f"Cannot reach the database (DATABASE_URL): {db['error']}")
        if not broker["ok"]:
            problems.append(
                f"Cannot reach the Celery broker at {broker['url']} (CELERY_BROKER_URL): "
                f"{broker.get('error', 'not writable')}"
            )
        for line in problems:
            sys.stderr.write(line + "\n")
        if problems:
            raise SystemExit(1)
