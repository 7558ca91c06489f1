"""The relief-fund rules as beancount plugins (one rule per module; `rules` bundles them)."""
