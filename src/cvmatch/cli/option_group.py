"""A group of Typer options shared by several commands, declared once as a frozen dataclass.

Typer builds a command's options from its signature and has no notion of a group of options
that several commands share (fastapi/typer#264). :func:`option_group` fills that gap: a command
declares one parameter typed with the group's dataclass, whose ``init`` fields are ``Annotated``
Typer options with defaults. Typer is shown those fields in that parameter's place (same names,
help, defaults and order as if each command spelled them out), and the command receives one
instance built from them, so the group validates itself in ``__post_init__`` once per run.

Example:
    >>> from dataclasses import dataclass
    >>> from typing import Annotated
    >>> import inspect
    >>> import typer
    >>> @dataclass(frozen=True)
    ... class Shout:
    ...     loud: Annotated[bool, typer.Option("--loud")] = False
    >>> @option_group
    ... def hello(name: str, *, shout: Shout) -> str:
    ...     return name.upper() if shout.loud else name
    >>> list(inspect.signature(hello).parameters)
    ['name', 'loud']
    >>> hello("ann", loud=True)
    'ANN'
"""

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, get_type_hints

__all__ = ["option_group"]

R = TypeVar("R")


def option_group(command: Callable[..., R]) -> Callable[..., R]:
    """``command`` with its one dataclass-typed parameter expanded into that class's options.

    Raises:
        TypeError: ``command`` has no or several dataclass parameters, a field has no plain
            default, or a field's name is already one of ``command``'s parameters.
    """
    signature = inspect.signature(command)
    hints = get_type_hints(command, include_extras=True)
    slot, group = _group_parameter(signature, hints)
    expanded = _expanded(group, slot.kind, set(signature.parameters) - {slot.name})
    names = [p.name for p in expanded]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> R:
        values = {name: kwargs.pop(name) for name in names if name in kwargs}
        return command(*args, **kwargs, **{slot.name: group(**values)})

    parameters = list(signature.parameters.values())
    at = parameters.index(slot)
    parameters[at : at + 1] = expanded
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters} | {
        key: value for key, value in command.__annotations__.items() if key == "return"
    }
    return run


def _group_parameter(
    signature: inspect.Signature, hints: dict[str, Any]
) -> tuple[inspect.Parameter, type[Any]]:
    """The one parameter typed with a dataclass, and that class."""
    slots = [
        (parameter, hints[parameter.name])
        for parameter in signature.parameters.values()
        if isinstance(hints.get(parameter.name), type)
        and dataclasses.is_dataclass(hints[parameter.name])
    ]
    if len(slots) != 1:
        raise TypeError(f"an option group needs one dataclass parameter, found {len(slots)}")
    return slots[0]


def _expanded(
    group: type[Any], kind: inspect._ParameterKind, taken: set[str]
) -> list[inspect.Parameter]:
    """One parameter per ``init`` field of ``group``, with its annotation and default."""
    hints = get_type_hints(group, include_extras=True)
    parameters = []
    for field in dataclasses.fields(group):
        if not field.init:
            continue  # derived in __post_init__, never an option
        if field.default is dataclasses.MISSING:
            raise TypeError(f"option {group.__name__}.{field.name} needs a plain default")
        if field.name in taken:
            raise TypeError(f"option {group.__name__}.{field.name} clashes with a parameter")
        parameters.append(
            inspect.Parameter(field.name, kind, default=field.default, annotation=hints[field.name])
        )
    return parameters
