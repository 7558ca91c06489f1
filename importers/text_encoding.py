"""The text of a text export, whatever encoding it was saved in, or a message saying why not.

Banks and payment platforms write UTF-8 (with or without a byte-order mark), GBK/GB18030,
now and then UTF-16 or Big5; an officer's editor may add a mark before GBK text, or type one
memo in GBK into a UTF-8 file. Strict readings come first, as they are deterministic; a
guessed encoding (charset-normalizer) only for a file none of them reads, and its reader is
told. A file that is damaged, cut off in a character or mixes encodings is refused naming
the line, the bytes and what to do. (importers/reading.py turns the text into rows.)
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from importers.errors import ImportProblem, said, zh_of

UTF8_BOM = b"\xef\xbb\xbf"


class UnknownEncoding(ImportProblem):
    """Text in no encoding relief reads or can guess: its own kind, so the reading can name a
    file called .xlsx that is so as no workbook at all (reading._refuse_named_workbook)."""

def decode_text(raw: bytes, path: Path, notes: list[str] | None = None) -> tuple[str, str]:
    """Decode a text export: UTF-8 (BOM or not), then GB18030, then a detected charset.

    UTF-8 and GB18030 are tried strictly first because the result is deterministic (GBK is a
    subset of GB18030); charset-normalizer only decides files that are neither. GBK whose
    bytes are valid UTF-8 too is read as GBK where its header says so (`_gbk_instead`), and
    `notes` (for the dry run) is told.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            _refuse_broken_utf16(raw, exc, path)
    cut_short = []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            # a UTF-8 byte-order mark before GBK text (written by a tool that adds one to any
            # file): the text after it; read with the mark, it became Thai in a guessed encoding
            after_mark = encoding == "gb18030" and raw.startswith(UTF8_BOM)
            text = raw[3:].decode(encoding) if after_mark else raw.decode(encoding)
            if encoding == "gb18030":
                _refuse_utf8_lines(raw, path)
                big5 = _big5_instead(raw, text)
                if big5 is None:
                    _refuse_damaged_big5(raw, text, path)
                return big5 or (text, encoding)
            if not raw.startswith(UTF8_BOM) and (gbk := _gbk_instead(raw, text, path, notes)) is not None:
                return gbk, "gbk"
            return text, "utf-8"
        except UnicodeDecodeError as exc:
            if _ends_inside_a_character(raw, exc):
                cut_short.append(encoding)
                continue
            if encoding == "utf-8-sig":
                _refuse_stray_bytes(raw, path)
            if not cut_short and _reads_as_chinese_before(raw, exc, encoding):
                # Chinese text, line after line, up to a few bytes that are no character: a
                # damaged file. Read as GB18030 (UTF-8's bytes often are) or in a guessed
                # encoding, it would become another script, and the import would only say
                # that its header is unknown.
                name = "UTF-8" if encoding == "utf-8-sig" else _gbk_or_big5(raw)
                line = line_of(raw, exc.start)
                bad = raw[exc.start:exc.start + 4].hex(' ')
                raise ImportProblem(path, said(f"该文件直到第 {line} 行都是 {name} 文本，从这里起有些字节不是任何字符（{bad}）："
                                               "文件已损坏",
                                               f"the file is {name} text up to row {line}, where bytes follow that are no "
                                               f"character ({bad}): it is damaged"), row=line,
                                    hint=said("请重新导出对账单（如果它是用别的编码保存的，请另存为 CSV UTF-8）",
                                              "export the statement again (or, if it was saved in another encoding, save it as CSV UTF-8)")) from None
    if cut_short:
        # Text that is clean up to a character broken off at the very end is a download or
        # copy that did not finish, not another encoding: guessing one would import the
        # rows before the cut as if the statement were whole.
        raise ImportProblem(path, said("文件在一个字符的中间结束：看起来不完整（被截断）",
                                       "the file ends in the middle of a character: it looks cut off"),
                            hint=said("请重新导出对账单（下载或复制没有完成）",
                                      "export the statement again (a download or copy did not finish)"))
    _refuse_stray_gbk_bytes(raw, path)
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding not in ("utf_8", "gb18030"):
        return str(best), best.encoding
    raise UnknownEncoding(path, said("该文本既不是 UTF-8 也不是 GBK/GB18030，也认不出它是什么编码",
                                     "the text is neither UTF-8 nor GBK/GB18030 and its encoding cannot be recognised"),
                          hint=said("请用电子表格软件打开，另存为 CSV UTF-8 或 .xlsx",
                                    "open it in a spreadsheet program and save it as CSV UTF-8 or as .xlsx"))


