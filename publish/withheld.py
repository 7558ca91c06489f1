"""A transfer's reason that names a donor who asked not to be named in public is withheld.

The reason of a transfer between funds is the one text of the books' transactions that the
site publishes (its `reason`, else the narration of an entry that only moves money between
funds: publish/model_builder.py, `public_reason`). A finance officer writes what happened,
and money moved to the fund a donor chose is written with the donor's name ("钱多多先生捐款中
指定助学的部分转入金秋助学专项"): for a donor who asked for anonymity that name went on the
overview, the fund pages, the reports, statement.csv, model.json and the annual report,
beside an anonymous gift of the same day. Such a reason is published as not stated (the
transfer itself, its amount and approval, still are), and the publish names the entry, so
that a `reason:` written for the public can take its place. The centre's narrative of a year
(report/YYYY.md) that names such a donor, or holds what follows, stops the publish and the
report instead: it is prose, with nothing that could stand in for the name.

So is a reason that holds what is about a person helped: a registered case's id, or a number
shaped like an identity, bank card or mobile number (ledger.personal.number_shaped). A
transfer written by hand for one household ("一般资金转入医疗专项，用于C0003胡浩鹏（身份证…，
159…）大病救助") put them on the fund pages, every acknowledgement page of the fund,
statement.csv, model.json and the annual report. The shapes are looked for loosely (no check
digit): a reason withheld too often costs a note; one published wrongly cannot be taken back.
So is a reason that names a person helped by name alone ("用于胡浩鹏大病救助"): the publish
reads the `name` column of the books' private/cases.csv, where the books have one (on the
treasurer's machine; a copy of the books without private/ has no names to look for), and
nothing of the file reaches the model; how a name is found: ledger.personal.CaseNames.
So is a reason that holds a case's phone, id_number or address from that file ("转给 朝阳区
幸福里3号楼的困难户", a landline 010-6666 8888, an old 15-digit identity number: no shape finds
them), found as ledger.case_details says (an address by its street and house number, never a
district alone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from beancount.core import data

from ledger.accounts import EXPENSES, FUND_TRANSFER_ACCOUNT, INCOME, MEDICAL_AID_ACCOUNT, is_bank
from ledger.bidi import as_seen
from ledger.books import Books
from ledger.case_details import CaseDetails
from ledger.errors import bilingual
from ledger.personal import CaseNames, case_details_of, case_names_of, number_shaped, without_name_dots
from ledger.registry import gift_asks_anonymity
from ledger.said import Said, in_zh, said
from publish.about import NarrativeError
from publish.labels import Names
from publish.model import Narrative

#: what the site itself calls an unnamed donor (the donation box ANON is registered so), and
#: what a centre calls one it does not name: a text that says it names no one ("感谢各位爱心人士")
_GENERIC = {"匿名捐赠人", "匿名", "anonymous donor", "anonymous", "爱心人士", "社会爱心人士", "热心人士",
            "好心人", "无名氏", "佚名", "某先生", "某女士"}


def private_names(books: Books, asked_on_a_gift: Iterable[str]) -> dict[str, str]:
    """{name as a reader sees it: donor id} of every donor who asked not to be named in
    public, in the registry (`anonymous`) or on a gift of theirs (`asked_on_a_gift`: their
    ids): each one's legal name, display name and aliases (a payer's name as a bank writes it)."""
    donors = books.registry.donors
    asked = {d.id for d in donors.values() if d.anonymous != "none"} | set(asked_on_a_gift)
    names: dict[str, str] = {}
    for did in sorted(asked):
        donor = donors.get(did)
        if donor is None:
            continue
        for name in (donor.name, donor.display, *donor.aliases):
            seen = as_seen(name or "")
            if len(seen) >= 2 and seen.lower() not in _GENERIC:
                names.setdefault(seen, did)
    return names


_CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def donor_keys(names: dict[str, str]) -> list[tuple[str, bool, str]]:
    """(name as looked for, whether a Chinese name, donor id) of each of `names`: a Chinese
    name without its blanks and the dot between its parts (阿卜杜拉·艾力, whichever dot is
    typed), any other in small letters (its blanks as a reader sees them).

    Why: a name is padded with a blank in Chinese tables (王　伟, 司马 先生), and copied so into a
    transfer's reason it was not found: the reason, naming a donor who asked not to be named,
    was published. The names of the people helped were already looked for so."""
    keys = []
    for name, did in names.items():
        squeezed = without_name_dots("".join(name.split()))
        chinese = _CHINESE.fullmatch(squeezed) is not None
        keys.append((squeezed if chinese else name.lower(), chinese, did))
    return keys


def named_donor(text: str, names: dict[str, str], keys: list[tuple[str, bool, str]] | None = None) -> str | None:
    """The id of a donor of `names` whom `text` names (as a reader sees both, a Chinese name
    with blanks inside it too: `donor_keys`, given as `keys` when made once), else None."""
    if not names or not text:
        return None
    seen = as_seen(text).lower()
    squeezed = without_name_dots("".join(seen.split()))
    return next((did for key, chinese, did in (donor_keys(names) if keys is None else keys)
                 if key in (squeezed if chinese else seen)), None)


#: a phone number (seven digits or more, in groups too) and an email address, in a donor's
#: contact and in a text to publish
_PHONE = re.compile(r"\d(?:[ -]?\d){6,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def private_contacts(books: Books) -> dict[str, str]:
    """{a phone number's digits, or an email address in small letters: donor id} of every
    registered donor's `contact`, which is never published, whoever the donor."""
    out: dict[str, str] = {}
    for did, donor in sorted(books.registry.donors.items()):
        contact = as_seen(str((donor.meta or {}).get("contact") or ""))
        for m in _PHONE.finditer(contact):
            out.setdefault(_digits(m.group(0)), did)
        for m in _EMAIL.finditer(contact.lower()):
            out.setdefault(m.group(0), did)
    return out


def _digits(number: str) -> str:
    return number.replace(" ", "").replace("-", "")


def contact_in(text: str, contacts: dict[str, str]) -> str | None:
    """The id of the donor whose contact's phone number or email `text` holds (as a reader
    sees it, in groups or not), else None. Why: "按丰收粮油仓库主管来电（021-66668888）意愿转入"
    put a donor's landline on every page of the fund; only a mobile number's shape was looked for."""
    if not contacts or not text:
        return None
    seen = as_seen(text).lower()
    for m in _PHONE.finditer(seen):
        digits = _digits(m.group(0))
        did = contacts.get(digits) or next((d for c, d in contacts.items() if c.isdigit() and c in digits), None)
        if did is not None:
            return did
    return next((contacts[m.group(0)] for m in _EMAIL.finditer(seen) if m.group(0) in contacts), None)


def about_a_case(text: str, case_ids: Iterable[str], numbers: bool = True) -> str | None:
    """What `text` holds about a person helped, as the publish's note says it ("case C0003",
    "an identity, bank card or mobile number": only when `numbers`), else None. A case id
    counts standing alone (not C0003 inside C00031), as a reader sees the text (full-width
    Ｃ０００３ too); an id of digits only (12) is not looked for: it is a month, a count or an
    amount as often."""
    return _about_a_case(text, _CaseIds(case_ids), numbers)


class _CaseIds:
    """Case ids to look for in a text: those of letters and digits alone (C0003) by a set
    lookup of the text's runs of letters and digits, built once (a publish looks at every
    name it shows, against every case); the others (C-0003) one by one."""

    def __init__(self, case_ids: Iterable[str]) -> None:
        ids = [cid for cid in case_ids if cid and not cid.isdigit()]
        self.plain = frozenset(cid for cid in ids if cid.isascii() and cid.isalnum())
        self.others = tuple(cid for cid in ids if cid not in self.plain)

    def found_in(self, seen: str) -> str | None:
        """The first case id standing alone in `seen` (not C0003 inside C00031), else None."""
        if self.plain:
            found = next((run for run in _RUNS.findall(seen) if run in self.plain), None)
            if found is not None:
                return found
        return next((cid for cid in self.others if cid in seen
                     and re.search(rf"(?<![0-9A-Za-z]){re.escape(cid)}(?![0-9A-Za-z])", seen)), None)


_RUNS = re.compile(r"[0-9A-Za-z]+")


def _about_a_case(text: str, case_ids: _CaseIds, numbers: bool) -> Said | None:
    if not text:
        return None
    seen = as_seen(text)
    cid = case_ids.found_in(seen)
    if cid is not None:
        return said(f"个案 {cid}", f"case {cid}")
    return said("身份证号、银行卡号或手机号", "an identity, bank card or mobile number") if numbers and number_shaped(seen) else None


#: a case's detail (ledger.case_details.KINDS) in Chinese
DETAIL_ZH = {"phone number": "电话号码", "identity number": "身份证号", "address": "住址"}


class Withheld:
    """What a transfer's reason may not hold to be published: the names of donors who asked
    not to be named (`names`: private_names) and anything about a person helped (the books'
    `case_ids`: about_a_case; their `case_names`: ledger.personal.CaseNames; their phones,
    identity numbers and addresses, `case_details`: ledger.case_details). Each reason is
    looked at once (the site asks per period)."""

    def __init__(self, names: dict[str, str], case_ids: Iterable[str], case_names: CaseNames | None = None,
                 contacts: dict[str, str] | None = None, case_details: CaseDetails | None = None) -> None:
        self.names = names
        self.contacts = contacts or {}
        self.donor_keys = donor_keys(names)
        self.case_ids = _CaseIds(case_ids)
        self.case_names = case_names
        self.case_details = case_details
        self._why: dict[tuple[str, bool, bool], Said | None] = {}

    def why(self, reason: str, numbers: bool = True, details: bool = True) -> Said | None:
        """Why `reason` is not published, as the note says it, else None; numbers shaped like
        an identity, card or mobile number only when `numbers` (not in an account's name:
        a bank account named by its own number is the centre's, not a person's); a case's
        own phone, identity number or address (`case_details`) only when `details` (not in
        the centre's public facts: its address or hotline is its own, and public, whoever
        else lives or answers there)."""
        if not reason:
            return None
        key = (reason, numbers, details)
        if key not in self._why:
            did = named_donor(reason, self.names, self.donor_keys)
            contact = None if did is not None or not numbers else contact_in(reason, self.contacts)
            if did is not None:
                self._why[key] = said(f"写有要求不公开姓名的捐赠人 {did}", f"names donor {did}, who asked not to be named in public")
            elif contact is not None:
                self._why[key] = said(f"含有捐赠人 {contact} 的联系方式（联系方式从不公开）",
                                      f"holds the contact of donor {contact}, which is never published")
            else:
                held = _about_a_case(reason, self.case_ids, numbers)
                named = None if held is not None or not self.case_names else self.case_names.named(reason)
                detail = (None if held is not None or named is not None or not details or not self.case_details
                          else self.case_details.found_in(reason))
                self._why[key] = (
                    said(f"含有受助人的{held.zh}" if held.startswith("an ") else f"写有受助人{held.zh}", f"holds {held} of a person helped")
                    if held is not None
                    else said(f"写有受助人个案 {named[0]} 的亲属", f"names a relative of case {named[0]}, a person helped")
                    if named is not None and named[1]
                    else said(f"写有受助人个案 {named[0]}", f"names case {named[0]}, a person helped") if named is not None
                    else None if detail is None
                    else said(f"含有受助人个案 {detail[1]} 的{DETAIL_ZH.get(detail[0], detail[0])}",
                              f"holds the {detail[0]} of case {detail[1]}, a person helped"))
        return self._why[key]


def _asked_and_transfers(books: Books) -> tuple[set[str], list[data.Transaction]]:
    """The ids of donors who asked on a gift not to be named, and the transfers between funds."""
    asked, transfers = set(), []
    for entry in books.entries:  # one pass, no index: this runs beside the model on every publish
        if type(entry) is not data.Transaction:
            continue
        meta = entry.meta
        if "anonymous" in meta and "donor" in meta and gift_asks_anonymity(meta):
            asked.add(str(meta["donor"]))
        if any(p.account == FUND_TRANSFER_ACCOUNT for p in entry.postings):
            transfers.append(entry)
    return asked, transfers


def withheld_notes(books: Books, reason_of: Callable[[data.Transaction], str]) -> list[str]:
    """A note for each transfer between funds whose reason (`reason_of` the entry, as the
    site would publish it) names a donor who asked not to be named, or holds something about
    a person helped: it is published without it. For publish's and report's output."""
    asked, transfers = _asked_and_transfers(books)
    case_names, unread = case_names_of(books.root)
    notes = [] if unread is None else [bilingual(
        f"{in_zh(unread)}：因此没有按受助人的姓名检查网站显示的内容；请把它改为可读的文件（UTF-8 编码的 CSV，列为 case,name,...），再发布",
        f"{unread}, so what the site shows was not looked at for the names of the people helped; make it "
        "readable (UTF-8 CSV with the columns case,name,...) and publish again")]
    if not transfers:
        return notes
    withheld = Withheld(private_names(books, asked), books.registry.cases, case_names, private_contacts(books),
                        case_details_of(books.root))
    for entry in transfers:
        meta = entry.meta or {}
        where = f"{meta.get('filename', '?')}:{meta.get('lineno', '?')}"
        why = withheld.why(reason_of(entry))
        if why is not None:
            notes.append(bilingual(
                f"{where}：这笔基金间调拨的事由{why.zh}，因此网站公布它时不写事由；请在分录上"
                + ("把现有的 `reason:` 换成" if meta.get("reason") else "写上") + "可以公开的 `reason:`",
                f"{where}: the reason of this transfer between funds {why}, so the site publishes "
                "it with no reason; write a `reason:` for the public on the entry"
                + (" in place of the one it has" if meta.get("reason") else "")))
        why = withheld.why(as_seen(str(meta.get("approval") or "")), numbers=False)
        if why is not None:
            notes.append(bilingual(f"{where}：这笔基金间调拨的审批单号{why.zh}，因此网站公布它时不写审批单号；请写上不含这些内容的审批单号",
                                   f"{where}: the approval number of this transfer between funds {why}, so the site publishes it "
                                   "with none; write the approval number without it"))
    return notes


def check_narratives(narratives: Iterable[Narrative], books: Books, withheld: Withheld) -> None:
    """Stop (NarrativeError, naming the file and line, never what was found) when the centre's
    narrative of a year (report/YYYY.md, chapter 六 of the annual report) holds what a
    transfer's reason may not (`withheld`): the name of a donor who asked not to be named in
    public, a case's id, a number shaped like an identity, card or mobile number, or the name
    of a person helped. The report would print it; it is prose, with nothing to stand in for it.

    Why the people helped too: the narrative was looked at for anonymous donors only, and a
    year's story told through one household (慰问了…一家, with its case id or phone) went
    into the annual report. What is the centre's own (centre_own: its public facts, a hotline
    that is a mobile number, its bank accounts' numbers) is no person's, and may stand in it."""
    own: list[str] | None = None

    def why(text: str) -> str | None:
        nonlocal own
        said = withheld.why(text)
        if said is None:
            return None
        if own is None:  # read only when something was found (nearly never)
            own = centre_own(books)
        seen = as_seen(text)
        for known in own:
            seen = seen.replace(known, " ")
        return withheld.why(seen)

    for narrative in narratives:
        if why(narrative.markdown) is None:
            continue
        path = books.root / narrative.source
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        # the first line holding one; a name broken across lines: the file, without a line
        where, said = next(((f"{path}:{n}", said) for n, line in enumerate(lines, 1)
                            for said in [why(line)] if said is not None),
                           (str(path), why(narrative.markdown)))
        raise NarrativeError(bilingual(
            f"{where}：这篇叙述{said.zh}；请把它删去（年度报告会印出它；本中心自己的号码一旦列为其公开信息即可保留，docs/publishing.md），再发布",
            f"{where}: the narrative {said}; take it out (the annual report would print it; a number "
            "of the centre's own may stay once it is one of its public facts, docs/publishing.md) and publish again"))


def centre_own(books: Books) -> list[str]:
    """What the centre publishes as its own, as a reader sees it, longest first: its public
    facts, the numbers in them (a hotline standing alone in the prose), and the numbers of
    its bank accounts (`account_number` on their `open`: the account donors are asked to pay
    into)."""
    texts = {as_seen(t) for zh, en in books.settings.facts.values() for t in (zh, en or "") if t and t.strip()}
    texts |= {as_seen(str(e.meta["account_number"])) for e in books.entries
              if type(e) is data.Open and e.meta and e.meta.get("account_number") and is_bank(e.account)}
    numbers = {n for text in texts for n in re.findall(r"\+?\d[\d -]{5,}\d", text)}
    return sorted((texts | numbers) - {""}, key=len, reverse=True)


class NamedInPublic(NarrativeError):
    """A name the site shows (an account's, a fund's, goods', a public fact) names a person
    helped or a donor who asked not to be named: the publish, the report and the letters
    stop, as for a narrative."""


#: What to do, by what holds the name (check_names_shown)
_RENAME = {
    "the account opened here": "book it to an account of its kind (aid to {aid} and the like, with `case:` on the "
                               "posting), or rename it",
    "the fund declared here": "name the fund for its purpose, not for a person (its id too: it is in the fund page's address)",
    "the goods declared here": "name the goods for what they are, not for who gave or got them",
}
#: The same in Chinese, and what holds the name
_RENAME_ZH = {
    "the account opened here": "请把它记到同类的账户（帮扶记到 {aid} 之类，并在过账上写 `case:`），或给它改名",
    "the fund declared here": "请按用途给基金命名，不要用人名（基金编号也一样：它在基金页面的地址中）",
    "the goods declared here": "请按物资本身命名，不要用捐赠人或受助人的名字",
}
_WHAT_ZH = {"the account opened here": "这里开立的账户", "the fund declared here": "这里声明的基金",
            "the goods declared here": "这里声明的物资"}


def check_names_shown(books: Books, keys: Iterable[str], names: Names, withheld: Withheld, into: list[str] | None = None) -> None:
    """Stop (NamedInPublic, naming the entry, never the name) when a name the site shows names,
    a donor who asked not to be named or a person helped (a case's id or name): an account
    shown as a source or a use (`keys`: the funds' lines) or as a fund's purpose or source, by
    itself or by its display name (`names`: name_zh / name_en), a fund's id or names, goods'
    names and units, the centre's public facts.

    Why: aid booked to Expenses:Aid:欧阳铁柱, visits to an account named 上官翠花慰问, a fund
    named 欧阳铁柱助学专项 or rice named for the family that gave it put the name on the
    overview, the fund, aid and donor pages, the CSVs, model.json and the annual report.
    A few names are looked at; only a stop looks through the entries for where one is."""
    shown: list[tuple[str, tuple[str, ...], Callable[[data.Directive], bool]]] = []
    # a fund's purpose and source are shown by their accounts' names, paid from or not
    funds = books.registry.funds.values()
    for key in dict.fromkeys([*keys, *(a for f in funds for a in f.purpose), *(f.source for f in funds if f.source)]):
        label = names.account(key)
        shown.append(("the account opened here", (key, label.zh, label.en),
                      lambda e, key=key: type(e) is data.Open and e.account == key))
    for fund in books.registry.funds.values():
        shown.append(("the fund declared here", (fund.id, fund.name_zh, fund.name_en),
                      lambda e, fid=fund.id: type(e) is data.Custom and e.type == "fund" and bool(e.values) and e.values[0].value == fid))
    for key, (zh, en) in books.settings.facts.items():
        shown.append((f"the centre's public fact {key} set here", (zh, en or ""),
                      lambda e, key=key: type(e) is data.Custom and e.type == "relief-option" and bool(e.values) and e.values[0].value == key))
    for commodity in names.goods.keys() | names.goods_units.keys():
        name, unit = names.item(commodity), names.unit(commodity)
        shown.append(("the goods declared here", (name.zh, name.en, unit.zh, unit.en),
                      lambda e, c=commodity: type(e) is data.Commodity and e.currency == c))
    found = []
    for what, texts, is_entry in shown:
        own = what.startswith("the centre's public fact")  # its address is its own, whoever lives there (Withheld.why)
        why = next((w for text in dict.fromkeys(texts) if (w := withheld.why(text, numbers=False, details=not own))), None)
        if why is not None:
            todo = _RENAME.get(what, "take it out").format(aid=MEDICAL_AID_ACCOUNT)
            todo_zh = _RENAME_ZH.get(what, "请把它删去").format(aid=MEDICAL_AID_ACCOUNT)
            what_zh = _WHAT_ZH.get(what) or f"这里设置的本中心公开信息 {what.split()[-3]}"
            found.append((is_entry, said(f"{what_zh}{why.zh}，而网站会显示它：{todo_zh}", f"{what} {why}, and the site shows it: {todo}")))
    _stop(books, found, into)


def _stop(books: Books, found: list[tuple[Callable[[data.Directive], bool], Said]], into: list[str] | None) -> None:
    """Each of `found` (which entry, what is wrong) as "FILE:LINE: what", added to `into`,
    else all of them in one NamedInPublic (one publish names them all, not one per run).
    Only a stop looks through the entries for where each is; they are said file by file, line
    by line."""
    located = []
    for is_entry, what in found:
        entry = next((e for e in books.entries if is_entry(e)), None)
        meta = {} if entry is None else (entry.meta or {})
        located.append((str(meta.get("filename", "?")), int(meta.get("lineno") or 0), what))
    said = [(f"{name}:{line or '?'}", what) for name, line, what in sorted(located)]  # in the order of the files
    if into is not None:
        into.extend(bilingual(f"{at}：{what.zh}（relief publish 会因此停止）", f"{at}: {what} (relief publish stops on it)") for at, what in said)
    elif said:
        last = len(said) - 1
        raise NamedInPublic("\n".join(bilingual(f"{at}：{what.zh}" + ("，再发布" if i == last else ""),
                                                f"{at}: {what}" + (", and publish again" if i == last else ""))
                                      for i, (at, what) in enumerate(said)))


def check_units_shown(books: Books, units: Iterable[str], withheld: Withheld, into: list[str] | None = None) -> None:
    """Stop (NamedInPublic, naming the entry that wrote it, never the name) when a reporting
    union (`unit`) that heads a row of the aid table by union names a person helped or a
    donor who asked not to be named. Why: a case's unit written as the household's workshop
    ("欧阳铁柱所在车间") headed a row of the aid page, aid.csv and model.json, its count
    suppressed but not its name."""
    found = []
    for unit in units:
        why = withheld.why(unit, numbers=False)
        if why is not None:
            found.append((lambda e, unit=unit: _writes_unit(e, unit),
                          said(f"这里写的上报工会（unit）{why.zh}，而按工会列出的帮扶表会显示它：请写工会的名称",
                               f"the reporting union (unit) written here {why}, and the aid table by union shows it: write the union's name")))
    _stop(books, found, into)


def _writes_unit(entry: data.Directive, unit: str) -> bool:
    """Whether `entry` (a case's entry, an aid payment or one of its postings) gives `unit`."""
    if type(entry) is data.Custom:
        return entry.type == "case" and str((entry.meta or {}).get("unit") or "") == unit
    if type(entry) is data.Transaction:
        return str((entry.meta or {}).get("unit") or "") == unit or any(
            str((p.meta or {}).get("unit") or "") == unit for p in entry.postings)
    return False


def privacy_notes(books: Books, reason_of: Callable[[data.Transaction], str]) -> list[str]:
    """What `relief publish` would withhold (withheld_notes) or stop on (check_narratives,
    check_names_shown, check_units_shown: here every Income and Expenses account opened, as
    its line, and every case's unit), as notes, for `relief check`.

    Why: a copy of the books without private/ (a CI job publishing from the books' repository)
    has no names to look for, and publishes what the treasurer's machine withholds; nothing
    said so before a publish. `relief check`, run where the books are kept, says it."""
    from ledger.funds import source_kind, use_category
    from publish.about import read_narratives
    from publish.labels import read_names

    notes = withheld_notes(books, reason_of)
    asked, _transfers = _asked_and_transfers(books)
    withheld = Withheld(private_names(books, asked), books.registry.cases, case_names_of(books.root)[0],
                        private_contacts(books), case_details_of(books.root))
    keys = {source_kind(e.account) if e.account.startswith(INCOME + ":") else use_category(e.account)
            for e in books.entries if type(e) is data.Open and e.account.startswith((INCOME + ":", EXPENSES + ":"))}
    units = {str(ev.meta["unit"]) for case in books.registry.cases.values() for ev in case.events if ev.meta.get("unit")}
    check_names_shown(books, sorted(keys), read_names(books.entries), withheld, into=notes)
    check_units_shown(books, sorted(units), withheld, into=notes)
    if books.registry.funds or books.registry.donors:  # the narratives of books that follow the conventions (build_about)
        try:
            check_narratives(read_narratives(books.root), books, withheld)
        except NarrativeError as exc:
            zh, sep, en = str(exc).partition("。 ")  # bilingual: what publish stops on, in each language
            notes.append(bilingual(f"{zh}（relief publish 会因此停止）", f"{en} (relief publish stops on it)") if sep
                         else f"{exc} (relief publish stops on it)")
    return notes
