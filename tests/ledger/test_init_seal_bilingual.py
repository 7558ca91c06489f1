"""`relief init`'s messages and the seal's, Chinese first like the rules (ledger.errors.bilingual).

`relief init` refused a folder in use, a name with a newline, an empty name, and said where
the new books are, in English only; a seal image that cannot be drawn on a letter was
refused in English only, while the same seal's other problems (the settings rule) were
bilingual. They now speak Chinese first, the English after it unchanged.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.seal import read_seal


def run(*args):
    return CliRunner().invoke(cli, ["init", *map(str, args)])


def test_init_speaks_chinese_first(tmp_path):
    done = run(tmp_path / "books")
    assert done.exit_code == 0
    assert done.output.index("新账簿") < done.output.index("New books in")
    used = run(tmp_path / "books")
    assert used.exit_code == 1 and "已存在且不是空文件夹" in used.output and "already exists and is not empty" in used.output
    assert used.output.index("已存在") < used.output.index("already exists")
    newline = run(tmp_path / "b2", "--name-zh", "帮扶中心\n2026")
    assert newline.exit_code == 1 and "含有控制字符" in newline.output and "holds a control character" in newline.output
    empty = run(tmp_path / "b3", "--name-en", " ")
    assert empty.exit_code == 1 and "中心名称为空" in empty.output and "the centre's name is empty" in empty.output
    hidden = run(tmp_path / "b4", "--name-zh", "市\u200b总工会")
    assert hidden.exit_code == 1 and hidden.output.index("看不见的字符") < hidden.output.index("contains invisible characters")
    bracket = run(tmp_path / "帮扶账簿[2026]")
    assert bracket.exit_code == 1 and bracket.output.index("[ 或 ]") < bracket.output.index("holds [ or ]")


def test_a_seal_that_cannot_be_used_is_told_in_both_languages(tmp_path):
    try:
        read_seal("documents/seal.png", tmp_path)
    except ValueError as exc:
        said = str(exc)
    assert said.index("没有文件") < said.index("no such file")


def test_init_on_a_file_says_it_is_a_file(tmp_path):
    """`relief init books/main.beancount` (the books' main file, typed for their folder) said
    the file "already exists and is not empty; choose a new folder", as of a folder in use."""
    main = tmp_path / "main.beancount"
    main.write_text(";; books\n", encoding="utf-8")
    done = run(main)
    assert done.exit_code == 1 and "是文件，不是文件夹" in done.output and "is a file, not a folder" in done.output, done.output
    assert "not empty" not in done.output and main.read_text(encoding="utf-8") == ";; books\n"
