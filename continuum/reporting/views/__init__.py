"""The reporting app's pages: progress reports (`reports`) and the public listing (`listing`)."""
