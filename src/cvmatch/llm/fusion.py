"""The LLM fit fused with cvmatch's calibrated score: a small, bounded share, never the sole one.

>>> fused_score(60.0, 90, 0.2, injection=False)
66.0
>>> fused_score(60.0, 100, 0.2, injection=True)  # instruction-like text: it can only go down
60.0
>>> fused_score(60.0, 10, 0.2, injection=True)
50.0
"""

MAX_WEIGHT = 0.5
"""The LLM never outweighs the calibrated score (Settings.llm_weight is capped here too)."""


def fused_score(score: float, fit: int, weight: float, *, injection: bool) -> float:
    """``(1 − w) · score + w · fit`` on 0–100 with ``w ≤ 0.5``, rounded to 2 decimals.

    With ``injection`` (a CV that tried to instruct the model) the result is at most ``score``.
    """
    w = min(max(weight, 0.0), MAX_WEIGHT)
    fused = round((1.0 - w) * score + w * fit, 2)
    return min(fused, score) if injection else fused
