"""The acknowledgement pages' own renderer (publish/ack_page.py) writes, byte for byte, what
the shipped ack.html gives through Jinja (the template is the definition), and steps aside
when the user's --templates override any template an acknowledgement page is made of."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import meta

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from publish import ack, pages, run
from publish.ack_page import ACK_TEMPLATES, AckPages
from publish.environment import make_environment, shipped_templates
from publish.model import FundRef, GoodsItem, Label, Line, Returned, Transfer
from publish.model_builder import build_public_model
from tests.publish.conftest import TEST_SECRET


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Demo books with 2026-Q1 closed (gifts with a closed period's proof, with an open
    period's, and none): (model, environment with the transparency log as `verification`)."""
    from ledger.demo import write_demo

    root = tmp_path_factory.mktemp("ack-page")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        mp.setenv("XDG_CONFIG_HOME", str(root / "config"))
        main, _year = write_demo(root / "books", seed=5, transactions=600)
        close_period(load_books(main), parse_period("2026-Q1"), check=build_report, today=datetime.date(2026, 6, 10))
        books = load_books(main)
        secret, _ = ack.load_secret(None, books_root=books.root)
        model = build_public_model(books, secret)
        transparency = run._transparency(books, model, secret, None, [], root / "site")
    env = make_environment(None)
    env.globals["verification"] = transparency
    return model, env


def _ack_specs(model, env):
    return [s for s in pages.site_pages(model, [], env.globals["verification"]) if s.template == "ack.html"]


def _jinja(env, spec, model) -> str:
    (_path, context), = pages.contexts(spec, model)
    return env.get_template("ack.html").render(context)


def test_every_demo_page_is_jinjas(demo):
    model, env = demo
    specs = _ack_specs(model, env)
    proofs = {len(env.globals["verification"].sources.get(s.context["donation"].receipt, ())) for s in specs}
    assert proofs == {1, 4}, "the demo books must hold gifts of a closed and of an open period"
    assert any(s.context["donation"].goods for s in specs) and any(not s.context["donation"].donor_name for s in specs)
    fast = AckPages.for_site(env, model)
    assert fast is not None
    for spec in specs:
        assert fast.render(spec) == _jinja(env, spec, model), spec.path


def test_a_site_name_to_escape(demo):
    """The frame (base.html, rendered once by Jinja) and the shared fund use carry the site's
    name and settings as Jinja writes them."""
    model, env = demo
    site = dataclasses.replace(model.site, name=Label("<帮扶>&\"中心'", "<Relief> & \"Centre's\""), currency="USD")
    odd = dataclasses.replace(model, site=site)
    fast = AckPages.for_site(env, odd)
    for spec in _ack_specs(odd, env)[:40]:
        assert fast.render(spec) == _jinja(env, spec, odd), spec.path


# Generated gifts: every value a page escapes may hold what must be escaped, and CJK.
_text = st.text(alphabet=st.sampled_from(list("<>&\"'aZ 9.中文捐赠·")), min_size=1, max_size=10)
_labels = st.builds(Label, _text, _text)
_money = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("100000000"), places=2, allow_nan=False, allow_infinity=False)
_goods = st.builds(GoodsItem, commodity=st.just("RICE"), name=_labels, unit=st.one_of(st.just(Label("", "")), _labels),
                   quantity=st.one_of(st.just(Decimal(1)), st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000000"), places=3,
                                                                    allow_nan=False, allow_infinity=False)),
                   value=_money, units=st.one_of(st.none(), _labels))  # the plural unit, for a quantity other than one
_refs = st.builds(FundRef, id=_text, slug=_text, name=_labels)
_days = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))
_returned = st.one_of(
    st.builds(Returned, date=_days, amount=_money.filter(lambda m: m > 0), receipt=st.one_of(st.none(), _text),
              corrected=st.booleans()),  # given back, or taken off by a correction
    # a refund (or correction) lowered later: what did not go back after all (docs/books.md)
    st.builds(Returned, date=_days, amount=_money.filter(lambda m: m < 0), receipt=st.one_of(st.none(), _text),
              corrected=st.booleans(), lessens=_text))
_transfers = st.builds(Transfer, date=_days, amount=_money.filter(bool), counterparts=st.lists(_refs, max_size=2).map(tuple),
                       reason=_text, approval=st.one_of(st.none(), _text))


@st.composite
def _fund(draw, base):
    """One of the model's funds, changed: open, ended or closed, restricted or not, money moved out or not."""
    status = draw(st.sampled_from(["open", "ended", "closed"]))
    return dataclasses.replace(
        base, ref=draw(_refs), status=status, restricted=draw(st.booleans()),
        end=draw(_days) if status != "open" else draw(st.one_of(st.none(), _days)),
        spent=draw(_money), balance=draw(_money), opening=draw(_money), raised=draw(_money),
        uses=tuple(draw(st.lists(st.builds(Line, key=_text, label=_labels, amount=_money), max_size=3))),
        transfers=tuple(draw(st.lists(_transfers, max_size=3))),
    )


