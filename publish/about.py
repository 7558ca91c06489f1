"""About the centre: its public facts, the open data's licence, its disclosure duties, and the
narrative it writes for each annual report.

Everything here comes from the books' settings (`custom "relief-option"`, docs/books.md) and
from Markdown files the centre writes for publication (`report/YYYY.md` in the books'
folder); nothing about a donor or a case. A fact the centre has not set is kept as
`value=None` and shown as "not published", never left out silently.

The disclosure items follow the list of China's rules for charitable organisations'
disclosure (慈善组织信息公开办法, Ministry of Civil Affairs, 2018): for each, whether this
site covers it, partly covers it, or the centre must publish it elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from ledger.bidi import without_invisible
from ledger.errors import ReliefError
from ledger.said import said
from ledger.settings import PUBLIC_FACTS, Settings
from publish.model import About, DisclosureItem, Fact, Label, Licence, Narrative

#: Where the centre's narrative for a year's annual report lives, relative to the books' folder.
NARRATIVE_DIR = "report"
NARRATIVE_RE = re.compile(r"^(\d{4})\.md$")
#: A narrative longer than this is refused: the annual report wants a short word, not a book.
NARRATIVE_MAX_CHARS = 20_000


class NarrativeError(ReliefError):
    """A narrative file cannot be read (message names the file and what to do)."""


_ELSEWHERE = Label("由中心在民政部门的统一信息平台（如“慈善中国”）或自己的渠道另行公开。",
                   "The centre publishes this elsewhere (e.g. on the civil affairs disclosure platform, 慈善中国, or its own channels).")


def _join(a: Label, b: Label) -> Label:
    return Label(a.zh + b.zh, a.en + " " + b.en)


def _where(facts: dict[str, Fact], key: str) -> Label:
    fact = facts.get(key)
    if fact is None or fact.value is None:
        return Label("中心尚未在本站说明公开位置（见“关于本中心”）。", "The centre has not said here where it is published (see About).")
    return Label(f"公开位置：{fact.value.zh}", f"Published at: {fact.value.en}")


def disclosure_items(facts: dict[str, Fact]) -> tuple[DisclosureItem, ...]:
    """The items of 慈善组织信息公开办法, and how far this site covers each."""
    return (
        DisclosureItem(
            Label("基本信息（名称、住所、联系方式、登记信息、统一社会信用代码、宗旨和业务范围、负责人、章程、内部制度等）",
                  "Basic information (name, address, contact, registration, unified social credit code, purpose and scope, persons in charge, charter, internal rules)"),
            "partly",
            Label("本站“关于本中心”页公开名称、地址、联系方式、统一社会信用代码、登记管理机关、业务主管单位和投诉渠道；章程、负责人和内部制度须另行公开。",
                  "The About page gives the name, address, contact, credit code, registration authority, governing body and complaint channel; the charter, persons in charge and internal rules are published elsewhere."),
            ("about.html",),
        ),
        DisclosureItem(Label("年度工作报告", "Annual work report"), "elsewhere", _where(facts, "work_report"), ("about.html",)),
        DisclosureItem(
            Label("财务会计报告（须经审计的附审计报告）", "Financial statements (with the audit report where an audit is required)"),
            "partly",
            _join(Label("本站按基金公开资金来源、使用和结余（总览、基金、报告页和年度公开报告）；法定财务报表和审计报告须另行公开。",
                        "This site publishes sources, uses and balances by fund (overview, funds, reports, the annual public report); the statutory financial statements and the audit report are published elsewhere."),
                  _where(facts, "audit_report")),
            ("index.html", "funds/index.html", "reports/index.html"),
        ),
        DisclosureItem(
            Label("公开募捐情况（募捐方案、募得款物及其使用）", "Public fundraising (plans, money and goods raised, their use)"),
            "partly",
            Label("本站逐笔公开收到的捐赠及其所入基金的使用；募捐方案和备案信息须另行公开。", "This site lists every gift received and how its fund was used; fundraising plans and their filing are published elsewhere."),
            ("donors/index.html", "data/index.html"),
        ),
        DisclosureItem(
            Label("慈善项目实施情况（定期公开，结束后全面公开）", "Charitable projects: progress, and a full account when they end"),
            "site",
            Label("每个限定用途基金（专项）有自己的页面，每月、每季度和每年有报告。", "Each restricted fund has its own page; reports by month, quarter and year."),
            ("funds/index.html", "reports/index.html"),
        ),
        DisclosureItem(
            Label("接受捐赠和使用情况", "Donations received and their use"),
            "site",
            Label("鸣谢名单、逐笔捐赠数据（donations.csv）、基金的使用和帮扶支出；匿名捐赠只计笔数和金额。", "Honour roll, every gift (donations.csv), each fund's use and the aid paid; anonymous gifts only as a count and a total."),
            ("donors/index.html", "aid/index.html", "data/index.html"),
        ),
        DisclosureItem(Label("慈善信托", "Charitable trusts"), "elsewhere", _ELSEWHERE, ()),
        DisclosureItem(
            Label("重大资产变动、投资、重大交易及资金往来、关联交易", "Major changes in assets, investments, major transactions, related-party transactions"),
            "elsewhere", _ELSEWHERE, (),
        ),
        DisclosureItem(
            Label("受益人信息", "Beneficiaries"),
            "withheld",
            Label("受助职工的个人信息不公开；本站只公开户数和金额，户数过少的单元格隐去。", "Nothing personal about the people helped is published: only household counts and amounts, with small counts hidden."),
            ("aid/index.html",),
        ),
    )


def read_narratives(root: Path) -> tuple[Narrative, ...]:
    """Every `report/YYYY.md` in the books' folder (UTF-8 Markdown), oldest year first."""
    folder = root / NARRATIVE_DIR
    if not folder.is_dir():
        return ()
    out = []
    for path in sorted(folder.iterdir()):
        m = NARRATIVE_RE.match(path.name)
        if not m or not path.is_file():
            continue
        rel = f"{NARRATIVE_DIR}/{path.name}"
        try:
            raw = path.read_bytes()
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw:
                # Word's or Notepad's "Unicode": without its mark, English text read as UTF-8
                # with a zero byte after every letter, and went on the site so
                form = "UTF-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-16LE"  # no mark: as Windows writes it
                raise NarrativeError(said(f"{path}：保存为 UTF-16（Word 或记事本中的“Unicode”），不是 UTF-8；请把说明另存为 UTF-8，"
                                          f"如 `iconv -f {form} -t UTF-8 {path} > new.md`",
                                          f"{path}: saved as UTF-16 (\"Unicode\" in Word or Notepad), not UTF-8; save the "
                                          f"narrative as UTF-8, e.g. `iconv -f {form} -t UTF-8 {path} > new.md`"))
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NarrativeError(said(f"{path}：不是 UTF-8 文本（第 {exc.start} 字节）；请把说明另存为 UTF-8，如 `iconv -f GB18030 -t UTF-8`",
                                      f"{path}: not UTF-8 text (byte {exc.start}); save the narrative as UTF-8, e.g. `iconv -f GB18030 -t UTF-8`")) from None
        except OSError as exc:
            raise NarrativeError(said(f"{path}：无法读取说明（{exc.strerror or exc}）", f"{path}: cannot read the narrative ({exc.strerror or exc})")) from None
        if len(text) > NARRATIVE_MAX_CHARS:
            raise NarrativeError(said(f"{path}：说明有 {len(text):,} 个字符；请控制在 {NARRATIVE_MAX_CHARS:,} 个以内（年度报告的简短说明）",
                                      f"{path}: the narrative has {len(text):,} characters; keep it under {NARRATIVE_MAX_CHARS:,} (a short word for the annual report)"))
        out.append(Narrative(int(m.group(1)), rel, text.replace("\r\n", "\n").strip()))
    return tuple(out)


