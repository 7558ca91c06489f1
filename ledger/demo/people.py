"""The demo's registries: donors, cases (with their private details) and funds.

Cases are planned here with their whole year (enrolment, an adjustment, an exit) so that
the story can give aid only to cases enrolled on the day. Private details are generated
beside them and go only to private/cases.csv; the names used for cases never occur in any
other name the books carry.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from ledger.demo import names

YEAR = 2026
START = datetime.date(YEAR, 1, 1)
END = datetime.date(YEAR, 12, 31)

CAUSES = ("illness", "disability", "education", "unemployment", "disaster", "other")
CAUSE_WEIGHTS = (34, 14, 20, 20, 4, 8)
EXIT_REASONS = ("re-employed", "income-recovered", "recovered", "moved-away")

CAUSE_DETAIL = {
    "illness": ("本人患慢性肾病需长期透析", "配偶罹患恶性肿瘤，正在化疗", "本人心脏搭桥术后不能从事重体力劳动", "子女患白血病住院治疗"),
    "disability": ("本人工伤致残（四级）", "配偶肢体残疾，无劳动能力", "子女智力残疾需长期照料"),
    "education": ("两名子女同时在读大学", "子女考入外省大学，学费负担重", "单亲家庭，子女在读高中"),
    "unemployment": ("企业改制后下岗，未再就业", "夫妻双方均失业", "企业停产，长期放假待岗"),
    "disaster": ("住房在暴雨中受损", "家中失火，财物损毁"),
    "other": ("单亲家庭，收入低于当地最低生活保障标准", "赡养多名老人，家庭负担重"),
}
SKILLS = ("车工", "焊工", "纺织挡车工", "驾驶员（B照）", "仓库管理", "电工", "厨师", "保洁", "无特长")
JOB_WISHES = ("就近从事保洁、保安类工作", "希望参加电工培训", "希望从事物流分拣", "身体原因暂不能就业", "希望灵活就业")
MOODS = ("情绪稳定，积极配合", "压力较大，需定期走访", "乐观，主动寻求就业", "情绪低落，已联系心理疏导")
FAMILY = ("夫妻二人，子女一人在读", "本人与配偶、两名子女", "单亲，与一名子女同住", "与年迈父母同住", "独居")


@dataclass
class DonorPlan:
    """A donor to register and to draw gifts from.

    `weight` is how often it gives relative to the others; `amounts` are the gifts in yuan it
    chooses among (by `amount_weights`) before the story scales them. `meta` holds the registry's
    matching and private fields (aliases, accounts, contact), which the public site never shows.
    """

    id: str
    kind: str
    name: str
    display: str
    anonymous: str
    weight: int
    amounts: tuple[int, ...]
    amount_weights: tuple[int, ...]
    meta: dict = field(default_factory=dict)


@dataclass
class CasePlan:
    """A case with its whole planned year: enrolment, an optional household change, an optional exit.

    `student` marks a household that gets the autumn education batch. `private` holds the
    generated personal details (name, id number, phone, address, circumstances): they go to
    private/cases.csv only, never into the books.
    """

    id: str
    unit: str
    cause: str
    household: int
    enrolled: datetime.date
    adjusted: datetime.date | None
    new_household: int | None
    exited: datetime.date | None
    exit_reason: str | None
    student: bool
    private: dict = field(default_factory=dict)

    def enrolled_on(self, day: datetime.date) -> bool:
        """Whether the case may get aid on `day`: enrolled by then and not yet exited (the exit day excluded)."""
        return self.enrolled <= day and (self.exited is None or day < self.exited)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def plan_donors(rng: random.Random, count: int) -> list[DonorPlan]:
    """Enterprises, individuals and organisations; some anonymous to the public, a few to all."""
    n_ent = max(4, round(count * 0.4))
    n_org = max(2, round(count * 0.1))
    n_ind = max(4, count - n_ent - n_org)
    enterprises = names.enterprise_names(rng, n_ent)
    orgs = list(names.ORGANISATIONS[:n_org])
    while len(orgs) < n_org:
        name = f"{names.CITY}{rng.choice(names.DISTRICTS)}{rng.choice(names.TRADE_NAMES)}社区公益协会"
        if name not in orgs:
            orgs.append(name)
    people: list[str] = []
    while len(people) < n_ind:
        name = names.person_name(rng)
        if name not in people:
            people.append(name)
    plans: list[DonorPlan] = []
    for name in enterprises:
        short = names.short_name(name)
        anon = "public" if rng.random() < 0.05 else "none"
        plans.append(DonorPlan("", "enterprise", name, short, anon, 2, (2000, 5000, 10000, 20000, 50000), (30, 30, 20, 15, 5),
                               {"aliases": short, "accounts": f"62220288{rng.randint(0, 99999999):08d}",
                                "contact": f"{rng.choice(names.SURNAMES)}经理 1380000{rng.randint(0, 9999):04d}"}))
    for name in orgs:
        plans.append(DonorPlan("", "organisation", name, name, "none", 2, (2000, 5000, 10000, 20000), (40, 30, 20, 10),
                               {"contact": f"办公室 0571-8800{rng.randint(0, 9999):04d}"}))
    for name in people:
        r = rng.random()
        anon = "all" if r < 0.03 else "public" if r < 0.18 else "none"
        plans.append(DonorPlan("", "individual", name, name, anon, 5, (50, 100, 200, 500, 1000, 2000), (20, 30, 25, 15, 7, 3),
                               {"contact": f"1380000{rng.randint(0, 9999):04d}"}))
    rng.shuffle(plans)
    for i, plan in enumerate(plans, 1):
        plan.id = f"D{i:04d}"
    return plans


def plan_cases(rng: random.Random, count: int, public_text: str) -> list[CasePlan]:
    """Cases carried over from earlier years and enrolled through 2026; some adjusted, some exited."""
    plans: list[CasePlan] = []
    used: set[str] = set()
    for _ in range(count):
        carried = rng.random() < 0.4
        if carried:
            enrolled = _day_between(rng, datetime.date(2024, 3, 1), datetime.date(2025, 12, 20))
        else:
            enrolled = _day_between(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 11, 30))
        cause = rng.choices(CAUSES, CAUSE_WEIGHTS)[0]
        household = rng.choices((1, 2, 3, 4, 5, 6), (8, 20, 35, 25, 9, 3))[0]
        first_2026 = max(enrolled, START)
        exited = exit_reason = None
        if rng.random() < 0.2 and (END - first_2026).days > 90:
            exited = _day_between(rng, first_2026 + datetime.timedelta(days=60), datetime.date(YEAR, 12, 20))
            exit_reason = rng.choice(EXIT_REASONS)
        adjusted = new_household = None
        last = (exited or END) - datetime.timedelta(days=1)
        if rng.random() < 0.25 and (last - first_2026).days > 30:
            adjusted = _day_between(rng, first_2026 + datetime.timedelta(days=15), last)
            new_household = max(1, household + rng.choice((-1, 1)))
        while True:
            name = names.person_name(rng)
            if name not in used and name not in public_text:
                used.add(name)
                break
        plans.append(CasePlan("", rng.choice(names.UNITS), cause, household, enrolled, adjusted, new_household,
                              exited, exit_reason, cause == "education" or rng.random() < 0.15, {"name": name}))
    plans.sort(key=lambda c: c.enrolled)
    width = max(4, len(str(len(plans))))
    for i, case in enumerate(plans, 1):
        case.id = f"C{i:0{width}d}"
        birth = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 30))
        case.private.update(
            id_number=f"000000{birth:%Y%m%d}{i % 1000:03d}X",  # region 000000 does not exist: obviously fake
            phone=f"1590000{i % 10000:04d}",
            address=names.address(rng),
            family=rng.choice(FAMILY),
            cause_detail=rng.choice(CAUSE_DETAIL[case.cause]),
            skills=rng.choice(SKILLS),
            job_wishes=rng.choice(JOB_WISHES),
            state_of_mind=rng.choice(MOODS),
        )
    return plans
