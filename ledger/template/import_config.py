"""beangulp import configuration for these books: used by Fava's import page and `relief import`.

Bank profiles beyond the built-in ones can be added here (docs/importing.md).
"""

from importers.config import importers_for_books

CONFIG = importers_for_books(__file__)
HOOKS = []