#: words of a statement's or register's header: GBK text that holds one, whose bytes are
#: valid UTF-8 too, is GBK (摘要 in GBK is 'ժҪ' in UTF-8, which no header says)
_HEADER_WORDS = re.compile("日期|金额|交易|摘要|余额|收入|支出|户名|账号|备注|捐赠|凭证|案例|用途|附言|币种|支取|存入")
#: what GBK reads a Chinese file's non-ASCII bytes as: Chinese characters and punctuation
_CHINESE_TEXT = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def _gbk_instead(raw: bytes, text: str, path: Path, notes: list[str] | None) -> str | None:
    """`raw` read as GBK when `text` (its UTF-8 reading) is GBK misread; None to keep UTF-8.

    Why: some GBK characters are byte pairs UTF-8 reads too (摘要 D5 AA D2 AA is 'ժҪ', 医院
    'ҽԺ'): a short file whose only Chinese is such words was read as UTF-8, its memos and
    payers booked as Armenian and Cyrillic. charset-normalizer and chardet call such bytes
    UTF-8 too. The question arises only when the UTF-8 reading holds no Chinese and the GBK
    reading holds nothing else beyond ASCII. Then the GBK reading is taken when it holds a
    statement's words, in its first 20 lines (the dry run is told, with both readings); otherwise, when the UTF-8
    reading is unlike any text (`_unlike_text`), the file is refused naming both readings;
    otherwise (Café Müller, Иван Петров) UTF-8 stands."""
    if text.isascii() or _HANZI.search(text):
        return None
    try:
        gbk = raw.decode("gbk")
    except UnicodeDecodeError:
        return None
    if not _HANZI.search(gbk) or any(not _CHINESE_TEXT.fullmatch(run) for run in _NON_ASCII.findall(gbk)):
        return None
    line, as_utf8, as_gbk = _first_difference(raw)
    words = sorted(set(_HEADER_WORDS.findall("\n".join(gbk.splitlines()[:20]))))
    if words:
        if notes is not None:
            notes.append(said(f"{path.name} 既是有效的 UTF-8，也是有效的 GBK：按 GBK 读取，因为其中的对账单用语"
                              f"（{'、'.join(words)}）表明如此；如果按 UTF-8 读，第 {line} 行的 {as_gbk!r} 会变成 {as_utf8!r}",
                              f"{path.name} is valid UTF-8 and valid GBK: read as GBK, as the statement's words in "
                              f"it say ({'、'.join(words)}); read as UTF-8, line {line}'s {as_gbk!r} would be {as_utf8!r}"))
        return gbk
    if not _unlike_text(text):
        return None
    raise ImportProblem(path, said(f"该文件既能按 UTF-8 读，也能按 GBK 读，文件里也没有任何内容说明是哪一种：这一行按 UTF-8 "
                                   f"读是 {as_utf8!r}，按 GBK 读是 {as_gbk!r}",
                                   f"the file reads both as UTF-8 and as GBK, and nothing in it says which: this "
                                   f"row holds {as_utf8!r} read as UTF-8, {as_gbk!r} read as GBK"), row=line,
                        hint=said("请用文本编辑器或电子表格软件打开，另存为 UTF-8（CSV UTF-8）：UTF-8 的中文不会被认错",
                                  "open it in a text editor or spreadsheet program and save it as UTF-8 "
                                  "(CSV UTF-8): Chinese in UTF-8 is told apart"))


#: a run of characters beyond ASCII
_NON_ASCII = re.compile("[^\x00-\x7f]+")


def _first_difference(raw: bytes) -> tuple[int, str, str]:
    """The first line of `raw` holding bytes beyond ASCII, with the first cell (or word) of
    it that does, read as UTF-8 and as GBK: what the two readings make of the same bytes."""
    for number, line in enumerate(re.split(rb"\r\n|\r|\n", raw), 1):
        if line.isascii():
            continue
        for part in re.split(rb"[,\t;]", line):
            if not part.isascii():
                return number, part.decode("utf-8").strip(), part.decode("gbk").strip()
    return 1, "", ""


