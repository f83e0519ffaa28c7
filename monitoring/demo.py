"""Demo data of the monitoring app, one module per topic."""

from monitoring import demo_forms, demo_statistics


def seed() -> list:
    return demo_statistics.seed() + demo_forms.seed()
