from django.contrib import messages
from django.db import models
from django.shortcuts import redirect


class TransitionError(Exception):
    """A workflow step that is not allowed now; the message says why, for the user.

    Every app's state machine (plans, progress reports, budget lines, MoUs) raises it,
    and views show its message as it is."""


def run_step(request, obj, step, done: str = ""):
    """Run one workflow step for a view: a refusal becomes an error message, success the
    ``done`` message. Redirects to what the step returns when it is a new record (a new
    plan version, a renewed MoU), else back to ``obj``."""
    try:
        result = step()
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(obj)
    if done:
        messages.success(request, done)
    return redirect(result if isinstance(result, models.Model) else obj)