def _unlike_text(text: str) -> bool:
    """Whether a run of letters beyond ASCII in `text` is unlike any language's word: it
    mixes scripts ('ժҪ' Armenian and Cyrillic, 'ҽԺ') or puts a capital after a lower-case
    letter ('ѧУ'), as GBK read as UTF-8 does; a name in Latin or Cyrillic does neither."""
    for run in _NON_ASCII.findall(text):
        # a modifier letter (ー, ʰ) goes with any script: not counted
        scripts = {unicodedata.name(ch, "?").split()[0] for ch in run
                   if unicodedata.category(ch) in ("Lu", "Ll", "Lt", "Lo", "Mn", "Mc")}
        if len(scripts) > 1 or any(a.islower() and b.isupper() for a, b in zip(run, run[1:], strict=False)):
            return True
    return False


#: Japanese kana: GBK puts them where Big5 has its commonest characters (一, 中, 人 ...)
_KANA = re.compile("[\u3040-\u30ff]")


def _big5_instead(raw: bytes, text: str) -> tuple[str, str] | None:
    """Big5 text (Traditional Chinese, as Hong Kong and Taiwan banks export it) and its
    encoding's name, when `text` (`raw` read as GB18030) is Big5 read wrongly; else None.

    Why: every Big5 character is two bytes GB18030 reads too, so such a file was read as
    GB18030: its header named unknown as ユら戳, ユ瑈腹 (交易日期, 交易流水號), or, with a
    profile of English column names, its payers' names and memos booked as that. Big5's
    commonest characters are GBK's kana, which a Chinese statement in GBK does not hold:
    a GB18030 reading with kana among its characters is Big5 when Big5 reads every byte
    (GBK's bytes seldom are all Big5) into characters nine in ten of which are Big5's
    common ones (its level 1; GBK text read as Big5 lands in level 2 half the time)."""
    kana = len(_KANA.findall(text))
    if kana < 2 or kana * 20 < len(_HANZI.findall(text)) + kana:
        return None
    for encoding in ("cp950", "big5hkscs"):
        try:
            big5 = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        hanzi = _HANZI.findall(big5)
        if not _KANA.search(big5) and len(hanzi) >= kana and _big5_common(hanzi) * 10 >= len(hanzi) * 9:
            return big5, "big5"
    return None


def _gbk_or_big5(raw: bytes) -> str:
    """What a damaged file that GB18030 reads but for a few bytes is: "Big5" when its lines
    that read whole (every one but the damaged) are Big5 text (`_big5_instead`), else
    "GBK/GB18030".

    Why: every Big5 byte pair is a GB18030 character too, so a damaged Big5 statement (Hong
    Kong, Taiwan) reads as GB18030 but for the damage, and was called damaged GBK text: the
    officer, told the file was GBK, looked for a GBK export the bank never offered."""
    whole = []
    for line in (raw[3:] if raw.startswith(UTF8_BOM) else raw).split(b"\n"):
        try:
            line.decode("gb18030")
        except UnicodeDecodeError:
            continue
        if _reads_as_big5(line):
            whole.append(line)
    clean = b"\n".join(whole)
    return "Big5" if _big5_instead(clean, clean.decode("gb18030")) is not None else "GBK/GB18030"


def _refuse_damaged_big5(raw: bytes, text: str, path: Path) -> None:
    """Refuse Big5 text that GB18030 reads whole but Big5 does not on a few lines (at most
    three): a damaged Big5 file, naming the first such line and its bytes.

    Why: GB18030 has byte pairs Big5 lacks (81 40), so a Big5 statement with a damaged byte
    pair read as GB18030 throughout, every name another character (い瓣 for 中國), and was
    refused as an unknown format whose header read as gibberish. Looked at only when the
    GB18030 reading is kana enough to be Big5 (`_big5_instead`'s first test)."""
    kana = len(_KANA.findall(text))
    if kana < 2 or kana * 20 < len(_HANZI.findall(text)) + kana:
        return
    bad: list[tuple[int, int]] = []  # (line, offset of the first byte no Big5 character)
    start = 0
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not _reads_as_big5(line):
            try:
                line.decode("cp950")
            except UnicodeDecodeError as exc:
                bad.append((number, start + exc.start))
            if len(bad) > 3:
                return
        start += len(line) + 1
    if not bad or _gbk_or_big5(raw) != "Big5":
        return
    (line, offset), lines = bad[0], [n for n, _ in bad[1:]]
    more = f"; so do line(s) {', '.join(map(str, lines))}" if lines else ""
    raise ImportProblem(path, said(
        f"文件是 Big5 文本，但第 {line} 行有不是 Big5 字符的字节（{raw[offset:offset + 4].hex(' ')}）"
        + (f"；第 {'、'.join(map(str, lines))} 行也有" if lines else "") + "：文件已损坏",
        f"the file is Big5 text, but line {line} holds bytes that are no Big5 character "
        f"({raw[offset:offset + 4].hex(' ')}){more}: it is damaged"), row=line,
        hint=said("请重新导出对账单；如果文件曾用别的编码保存，请另存为 CSV UTF-8",
                  "export the statement again (or, if it was saved in another encoding, save it as CSV UTF-8)"))


