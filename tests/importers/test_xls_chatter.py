"""A damaged XLS file is named in the import's words only: nothing of xlrd's on the output.

Why: xlrd writes its own warnings to standard output (`WARNING *** file size (727) not 512 +
multiple of sector size (512)`, `INFO: Trying to access sector 8 but only 1 available`),
once for each layout that read the file: a cut-off workbook filled the dry run, which is
beancount text, with lines that are neither entries nor comments (breakZ).
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli

ROSTER = Path(__file__).parent / "golden" / "roster" / "roster.xls"


def test_a_cut_off_xls_prints_nothing_of_xlrds(books, tmp_path):
    path = tmp_path / "cut.xls"
    path.write_bytes(ROSTER.read_bytes()[:727])
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "cut.xls: the XLS file is damaged or cut off" in result.output, result.output
    assert "WARNING ***" not in result.output and "INFO:" not in result.output, result.output
    assert all(line.startswith((";", "错误：", "error:", "Error:")) or not line.strip() for line in result.output.splitlines()), result.output
