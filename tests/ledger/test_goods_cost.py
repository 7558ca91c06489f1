RECEIVED = """
2026-02-01 * "捐赠大米"
  fund: "GENERAL"
  Assets:Goods   100 RICE {58.00 CNY}
  Income:Donation:InKind
"""


def test_goods_leave_at_cost(check_rule):
    assert check_rule("goods_cost", RECEIVED + """
2026-02-08 * "发放"
  fund: "GENERAL"
  Assets:Goods  -2 RICE {}
  Expenses:Aid:Goods
""") == []


def test_goods_held_as_money_are_an_error(check_rule):
    errors = check_rule("goods_cost", """
2026-02-01 * "错误"
  fund: "GENERAL"
  Assets:Goods   500.00 CNY
  Income:Donation:InKind
""")
    assert len(errors) == 1 and "holds goods as commodities at cost" in errors[0]


def test_goods_leaving_with_a_gain_are_an_error(check_rule):
    errors = check_rule("goods_cost", RECEIVED + """
2026-02-08 * "按市价发放"
  fund: "GENERAL"
  Assets:Goods  -2 RICE {} @ 60.00 CNY
  Expenses:Aid:Goods  120.00 CNY
  Income:Donation:InKind  -4.00 CNY
""")
    assert any("carry a price" in e for e in errors)
    assert any("gain or loss to Income:Donation:InKind" in e for e in errors)


def test_goods_without_cost(check_rule):
    errors = check_rule("goods_cost", """
2026-01-01 open Assets:Goods:Loose
2026-01-01 open Equity:Goods
2026-02-01 * "无成本"
  fund: "GENERAL"
  Assets:Goods:Loose   10 RICE
  Equity:Goods  -10 RICE
""")
    assert len(errors) == 1 and "move without a cost" in errors[0]
