"""A key or secret file option (--secret-file, --log-key-file, witness's --key).

Why its own type: an empty value (`--secret-file "$SECRET"` with the variable unset, in a
script or a CI job) is taken by the system for the current folder, and was refused as
". : cannot read the site secret (it is a folder, not a file)", which names neither the option
nor the mistake. It is refused as empty, naming the option, as cli/out_folder.py does for --out.
"""

from __future__ import annotations

from typing import Any

import click

from ledger.errors import bilingual


class GivenFile(click.Path):
    """click.Path of a file (not a folder) that refuses an empty (or blank) value, naming the option."""

    def __init__(self, instead: str = "", instead_zh: str = "", **kwargs: Any) -> None:
        #: what to do instead, after "give the file" (e.g. "or leave the option out for the default")
        self.instead = instead
        #: the same in Chinese (e.g. "或不写这个选项以使用默认文件")
        self.instead_zh = instead_zh
        super().__init__(dir_okay=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The file, as click.Path gives it; a usage error naming the option when it is empty."""
        if isinstance(value, str) and not value.strip():
            self.fail(bilingual("它是空的（变量未设置？），这会被当作当前文件夹；请给出文件" + (f"，{self.instead_zh}" if self.instead_zh else ""),
                                "it is empty (an unset variable?), which would mean the current folder; give the file"
                                + (f", {self.instead}" if self.instead else "")), param, ctx)
        return super().convert(value, param, ctx)