def _reads_as_big5(line: bytes) -> bool:
    """Whether `line` is Big5 text (Taiwan's cp950, or Hong Kong's HKSCS)."""
    for encoding in ("cp950", "big5hkscs"):
        try:
            line.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def _big5_common(hanzi: list[str]) -> int:
    """How many of `hanzi` are Big5's level-1 characters (常用字, codes A440 to C67E)."""
    common = 0
    for ch in hanzi:
        try:
            code = ch.encode("cp950")
        except UnicodeEncodeError:
            continue
        common += b"\xa4\x40" <= code <= b"\xc6\x7e"
    return common


def line_of(raw: bytes, offset: int) -> int:
    """The 1-based line of text that byte `offset` of `raw` is on, as a text editor counts
    lines: ended by LF, CR LF or a CR alone (old Mac exports)."""
    before = raw[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


#: the bytes UTF-8 decoding with surrogateescape could not read, as the characters it leaves
_STRAY = re.compile("[\udc80-\udcff]+")
#: a character of Chinese text (CJK unified ideographs, extension A and the basic block)
_HANZI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def _refuse_stray_bytes(raw: bytes, path: Path) -> None:
    """Refuse UTF-8 text holding a few bytes that are no UTF-8 character (a cell typed or
    pasted in GBK, a byte damaged), naming the line of the first and what it looks like.

    Why: such a file fell through to GB18030 or a guessed encoding; the message said the
    text was neither UTF-8 nor GBK, or named no line at all, and a file whose only fault
    is one word on one line was to be saved again as a whole. Only a file with Chinese in
    UTF-8 and at most four stray bytes for each such character is named so: a GBK file read
    as UTF-8 has a hundred or more (the real GBK exports here: 100 to 500), and is left to
    the GB18030 reading."""
    text = raw.decode("utf-8", errors="surrogateescape")
    runs = list(_STRAY.finditer(text))
    stray = sum(len(m.group()) for m in runs)
    hanzi = len(_HANZI.findall(text))
    if not runs or hanzi < 4 or stray > hanzi * 4:
        return
    first = runs[0]
    offset = len(text[:first.start()].encode("utf-8", errors="surrogateescape"))
    line = line_of(raw, offset)
    bad = first.group().encode("utf-8", errors="surrogateescape")
    looks = _read_as(bad)
    lines = sorted({line_of(raw, len(text[:m.start()].encode("utf-8", errors="surrogateescape")))
                    for m in runs[1:6]} - {line})
    more = (f"; so do line(s) {', '.join(map(str, lines))}" + (" and more" if len(runs) > 6 else "")
            if lines else "")
    more_zh = (f"；第 {'、'.join(map(str, lines))} 行" + ("等" if len(runs) > 6 else "") + "也有" if lines else "")
    raise ImportProblem(path, said(f"该文件是 UTF-8 文本，但第 {line} 行有些字节不是 UTF-8 字符"
                                   f"（{bad[:8].hex(' ')}{zh_of(looks) or ''}）{more_zh}",
                                   f"the file is UTF-8 text, but line {line} holds bytes that are no UTF-8 "
                                   f"character ({bad[:8].hex(' ')}{looks}){more}"), row=line,
                        hint=said(f"请用文本编辑器打开文件，重新输入第 {line} 行的文字，把文件另存为 UTF-8"
                                  "（在电子表格软件中：另存为 CSV UTF-8）；或者重新导出对账单",
                                  f"open the file in a text editor, retype the text on line {line} and save the "
                                  "file as UTF-8 (in a spreadsheet program: save as CSV UTF-8), or export the "
                                  "statement again")) from None


def _refuse_utf8_lines(raw: bytes, path: Path) -> None:
    """Refuse GBK text some of whose lines are UTF-8 (two exports, or a file and rows typed
    in another editor, joined into one), naming the first such line.

    Why: GB18030 reads UTF-8's bytes too, as other characters: the rows appended in UTF-8
    were booked with their payers and memos as such text (张三 as 寮犱笁, no donor found),
    without a word. A line of Chinese in GBK is never valid UTF-8 with Chinese in it."""
    utf8, gbk = [], 0
    for number, line in enumerate(re.split(rb"\r\n|\r|\n", raw), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            gbk += 1
            continue
        if _HANZI.search(text):
            utf8.append((number, text))
    if not utf8 or not gbk:
        return
    number, text = utf8[0]
    sample = next((c for c in text.split(",") if _HANZI.search(c)), text)[:20]
    more = f" (and {len(utf8) - 1} more line(s))" if len(utf8) > 1 else ""
    more_zh = f"（另外还有 {len(utf8) - 1} 行）" if len(utf8) > 1 else ""
    raise ImportProblem(path, said(f"该文件是 GBK 文本，但第 {number} 行{more_zh}是 UTF-8（{sample!r}，按 GBK 读会变成别的字）："
                                   "它把用两种编码保存的文字拼在了一起",
                                   f"the file is GBK text, but line {number}{more} is UTF-8 ({sample!r}, "
                                   "which read as GBK would be other characters): it joins text saved in two "
                                   "encodings"), row=number,
                        hint=said("请把对账单重新导出为一个文件；或者用文本编辑器打开，重新输入这些行，另存为 UTF-8",
                                  "export the statement again as one file, or open the file in a text editor, "
                                  "retype those lines, and save it as UTF-8"))


def _read_as(bad: bytes) -> str:
    """What stray bytes say in the encodings a Chinese export is otherwise written in
    (', which read as GBK are "捐款"', its Chinese `，按 GBK 读是“捐款”：…` as `zh`), or ""
    when they are no Chinese text in any."""
    for encoding, name in (("gb18030", "GBK"), ("big5", "Big5")):
        try:
            text = bad.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and all(_HANZI.match(ch) or ch in "，。、（）：" for ch in text):
            return said(f"，按 {name} 读是“{text}”：这段文字是用 {name} 保存的",
                        f', which read as {name} are "{text}": that text was saved in {name}')
    return ""


def _refuse_broken_utf16(raw: bytes, exc: UnicodeDecodeError, path: Path) -> None:
    """Refuse UTF-16 text (it starts with a byte-order mark) that does not decode: cut off
    inside its last character, or damaged at a row.

    Why: no other encoding reads such a file either (neither UTF-8 nor GB18030 has the bytes
    FF FE or FE FF), so it fell through to "the encoding cannot be recognised", whose advice,
    to save it again from a spreadsheet program, would import a cut-off statement as whole."""
    if exc.end >= len(raw):
        raise ImportProblem(path, said("该文件（UTF-16 文本）在一个字符的中间结束：看起来不完整（被截断）",
                                       "the file (UTF-16 text) ends in the middle of a character: it looks cut off"),
                            hint=said("请重新导出对账单（下载或复制没有完成）",
                                      "export the statement again (a download or copy did not finish)")) from None
    line = raw[:exc.start].decode("utf-16", errors="replace").count("\n") + 1
    bad = raw[exc.start:exc.end].hex(' ')
    raise ImportProblem(path, said(f"该文件直到第 {line} 行都是 UTF-16 文本，从这里起有些字节不是任何字符（{bad}）：文件已损坏",
                                   f"the file is UTF-16 text up to row {line}, where bytes follow that are no character "
                                   f"({bad}): it is damaged"), row=line,
                        hint=said("请重新导出对账单", "export the statement again")) from None


def _reads_as_chinese_before(raw: bytes, exc: UnicodeDecodeError, encoding: str) -> bool:
    """Whether `raw` decodes as `encoding` into lines holding Chinese text before the fault
    (at least two whole lines and a few Chinese characters: a header and a row)."""
    before = raw[:exc.start]
    if before.count(b"\n") < 2:
        return False
    text = before.decode(encoding, errors="replace")
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") >= 4


def _gbk_faults(raw: bytes, most: int) -> list[int]:
    """The offsets of the bytes of `raw` that are no GB18030 character, up to `most` + 1 of
    them (enough to tell a few from many)."""
    faults: list[int] = []
    pos = 0
    while len(faults) <= most:
        try:
            raw[pos:].decode("gb18030")
            break
        except UnicodeDecodeError as exc:
            faults.append(pos + exc.start)
            pos += exc.end
    return faults


def _refuse_stray_gbk_bytes(raw: bytes, path: Path) -> None:
    """Refuse GBK/GB18030 text holding a few bytes that are no character (at most three,
    Chinese before the first), wherever the first is, naming its line.

    Why: a GBK statement damaged on its header or first row (fewer than two lines before the
    fault, which `_reads_as_chinese_before` asks for) was refused as "neither UTF-8 nor
    GBK/GB18030 and its encoding cannot be recognised", naming no line, or read in an
    encoding guessed for it, its names and memos another script."""
    faults = _gbk_faults(raw, 3)
    if not faults or len(faults) > 3:
        return
    before = raw[:faults[0]].decode("gb18030", errors="replace")
    if len(_HANZI.findall(before)) < 4 and _gbk_or_big5(raw) != "Big5":
        return  # (Big5 read as GB18030 is kana more than hanzi: its other lines say what it is)
    line = line_of(raw, faults[0])
    lines = sorted({line_of(raw, f) for f in faults[1:]} - {line})
    more = f"; so do line(s) {', '.join(map(str, lines))}" if lines else ""
    name = _gbk_or_big5(raw)
    raise ImportProblem(path, said(
        f"文件是 {name} 文本，但第 {line} 行有不是任何字符的字节（{raw[faults[0]:faults[0] + 4].hex(' ')}）"
        + (f"；第 {'、'.join(map(str, lines))} 行也有" if lines else "") + "：文件已损坏",
        f"the file is {name} text, but line {line} holds bytes that are no character "
        f"({raw[faults[0]:faults[0] + 4].hex(' ')}){more}: it is damaged"), row=line,
        hint=said("请重新导出对账单；如果文件曾用别的编码保存，请另存为 CSV UTF-8",
                  "export the statement again (or, if it was saved in another encoding, save it as CSV UTF-8)"))


def _ends_inside_a_character(raw: bytes, exc: UnicodeDecodeError) -> bool:
    """Whether the only fault is a multi-byte character cut off at the end of `raw` (the
    decoder reached the end of the data in the middle of a sequence)."""
    return exc.end >= len(raw) and exc.start >= len(raw) - 3 and exc.reason in ("unexpected end of data", "incomplete multibyte sequence")


def utf16_byte_order(raw: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `raw` (no byte-order mark) looks like UTF-16 text by
    its zero bytes: in the first KB, at least a quarter of the two-byte units have a zero
    byte on one side (ASCII characters: digits, commas, dates, line breaks) and the other
    side next to none (at most one for twenty). None when it does not look so at all.

    Why: UTF-16 without a mark (Notepad++'s "UCS-2 LE BOM-less", some exporters) was refused
    whatever it held. The byte order found here is only a look: `read_bomless_utf16` says
    whether the file reads so throughout."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    # zeros padding the end (some exporters) are no characters (copied only when there are)
    sample = (raw.rstrip(b"\x00") if raw.endswith(b"\x00") else raw)[:1024]
    units = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if units < 4:
        return None
    if odd * 4 >= units and even * 20 <= odd:
        return "utf-16-le"
    if even * 4 >= units and odd * 20 <= even:
        return "utf-16-be"
    return None


def read_bomless_utf16(raw: bytes, encoding: str) -> str | None:
    """`raw` read as `encoding` (utf-16-le or utf-16-be, from `utf16_byte_order`), or None
    when unsure: an odd number of bytes, a half character, or anything but printable text
    with line breaks (a control character, a code point unassigned or private). A file of
    zeros every other byte that is not such text is refused by the caller, never guessed."""
    if len(raw) % 2:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    if "\n" not in text and "\r" not in text:
        return None
    for ch in set(text):
        if ch in "\t\r\n":
            continue
        if unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            return None
    return text


def looks_binary(raw: bytes) -> bool:
    """Whether `raw` is no text at all (a zero byte, or many control bytes, in its first
    4 KB): a PDF or an image given for a statement, named so rather than decoded."""
    sample = raw[:4096]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > len(sample) // 50
