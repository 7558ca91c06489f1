"""The placeholder source documents the demo attaches: approval forms, grant letters, statements.

Plain UTF-8 text and CSV, small, and free of personal details (cases appear by id only).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ledger.demo import names


def approval_form(number: str, day: datetime.date, title: str, fund: str, lines: list[tuple[str, Decimal]]) -> str:
    """A batch approval form (审批单): case ids and amounts, the total, who signed."""
    total = sum((amount for _, amount in lines), Decimal(0))
    rows = "\n".join(f"  {case:<8} {amount:>12,.2f} 元" for case, amount in lines)
    return (
        f"{names.CENTRE_ZH}\n帮扶资金发放审批单\n\n"
        f"审批单号：{number}\n日期：{day:%Y年%m月%d日}\n事项：{title}\n资金来源：{fund}\n\n"
        f"发放明细（个人信息见帮扶档案，不在此列）：\n{rows}\n\n"
        f"合计：{total:,.2f} 元（{len(lines)} 户）\n\n"
        "经办人：财务科（签字）    审核：中心副主任（签字）    批准：中心主任（签字）\n"
        "（演示数据，虚构）\n"
    )


def grant_letter(day: datetime.date, title: str, amount: Decimal) -> str:
    """The finance bureau's notice granting medical-aid money: the document behind the grant's receivable."""
    return (
        f"{names.CITY}财政局\n关于下达{title}的通知\n\n{names.CENTRE_ZH}：\n\n"
        f"经研究，同意下达{title} {amount:,.2f} 元，专项用于困难职工医疗救助，"
        "请严格按照专项资金管理规定使用，年终报送使用情况。\n\n"
        f"{day:%Y年%m月%d日}\n（演示数据，虚构）\n"
    )


def fund_closing(day: datetime.date, fund_zh: str, amount: Decimal) -> str:
    """The centre's decision to move a closed restricted fund's remainder to the general fund (the transfer's approval)."""
    return (
        f"{names.CENTRE_ZH}\n关于{fund_zh}结余资金转入一般帮扶资金的决定\n\n"
        f"{fund_zh}已于{day:%Y年%m月%d日}执行完毕，经中心主任办公会研究，"
        f"结余 {amount:,.2f} 元转入一般帮扶资金统筹使用，并在年度公示中列示。\n\n"
        f"{day:%Y年%m月%d日}\n（演示数据，虚构）\n"
    )


STATEMENT_HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"


def statement_preamble(first: datetime.date, last: datetime.date) -> str:
    """The lines above the header, as the bank's export writes them: the title and the period
    it covers, so importing the file asserts the balance on the day after the month, quiet last days or not."""
    return f"中国工商银行 企业网上银行 账户明细\n起止日期: {first:%Y-%m-%d} 至 {last:%Y-%m-%d}\n"


def statement_row(day: datetime.date, ref: str, summary: str, counterparty: str, amount: Decimal, balance: Decimal) -> str:
    """One row of the bank's CSV export: money in and out in separate columns, then the balance after it."""
    income, outgo = (f"{amount:.2f}", "") if amount >= 0 else ("", f"{-amount:.2f}")
    return f"{day:%Y-%m-%d},{ref},{summary},{counterparty},{income},{outgo},{balance:.2f}\n"