def build_about(settings: Settings, root: Path | None) -> About:
    """The About part of the public model: the centre's public facts, the open data's licence, the disclosure items and the narratives in `root` (none without books following the conventions)."""
    facts = {}
    for key, (zh, en) in PUBLIC_FACTS.items():
        value = settings.facts.get(key)
        # without invisible characters, as every name the public reads (a U+202E reversed the text after it)
        shown = None if value is None else (without_invisible(value[0]), without_invisible(value[1] or value[0]))
        facts[key] = Fact(key, Label(zh, en), None if shown is None else Label(*shown))
    lid, title, url = settings.licence_info()
    return About(
        facts=tuple(facts.values()),
        licence=Licence(lid, title, url),
        org_id=settings.org_id,
        disclosure=disclosure_items(facts),
        narratives=read_narratives(root) if root is not None else (),
    )


# --------------------------------------------------------------------------- Markdown


def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off (it is shown as text) and no images (the site and the PDF
    # load nothing from elsewhere); links keep markdown-it's own check (no javascript: links).
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.disable("html_block")
    md.disable("html_inline")
    return md


_MD = _markdown()


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _join_cjk_lines(children) -> None:
    """A line break inside a Chinese paragraph joins the lines without a space (a browser
    or weasyprint shows the break as a space, which Chinese text does not have)."""
    for i, tok in enumerate(children):
        if tok.type != "softbreak" or i == 0 or i + 1 == len(children):
            continue
        before, after = children[i - 1].content, children[i + 1].content
        if before and after and _CJK.match(before[-1]) and _CJK.match(after[0]):
            tok.type, tok.tag, tok.content = "text", "", ""


def render_markdown(text: str | None, shift: int = 2) -> Markup:
    """Markdown as safe HTML: raw HTML escaped, no images, headings moved down `shift`
    levels (a narrative's `#` becomes an h3 inside the report's chapter)."""
    if not text:
        return Markup("")
    tokens = _MD.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
        elif token.type == "inline" and token.children:
            _join_cjk_lines(token.children)
    return Markup(_MD.renderer.render(tokens, _MD.options, {}))
