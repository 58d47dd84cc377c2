"""Chinese text for search: word segmentation (rjieba) and pinyin (pypinyin).

`search_terms` builds the text stored in a model's search column; `query_terms` cuts what a user
typed the same way, so that both sides of a match are segmented alike.
"""

import re
from functools import lru_cache

import rjieba
from pypinyin import Style, lazy_pinyin

_HAN = re.compile(r"[\u3400-\u9fff]")
_TOKEN = re.compile(r"[\w\u3400-\u9fff]+")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def segment(text: str) -> list[str]:
    """Words of a text for indexing: the search-engine cut, lower-cased, punctuation dropped."""
    if not text:
        return []
    words = []
    for word in rjieba.cut_for_search(text):
        word = word.strip().lower()
        if word and _TOKEN.fullmatch(word):
            words.append(word)
    return words


@lru_cache(maxsize=65536)
def pinyin_forms(name: str) -> tuple[str, str]:
    """(initials, full) of a Chinese name: 张三 → ("zs", "zhangsan"). Empty when there is no Han."""
    han = "".join(_HAN.findall(name or ""))
    if not han:
        return "", ""
    syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
    initials = "".join(s[0] for s in syllables if s)
    return initials, "".join(syllables)


def search_terms(*texts: str, names: tuple[str, ...] = ()) -> str:
    """The search column for a row: words of `texts`, and for each of `names` its pinyin forms."""
    terms: list[str] = []
    for text in texts:
        terms.extend(segment(text))
    for name in names:
        initials, full = pinyin_forms(name)
        if initials:
            terms.extend([initials, full])
    seen = dict.fromkeys(terms)
    return " ".join(seen)


def query_terms(query: str) -> list[str]:
    """What the user typed, cut into the words a match needs (all of them, each as a prefix)."""
    words = []
    for chunk in _TOKEN.findall(query or ""):
        if has_han(chunk):
            cut = [w for w in rjieba.cut(chunk) if _TOKEN.fullmatch(w)]
            words.extend(w.lower() for w in cut)
        else:
            words.append(chunk.lower())
    return list(dict.fromkeys(words))
