"""The templates the site, the annual report and the letters are rendered from (found by importlib.resources)."""
