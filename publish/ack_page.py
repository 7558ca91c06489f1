"""The acknowledgement pages, rendered in plain Python when the shipped templates make them.

There is one acknowledgement page per donation: tens of thousands in large books, all
rendered on a first publish. Through Jinja each page costs a new template context, base.html's
whole frame (header, footer, a dozen T() and url() calls), identical on every one of them,
and then a few dozen escapes and filters run through the template runtime: about 0.1 ms a
page, the largest part of the page-rendering phase. Here, as `Transparency.ack_section`
(publish/verification.py) already does for the proof's section:

- the frame (everything outside the title and main blocks) is rendered by Jinja once per
  publish, from the shipped base.html and ack.html, with markers where those two blocks go;
- the title and main blocks of ack.html are written out below in Python, with the same
  escaping (markupsafe's `escape`, as autoescape does), the same filters (publish/
  environment.py's `money` and `num`) and the same shared fragment (`_ack_fund_use.html`,
  still a Jinja template, rendered once per fund, currency and language).

The templates remain the definition of the page: this is used only while none of
ACK_TEMPLATES is overridden by the user's --templates folder (otherwise every page goes
through Jinja as before, so the user's template is honoured), and
tests/publish/test_ack_page.py compares its output with Jinja's byte for byte, on the demo
books and on generated gifts. A change to ack.html's title or main block must be made here
too; that test says so when it is not.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import escape

from publish.capitals import gift_capitals
from publish.environment import format_money, format_number, render_fragment, shipped_templates, whole
from publish.model import Donation, Fund, PublicModel
from publish.pages import PageSpec, contexts

#: the templates an acknowledgement page is made of (ack.html extends base.html and shares
#: _ack_fund_use.html through fragment(); it includes and imports nothing else: a test checks)
ACK_TEMPLATES = ("ack.html", "base.html", "_ack_fund_use.html")

#: a pledge's payments, as ack.html words them by what they brought (Donation.pledge_came):
#: (all of it came, some came) in Chinese; what follows "came in" / "Received" in English
_CAME_ZH = {"money": ("认捐款项已全部到账", "已到账"), "goods": ("认捐物资已全部收到", "已收到物资"), "mixed": ("认捐款物已全部收到", "已收到款物")}
_CAME_EN = {"money": "", "goods": " in goods", "mixed": " in money and goods"}

_TITLE = "\x00relief-ack-title\x00"
_MAIN = "\x00relief-ack-main\x00"


def uses_shipped_templates(env: jinja2.Environment, names: tuple[str, ...] = ACK_TEMPLATES) -> bool:
    """Whether every template in `names` is the shipped one (none is in the user's folder)."""
    shipped = shipped_templates().resolve()
    return all(Path(env.get_template(name).filename or "").resolve().is_relative_to(shipped) for name in names)


class AckPages:
    """Renders ack.html's pages without Jinja's per-page work; `render` gives the same text
    as `env.get_template("ack.html").render(context)` for each page's context
    (publish/pages.py `contexts`)."""

    def __init__(self, env: jinja2.Environment, model: PublicModel):
        self.env = env
        self.model = model
        self.site = model.site
        self.verification = env.globals.get("verification")
        self._money_ctx = {"site": model.site}  # what the `money` filter reads of a context
        #: (section, depth of the page's path) -> the frame around the title and the main
        #: block, or None when the frame cannot be split (then the page goes through Jinja)
        self._frames: dict[tuple[str, int], tuple[str, str, str] | None] = {}
        self._funds: dict[tuple, tuple] = {}  # see _fund_parts

    @classmethod
    def for_site(cls, env: jinja2.Environment, model: PublicModel) -> AckPages | None:
        """A renderer when the acknowledgement pages are made by the shipped templates only;
        None when the user's templates override any of them (those pages then go through Jinja)."""
        return cls(env, model) if uses_shipped_templates(env) else None

    def render(self, spec: PageSpec) -> str | None:
        """The page of `spec` (an acknowledgement page: template ack.html); None when it
        must go through Jinja instead."""
        depth = spec.path.count("/")
        frame = self._frames.get((spec.section, depth), False)
        if frame is False:
            frame = self._frames[(spec.section, depth)] = self._frame(spec)
        if frame is None:
            return None
        d = spec.context["donation"]
        head, middle, tail = frame
        receipt = escape(d.receipt)
        return f"{head}捐赠致谢 {receipt} · Acknowledgement{middle}{self._main(d, spec.context['fund'], '../' * depth, receipt)}{tail}"

    def _frame(self, spec: PageSpec) -> tuple[str, str, str] | None:
        """base.html around ack.html's blocks, rendered by Jinja with markers for the title
        and the main block: (before the title, between them, after the main block). Every
        page with this section and depth has the same frame: the shipped base.html and
        ack.html's other blocks show only the site, the page's section and its way up to the
        site's root (an acknowledgement page has no other language's page)."""
        template = self.env.get_template("ack.html")
        _path, context = next(iter(contexts(spec, self.model)))
        ctx = template.new_context(context)
        ctx.blocks["title"] = [lambda _ctx: iter((_TITLE,))]
        ctx.blocks["main"] = [lambda _ctx: iter((_MAIN,))]
        html = "".join(template.root_render_func(ctx))
        if html.count(_TITLE) != 1 or html.count(_MAIN) != 1 or html.index(_TITLE) > html.index(_MAIN):
            return None
        head, rest = html.split(_TITLE)
        middle, tail = rest.split(_MAIN)
        return head, middle, tail

    def _main(self, d: Donation, fund: Fund | None, root: str, receipt: str) -> str:
        """ack.html's main block, both languages (the template is the definition; `receipt`
        is the gift's receipt, escaped). Numbers and dates are written without escaping:
        their text has nothing to escape."""
        name = d.donor_name
        date = d.received or d.date
        pledge = d.pledge_paid  # None: no pledge
        # a gift booked again under its right donor (Donation.received): thanked for the day
        # its money came, with the day it was put right (as ack.html)
        put_right = d.date if d.received else None
        zh_fund, zh_lead, en_lead, en_fund = self._fund_parts(d, fund, root)
        unvalued = bool(d.goods) and not d.amount  # goods given with no value put on them
        money = "" if unvalued else escape(format_money(self._money_ctx, d.amount, d.currency))
        zh_booked, en_booked = self._booked_value(d) if money and d.goods and not d.goods_valued else ("", "")
        if money and d.given_amount is not None:  # the gift as given, in its own currency
            given = escape(format_money(self._money_ctx, d.given_amount, d.given_currency))
            zh_booked, en_booked = f"（原币 {given}）{zh_booked}", f" (given as {given}){en_booked}"
        if d.cancelled_in_full:  # a pledge the donor cancelled, all of it: said with the pledge
            zh_lead, en_lead = "后已全部取消，见下文。", ", and was later cancelled in full, as shown below."
        elif d.corrected_in_full:
            zh_lead, en_lead = "经更正已全部不计入这笔捐赠，见下文。", ", and was corrected in full: none of it stands as this gift, as shown below."
        elif d.returned_in_full:
            zh_lead, en_lead = "并已全额退还，见下文。", " and was returned to you in full, as shown below."
        p = ['<article class="ack" lang="zh-CN">\n<h1>感谢您的捐赠</h1>\n<p class="lead">',
             f"{escape(name)}：" if name else "尊敬的捐赠人：",
             f"您于 {date.year}年{date.month}月{date.day}日 的{'捐赠' if pledge is None else '认捐'}",
             f"（原误记在另一捐赠人名下，于 {put_right.year}年{put_right.month}月{put_right.day}日 更正记入您的名下）" if put_right else "",
             "已记入账目，", zh_lead,
             "</p>\n", self._pledge(d, "zh") if pledge is not None else "", self._returned(d, "zh") if d.returned_shown else "",
             f'<dl class="facts">\n  <div><dt>收据编号</dt><dd class="receipt">{receipt}</dd></div>\n'
             f"  <div><dt>{'金额' if pledge is None else '认捐金额'}</dt><dd>{money or '物资未估值'}{zh_booked}</dd></div>\n"]
        capitals = None if d.goods and not d.goods_valued else gift_capitals(d.amount, d.currency)
        if capitals:
            p.append(f'<div><dt>大写</dt><dd class="capitals">{capitals}</dd></div>')
        if d.goods:
            p.append(f"<div><dt>物资</dt><dd>{self._goods(d, 'zh', '、')}</dd></div>")
        p += [zh_fund, f"Dear {escape(name)}, your" if name else "Dear donor, your",
              f" {'gift' if pledge is None else 'pledge'} of {whole(date)}",
              f" (first recorded under another donor and put right on {whole(put_right)})" if put_right else "",
              " is recorded in our books", en_lead,
              "</p>\n", self._pledge(d, "en") if pledge is not None else "", self._returned(d, "en") if d.returned_shown else "",
              f'<dl class="facts">\n  <div><dt>Receipt number</dt><dd class="receipt">{receipt}</dd></div>\n'
              f"  <div><dt>{'Amount' if pledge is None else 'Amount pledged'}</dt><dd>{money or 'goods not valued'}{en_booked}</dd></div>\n"]
        if d.goods:
            p.append(f"<div><dt>Goods</dt><dd>{self._goods(d, 'en', ', ')}</dd></div>")
        p.append(en_fund)
        if self.verification:
            p.append(self.verification.ack_section(d.receipt, d.currency))
        return "".join(p)

    def _booked_value(self, d: Donation) -> tuple[str, str]:
        """After the amount of a gift with goods its entry did not value (no `valuation`):
        that the amount is the goods' value as booked, and why the letter states none."""
        if d.goods_value == d.amount:
            zh, en = "物资的入账价值", "the goods' value as booked"
        else:
            value = escape(format_money(self._money_ctx, d.goods_value, d.currency))
            zh, en = f"其中物资 {value} 为入账价值", f"of which {value} is the goods' value as booked"
        return (f"（{zh}；账目未载明其估值依据，故致谢函不载明其价值）",
                f" ({en}: the books do not say how it was established, so your letter states no value for them)")

    def _fund_parts(self, d: Donation, fund: Fund | None, root: str) -> tuple[str, str, str, str]:
        """What the main block shows of the gift's fund, the same on every page of that fund
        and currency: made once (told apart by the objects' identity, as fragment() does,
        and kept with them so that identity stays theirs). (Chinese fund line and fund use up
        to the English lead, the end of the Chinese lead, the end of the English lead, the
        English fund line and fund use.)"""
        key = (id(d.fund), id(fund), d.currency, root)
        hit = self._funds.get(key)
        if hit is not None:
            return hit[0]
        e = escape
        ref = d.fund
        slug = e(ref.slug)
        if fund and fund.ended and fund.restricted:
            end = fund.end
            zh_lead = (f"并已计入下述基金；该基金已于 {end.year}年{end.month}月{end.day}日 "
                       f"{'结束' if fund.closed else '到期'}，其资金的使用和去向见下文。")
            en_lead = (f" and went to the fund below, which {'closed' if fund.closed else 'ended'} on {whole(end)}; "
                       "how its money was used and where the rest went is shown below.")
        else:
            zh_lead = "将按所进入基金的用途用于帮扶困难职工。"
            en_lead = " and is used, within the purpose of the fund it went to, to help workers in hardship."
        zh_use = en_use = ""
        if fund:
            zh_use = render_fragment(self.env, self.site, "zh", root, "_ack_fund_use.html", {"fund": fund, "currency": d.currency, "lang": "zh"})
            en_use = render_fragment(self.env, self.site, "zh", root, "_ack_fund_use.html", {"fund": fund, "currency": d.currency, "lang": "en"})
        zh_fund = (f'  <div><dt>进入基金</dt><dd><a href="../funds/{slug}.html">{e(ref.name.zh)}</a></dd></div>\n</dl>\n{zh_use}'
                   '</article>\n\n<article class="ack" lang="en">\n<h1>Thank you for your gift</h1>\n<p class="lead">')
        en_fund = f'  <div><dt>Fund</dt><dd><a href="../en/funds/{slug}.html">{e(ref.name.en)}</a></dd></div>\n</dl>\n{en_use}</article>\n'
        parts = (zh_fund, zh_lead, en_lead, en_fund)
        self._funds[key] = (parts, ref, fund)
        return parts

    def _pledge(self, d: Donation, lang: str) -> str:
        """ack.html's paragraph on a pledge: each payment of it received, what the donor
        cancelled, and what is still to come (or that nothing has come yet, or that all of it
        has), as its letter says."""
        def money(amount) -> str:
            return str(escape(format_money(self._money_ctx, amount, d.currency)))

        paid, cancelled = d.pledge_paid or (), d.pledge_cancelled
        left = d.pledge_to_come
        if lang == "zh":
            def listed(items) -> str:
                return "；".join(f"{money(amount)}（{day.year}年{day.month}月{day.day}日）" for day, amount in items)
            all_came, part = _CAME_ZH[d.pledge_came]
            first = ("认捐款项尚未到账" if not paid else f"{all_came}：{listed(paid)}" if left <= 0 and not cancelled
                     else f"{part} {listed(paid)}")
            parts = [first, *([f"已取消认捐 {listed(cancelled)}"] if cancelled else []),
                     *([f"尚有 {money(left)} 未到账"] if left > 0 and (paid or cancelled) else [])]
            return f'<p class="pledge">{"；".join(parts)}。</p>'

        def listed_en(items) -> str:
            return "; ".join(f"{money(amount)} on {whole(day)}" for day, amount in items)
        how = _CAME_EN[d.pledge_came]
        first = ("None of the pledge has come in yet" if not paid else f"The whole pledge has come in{',' if how else ''}{how}: {listed_en(paid)}"
                 if left <= 0 and not cancelled else f"Received{how}: {listed_en(paid)}")
        parts = [first, *([f"cancelled: {listed_en(cancelled)}"] if cancelled else []),
                 *([f"{money(left)} is still to come"] if left > 0 and (paid or cancelled) else [])]
        return f'<p class="pledge">{"; ".join(parts)}.</p>'

    def _returned(self, d: Donation, lang: str) -> str:
        """ack.html's paragraph on what of the gift was given back (refunds naming it)."""
        def money(amount) -> str:
            return str(escape(format_money(self._money_ctx, amount, d.currency)))

        parts = []
        for r in d.returned_shown:  # a pledge's cancelled rest is said with the pledge
            if r.lessens:  # a correction lowering a refund (or a correction) of it: what did not go back
                back = whole(r.lessens)
                of = f"（更正收据编号 {whole(r.receipt)}）" if r.receipt else ""
                of_en = f" (correction receipt {whole(r.receipt)})" if r.receipt else ""
                if lang == "zh":
                    parts.append(f"更正 {back} 多减去的 {money(-r.amount)} 已于 {r.date.year}年{r.date.month}月{r.date.day}日 计回这笔捐赠{of}"
                                 if r.corrected else
                                 f"退款 {back} 中的 {money(-r.amount)} 未退还，已于 {r.date.year}年{r.date.month}月{r.date.day}日 更正{of}")
                else:
                    parts.append(f"{money(-r.amount)} taken off by correction {back} was put back on this gift on {whole(r.date)}{of_en}"
                                 if r.corrected else
                                 f"{money(-r.amount)} of refund {back} did not go back after all, put right on {whole(r.date)}{of_en}")
            elif lang == "zh" and r.corrected:
                parts.append(f"{money(r.amount)} 已于 {r.date.year}年{r.date.month}月{r.date.day}日 更正为多记，不计入这笔捐赠"
                             + (f"（更正收据编号 {whole(r.receipt)}）" if r.receipt else ""))
            elif lang == "zh":
                parts.append(f"{money(r.amount)} 已于 {r.date.year}年{r.date.month}月{r.date.day}日 退还"
                             + (f"（退款收据编号 {whole(r.receipt)}）" if r.receipt else ""))
            elif r.corrected:
                parts.append(f"{money(r.amount)} was found booked in error and taken off this gift on {whole(r.date)}"
                             + (f" (correction receipt {whole(r.receipt)})" if r.receipt else ""))
            else:
                parts.append(f"{money(r.amount)} was returned to you on {whole(r.date)}"
                             + (f" (refund receipt {whole(r.receipt)})" if r.receipt else ""))
        rest = money(d.amount - d.returned_amount)
        if lang == "zh":
            end = ("：经更正，这笔捐赠已全部不计入。" if d.corrected_in_full else "：这笔捐赠已全额退还，不用于帮扶。" if d.returned_in_full
                   else f"；其余 {rest} 按上述用途使用。")
            return f'<p class="returned">{"；".join(parts)}{end}</p>'
        end = (": after the correction, none of this gift stands." if d.corrected_in_full
               else ": the whole gift went back and is not used for aid." if d.returned_in_full
               else f"; the remaining {rest} is used as described here.")
        return f'<p class="returned">{"; ".join(parts)}{end}</p>'

    @staticmethod
    def _goods(d: Donation, lang: str, sep: str) -> str:
        """The goods of a gift in `lang`: name, quantity and unit (when it has one)."""
        out = []
        for g in d.goods:
            unit = getattr(g.counted_unit, lang)
            text = f"{escape(getattr(g.name, lang))} {escape(format_number(g.quantity))}"
            out.append(f"{text} {escape(unit)}" if unit else text)
        return sep.join(out)
