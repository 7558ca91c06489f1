"""The --templates folder of publish, letters and report: one's own templates, looked up first.

Why its own type: a folder in it named like a shipped template (`tpl/overview.html/`, left by
an unzip or a `mkdir -p` typed one word too far) is no template to Jinja, which passes over it
to the shipped file of that name: the user's change never showed, and nothing said why. Such a
folder is refused, named. Only the shipped templates' names are looked at (a few dozen), so the
check costs nothing however large the folder is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ledger.errors import bilingual


def shipped_names() -> list[str]:
    """The shipped templates' and assets' paths, relative to their folder (overview.html, letters/letter.html, ...)."""
    from importlib import resources

    root = Path(str(resources.files("site_templates")))  # as publish.environment.shipped_templates, without jinja2
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts)


def folders_named_like_templates(folder: str | Path) -> list[Path]:
    """The folders in `folder` that stand where a shipped template (a file) has its name."""
    return [Path(folder) / name for name in shipped_names() if (Path(folder) / name).is_dir()]


class TemplatesFolder(click.Path):
    """click.Path of an existing folder that refuses one holding a folder named like a shipped template."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(exists=True, file_okay=False, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The folder, as click.Path gives it; a usage error naming the first folder in the way."""
        folder = super().convert(value, param, ctx)
        found = folders_named_like_templates(folder)
        if found:
            first = found[0]
            name = first.relative_to(Path(folder)).as_posix()
            others = ", ".join(str(f) for f in found[1:])
            more = f" (and {len(found) - 1} more: {others})" if len(found) > 1 else ""
            more_zh = f"（另有 {len(found) - 1} 个：{others}）" if len(found) > 1 else ""
            self.fail(bilingual(f"{first} 是文件夹，却与自带模板 {name} 同名{more_zh}：它会被跳过，改用自带的 {name}；"
                                "请把你的模板作为文件放在那里（或给文件夹改名）",
                                f"{first} is a folder, named like the shipped template {name}{more}: it would be passed over and "
                                f"the shipped {name} used in its place; put your template there as a file (or rename the folder)"),
                      param, ctx)
        return folder
