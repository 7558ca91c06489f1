"""What ledger.case_details finds of a case's phone, identity number and address in a text."""

from ledger.case_details import CaseDetails, address_keys

DETAILS = CaseDetails([
    ("phone", "010-6666 8888", "C0001"), ("phone", "13712340002 / 0755-2345 6789", "C0002"),
    ("id_number", "11010119771111333X", "C0003"), ("id_number", "110101800101001", "C0004"),
    ("address", "北京市朝阳区幸福里3号楼2单元501室", "C0001"), ("address", "建设巷5号", "C0003"),
    ("address", "朝阳区", "C0005"), ("address", "张家村三组", "C0006"), ("phone", "12345", "C0007"),
])


def test_numbers_are_found_as_whole_groups_as_a_reader_sees_them():
    found = {text: DETAILS.found_in(text) for text in (
        "来电010-66668888", "来电（010）6666 8888", "来电６６６６８８８８", "+86 137 1234 0002", "8613712340002",
        "身份证11010119771111333X", "身份证 11010119771111333", "110101 800101 001",
        "发票 1666688880", "编号 466668888", "6666 88889", "12345", "23456789", "", "137123400020755")}
    assert found == {
        "来电010-66668888": ("phone number", "C0001"), "来电（010）6666 8888": ("phone number", "C0001"),
        "来电６６６６８８８８": ("phone number", "C0001"), "+86 137 1234 0002": ("phone number", "C0002"),
        "8613712340002": ("phone number", "C0002"), "身份证11010119771111333X": ("identity number", "C0003"),
        "身份证 11010119771111333": ("identity number", "C0003"), "110101 800101 001": ("identity number", "C0004"),
        "发票 1666688880": None, "编号 466668888": None, "6666 88889": None, "12345": None, "": None,
        "23456789": ("phone number", "C0002"), "137123400020755": None}


def test_an_address_is_found_by_its_street_and_house_number_never_by_a_district():
    assert address_keys("北京市朝阳区幸福里3号楼2单元501室") == {"北京市朝阳区幸福里3号楼2单元501室", "幸福里3号"}
    assert address_keys("朝阳区") == set()
    found = {text: DETAILS.found_in(text) for text in (
        "转给 朝阳区幸福里3号楼的困难户", "幸福里 ３ 号", "幸福里33号", "幸福里13号", "幸福里社区", "朝阳区总工会",
        "建设巷5号", "建设巷55号", "张家村三组", "张家村")}
    assert found == {
        "转给 朝阳区幸福里3号楼的困难户": ("address", "C0001"), "幸福里 ３ 号": ("address", "C0001"),
        "幸福里33号": None, "幸福里13号": None, "幸福里社区": None, "朝阳区总工会": None,
        "建设巷5号": ("address", "C0003"), "建设巷55号": None, "张家村三组": ("address", "C0006"), "张家村": None}
