"""`relief report BOOKS --year Y --out FILE`: the annual public report as one PDF."""

from __future__ import annotations

from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.common import REPORT, books_argument, books_command, check_output_file
from cli.out_folder import OutFile
from cli.templates_folder import TemplatesFolder
from ledger.books import Books
from ledger.errors import bilingual, counted, labelled
from ledger.files import write_failure
from ledger.said import in_zh


@click.command(cls=ReliefCommand)
@books_argument
@click.option("--year", type=click.IntRange(1990, 2100), help="The year (default: the last year with entries).")
@click.option("--out", "out", required=True, type=OutFile(), help="The PDF file to write.")
@click.option("--pdfa", is_flag=True, help="Make a PDF/A-3b file (for archiving).")
@click.option("--templates", type=TemplatesFolder(), help="Your own templates first (report/annual.html, report/annual.css).")
@click.option("--allow-errors", is_flag=True, help="Make the report even when the books have errors (not recommended).")
@books_command(REPORT)
def report(books: Books, year: int | None, out: str, pdfa: bool, templates: str | None, allow_errors: bool) -> None:
    """Write the annual public report of BOOKS as a PDF (A4, contents, page numbers).

    The same report `relief publish` puts on the site (reports/annual-YEAR.pdf), made from
    the public model only: overview, funds, sources and uses, aid by category, honour roll.

    \b
    Examples:
      relief report mybooks --out report.pdf  the last year with entries
      relief report mybooks --year 2025 --out annual-2025.pdf
    """
    import jinja2

    from ledger.errors import ReliefError
    from publish.annual import render_annual_report, years
    from publish.environment import TEMPLATE_MISTAKES, template_failure
    from publish.model_builder import build_public_model, entry_reason
    from publish.pdf import write_atomic
    from publish.withheld import withheld_notes

    check_output_file(out, books, what="the report", kind="a PDF", option="--out", suffixes=(".pdf",),
                      what_zh="报告", kind_zh="PDF 文件")
    out_path = Path(out)
    model = build_public_model(books, None)
    if year is None:
        have = years(model)
        if not have:
            raise click.ClickException(bilingual(f"{books.path}：账簿中还没有分录；没有可报告的内容",
                                                 f"{books.path}: the books have no entries yet; nothing to report"))
        year = have[-1]
    try:
        rendered = render_annual_report(model, year, templates=templates, pdfa=pdfa)
        write_atomic(out_path, rendered.pdf)
    except OSError as exc:
        why = write_failure(out, exc)
        raise click.ClickException(bilingual(f"{out}：无法写入报告（{in_zh(why)}）", f"{out}: cannot write the report ({why})")) from None
    except (jinja2.TemplateError, *TEMPLATE_MISTAKES) as exc:
        # a mistake in the user's own template is theirs to fix (any other is a bug: the crash file)
        where = None if isinstance(exc, ReliefError) else template_failure(exc, templates)
        if where is None:
            raise
        raise click.ClickException(bilingual(f"{in_zh(where)}；请修改模板（报告未写出）", f"{where}; fix the template (the report was not written)")) from None
    for char in rendered.missing_glyphs:
        click.echo(bilingual(f"警告：没有字体能显示 {char}；PDF 在该处显示为空白方框",
                             f"warning: no font can draw {char}; the PDF shows a blank box there"), err=True)
    for note in withheld_notes(books, entry_reason):
        click.echo(labelled("提示：", "note: ", note), err=True)
    click.echo(bilingual(f"共 {rendered.pages} 页", counted(rendered.pages, "page", "pages")), err=True)
    click.echo(str(out_path.resolve()))
