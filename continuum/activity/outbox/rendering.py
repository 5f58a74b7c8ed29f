"""Rendering message templates: plain text, no HTML escaping, no access to files or URLs.

The engine has no template loaders and no `{% include %}`/`{% extends %}`, and loads no tag
libraries, so a template an administrator writes can only use the variables it is given and
Django's built-in tags and filters.
"""

from __future__ import annotations

import re
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

ENGINE = Engine(
    loaders=[],
    autoescape=False,
    libraries={},
    builtins=["django.template.defaulttags", "django.template.defaultfilters"],
)

#: What a message subject may hold (Django refuses newlines in headers).
SUBJECT_MAX = 255


def template_errors(text: str) -> str:
    """A plain message saying why `text` is not a valid template; empty when it is."""
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        return _(
            "This is not a valid template: %(error)s. Check that every {{ has its }}, every "
            "{%% has its %%}, and every {%% if %%} its {%% endif %%}."
        ) % {"error": error}
    return ""


def render_text(text: str, context: dict[str, Any]) -> str:
    return ENGINE.from_string(text).render(Context(context, autoescape=False))


def render_subject(text: str, context: dict[str, Any]) -> str:
    """One line, spaces collapsed, cut to the longest subject we store."""
    return " ".join(render_text(text, context).split())[:SUBJECT_MAX]


def reply_to_address() -> str:
    """Where replies to every email go (`CONTINUUM["REPLY_TO_EMAIL"]`; empty when unset)."""
    from django.conf import settings

    return settings.CONTINUUM.get("REPLY_TO_EMAIL", "")


def reply_footer() -> str:
    """The line every email ends with: how to answer it, in plain words."""
    from django.conf import settings

    address = reply_to_address()
    phone = settings.CONTINUUM.get("HELP_PHONE", "")
    if not address and not phone:
        return ""
    if address and phone:
        line = _(
            "To answer, reply to this email: replies go to %(address)s, which program staff "
            "read. Or call the COPS Office Response Center at %(phone)s."
        )
    elif address:
        line = _(
            "To answer, reply to this email: replies go to %(address)s, which program staff read."
        )
    else:
        line = _("To answer, call the COPS Office Response Center at %(phone)s.")
    return "\n--\n" + line % {"address": address, "phone": phone} + "\n"


def render_body(text: str, context: dict[str, Any]) -> str:
    """Trailing spaces dropped, runs of blank lines folded into one (left by `{% if %}`s)."""
    body = "\n".join(line.rstrip() for line in render_text(text, context).splitlines())
    return re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
