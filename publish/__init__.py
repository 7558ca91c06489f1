"""Publishing: the public model (allow-listed), the static site and PDFs."""