@st.composite
def _gift(draw, model, env):
    """(a generated gift's page, the model's site it is on)."""
    specs = _ack_specs(model, env)
    sources = env.globals["verification"].sources
    closed = sorted(r for r, s in sources.items() if len(s) == 4)
    open_ = sorted(r for r, s in sources.items() if len(s) == 1)
    base = draw(st.sampled_from(specs))
    fund = draw(st.one_of(st.none(), _fund(draw(st.sampled_from(model.funds)))))
    receipt = draw(st.one_of(st.sampled_from(closed), st.sampled_from(open_), _text))  # closed period, open period, no proof
    anonymous = draw(st.booleans())
    goods = tuple(draw(st.lists(_goods, max_size=3)))
    # goods alone (the amount is their value) or with money; valued by their entry or not
    amount = draw(st.one_of(_money, st.just(sum((g.value for g in goods), Decimal(0)))))
    d = dataclasses.replace(
        base.context["donation"], receipt=receipt, date=draw(_days), amount=amount,
        currency=draw(st.sampled_from(["CNY", "USD", "EUR", "HKD", "JPY", "RICE", "A'B"])),
        goods=goods, goods_valued=draw(st.booleans()),
        fund=fund.ref if fund is not None and draw(st.booleans()) else draw(_refs),
        donor_name=None if anonymous else draw(_text), anonymous=anonymous,
        returned=tuple(draw(st.lists(_returned, max_size=2))),
        received=draw(st.one_of(st.none(), _days)),  # booked again under its right donor (docs/closing.md)
        # a pledge: none of it come yet, some, all or more (payments of generated amounts)
        pledge_paid=draw(st.one_of(st.none(), st.lists(st.tuples(_days, _money.filter(lambda m: m > 0)), max_size=3).map(tuple))),
        pledge_cancelled=tuple(draw(st.lists(st.tuples(_days, _money.filter(lambda m: m > 0)), max_size=2))),
        pledge_came=draw(st.sampled_from(("money", "goods", "mixed"))),
    )
    if draw(st.booleans()):  # given in another currency (1000.00 USD @ 7.1234 CNY)
        d = dataclasses.replace(d, given_amount=draw(_money), given_currency=draw(st.sampled_from(["USD", "HKD", "A'B"])))
    return dataclasses.replace(base, context={"donation": d, "fund": fund})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_gifts_are_jinjas(demo, data):
    model, env = demo
    spec = data.draw(_gift(model, env))
    assert AckPages(env, model).render(spec) == _jinja(env, spec, model)


def test_ack_templates_are_every_template_a_page_uses():
    """ACK_TEMPLATES names every template an acknowledgement page is made of (extends,
    includes, imports, fragment()), so overriding any of them turns the renderer off."""
    env = make_environment(None)
    seen: set[str] = set()
    todo = ["ack.html"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source = env.loader.get_source(env, name)[0]
        found = list(meta.find_referenced_templates(env.parse(source)))
        assert None not in found, f"{name} names a template only known when rendering"
        todo += found + re.findall(r"""fragment\(\s*["']([^"']+)["']""", source)
    assert seen == set(ACK_TEMPLATES)


def _user_templates(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    if name == "ack.html":
        text = '{% extends "default/ack.html" %}{% block main %}<p id="mine">mine {{ donation.receipt }}</p>{% endblock %}'
    elif name == "base.html":
        text = (shipped_templates() / "base.html").read_text(encoding="utf-8").replace("<body ", '<body data-mine="yes" ')
    elif name == "_ack_fund_use.html":
        text = '<p id="mine">mine {{ fund.ref.id }} {{ lang }}</p>\n'
    else:
        shutil.copy(shipped_templates() / name, folder / name)
        return folder
    (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ACK_TEMPLATES)
def test_a_users_template_is_honoured(publish_to, small_books, tmp_path, name):
    folder = _user_templates(tmp_path, name)
    assert AckPages.for_site(make_environment(folder), build_public_model(small_books, b"s" * 32)) is None
    result = publish_to(tmp_path / "site", templates=folder)
    gifts = [d for d in result.model.donations if d.ack_path]
    assert gifts
    for d in gifts:
        page = (tmp_path / "site" / d.ack_path).read_text(encoding="utf-8")
        mine = {"ack.html": f'<p id="mine">mine {d.receipt}</p>', "base.html": '<body data-mine="yes" ',
                "_ack_fund_use.html": '<p id="mine">mine '}[name]
        assert mine in page, d.ack_path


def test_other_templates_of_the_user_leave_the_pages_alone(publish_to, published, small_books, tmp_path):
    """A user's template that no acknowledgement page uses keeps the fast renderer, and the pages are the same."""
    folder = _user_templates(tmp_path, "about.html")
    assert AckPages.for_site(make_environment(folder), build_public_model(small_books, b"s" * 32)) is not None
    result = publish_to(tmp_path / "site", templates=folder)
    default, _ = published
    for d in result.model.donations:
        if d.ack_path:
            assert (tmp_path / "site" / d.ack_path).read_bytes() == (default / d.ack_path).read_bytes()


def test_a_frame_that_cannot_be_split_goes_through_jinja(publish_to, published, tmp_path, monkeypatch):
    """When the frame cannot be split around the markers, each page is rendered by Jinja: the same site."""
    monkeypatch.setattr(AckPages, "_frame", lambda self, spec: None)
    result = publish_to(tmp_path / "site")
    default, _ = published
    gifts = [d for d in result.model.donations if d.ack_path]
    assert gifts
    for d in gifts:
        assert (tmp_path / "site" / d.ack_path).read_bytes() == (default / d.ack_path).read_bytes()
