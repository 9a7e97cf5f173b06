"""Selectors made safe to match: cut to a bounded number of walks, never narrowed.

cssselect2 compiles a descendant or sibling combinator into a loop over ancestors (siblings);
nested, they multiply, so ``x div div div`` on a deep page costs depth³ for every ``div``.
:func:`bounded` keeps a selector's last :data:`MAX_WALKS` walking combinators and drops
``:has()`` and nested complex selectors inside ``:not()``/``:is()``/``:where()``. Every cut
widens what the selector matches, so a hiding rule still hides what it hid.
"""

from typing import Any

from cssselect2 import parser as css_parser

MAX_WALKS = 2
"""Descendant (`` ``) and sibling (``~``) combinators kept per selector."""
_NESTED = (
    css_parser.NegationSelector,
    css_parser.RelationalSelector,
    css_parser.MatchesAnySelector,
    css_parser.SpecificityAdjustmentSelector,
)


def bounded(tree: Any) -> tuple[Any, int, int]:
    """Cut ``tree`` to its last :data:`MAX_WALKS` walking combinators; count the walks kept.

    Returns:
        The simplified tree, its descendant walks and its sibling walks (``~`` and pseudo-classes
        such as ``:nth-child`` that look at earlier siblings).
    """
    compounds: list[Any] = []  # right to left
    combinators: list[str] = []  # combinators[i] joins compounds[i + 1] (left) to compounds[i]
    while isinstance(tree, css_parser.CombinedSelector):
        compounds.append(tree.right)
        combinators.append(tree.combinator)
        tree = tree.left
    compounds.append(tree)
    kept = 0
    walks = 0
    for combinator in combinators:
        walking = combinator in (" ", "~")
        if walking and walks == MAX_WALKS:
            break
        walks += walking
        kept += 1
    plain = [_plain(compound) for compound in compounds[: kept + 1]]
    result = plain[-1]
    for index in range(kept - 1, -1, -1):
        result = css_parser.CombinedSelector(result, combinators[index], plain[index])
    descendant = combinators[:kept].count(" ")
    sibling = combinators[:kept].count("~") + sum(_looks_back(c) for c in plain)
    return result, descendant, min(sibling, MAX_WALKS)


def _plain(compound: Any) -> Any:
    """``compound`` without ``:has()`` and nested complex selectors (``:not(a b)``).

    Dropping a simple selector widens what the compound matches, never narrows it.
    """
    return css_parser.CompoundSelector(
        [s for s in compound.simple_selectors if not _nested_complex(s)]
    )


def _nested_complex(simple: Any) -> bool:
    if isinstance(simple, css_parser.RelationalSelector):
        return True
    if not isinstance(simple, _NESTED):
        return False
    trees = [getattr(item, "parsed_tree", item) for item in simple.selector_list]
    return not all(
        isinstance(tree, css_parser.CompoundSelector)
        and not any(isinstance(inner, _NESTED) for inner in tree.simple_selectors)
        for tree in trees
    )


def _looks_back(compound: Any) -> bool:
    """Whether a compound tests earlier siblings (``:nth-child()``, ``:first-of-type``...)."""
    return any(
        isinstance(s, css_parser.FunctionalPseudoClassSelector)
        or (isinstance(s, css_parser.PseudoClassSelector) and s.name.endswith("of-type"))
        for s in compound.simple_selectors
    )
