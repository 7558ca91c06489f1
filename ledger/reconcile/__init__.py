"""Month end: reconcile a period against statements and counts, and keep closed periods closed.

Kept light on purpose: the closed_period plugin imports `closes` and `digest` on every
load of the books, so nothing heavy (jinja2, click) is imported here.
"""
