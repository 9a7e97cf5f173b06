"""Skill items of a Korean or Chinese requirement line.

"Prometheus, Grafana 등 모니터링 도구 경험" → Prometheus, Grafana, 모니터링 도구;
"熟悉MySQL、Redis等数据库" → MySQL, Redis, 数据库. Lists are split at commas (also full-width
and the ideographic "、"), slashes, "및"/"또는"/"和"/"或"/"及"; "등"/"等" (etc.) ends a list of
examples; lead-in verbs ("熟悉", "精通") and trailing cues ("경험", "능력", "우대", "者优先")
are dropped, keeping the thing itself.
"""

import re

_SPLIT = re.compile(
    r"\s*(?:[,;:()\[\]/·、，；：（）【】]|\s및\s|\s또는\s|\s혹은\s|\s이나\s|以及|或者|和|或|及|与)\s*"
)
_ETC = re.compile(r"\s*(?:\s등|等|等等)(?:의)?\s+|\s*等")
_LEAD = re.compile(r"^(?:熟悉|精通|掌握|了解|熟练掌握|熟练使用|熟练|具有|具备|拥有|有|能够|会|懂)+")
_TRAIL = re.compile(
    r"(?:\s*(?:에\s*대한|관련|활용|사용|운영|작성|개발)?\s*(?:경험|경력|능력|역량|지식|이해|이해도|"
    r"숙련자|보유자|보유|가능자|가능한\s*분|하신\s*분|있는\s*분|우대|필수|이상|자)\s*)+$|"
    r"(?:(?:相关)?(?:工作)?(?:经验|能力|知识|技能)|者优先|优先|者|以上|者为佳|为佳|更佳)+$"
)
_CUE_ONLY = re.compile(r"^(?:필수|우대|선호|이상|必须|优先|加分|以上|etc\.?)$", re.IGNORECASE)
_MAX_WORDS = 8


def cjk_items(text: str) -> list[str]:
    """The skill phrases of one Korean or Chinese requirement line, in order, without cues.

    >>> cjk_items("Prometheus, Grafana 등 모니터링 도구 경험")
    ['Prometheus', 'Grafana', '모니터링 도구']
    >>> cjk_items("熟悉MySQL、Redis等数据库")
    ['MySQL', 'Redis', '数据库']
    >>> cjk_items("Apache Cassandra 운영 경험 (필수)")
    ['Apache Cassandra']
    """
    items: list[str] = []
    for chunk in _ETC.split(text.strip().rstrip(".。")):
        for piece in _SPLIT.split(chunk):
            item = _clean(piece)
            if item:
                items.append(item)
    return list(dict.fromkeys(items))


def _clean(piece: str) -> str:
    item = piece.strip(" .-–'\"")
    for _ in range(2):
        item = _TRAIL.sub("", _LEAD.sub("", item).strip()).strip()
    if not item or _CUE_ONLY.match(item) or len(item.split()) > _MAX_WORDS:
        return ""
    if sum(c.isalpha() for c in item) < 2:  # noqa: PLR2004 - "5", "C" alone is no skill item
        return ""
    return item
