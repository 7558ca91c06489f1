"""Every golden input cut off at several points gives entries or a clear problem, never an exception."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p for p in GOLDEN.glob("*/*") if p.suffix in (".csv", ".xls", ".xlsx"))


@pytest.fixture(scope="module")
def loaded(books_template):
    return load_books(books_template)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_cut_off_files(loaded, tmp_path, path):
    blob = path.read_bytes()
    importers = load_importers(loaded.root)
    for fraction in (0.1, 0.35, 0.6, 0.85, 0.97):
        cut = tmp_path / f"cut-{int(fraction * 100)}{path.suffix}"
        cut.write_bytes(blob[: int(len(blob) * fraction)])
        (result,) = extract_files(loaded, [cut], importers)  # anything but ImportProblem would raise here
        if result.problem is not None:
            assert cut.name in result.problem.message


@pytest.mark.parametrize("cut", [1, 3, 4])
def test_a_file_cut_inside_its_last_amount_is_refused(books, tmp_path, cut):
    """No balances, the amount the last column, no line break at the end: a cut inside that
    amount (-1234.5, -1234, -123) is refused, never booked as a smaller sum."""
    from click.testing import CliRunner

    from cli import cli

    whole = ("交易日期,借贷标志,对方户名,摘要,交易金额\n2026-03-02,贷,王小明,捐赠,1000.00\n"
             "2026-03-03,借,张三,救助,1234.56").encode()
    f = tmp_path / "bocom.csv"
    f.write_bytes(whole)
    assert CliRunner().invoke(cli, ["import", str(books), str(f)]).exit_code == 0
    f.write_bytes(whole[:-cut])
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 1, result.output
    assert "bocom.csv, row 3" in result.output and "cut off" in result.output


#: a CMB statement whose balances do not follow from the amounts anywhere (anonymised, as
#: deb-sig/bill-file-converter's real samples are), ending without a line break
SCRAMBLED = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
             "2026-02-15,CNY,\"1,234.56\",\"5,871.69\",代发住房公积金,北京住房公积金管理中心,约定提取\n"
             "2026-02-28,CNY,\"-5,020.45\",895.92,转账汇款,老招 6034306864942510239,转账\n"
             "2026-03-13,CNY,-8.22,806.15,快捷支付,肯特瑞小金库网银平台,网银在线\n"
             "2026-03-14,CNY,-31.90,412.33,快捷支付,美团,美团订单")


def test_a_whole_last_row_of_a_statement_whose_balances_never_add_up_is_read(books, tmp_path):
    """The last row's balance says nothing about a cut where no row's balance follows from
    the one before: deb-sig/bill-file-converter's real CMB, BOC, BOCOM and ABC samples were all
    refused as "cut off; export the statement again", which gives the same file. Its rows are
    read, and the balance column's note says it does not follow."""
    f = tmp_path / "cmb.csv"
    f.write_text(SCRAMBLED, encoding="utf-8")
    (result,) = extract_files(load_books(books), [f], load_importers(books))
    assert result.problem is None, result.problem.message
    assert [round(e.postings[0].units.number, 2) for e in result.new if hasattr(e, "postings")] == [
        Decimal("1234.56"), Decimal("-5020.45"), Decimal("-8.22"), Decimal("-31.90")]
    assert any("the balance column does not follow" in n for n in result.report.notes), result.report.notes


def test_a_last_row_whose_balance_breaks_a_chain_that_held_is_still_refused(books, tmp_path):
    """Where the rows before it add up, a last row that does not is cut inside its balance."""
    chained = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
               "2026-02-15,CNY,100.00,1100.00,转账,王小明,捐款\n"
               "2026-02-16,CNY,-20.00,1080.00,转账,张三,救助\n"
               "2026-02-17,CNY,-30.00,105,转账,李四,救助")
    f = tmp_path / "cmb.csv"
    f.write_text(chained, encoding="utf-8")
    (result,) = extract_files(load_books(books), [f], load_importers(books))
    assert result.problem is not None and "looks cut off" in result.problem.message


WECHAT_BILL = ("微信支付账单明细\n共2笔记录\n"
               "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
               "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥200.00,/,已收钱,4200001\t,/\t,/\n"
               "2026-03-06 12:00:00,二维码收款,路人乙,/,收入,¥80.00,/,已收钱,4200003\t,/\t,/")
ALIPAY_BILL = ("支付宝交易明细\n共2笔记录\n"
               "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
               "2026-03-05 10:00:00,转账红包,王小明,w***@example.com,捐款,收入,250.00,余额,交易成功,2026030500001\t,\t,,\n"
               "2026-03-06 10:00:00,转账红包,热心市民,rx***@163.com,捐款,收入,50.00,余额,交易成功,2026030600002\t,\t,,")


@pytest.mark.parametrize("whole, cut", [(WECHAT_BILL, "\t,/\t,/"), (WECHAT_BILL, "3\t,/\t,/"), (ALIPAY_BILL, "\t,\t,,"),
                                        (ALIPAY_BILL, "02\t,\t,,")], ids=["wechat-after-id", "wechat-in-id",
                                                                          "alipay-after-id", "alipay-in-id"])
def test_a_bill_cut_inside_its_last_row_is_refused(books, tmp_path, whole, cut):
    """A bill cut off inside its last row's 交易单号 (or just after it) has every column needed,
    and its count still agrees: it was booked under the cut id (4200003 as 420000), and the
    whole bill, imported later, booked that money a second time. Now it is refused as cut off;
    the same bill whole, its last line without a line break, is read."""
    from click.testing import CliRunner

    from cli import cli

    f = tmp_path / "bill.csv"
    f.write_text(whole, encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(books), str(f)]).exit_code == 0
    f.write_text(whole[: -len(cut)], encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 1, result.output
    assert "bill.csv, row 5" in result.output and "cut off" in result.output


DONATIONS = ("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据,备注,凭证号\n"
             "2026-03-12,王小明,个人,200.00,,,,,,是,,现金,,,SJ-0101\n"
             "2026-03-12,,,50,,,,,完全匿名,,,现金,,捐款箱,")
ROSTER = ("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
          "2026-03-10,C0001,医疗救助,800,GENERAL,SP-2026-0010,银行,住院补助\n"
          "2026-03-10,C0002,特困救助,500,,SP-2026-0010,现金,")


@pytest.mark.parametrize("whole, kept", [(DONATIONS, "2026-03-12,,,5"), (ROSTER, "2026-03-10,C0002,特困救助,50")],
                         ids=["donations", "roster"])
def test_a_register_cut_inside_its_last_row_is_refused(books, tmp_path, whole, kept):
    """A register CSV cut off inside its last row's amount (50 read as 5) was booked as the
    smaller sum without a word; now it is refused as cut off. Whole, its last line without a
    line break, it is read; so is a note line (制表人) ending the file without one."""
    from click.testing import CliRunner

    from cli import cli

    f = tmp_path / "register.csv"
    f.write_text(whole, encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(books), str(f)]).exit_code == 0
    f.write_text(whole + "\n制表人：张三", encoding="utf-8")
    assert CliRunner().invoke(cli, ["import", str(books), str(f)]).exit_code == 0
    f.write_text(whole[: whole.rindex("\n") + 1] + kept, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert result.exit_code == 1, result.output
    assert "register.csv, row 3" in result.output and "cut off" in result.output
