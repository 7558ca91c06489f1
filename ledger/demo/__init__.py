"""Demo books: a fictional city union hardship-assistance centre's year (`relief demo`).

`story` simulates the year (registries and entries), `people` plans donors and cases,
`names` holds the fictional names, `paperwork` the placeholder documents, and `write`
puts it all into books started from the `relief init` template.
"""

from ledger.demo.write import DemoError, write_demo

__all__ = ["DemoError", "write_demo"]
