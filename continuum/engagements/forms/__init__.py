"""Forms of the engagements app, one module per area."""
