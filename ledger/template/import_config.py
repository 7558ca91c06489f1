"""beangulp import configuration for these books: used by Fava's import page and `relief import`.

The built-in importers cover ICBC, CCB, ABC, BOC, BOCOM, CMB and SPDB statements, WeChat Pay and
Alipay bills, and the donation register, disbursement roster and goods register templates
(`relief import --template donations --out 捐赠登记表.xlsx`). See docs/importing.md.

To import another bank's export, describe its layout as a profile, for example:

    MY_DEBIT = {
        "id": "my-debit", "name": "某银行借记卡",
        "columns": {"date": "交易日期", "in": "存入金额", "out": "取出金额", "balance": "余额",
                    "payer": "交易对手名称", "payer_account": "交易对手账号", "memo": ["交易类型", "附言"]},
        "sign": "in-out",
    }

and pass profiles=[MY_DEBIT] below. Map a statement's account number to a books account with
accounts={"6222020000001234": "Assets:Bank:Basic"} (or put account_number on the open entry).
"""

from importers.config import importers_for_books, renumber_receipts

CONFIG = importers_for_books(
    __file__,
    profiles=[],
    accounts={},
    payer_rules={},  # e.g. {"财政局": "Income:Government", "总工会": "Income:Union"}
)
HOOKS = [renumber_receipts]
