"""The audit report: HTML (Jinja2) and PDF (WeasyPrint), SVG charts beside their data tables."""

from .html import report_html, report_write

__all__ = ["report_html", "report_write"]
