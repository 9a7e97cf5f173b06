"""The ceiling on hidden text a reader keeps (it is reported, never scored)."""

MAX_HIDDEN_CHARS = 20_000
"""Hidden text beyond this many characters is dropped: the flag and a sample are enough."""


def cap_hidden(text: str) -> str:
    """``text`` cut to :data:`MAX_HIDDEN_CHARS` characters.

    >>> len(cap_hidden("x" * (MAX_HIDDEN_CHARS + 5))) == MAX_HIDDEN_CHARS
    True
    """
    return text[:MAX_HIDDEN_CHARS]
