"""The reporting app's pages: progress reports (`reports`), the public listing (`listing`), the
public portal (`portal`) and its open data downloads (`opendata`)."""
