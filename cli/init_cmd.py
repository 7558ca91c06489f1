"""`relief init DIR`: start new books from the template."""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from ledger.errors import bilingual
from ledger.files import write_failure
from ledger.init_books import init_books, stopped_inits
from ledger.said import in_zh


@click.command(cls=ReliefCommand)
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--name-zh", default="困难职工帮扶中心", show_default=True, help="The centre's name in Chinese.")
@click.option("--name-en", default="Hardship Assistance Centre", show_default=True, help="The centre's name in English.")
@click.option("--year", type=click.IntRange(1990, 2100), help="The first year of the books (default: this year).")
def init(directory: Path, name_zh: str, name_en: str, year: int | None) -> None:
    """Start new books in DIR (which must not exist yet, or be empty).

    \b
    Examples:
      relief init mybooks              new books of this year in mybooks/
      relief init mybooks --name-zh 某市总工会困难职工帮扶中心 --name-en "City Hardship Centre"
      relief init mybooks --year 2024  books that begin on 2024-01-01

    Then put the centre's own facts, site_url first, into mybooks/settings.beancount
    (docs/books.md, "Settings") and check the books: relief check mybooks.
    """
    left = stopped_inits(directory)
    try:
        main = init_books(directory, name_zh=name_zh, name_en=name_en, year=year)
    except OSError as exc:
        why = write_failure(directory, exc)
        raise click.ClickException(bilingual(f"{directory}：无法在此写入（{in_zh(why)}）", f"{directory}: cannot write there ({why})")) from None
    for path in left:
        if not path.exists():
            click.echo(bilingual(f"已删除 {path}：此前一次被中止的 relief init 留下的未完成文件夹",
                                 f"removed {path}: the unfinished folder of an earlier relief init that was stopped part way"))
    click.echo(bilingual(f"新账簿已建在 {directory}，可用句末的命令检查",
                         f"New books in {directory}. Check them with: relief check {shlex.quote(str(main))}"))
