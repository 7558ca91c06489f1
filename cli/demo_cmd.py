"""`relief demo --out DIR`: write the demo books of a fictional centre's year."""

from __future__ import annotations

import shlex
import time
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.out_folder import OutFolder
from ledger.demo import write_demo
from ledger.demo.story import DEFAULT_TRANSACTIONS
from ledger.demo.write import MAX_TRANSACTIONS, MIN_TRANSACTIONS
from ledger.errors import bilingual
from ledger.files import write_failure
from ledger.said import in_zh


@click.command(cls=ReliefCommand)
@click.option("--out", "out", required=True, type=OutFolder(path_type=Path), metavar="DIR",
              help="Folder for the books (new or empty; an earlier demo there is replaced only with --force).")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes byte-identical books.")
@click.option("--transactions", type=click.IntRange(MIN_TRANSACTIONS, MAX_TRANSACTIONS), default=DEFAULT_TRANSACTIONS,
              show_default=True, metavar="N", help="About how many transactions the year has (scales the same story).")
@click.option("--force", is_flag=True, help="Replace the books already in DIR (in one step: the old books stay until the new ones are complete).")
def demo(out: Path, seed: int, transactions: int, force: bool) -> None:
    """Write demo books: one year (2026) of a fictional city union hardship-assistance centre.

    About 300 cases, 150 donors, four kinds of source, restricted funds, aid in all seven
    categories, goods, documents; every rule holds. Names and people are fictional.

    \b
    Examples:
      relief demo --out build/demo                               then: relief serve build/demo
      relief demo --out build/demo --force --transactions 10000  made again, larger
    """
    started = time.perf_counter()
    try:
        main, year = write_demo(out, seed=seed, transactions=transactions, force=force)
    except OSError as exc:
        why = write_failure(out, exc)
        raise click.ClickException(bilingual(f"{out}：无法在此写入（{in_zh(why)}）", f"{out}: cannot write there ({why})")) from None
    seconds = time.perf_counter() - started
    n = year.counts.get('transactions', 0)
    click.echo(bilingual(f"演示账簿已写在 {out}（{n:,} 笔交易，种子 {seed}，{seconds:.1f} 秒）",
                         f"Demo books in {out} ({n:,} transactions, seed {seed}, {seconds:.1f} s)."))
    # the command once, at the line's end (as relief init says it), to copy as it is
    click.echo(bilingual("检查账簿用句末的命令", f"Check them: relief check {shlex.quote(str(main))}"))
    # relief serve: Fava read-only, with the audit views (stock fava also works, and can edit)
    click.echo(bilingual("在 Fava 中审计用句末的命令", f"Audit them in Fava: relief serve {shlex.quote(str(main))}"))
