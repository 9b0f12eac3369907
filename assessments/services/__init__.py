"""Writes and workflows for organisations and assessments. Views call these; they never touch HTTP."""


class ServiceError(Exception):
    """A rule of the domain refused the request; the message is shown to the user as is."""
