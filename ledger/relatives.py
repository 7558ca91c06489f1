"""The names of a person helped's relatives, as a case file's prose writes them.

Why: the "five clears" profile in private/cases.csv describes the household in words
(`family`: 妻子李梅，儿子张小明（15岁）在读初中; `cause_detail`: 女儿王芳（9岁）患白血病).
The publish looked for the case's own `name` only, so a transfer's reason written
"资助张小明学费" or "王芳大病救助结余转入助学专项" put a relative of a person helped, often a
child, on the fund pages, statement.csv, model.json and the annual report.

What is taken for a relative's name: a word saying who the person is to the case (妻子, 儿子,
长女, 母亲, 配偶 …), then at most a colon or a blank, then two or three Chinese characters
(four with a two-character surname: 欧阳小红) that begin with a common surname and stand
by themselves: nothing Chinese follows them (a comma, a bracket, a blank, a digit or the
end of the text do). 儿子张小明（15岁） gives 张小明; 女儿王芳患白血病 gives nothing (the
characters run on), nor do 夫妻二人, 子女一人在读 or 与年迈父母同住. A name of two characters
counts too (妻子李梅，), less a few words a case file writes so (母亲高龄，女儿高考: `_WORDS`).
The surname and the standing alone are what keep ordinary words out: a reason is withheld
for each word taken for a name, and 下岗 or 在读 taken so would withhold many a reason about
no one.

A name written otherwise (run into the prose that follows: 女儿王芳患白血病; with a rare
surname) is not found: docs/books.md ("Cases") says how to write a relative's name so that
it is (after the relation, then a comma, a bracket or a blank).
"""

from __future__ import annotations

import re

#: who a relative is to the person helped, longest first (so 儿媳 is not 儿 then 媳…)
RELATIONS = tuple(sorted((
    "配偶", "妻子", "丈夫", "爱人", "老伴", "妻", "夫",
    "儿子", "女儿", "长子", "次子", "三子", "长女", "次女", "三女", "养子", "养女", "继子", "继女", "独子", "独女",
    "之子", "之女", "孩子", "子女", "儿", "女",
    "父亲", "母亲", "父母", "继父", "继母", "养父", "养母", "公公", "婆婆", "岳父", "岳母",
    "孙子", "孙女", "外孙", "外孙女", "祖父", "祖母", "爷爷", "奶奶", "外公", "外婆",
    "哥哥", "弟弟", "姐姐", "妹妹", "兄长", "兄", "弟", "姐", "妹", "儿媳", "女婿", "媳妇",
), key=len, reverse=True))

#: common single-character surnames (the most frequent ones of the mainland's registered population)
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由")

#: two-character surnames
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
                     "夏侯", "长孙", "宇文", "轩辕", "端木", "西门", "独孤", "南宫", "申屠", "澹台", "呼延")

_HAN = r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"
_RELATIVE = re.compile(
    "(?:" + "|".join(map(re.escape, RELATIONS)) + r")[:：]?[ \u3000]*(?P<name>" + _HAN + "{2,4})(?!" + _HAN + ")")

#: two-character words a case file writes after a relation that begin with a surname's
#: character (母亲高龄，女儿高考，儿子智障): not names
_WORDS = frozenset(("高龄", "高考", "高中", "高一", "高二", "高三", "高职", "智障", "常病", "文盲", "全瘫", "全职",
                    "时常", "明年", "易病", "安好", "平安", "康复", "严重", "于今", "于是", "单身", "单亲", "关节"))


def _is_name(name: str) -> bool:
    """Whether the characters after a relation are taken for a name (see the module)."""
    if name[:2] in COMPOUND_SURNAMES:
        return len(name) in (3, 4)
    return name[0] in SURNAMES and len(name) < 4 and name not in _WORDS


def relative_names(text: str) -> list[str]:
    """The relatives' names `text` (a case's `family` or `cause_detail`) writes, each once, in order."""
    found: dict[str, None] = {}
    for m in _RELATIVE.finditer(text or ""):
        name = m.group("name")
        if _is_name(name):
            found.setdefault(name)
    return list(found)
