"""The reporting app's pages: `portal` (the public portal), `opendata` (downloads)."""
