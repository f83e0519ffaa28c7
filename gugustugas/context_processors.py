from gugustugas import access
from gugustugas.models import role_title


def navigation(request):
    """The user's task forces and roles, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def items():
        task_forces = {tf.pk: tf for tf in access.home_task_forces(user)}
        for seat in access.seats(user):
            yield task_forces[seat.task_force_id], role_title(seat.role, seat.level)

    return {"nav_seats": items}
