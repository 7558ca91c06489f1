"""A payment bill's summary lines (收入：1笔 0.35元, 支出：…, 中性交易 / 不计收支：…) read
against its rows (importers/payments.py `_summary_notes`).

Only the record count (共N笔记录) was checked: a bill whose rows were edited after export,
or read short, passed as long as the number of rows stayed the same. Where a summary line
and the rows disagree the import now says so in a note naming the line and both figures; it
does not refuse the bill, since Alipay's own bill warns that its summary may not be the
rows' sum, and every row is booked or listed as skipped whatever the summary says.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
ROWS = [
    ("2026-03-05 10:00:00", "转账", "王小明", "收入", Decimal("1000.00"), "已收钱"),
    ("2026-03-05 11:00:00", "转账", "李红", "收入", Decimal("20.50"), "已收钱"),
    ("2026-03-06 10:00:00", "商户消费", "某超市", "支出", Decimal("100.00"), "支付成功"),
    ("2026-03-07 09:00:00", "零钱提现", "招商银行(1234)", "/", Decimal("200.00"), "提现已到账"),
]


def bill(rows, stated: dict[str, tuple[int, Decimal]]) -> str:
    lines = ["微信支付账单明细", f"共{len(rows)}笔记录"]
    lines += [f"{word}：{n}笔 {amount:.2f}元" for word, (n, amount) in stated.items()]
    text = ",,,,,,,,,,\n".join(lines) + ",,,,,,,,,,\n----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n" + HEADER
    for i, (when, kind, who, direction, amount, status) in enumerate(rows):
        text += f"{when},{kind},{who},/,{direction},¥{amount:.2f},零钱,{status},42000000{i:02d}\t,/\t,/\n"
    return text


def sums(rows, leave_out_failed: bool = False) -> dict[str, tuple[int, Decimal]]:
    out: dict[str, tuple[int, Decimal]] = {}
    for _when, _kind, _who, direction, amount, status in rows:
        if leave_out_failed and "关闭" in status:
            continue
        word = {"收入": "收入", "支出": "支出"}.get(direction, "中性交易")
        n, total = out.get(word, (0, Decimal(0)))
        out[word] = (n + 1, total + amount)
    for word in ("收入", "支出", "中性交易"):
        out.setdefault(word, (0, Decimal("0.00")))
    return out


def notes_for(books, tmp_path, text: str, name: str = "wechat.csv") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert result.conserved
    return [n for n in result.report.notes if "summary" in n]


def test_a_summary_that_agrees_says_nothing(books, tmp_path):
    assert notes_for(books, tmp_path, bill(ROWS, sums(ROWS))) == []


def test_a_row_edited_after_export_is_named_by_the_summary_it_breaks(books, tmp_path):
    """The second gift's 20.50 edited to 25.00: the count still agrees (4 records), the 收入 line does not."""
    edited = [*ROWS]
    edited[1] = (*ROWS[1][:4], Decimal("25.00"), ROWS[1][5])
    [note] = notes_for(books, tmp_path, bill(edited, sums(ROWS)))
    assert "row 3" in note and "收入: 2 row(s), 1,020.50 元" in note and "2, 1,025.00 元" in note


def test_a_summary_leaving_out_closed_rows_agrees(books, tmp_path):
    """A closed payment is a row of the bill; a summary that does not count it is not a disagreement."""
    rows = [*ROWS, ("2026-03-08 10:00:00", "商户消费", "某超市", "支出", Decimal("50.00"), "已关闭")]
    assert notes_for(books, tmp_path, bill(rows, sums(rows, leave_out_failed=True))) == []
    assert notes_for(books, tmp_path, bill(rows, sums(rows))) == []


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["收入", "支出", "/"]), amounts), min_size=1, max_size=12),
       st.integers(0, 11), st.sampled_from(["收入", "支出", "中性交易"]))
def test_one_fen_off_in_any_summary_line_is_noted(books, tmp_path, rows, which, line):
    """Generated bills: the true summary gives no note; a fen more on any one line gives one note, on that line."""
    made = [(f"2026-03-{1 + i % 28:02d} 10:00:00", "转账" if d == "收入" else "商户消费" if d == "支出" else "零钱提现",
             "王小明" if d == "收入" else "某超市", d, amount, "已收钱" if d == "收入" else "支付成功") for i, (d, amount) in enumerate(rows)]
    true = sums(made)
    assert notes_for(books, tmp_path, bill(made, true)) == []
    planted = {**true, line: (true[line][0], true[line][1] + Decimal("0.01"))}
    [note] = notes_for(books, tmp_path, bill(made, planted))
    assert f"says {'中性交易 / 不计收支' if line == '中性交易' else line}:" in note


def test_alipay_says_its_own_warning(books, tmp_path):
    text = ("支付宝交易明细\n共1笔记录\n收入：1笔 30.00元\n支出：0笔 0.00元\n不计收支：0笔 0.00元\n"
            "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注\n"
            "2026-03-05 10:00:00,转账红包,王小明,wang***@qq.com,捐款,收入,20.00,账户余额,交易成功,2026030522001\t,\t,\n")
    [note] = notes_for(books, tmp_path, text, "alipay.csv")
    assert "特别提示 6" in note and "收入: 1 row(s), 30.00 元" in note and "1, 20.00 元" in note


OLDER = ("支付宝交易记录明细查询\n账号:[centre@example.org]\n"
         "---------------------------------交易记录明细列表------------------------------------\n"
         "交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n"
         "1001\t,\t,2026-03-05 10:00:00 ,2026-03-05 10:00:01 ,2026-03-05 10:00:01 ,支付宝网站,即时到账交易,"
         "王小明,捐款,100.00 ,收入,交易成功,0.00 ,0.00,,已收入,\n"
         "1003\t,S3\t,2026-03-07 10:00:00 ,2026-03-07 10:00:01 ,2026-03-07 10:00:01 ,淘宝,支付宝担保交易,"
         "李红,义卖,60.00 ,收入,等待确认收货,0.00 ,0.00,,待收入,\n"
         "------------------------------------------------------------------------------------\n"
         "共2笔记录\n已收入:1笔,100.00元\n待收入:1笔,60.00元\n已支出:0笔,0.00元\n待支出:0笔,0.00元\n")


def test_the_older_layout_counts_by_fund_state_and_a_pending_row_is_listed_not_booked(books, tmp_path):
    """The older Alipay layout sums by 资金状态 (已收入:1笔,100.00元) and writes 待收入 apart.
    A 待收入 row (an escrow sale not confirmed) was booked as money received."""
    path = tmp_path / "alipay.csv"
    path.write_bytes(OLDER.encode("gb18030"))
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert not [n for n in result.report.notes if "summary" in n]
    gifts = [p.units.number for e in result.new if hasattr(e, "postings") for p in e.postings if p.account.startswith("Income:")]
    assert gifts == [Decimal("-100.00")]
    [pending] = [s for s in result.report.skipped if "待收入" in str(s)]
    assert "60.00 not moved yet" in str(pending) and "已收入" in str(pending)
    assert result.conserved
