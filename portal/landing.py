"""Messages shown where a redirect lands.

After an action in the middle of a long page (a comment, a grant, a decision), the redirect opens the
page at that part (`#auditors-heading`), so the message at the top of the page is off screen at 390 px.
A message tagged with the part is also shown there. The one at the top stays the page's `role=status`
region, so a screen reader hears it once, and a part that shows no copy loses nothing.
"""

from django.contrib import messages
from django.http import HttpRequest

PREFIX = "part-"


def tag(part: str) -> str:
    """The `extra_tags` that mark a message as belonging to `part` (an id on the page)."""
    return f"{PREFIX}{part.lstrip('#')}" if part else ""


def messages_at(request: HttpRequest, part: str) -> list:
    """The messages of this response that belong to `part`."""
    wanted = tag(part)
    return [m for m in messages.get_messages(request) if wanted and wanted in m.extra_tags.split()]
