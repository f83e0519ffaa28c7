class TransitionError(Exception):
    """A workflow step that is not allowed now; the message says why, for the user.

    Every app's state machine (plans, progress reports, budget lines, MoUs) raises it,
    and views show its message as it is."""
