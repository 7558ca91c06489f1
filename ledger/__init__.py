"""relief-ledger's books model: conventions, registries, settings and rules.

Everything that reads the books (importers, publisher, letters, the Fava extension, the
CLI) goes through this package rather than parsing beancount text itself.
"""
