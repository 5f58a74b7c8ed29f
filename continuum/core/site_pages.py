"""The pages every federal site carries (About, Accessibility statement, Privacy policy, FOIA,
No FEAR Act), written for this site. Each is public and named in the access map; the USWDS
identifier in the footer links to them, and to the Inspector General and USA.gov outside."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

#: URL slug -> (URL name, page title, template). The footer lists them in this order.
SITE_PAGES: dict[str, tuple[str, str, str]] = {
    "about": ("core:about", _("About Continuum"), "core/site/about.html"),
    "accessibility": (
        "core:accessibility",
        _("Accessibility statement"),
        "core/site/accessibility.html",
    ),
    "privacy": ("core:privacy", _("Privacy policy"), "core/site/privacy.html"),
    "foia": ("core:foia", _("Freedom of Information Act (FOIA)"), "core/site/foia.html"),
    "no-fear-act": ("core:no_fear_act", _("No FEAR Act data"), "core/site/no_fear_act.html"),
}
