"""Views of engagements, one module per area. Views are thin: access, form, one service, render."""
