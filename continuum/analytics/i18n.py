"""Translation marker for the library's user-facing texts.

The library has no Django import, so it marks its messages with the standard library's
``gettext`` under the ``continuum`` domain; the web app can install a translation for it.
"""

import gettext as _gettext

_translation = _gettext.translation("continuum", fallback=True)


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
