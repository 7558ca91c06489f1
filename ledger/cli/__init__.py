"""The `relief` command line: a root group and one thin module per command.

Commands are imported only when used (LazyGroup), so `relief --help` stays fast and a
command's heavy imports (weasyprint, fava) cost nothing to the others. To add a command,
add one line to COMMANDS.
"""

from __future__ import annotations

import importlib
import sys

import click

#: command name -> "module:function" (a click.Command)
COMMANDS: dict[str, str] = {
    "init": "ledger.cli.init_cmd:init",
    "check": "ledger.cli.check_cmd:check",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup)
@click.version_option(package_name="relief-ledger")
def cli() -> None:
    """relief-ledger: the books, checks and public account of a relief fund.

    BOOKS is the main .beancount file or the folder holding main.beancount.
    """


def main() -> None:
    """Console entry point: never a traceback for a user's mistake."""
    try:
        cli(prog_name="relief")
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing more was written.", err=True)
        sys.exit(130)
