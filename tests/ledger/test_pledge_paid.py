"""Rule pledge_paid: what comes off Assets:Receivable:Pledges is a pledge's, and no more than
is still to come of it. A ¥1,000.00 pledge paid ¥1,200.00 took the pledges account to
-¥200.00 (the site said so as still to be received) and left the ¥200.00 more no gift in the
books; a payment linked to no pledge was taken all the same."""

import textwrap

PLEDGE = """
2026-01-01 open Assets:Receivable:Pledges CNY
2026-01-01 custom "donor" "D1" "individual"
  name: "李红梅"
2026-01-01 custom "donor" "D2" "enterprise"
  name: "某某机械"
2026-10-01 * "李红梅" "认捐"
  fund: "GENERAL"
  donor: "D1"
  receipt: "JZ-2026-00001"
  Assets:Receivable:Pledges  1000.00 CNY
  Income:Donation:Individual
"""


def _rule(check_rule, text: str) -> list[str]:
    return check_rule("pledge_paid", PLEDGE + textwrap.dedent(text))


def test_a_pledge_paid_to_the_fen_is_clean(check_rule):
    assert _rule(check_rule, """
        2026-10-15 * "李红梅" "认捐到账"
          donor: "D1"
          Assets:Bank:Basic  600.00 CNY
          Assets:Receivable:Pledges
        2027-01-15 * "李红梅" "认捐到账"
          donor: "D1"
          Assets:Bank:Basic  400.00 CNY
          Assets:Receivable:Pledges
    """) == []


def test_an_overpaid_pledge_says_how_much_more(check_rule):
    (error,) = _rule(check_rule, """
        2026-10-15 * "李红梅" "认捐到账（多付）"
          donor: "D1"
          Assets:Bank:Basic  1200.00 CNY
          Assets:Receivable:Pledges
    """)
    assert "比按捐赠人 D1 对应的认捐尚未到账的金额多 200.00" in error, error
    assert "pays 1,200.00 off Assets:Receivable:Pledges, 200.00 more than is still to come" in error
    assert "Income:Donation:" in error


def test_the_extra_booked_as_a_gift_of_its_own_is_clean(check_rule):
    assert _rule(check_rule, """
        2026-10-15 * "李红梅" "认捐到账，另捐200"
          fund: "GENERAL"
          donor: "D1"
          receipt: "JZ-2026-00002"
          Assets:Bank:Basic  1200.00 CNY
          Assets:Receivable:Pledges  -1000.00 CNY
          Income:Donation:Individual
    """) == []


def test_a_payment_for_no_pledge(check_rule):
    errors = _rule(check_rule, """
        2026-09-20 * "李红梅" "认捐之前到账"
          donor: "D1"
          Assets:Bank:Basic  100.00 CNY
          Assets:Receivable:Pledges
        2026-10-20 * "某某机械" "到账" ^pledge-b
          donor: "D1"
          Assets:Bank:Basic  100.00 CNY
          Assets:Receivable:Pledges
        2026-10-21 * "某某机械" "到账"
          donor: "D2"
          Assets:Bank:Basic  100.00 CNY
          Assets:Receivable:Pledges
    """)
    assert len(errors) == 3, errors
    assert "no pledge of the donor D1, made by its date" in errors[0]
    assert "按同一链接（^pledge-b）找不到" in errors[1] and "no pledge of the link ^pledge-b" in errors[1]
    assert "no pledge of the donor D2" in errors[2]


def test_cancelling_more_than_is_left(check_rule):
    (error,) = _rule(check_rule, """
        2026-10-15 * "李红梅" "认捐到账"
          donor: "D1"
          Assets:Bank:Basic  600.00 CNY
          Assets:Receivable:Pledges
        2026-11-15 * "李红梅" "认捐取消"
          fund: "GENERAL"
          donor: "D1"
          receipt: "JZ-2026-00002"
          Income:Donation:Individual  1000.00 CNY
          Assets:Receivable:Pledges
    """)
    assert "这笔取消 1,000.00" in error and "cancels 1,000.00 off Assets:Receivable:Pledges, 600.00 more" in error, error


def test_pledges_brought_in_with_the_opening_balance(check_rule):
    """Books begun with pledges outstanding (on the account against Equity, no pledge entry):
    their payments are no error, until more has come than all of them had still to come."""
    errors = check_rule("pledge_paid", """
        2026-01-01 open Assets:Receivable:Pledges CNY
        2026-01-01 * "期初余额"
          fund: "GENERAL"
          Assets:Receivable:Pledges  500.00 CNY
          Equity:Opening-Balances
        2026-02-01 * "某某机械" "认捐到账"
          Assets:Bank:Basic  300.00 CNY
          Assets:Receivable:Pledges
        2026-03-01 * "某某机械" "认捐到账"
          Assets:Bank:Basic  300.00 CNY
          Assets:Receivable:Pledges
    """)
    assert len(errors) == 1 and "takes 300.00 off Assets:Receivable:Pledges, 100.00 below zero" in errors[0], errors
