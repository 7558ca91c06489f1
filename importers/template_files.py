"""The spreadsheet templates the project ships (importers/templates/), and how to get one.

Each register (donations, roster, goods) has an .xlsx (header row, a second sheet of
instructions in Chinese and English) and a .csv (UTF-8 with BOM, so Excel opens it in the
right encoding). `relief import --template KIND --out FILE` copies one out; `make_templates`
regenerates them from the column lists in importers.registers.
"""

from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path

from importers.registers import REGISTERS
from ledger.errors import bilingual
from ledger.files import write_new_file

FORMATS = ("xlsx", "csv")


def template_name(kind: str, fmt: str) -> str:
    """The file name of a shipped template (KIND.FORMAT)."""
    return f"{kind}.{fmt}"


def template_source(kind: str, fmt: str):
    """The shipped template file of `kind` in `fmt` (inside the package, so it works from a wheel)."""
    return resources.files("importers") / "templates" / template_name(kind, fmt)


def copy_template(kind: str, out: Path) -> Path:
    """Copy the shipped template for KIND to OUT (its format from OUT's suffix)."""
    if kind not in REGISTERS:
        raise ValueError(bilingual(f"没有模板 {kind!r}；请从 {', '.join(REGISTERS)} 中选择一个",
                                   f"unknown template {kind!r}; choose one of {', '.join(REGISTERS)}"))
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(bilingual(f"{out.name}：模板是 .xlsx 或 .csv 文件；请让文件名以其中之一结尾",
                                   f"{out.name}: the template is .xlsx or .csv; name the file with one of those endings"))
    if os.path.lexists(out):
        raise FileExistsError(bilingual(f"{out} 已存在；请另选一个文件名（模板从不覆盖已有文件）",
                                        f"{out} already exists; choose a new file name (templates never overwrite)"))
    content = template_source(kind, fmt).read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(out, content)
    return out


def make_templates(folder: Path) -> list[Path]:
    """Write every template into FOLDER (used to build importers/templates/)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, reg in REGISTERS.items():
        csv_path = folder / template_name(kind, "csv")
        with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerow([c.zh for c in reg.columns])
        written.append(csv_path)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = reg.title_zh
        ws.append([c.zh for c in reg.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for i, col in enumerate(reg.columns, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(10, len(col.zh) * 2 + 4)
        help_ws = wb.create_sheet("说明 Instructions")
        help_ws.append([f"{reg.title_zh} / {reg.title_en}"])
        help_ws.append(["列 column", "英文 English", "必填 required", "说明", "notes"])
        for col in reg.columns:
            help_ws.append([col.zh, col.en, "是 yes" if col.required else "", col.help_zh, col.help_en])
        help_ws.append([])
        help_ws.append(["导入：relief import 账簿 本文件 （先预览，确认后加 --write）",
                        "Import: relief import BOOKS THIS_FILE (a dry run; add --write to record)"])
        for row in help_ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        xlsx_path = folder / template_name(kind, "xlsx")
        wb.save(xlsx_path)
        written.append(xlsx_path)
    return written


if __name__ == "__main__":  # python -m importers.template_files
    for p in make_templates(Path(__file__).parent / "templates"):
        print(p)
