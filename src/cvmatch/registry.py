"""A small generic name → factory registry shared by encoders, readers, metrics and tasks."""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from cvmatch.errors import DuplicateNameError, UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """Maps stable lowercase names to factories of ``T``.

    >>> r: Registry[int] = Registry("numbers")
    >>> _ = r.add("one", lambda: 1)
    >>> r.create("one")
    1
    >>> sorted(r)
    ['one']
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[[], T]] = {}

    def add(self, name: str, factory: Callable[[], T]) -> Callable[[], T]:
        """Register ``factory`` under ``name``; a clash raises and names both entries."""
        if name != name.lower():
            raise ValueError(f"{self.kind} names are lowercase: {name!r}")
        if name in self._factories:
            raise DuplicateNameError(
                f"{self.kind} {name!r} is already registered by {self._factories[name]!r}; "
                f"cannot register {factory!r}"
            )
        self._factories[name] = factory
        return factory

    def register(self, name: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
        """Decorator form of :meth:`add`."""

        def decorate(factory: Callable[[], T]) -> Callable[[], T]:
            return self.add(name, factory)

        return decorate

    def remove(self, name: str) -> None:
        """Unregister ``name`` (a test fixture undoing its :meth:`add`); unknown names raise."""
        if name not in self._factories:
            raise UnknownNameError(f"unknown {self.kind} {name!r}; cannot remove it")
        del self._factories[name]

    def create(self, name: str) -> T:
        """Build the entry called ``name``; an unknown name lists the known ones."""
        try:
            factory = self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories))
            raise UnknownNameError(f"unknown {self.kind} {name!r}; known: {known}") from None
        return factory()

    def __contains__(self, name: object) -> bool:
        return name in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._factories))

    def __len__(self) -> int:
        return len(self._factories)
