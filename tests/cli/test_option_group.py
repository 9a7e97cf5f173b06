"""``option_group``: a dataclass of Typer options expanded in place of a command's parameter."""

import inspect
from dataclasses import dataclass, field
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from cvmatch.cli.option_group import option_group

LoudOption = Annotated[bool, typer.Option("--loud", help="Shout.")]
TimesOption = Annotated[int, typer.Option("--times", min=1, help="How often.")]


@dataclass(frozen=True)
class Shout:
    loud: LoudOption = False
    times: TimesOption = 1
    text: str = field(init=False, default="")

    def __post_init__(self) -> None:
        if self.times > 3:  # a check of its own, run once per call
            raise ValueError("too often")


def _hello(name: str, polite: bool = False, *, shout: Shout) -> str:
    word = name.upper() if shout.loud else name
    return " ".join([("dear " if polite else "") + word] * shout.times)


def _shout_command(name: str, *, shout: Shout) -> None:
    typer.echo(_hello(name, shout=shout))


def test_the_group_replaces_its_parameter_in_place() -> None:
    hello = option_group(_hello)
    parameters = inspect.signature(hello).parameters
    assert list(parameters) == ["name", "polite", "loud", "times"]  # the derived field is no option
    assert parameters["loud"].default is False
    assert parameters["times"].annotation is TimesOption
    assert parameters["times"].kind is inspect.Parameter.KEYWORD_ONLY
    assert "shout" not in hello.__annotations__
    assert hello.__annotations__["return"] is str
    assert hello("ann", loud=True, times=2) == "ANN ANN"
    assert hello("ann", polite=True) == "dear ann"  # the group's defaults


def test_typer_sees_the_options_and_the_group_validates_once() -> None:
    app = typer.Typer()
    app.command()(option_group(_shout_command))
    ok = CliRunner().invoke(app, ["ann", "--loud", "--times", "2"])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout == "ANN ANN\n"
    assert CliRunner().invoke(app, ["ann", "--times", "0"]).exit_code == 2  # Typer's range check
    failed = CliRunner().invoke(app, ["ann", "--times", "4"])
    assert isinstance(failed.exception, ValueError)  # the group's own check
    assert "--loud" in CliRunner().invoke(app, ["--help"]).stdout


def test_bad_groups_raise_at_decoration() -> None:
    def none(name: str) -> None:
        del name

    def two(*, first: Shout, second: Shout) -> None:
        del first, second

    def clash(loud: bool, *, shout: Shout) -> None:
        del loud, shout

    @dataclass(frozen=True)
    class NoDefault:
        level: int

    def required(*, group: NoDefault) -> None:
        del group

    with pytest.raises(TypeError, match="one dataclass parameter, found 0"):
        option_group(none)
    with pytest.raises(TypeError, match="found 2"):
        option_group(two)
    with pytest.raises(TypeError, match=r"Shout\.loud clashes"):
        option_group(clash)
    with pytest.raises(TypeError, match=r"NoDefault\.level needs a plain default"):
        option_group(required)
