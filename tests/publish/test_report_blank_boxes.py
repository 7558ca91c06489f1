"""A character no font can draw in the annual report that `relief publish` makes.

A donor's display copied from a WeChat nickname holds emoji ("小明🌸") or a character of the
Private Use Area: the site shows it (a browser has fonts for it), but the annual report,
reports/annual-2026.pdf, draws an empty box in its place on the honour roll. `relief report`
and `relief letters` said so ("no font can draw …; the PDF shows a blank box there");
`relief publish`, which makes the same report for the public, said nothing. It now says it
in a note naming the file, whether the PDF is made in a worker or in the publish itself.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

from .conftest import TEST_SECRET


@pytest.mark.parametrize("jobs", [1, 2])
def test_publish_names_what_the_report_cannot_draw(books_copy, tmp_path, jobs):
    donors = books_copy / "registry" / "donors.beancount"
    donors.write_text(donors.read_text(encoding="utf-8").replace('display: "李红梅"', 'display: "李红梅\ue000"'), encoding="utf-8")
    said = "note: reports/annual-2026.pdf: no font can draw \ue000 (U+E000); the PDF shows a blank box there"
    # the PDF made in a worker (jobs 2) or in the publish itself (jobs 1)
    result = CliRunner().invoke(cli, ["publish", str(books_copy), "--out", str(tmp_path / "site"), "--jobs", str(jobs)],
                                env={"RELIEF_SITE_SECRET": TEST_SECRET})
    assert result.exit_code == 0, result.output
    said = "提示：reports/annual-2026.pdf：没有字体能显示 \ue000 (U+E000)；PDF 中那里是一个空白方框。 " + said  # Chinese first
    assert [line for line in result.output.splitlines() if "blank box" in line] == [said], result.output
