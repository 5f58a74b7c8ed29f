"""Every write to the register: keyword-only `<thing>_<verb>(*, actor, ...)`, one transaction,
`full_clean()`, an event on the engagement's timeline."""
