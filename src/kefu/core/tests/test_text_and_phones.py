import pytest

from kefu.core.errors import ApplicationError
from kefu.core.phones import mask, parse_phone, try_parse_phone
from kefu.core.text import pinyin_forms, query_terms, search_terms


def test_pinyin_forms_give_initials_and_full_spelling():
    assert pinyin_forms("张三") == ("zs", "zhangsan")
    assert pinyin_forms("ABC") == ("", "")


def test_search_terms_hold_words_and_pinyin_of_names():
    terms = search_terms("苏宁电器有限公司", names=("苏宁电器有限公司",)).split()
    assert "苏宁" in terms and "电器" in terms
    assert "sndqyxgs" in terms


def test_query_terms_cut_chinese_and_keep_latin_words():
    assert query_terms("苏宁 电器") == ["苏宁", "电器"]
    assert query_terms("ZS") == ["zs"]


def test_a_mobile_number_is_stored_in_e164_as_mobile():
    phone = parse_phone("138-0013-8000")
    assert phone.e164 == "+8613800138000"
    assert phone.kind == "mobile"


def test_a_fixed_line_with_area_code_is_fixed():
    phone = parse_phone("0335-6666888")
    assert phone.e164 == "+863356666888"
    assert phone.kind == "fixed"


def test_junk_is_refused_with_the_field_named():
    with pytest.raises(ApplicationError) as caught:
        parse_phone("12345", field="mobile")
    assert "mobile" in caught.value.fields
    assert try_parse_phone("abc") is None


def test_masking_keeps_only_the_ends_of_a_number():
    assert mask("+8613800138000") == "138****8000"
