"""The bundle runs every rule: one broken entry per rule, each reported once."""

from ledger.plugins.rules import RULES


def test_bundle_reports_every_rule(check_rule):
    errors = check_rule("rules", """
        2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid" 100 CNY
        2026-01-01 custom "relief-option" "bogus" "x"
        2026-01-01 custom "donor" "D1" "nobody"
        2026-02-01 custom "case" "C1" "enrolled"
        2026-03-01 * "no fund"
          Assets:Bank:Basic  1.00 CNY
          Income:Interest
        2026-03-02 * "wrong purpose, overdrawn"
          fund: "EDU-2026"
          approval: "A"
          case: "C1"
          Expenses:Aid:Medical  50.00 CNY
          Assets:Bank:Basic
        2026-03-03 * "no donor, gap"
          fund: "GENERAL"
          receipt: "JZ-2026-00002"
          Assets:Bank:Basic  1.00 CNY
          Income:Donation:Individual
        2026-03-04 * "aid without case or approval, over limit"
          fund: "GENERAL"
          case: "C1"
          Expenses:Aid:Living  60.00 CNY
          Assets:Bank:Basic
        2026-03-05 * "aid to case not yet enrolled"
          fund: "GENERAL"
          approval: "B"
          case: "C2"
          Expenses:Aid:Living  1.00 CNY
          Assets:Bank:Basic
        2026-03-06 * "goods at a price"
          fund: "GENERAL"
          Assets:Goods  1 RICE {1.00 CNY} @ 2.00 CNY
          Income:Donation:InKind  -1.00 CNY
        2026-03-07 * "a refund beyond the gifts, naming no gift"
          fund: "GENERAL"
          donor: "D1"
          receipt: "JZ-2026-00003"
          refund_of: "JZ-2026-09999"
          Assets:Bank:Basic  -5.00 CNY
          Income:Donation:Individual
        2026-03-08 * "part of a fen"
          fund: "GENERAL"
          Expenses:Operations:BankFees  0.005 CNY
          Assets:Bank:Basic
        2026-03-09 balance Assets:Cash  0.01 CNY
        2026-01-01 open Assets:Receivable:Pledges CNY
        2026-03-10 * "a pledge's payment that is no pledge's"
          donor: "D1"
          Assets:Bank:Basic  5.00 CNY
          Assets:Receivable:Pledges
    """)
    text = "\n".join(errors)
    for fragment in (
        "Unknown relief-option 'bogus'",
        "unknown kind 'nobody'",
        "No fund",
        "may pay only Expenses:Aid:Education",
        "EDU-2026 is overdrawn at the end of 2026-03-02",
        "Donation without a donor",
        "Gap in the receipt sequence",
        "Aid without an approval number",
        "over the yearly limit of 100.00 CNY",
        "unknown case 'C2'",
        "carry a price",
        "is more than donor D1 had given to fund GENERAL",
        "names JZ-2026-09999 in refund_of, which is the receipt or source_ref of no donation",
        "Expenses:Operations:BankFees 0.005 CNY is not a whole number of fen",
        "Balance Assets:Cash 0.01 CNY: the books hold 0.00 CNY",
        "no pledge of the donor D1",
    ):
        assert fragment in text, fragment
    # closed_period (tests/reconcile), spreadsheet_names, date_gap and fund_currency (their own tests: warnings) have no planted error here
    assert len(RULES) == 21


def test_the_collector_is_still_while_the_rules_run_and_as_it_was_after(monkeypatch):
    """bean-check and Fava load with the cyclic collector running; the bundle keeps it still
    while the rules run (its full passes over the books found nothing) and restores it."""
    import gc

    from ledger.plugins import rules

    seen = []

    def spy(entries, options_map, config=None):
        seen.append(gc.isenabled())
        return entries, []

    monkeypatch.setattr(rules, "RULES", (spy,))
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            rules.run_rules([], {})
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
    assert seen == [False, False]
