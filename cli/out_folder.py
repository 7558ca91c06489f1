"""The --out folder of a command that writes a folder of files (publish, letters, demo).

Why its own type: an empty --out (`--out "$SITE"` with the variable unset, as in a script
or a CI job) is taken by the system for the current folder, so `relief letters BOOKS --out ""`
wrote the donors' letters, with their legal names, into whatever folder the command was run
in (a web server's folder, a shared one). BOOKS is refused when empty for the same reason
(cli/common.py, books_given); so is this folder. `.` still names the current folder.

A file given where the folder goes (`--out report.pdf`) was refused by click as "Directory
'report.pdf' is a file.", in English only and saying nothing of what to do: it is refused in
both languages, naming the option.
"""

from __future__ import annotations

import os
from typing import Any

import click

from ledger.errors import bilingual


class OutFolder(click.Path):
    """click.Path that refuses an empty (or blank) value instead of reading it as the current folder."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The folder, as click.Path gives it; a usage error naming the option when it is empty."""
        if isinstance(value, str) and not value.strip():
            self.fail(bilingual("它是空的（变量未设置？），这会被当作当前文件夹；请给出要写入的文件夹（当前文件夹写作 .）",
                                "it is empty (an unset variable?), which would mean the current folder; give the folder to write to "
                                "(write . for the current folder)"), param, ctx)
        if not self.file_okay and isinstance(value, (str, os.PathLike)) and os.path.exists(value) and not os.path.isdir(value):
            option = param.opts[0] if param is not None and param.opts else "--out"
            self.fail(bilingual(f"{os.fspath(value)} 是文件，不是文件夹：请给 {option} 一个文件夹（新的、空的，或上次生成的）",
                                f"{os.fspath(value)} is a file, not a folder: give {option} a folder (a new or empty one, "
                                "or one an earlier run made)"), param, ctx)
        return super().convert(value, param, ctx)


class OutFile(click.Path):
    """click.Path of a file to write or read (never a folder) that refuses a folder in both languages.

    Why: `relief report BOOKS --out site` (a folder where the PDF goes), `reconcile --html`,
    `verify --save-checkpoint` and `--since` given a folder were refused by click as "File
    'site' is a directory.", in English only and saying nothing of what to do."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(dir_okay=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The file, as click.Path gives it; a usage error naming the option when it is a folder."""
        if isinstance(value, (str, os.PathLike)) and os.fspath(value) and os.path.isdir(value):
            option = param.opts[0] if param is not None and param.opts else "--out"
            self.fail(bilingual(f"{os.fspath(value)} 是文件夹，不是文件：请给 {option} 一个文件名",
                                f"{os.fspath(value)} is a folder, not a file: give {option} the name of a file"), param, ctx)
        return super().convert(value, param, ctx)
