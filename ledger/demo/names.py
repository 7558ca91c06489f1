"""Fictional names for the demo books: people, enterprises, organisations, reporting unions.

Everything here is made up. The city 江临市 and its districts do not exist; enterprise names
are built from common trade words so that they read as real without naming a real company.
Person names are drawn from common surnames and given-name characters; the generator keeps
the names of cases (private) apart from every name that appears in the books.
"""

from __future__ import annotations

import random

CITY = "江临市"
CENTRE_ZH = "江临市总工会困难职工帮扶中心"
CENTRE_EN = "Jianglin Federation of Trade Unions Hardship Assistance Centre"

#: The demo centre's public facts (fictional; the credit code has a valid check character).
CENTRE_FACTS = (
    ("address", "江临市滨江区工人路18号职工服务中心二楼", "2/F Workers' Service Centre, 18 Gongren Road, Binjiang District, Jianglin"),
    ("phone", "0000-12351000"),
    ("email", "bangfu@jianglin-union.example.org"),
    ("credit_code", "81330100MJ00000011"),
    ("registered_with", "江临市总工会", "Jianglin Federation of Trade Unions"),
    ("governing_body", "江临市总工会", "Jianglin Federation of Trade Unions"),
    ("complaint", "职工服务热线 12351；信箱：江临市工人路18号 纪检组", "Workers' hotline 12351; letters: Discipline Office, 18 Gongren Road, Jianglin"),
    ("audit_report", "江临市总工会网站“信息公开”栏目（每年6月30日前）", "Jianglin Federation of Trade Unions website, Disclosure section (by 30 June each year)"),
    ("work_report", "江临市总工会网站“信息公开”栏目", "Jianglin Federation of Trade Unions website, Disclosure section"),
)

#: The demo's narrative for the annual report (report/2026.md; fictional).
NARRATIVE_2026 = """\
2026年，中心围绕“精准帮扶、阳光帮扶”开展工作：春节送温暖、金秋助学和医疗救助三项重点工作如期完成。
专项基金只支付其指定用途；“两节”送温暖和金秋助学两项基金结束时的结余，经中心决议转入一般基金，
继续用于困难职工帮扶（转出金额与理由见第二章及各基金页）。所有款物收支均在本站逐笔公开。

## 下一年的打算

- 完善困难职工档案的动态管理；
- 每季度公开专项基金的使用情况。

*In 2026 the centre completed its three main programmes (Spring Festival visits, autumn education
aid and medical aid). Restricted funds paid only for their purpose; when the holiday and education
funds ended, what was left moved to the general fund by the centre's resolution, still for
hardship aid (amounts and reasons in chapter 2 and on each fund's page). Every receipt and payment
is listed on the public site.*
"""

#: Reporting unions (各基层工会): the unit a case is filed through.
UNITS = (
    "市机械冶金工会",
    "市纺织工会",
    "市建设建材工会",
    "市财贸轻工工会",
    "市交通运输工会",
    "市教科文卫工会",
    "市能源化工工会",
    "市农林水利工会",
    "临江区总工会",
    "江北区总工会",
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
GIVEN = "建国华明军平伟芳秀英丽敏静强磊洋艳勇杰娟涛超霞刚桂兰玉红凤春燕海斌波辉鹏宇俊晓丹文志永立新德福荣成宏云梅琴萍淑珍玲彬浩亮凯婷雪莉长庆金保根才兴学利先"

TRADE_NAMES = (
    "泰和", "联丰", "汇通", "顺达", "博远", "立诚", "鸿运", "同创", "晟达", "锦程", "万隆", "凯盛",
    "华骏", "东晟", "北辰", "荣昌", "天泽", "明远", "安捷", "聚丰", "新源", "佳和", "正元", "瑞祥",
    "德润", "宏图", "盛源", "恒通", "金穗", "临港", "江润", "长丰", "永固", "精诚", "信和", "嘉禾",
)
INDUSTRIES = (
    "精密机械", "纺织", "建材", "物流", "食品", "电子科技", "化工", "医药", "印染", "钢结构",
    "汽车零部件", "粮油", "商贸", "建筑工程", "电力设备", "包装材料", "家具", "服饰", "环保科技", "置业",
)
COMPANY_FORMS = ("有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司")

ORGANISATIONS = (
    "江临市慈善总会",
    "江临市青年企业家协会",
    "江临市女企业家协会",
    "江临市个体私营经济协会",
    "江临市红十字会",
    "江临市爱心助学基金会",
    "江临市律师协会",
    "江临市退休职工协会",
    "江临市温州商会",
    "江临市福建商会",
    "江临市餐饮行业协会",
    "江临市物流行业协会",
    "江临市建筑业协会",
    "江临市志愿者协会",
    "江临市义工联合会",
    "江临市老年书画研究会",
    "江临市工商业联合会",
    "江临市汽车行业协会",
)

STREETS = ("建设路", "人民路", "解放路", "和平街", "光明路", "胜利路", "工农路", "纺织路", "机械厂路", "滨江路", "文化路", "新华街")
DISTRICTS = ("临江区", "江北区", "城南区", "高新区")


def person_name(rng: random.Random) -> str:
    """A three-character name (surname + two given characters)."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def enterprise_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct fictional enterprise names (some prefixed with the fictional city)."""
    seen: dict[str, None] = {}
    while len(seen) < count:
        trade, industry = rng.choice(TRADE_NAMES), rng.choice(INDUSTRIES)
        prefix = CITY if rng.random() < 0.4 else ""
        name = f"{prefix}{trade}{industry}{rng.choice(COMPANY_FORMS)}"
        if len(seen) >= len(TRADE_NAMES) * len(INDUSTRIES):
            name = f"{prefix}{trade}{industry}{len(seen)}厂"
        seen.setdefault(name, None)
    return list(seen)


def short_name(enterprise: str) -> str:
    """The display name a centre would print: trade name plus industry, without the form."""
    name = enterprise.removeprefix(CITY)
    for form in ("集团有限公司", "股份有限公司", "有限公司"):
        name = name.removesuffix(form)
    return name


def address(rng: random.Random) -> str:
    """A fictional street address in the fictional city: for a case's private record only (private/cases.csv)."""
    return f"{CITY}{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.randint(1, 399)}号{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
