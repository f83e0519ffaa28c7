"""Demo data of the monitoring app, one module per topic."""

from monitoring import demo_forms


def seed() -> list:
    return demo_forms.seed()
