"""Damage done to books files and statement exports the way people and programs do it: a
line deleted, doubled or moved, a file cut short, saved as GBK or with a BOM, a value typed
wrong, a cell of an export edited in a spreadsheet program. Each function is driven by a
`random.Random`, so a test that fails names its seed and the damage can be made again.

Used by tests/cli/test_mutated_input.py: whatever the damage, every command answers with a
message (never a traceback), a failed publish leaves no site and a dry run changes nothing."""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import zipfile
from pathlib import Path

#: the books files a user edits or a program writes (relative to the books' folder)
BOOKS_FILES = ("txns/2026.beancount", "settings.beancount", "registry/donors.beancount", "registry/funds.beancount",
               "registry/cases.beancount", "accounts.beancount", "closes.beancount", "private/cases.csv",
               "main.beancount", "report/2026.md", "inbox.beancount", "queries.beancount")

#: what a typo, a paste or another program leaves where a value was
ODD_VALUES = ("", " ", "0", "-0.00", "1e3", "99999999999999999999.99", "0.001", "2026-02-30", "1900-01-01",
              "9999-12-31", "\u202e", "a\x00b", "张三", "NaN", "Infinity", "-", "/", "--", "¥100", "100,000.00",
              "(12.00)", "１２３.００", "12.345", "+5", "5-", "收入", "支出", "已退款", "2026/1/5", "20260105",
              "=1+1", "6222****1234", "张*", "合计", "共3笔", "\t", '"', "1.2.3", "−12.00", "12.00元", "CNY",
              "USD", "Assets:Bank", "#tag", "^link", "!", "{}", "@", "；", "Liabilities:Payable", "长" * 300)


def damage_books(root: Path, rng: random.Random) -> str:
    """Damage one of the books' files under `root` in one way; returns what was done."""
    name = rng.choice(BOOKS_FILES)
    path = root / name
    if not path.is_file():
        return f"{name}: not there"
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    how = rng.choice(("delete", "double", "cut", "value", "value", "value", "swap", "gbk", "bom", "crlf",
                      "empty", "garbage", "stray line", "indent", "nul"))
    if how == "cut":
        at = rng.randrange(len(raw) + 1)
        path.write_bytes(raw[:at])
        return f"{name}: cut at byte {at}"
    if how == "gbk":
        try:
            path.write_bytes(text.encode("gbk"))
        except UnicodeEncodeError:
            return f"{name}: left (not GBK)"
        return f"{name}: saved as GBK"
    if how == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + raw)
        return f"{name}: BOM"
    if how == "crlf":
        path.write_bytes(raw.replace(b"\n", b"\r\n"))
        return f"{name}: CRLF"
    if how == "empty":
        path.write_bytes(b"")
        return f"{name}: emptied"
    if how == "garbage":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(200)))
        return f"{name}: garbage"
    if how == "delete":
        done = f"line {i + 1} deleted: {lines.pop(i)!r}"
    elif how == "double":
        lines.insert(i, lines[i])
        done = f"line {i + 1} doubled"
    elif how == "value":
        parts = re.split(r"(\s+)", lines[i])
        words = [k for k, part in enumerate(parts) if part.strip()]
        if not words:
            return f"{name}: left (blank line {i + 1})"
        k = rng.choice(words)
        old, parts[k] = parts[k], rng.choice(ODD_VALUES)
        lines[i] = "".join(parts)
        done = f"line {i + 1}: {old!r} -> {parts[k]!r}"
    elif how == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
        done = f"lines {i + 1} and {j + 1} swapped"
    elif how == "stray line":
        other = root / rng.choice(BOOKS_FILES)
        stray = rng.choice(other.read_text("utf-8", "replace").split("\n")) if other.is_file() else "2026-13-01 *"
        lines.insert(i, stray)
        done = f"line {stray!r} put at line {i + 1}"
    elif how == "indent":
        lines[i] = lines[i].lstrip() if lines[i].startswith(" ") else "  " + lines[i]
        done = f"line {i + 1} indented or not"
    else:  # nul
        half = len(lines[i]) // 2
        lines[i] = lines[i][:half] + "\x00" + lines[i][half:]
        done = f"NUL in line {i + 1}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{name}: {done}"[:300]


def _decoded(raw: bytes) -> tuple[str, str] | None:
    for encoding in ("utf-8-sig", "gb18030", "utf-16"):
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return None


