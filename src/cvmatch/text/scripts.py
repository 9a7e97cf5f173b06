"""Which writing system a piece of text uses, and cutting a token into runs of one script.

Korean (Hangul) and Chinese (Han) text needs a real segmenter before matching
(:mod:`cvmatch.text.segment`); Latin-script text keeps the simple word regex. Script tests are
character ranges, so they cost nothing on text that has no CJK characters at all.
"""

import re

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff"

HANGUL = re.compile(f"[{_HANGUL}]")
HAN = re.compile(f"[{_HAN}]")
KANA = re.compile(f"[{_KANA}]")
CJK = re.compile(f"[{_HANGUL}{_HAN}{_KANA}]")
"""Any Hangul, Han or Kana character."""
_RUNS = re.compile(f"(?P<hangul>[{_HANGUL}]+)|(?P<han>[{_HAN}]+)|(?P<other>[^{_HANGUL}{_HAN}]+)")


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds any Hangul, Han or Kana character.

    >>> has_cjk("Apache Cassandra"), has_cjk("Cassandra와")
    (False, True)
    """
    return CJK.search(text) is not None


def script_runs(token: str) -> list[tuple[str, str]]:
    """``(script, run)`` pairs of ``token`` in order; scripts are ``hangul``, ``han``, ``other``.

    >>> script_runs("cassandra와")
    [('other', 'cassandra'), ('hangul', '와')]
    >>> script_runs("熟悉linux")
    [('han', '熟悉'), ('other', 'linux')]
    """
    return [(str(m.lastgroup), m.group()) for m in _RUNS.finditer(token)]
