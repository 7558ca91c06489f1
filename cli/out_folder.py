"""The --out folder of a command that writes a folder of files (publish, letters, demo).

Why its own type: an empty --out (`--out "$SITE"` with the variable unset, as in a script
or a CI job) is taken by the system for the current folder, so `relief letters BOOKS --out ""`
wrote the donors' letters, with their legal names, into whatever folder the command was run
in (a web server's folder, a shared one). BOOKS is refused when empty for the same reason
(cli/common.py, books_given); so is this folder. `.` still names the current folder.
"""

from __future__ import annotations

from typing import Any

import click


class OutFolder(click.Path):
    """click.Path that refuses an empty (or blank) value instead of reading it as the current folder."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The folder, as click.Path gives it; a usage error naming the option when it is empty."""
        if isinstance(value, str) and not value.strip():
            self.fail("it is empty (an unset variable?), which would mean the current folder; give the folder to write to "
                      "(write . for the current folder)", param, ctx)
        return super().convert(value, param, ctx)