def damage_csv(path: Path, rng: random.Random) -> str:
    """Edit a CSV export as a spreadsheet program or a hand would: cells, rows, columns,
    the end cut off, another encoding or line ending; returns what was done."""
    found = _decoded(path.read_bytes())
    if found is None:
        return "left (not text)"
    encoding, text = found
    rows = list(csv.reader(io.StringIO(text))) or [[""]]
    done = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        i = rng.randrange(len(rows))
        how = rng.choice(("cell", "cell", "cell", "cell", "delete row", "double row", "swap rows", "cut", "add cell", "drop cell"))
        if how == "cell" and rows[i]:
            j = rng.randrange(len(rows[i]))
            old = rows[i][j]
            rows[i][j] = rng.choice(ODD_VALUES) if rng.random() < 0.7 else old[::-1]
            done.append(f"row {i + 1} cell {j + 1}: {old!r} -> {rows[i][j]!r}")
        elif how == "delete row":
            rows.pop(i)
            done.append(f"row {i + 1} deleted")
        elif how == "double row":
            rows.insert(i, list(rows[i]))
            done.append(f"row {i + 1} doubled")
        elif how == "swap rows":
            j = rng.randrange(len(rows))
            rows[i], rows[j] = rows[j], rows[i]
            done.append(f"rows {i + 1} and {j + 1} swapped")
        elif how == "add cell":
            rows[i].append(rng.choice(ODD_VALUES))
            done.append(f"cell added to row {i + 1}")
        elif how == "drop cell" and rows[i]:
            rows[i].pop(rng.randrange(len(rows[i])))
            done.append(f"cell dropped from row {i + 1}")
        elif how == "cut":
            rows = rows[: i + 1]
            rows[-1] = rows[-1][: rng.randrange(len(rows[-1]) + 1)]
            done.append(f"cut in row {i + 1}")
        rows = rows or [[""]]
    out = io.StringIO()
    csv.writer(out, lineterminator=rng.choice(("\n", "\r\n"))).writerows(rows)
    target = rng.choice(("utf-8", "utf-8-sig", "gb18030")) if encoding == "utf-8-sig" else encoding
    try:
        path.write_bytes(out.getvalue().encode(target))
    except UnicodeEncodeError:
        path.write_bytes(out.getvalue().encode("utf-8"))
        target = "utf-8"
    return f"{'; '.join(done)} ({target})"


def damage_xlsx(path: Path, rng: random.Random) -> str:
    """Edit cells of an .xlsx export's first sheet (and maybe delete a row) with openpyxl."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    done = []
    for _ in range(rng.choice((1, 2, 3))):
        r, c = rng.randint(1, max(1, sheet.max_row)), rng.randint(1, max(1, sheet.max_column))
        old = sheet.cell(r, c).value
        new = rng.choice((*ODD_VALUES, None, 0, -1, 1e20, 3.14159, datetime.datetime(2026, 1, 5, 10, 0),
                          datetime.date(2026, 2, 28), 45000, True))
        if isinstance(new, str):
            new = new.replace("\x00", "")  # a cell cannot hold it
        cell = sheet.cell(r, c)
        if type(cell).__name__ == "MergedCell":  # only the merged range's first cell holds a value
            continue
        cell.value = new
        done.append(f"row {r} cell {c}: {old!r} -> {new!r}")
    if rng.random() < 0.2:
        r = rng.randint(1, max(1, sheet.max_row))
        sheet.delete_rows(r)
        done.append(f"row {r} deleted")
    book.save(path)
    return "; ".join(done)


def damage_bytes(path: Path, rng: random.Random) -> str:
    """Damage a file as a disk, a download or a mail program would: cut anywhere, bytes
    changed, added or lost, zeros only, another kind of file under its name; returns what."""
    raw = bytearray(path.read_bytes())
    how = rng.choice(("cut", "flip", "insert", "delete", "zeros", "pdf", "png", "empty",
                      "tail twice"))
    at = rng.randrange(len(raw) + 1)
    if how == "cut":
        raw = raw[:at]
    elif how == "flip":
        for _ in range(rng.randint(1, 20)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
    elif how == "insert":
        raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
    elif how == "delete":
        del raw[at:at + rng.randint(1, 50)]
    elif how == "zeros":
        raw = bytearray(rng.choice((1, 4096, 100_000)))
    elif how == "pdf":
        raw = bytearray(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    elif how == "png":
        raw = bytearray(b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(200)))
    elif how == "empty":
        raw = bytearray()
    else:
        raw += raw[len(raw) // 2:]
    path.write_bytes(bytes(raw))
    return f"{how} at byte {at}" if how in ("cut", "insert", "delete") else how


def damage_workbook(path: Path, rng: random.Random) -> str:
    """Damage an .xlsx inside its ZIP: a part removed, cut short, its bytes changed (in the
    compressed data too) or replaced by noise, the sheets' list emptied; returns what."""
    with zipfile.ZipFile(path) as zin:
        parts = [(info, zin.read(info.filename)) for info in zin.infolist()]
    victim = rng.choice(parts)[0].filename
    how = rng.choice(("removed", "cut", "changed", "noise", "no sheets", "compressed data changed"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            if info.filename == victim and how == "removed":
                continue
            if info.filename == victim and how == "cut":
                data = data[:rng.randrange(len(data) + 1)]
            elif info.filename == victim and how == "changed" and data:
                data = bytearray(data)
                for _ in range(rng.randint(1, 10)):
                    data[rng.randrange(len(data))] = rng.randrange(256)
                data = bytes(data)
            elif info.filename == victim and how == "noise":
                data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
            elif how == "no sheets" and info.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.S)
            zout.writestr(info.filename, data)
    raw = bytearray(out.getvalue())
    if how == "compressed data changed":
        with zipfile.ZipFile(io.BytesIO(bytes(raw))) as z:
            info = z.getinfo(victim)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        for _ in range(rng.randint(1, 5)):
            raw[start + rng.randrange(max(1, info.compress_size))] = rng.randrange(256)
    path.write_bytes(bytes(raw))
    return f"{victim}: {how}" if how != "no sheets" else how
