"""Which names ledger.relatives takes from a case file's prose, and which words it leaves."""

import pytest

from ledger.relatives import relative_names


@pytest.mark.parametrize(("prose", "names"), [
    ("妻子李梅，儿子张小明（15岁）在读初中", ["李梅", "张小明"]),
    ("配偶：李梅；长女 王芳 12岁", ["李梅", "王芳"]),
    ("儿子张伟、女儿张丽", ["张伟", "张丽"]),
    ("张三之子张小明患白血病", []),           # run into the prose that follows: not taken
    ("张三之子张小明，患白血病", ["张小明"]),
    ("配偶欧阳小红（下岗）", ["欧阳小红"]),
    ("女儿王芳（9岁）患白血病", ["王芳"]),
    ("妻子李梅，女儿李梅", ["李梅"]),
])
def test_a_relative_named_after_the_relation_is_found(prose, names):
    assert relative_names(prose) == names


@pytest.mark.parametrize("prose", [
    # the demo's and a union's everyday family prose: no name in any
    "夫妻二人，子女一人在读", "本人与配偶、两名子女", "单亲，与一名子女同住", "与年迈父母同住", "独居",
    "两名子女同时在读大学", "配偶罹患恶性肿瘤，正在化疗", "子女患白血病住院治疗", "子女考入外省大学，学费负担重",
    "夫妻双方均失业", "配偶肢体残疾，无劳动能力", "单亲家庭，子女在读高中", "母亲高龄，父亲智障", "女儿高考，",
    "妻子下岗", "丈夫病故", "妻子于2019年病故", "妻子卧床", "两个孩子", "",
])
def test_everyday_words_after_a_relation_are_not_names(prose):
    assert relative_names(prose) == []
