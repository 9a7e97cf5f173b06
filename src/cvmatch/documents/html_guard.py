"""Bound hostile HTML before the parser sees it: count elements, cap nesting, foresee amplification.

One linear pass tokenises the markup the way a browser does where it matters here: a tag ends at
the first ``>`` outside a quoted attribute value (so ``<div title="a<b">`` is one tag, and a
quote only opens a value right after ``=``), comments and ``<!...>``/``<?...>``/``</...`` junk
are skipped, and an unclosed tag or comment runs to the end (the pattern can match at every
position, so the scan never backtracks or restarts: linear in the input).

Then, per tag:

- every tag counts against ``Limits.max_elements``, plus the formatting elements a block would
  re-open: the HTML tree builder "reconstructs the active formatting elements" (``<b>``,
  ``<font>``, ...) left open when a paragraph closed, in every following paragraph, so 500
  distinct unclosed ``<b class=…>`` before 5,000 ``<p>`` build 2.5 million nodes from 28 KB;
- start tags nested deeper than :data:`MAX_DEPTH` are dropped with their end tags (the parser
  is quadratic in depth), so their content joins the ancestor at that depth, as browsers do.

>>> guard_html('<div title="a<b"><p>x</div>', Budget(Limits()))
'<div title="a<b"><p>x</div>'
"""

import re

from cvmatch.documents.base import Budget, Limits  # noqa: F401 - Limits: the doctest

MAX_DEPTH = 512
"""Elements nested deeper than this are flattened into their ancestor (as browsers do)."""

_TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)"""  # comment
    r"""|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:=\s*"[^"]*+(?:"|\Z)|=\s*'[^']*+(?:'|\Z)|[^>])*+)(?:>|\Z)"""
    r"""|<[!?/][^>]*+(?:>|\Z)"""  # doctype, processing instruction, bogus end tag
    r"""|(?:[^<]++|<(?![a-zA-Z!?/]))++""",  # text, stray "<" included (one token, not one each)
    re.DOTALL,
)


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


# Tags that do not deepen the tree: void elements and those whose end tag is optional.
_FLAT = _tags(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
    "thead tbody tfoot option optgroup rp rt colgroup caption html head body"
)
_FORMATTING = _tags("a b big code em font i nobr s small strike strong tt u")
_CHECK_EVERY = 4096


class _State:
    """Depth, open formatting elements and what has been dropped so far."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.depth = self.excess = self.tags = 0
        self.formatting: list[str] = []
        self.dropped = False

    def keep(self, closing: bool, name: str, whole: str) -> bool:
        """Whether the tag stays; counts it (and what it may re-open) against the budget."""
        self.tags += 1
        if self.tags % _CHECK_EVERY == 0:
            self.budget.checkpoint()
        if name in _FORMATTING:
            self._track_formatting(closing, name)
            self.budget.add_elements(1)
        else:  # what the tree builder may re-open before this element
            self.budget.add_elements(1 + len(self.formatting))
        if name in _FLAT or whole.endswith("/>"):
            return True
        if closing:
            if self.excess:
                self.excess -= 1
                return False
            self.depth = max(self.depth - 1, 0)
        elif self.depth >= MAX_DEPTH:
            self.excess += 1
            return False
        else:
            self.depth += 1
        return True

    def _track_formatting(self, closing: bool, name: str) -> None:
        if not closing:
            self.formatting.append(name)
        elif name in self.formatting:
            index = len(self.formatting) - 1 - self.formatting[::-1].index(name)
            del self.formatting[index]


def guard_html(html: str, budget: Budget) -> str:
    """Return ``html`` with over-deep tags dropped; refuse it when it has too many elements.

    Raises:
        DocumentTooLargeError: more elements (counting re-opened formatting) than
            ``max_elements``, or the reading time or memory ran out.
    """
    if html.count("<") <= MAX_DEPTH:
        budget.add_elements(html.count("<"))
        return html  # too few tags to nest deeply or to amplify
    state = _State(budget)
    pieces: list[str] = []
    for token in _TOKEN.finditer(html):
        whole, name = token.group(0), token.group(2)
        if name is None or state.keep(token.group(1) == "/", name.lower(), whole):
            pieces.append(whole)
        else:
            state.dropped = True
    return "".join(pieces) if state.dropped else html
