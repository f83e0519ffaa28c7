"""The action plan's link on the task-force menu (``gugustugas.menu``)."""

from gugustugas.menu import MenuEntry, register

register(
    MenuEntry(
        label=lambda task_force: "RAN" if task_force.is_national else "RAD",
        url_name="actionplans:plan_list",
        order=10,
        module="plans",
        pages=("actionplans:*",),
    )
)
