"""The rules' messages are in both languages, Chinese first (ledger.errors.bilingual).

Every test through the `check_rule` fixture holds the messages of the rules in
conftest.BILINGUAL_RULES to that shape; here, the joining itself and one whole message.
"""

from __future__ import annotations

from ledger.errors import bilingual


def test_chinese_first_then_the_english_unchanged():
    joined = bilingual("缺少审批单号", "Aid without an approval number")
    assert joined == "缺少审批单号。 Aid without an approval number"


def test_a_chinese_stop_is_not_doubled():
    assert bilingual("是否录错年份？", "Is the year typed wrong?") == "是否录错年份？ Is the year typed wrong?"
    assert bilingual(" 缺号。 ", " Gap ") == "缺号。 Gap"


def test_aid_without_approval_says_so_in_chinese_first(check_rule):
    errors = check_rule("aid_approval", """
        2026-03-01 * "救助"
          fund: "GENERAL"
          case: "C1"
          Expenses:Aid:Living  100.00 CNY
          Assets:Bank:Basic
    """)
    assert errors == ['帮扶支出缺少审批单号：请在交易上加 approval: "<审批单号>"。 '
                      'Aid without an approval number: add approval: "<审批单号>" to the transaction']
