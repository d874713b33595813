"""Registers ``fake_app_check`` when imported, as a real app's checks.py does."""

from bollwerk.checks.registry import Check, CheckOutcome, Interval, register

register(
    Check(
        name="fake_app_check",
        title="Fake",
        description="Registered by an app's checks.py",
        run=lambda org, run: CheckOutcome(),
        schedule=Interval(seconds=60),
    )
)
