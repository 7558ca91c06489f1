"""Acknowledgement letters and yearly statements: PRIVATE documents sent to donors.

They carry the donor's legal name, so they are never written into the public site.
model.py builds them from an explicit allow-list; render.py turns them into PDF through the
site's template system; runner.py makes only what changed, on every core.
"""
