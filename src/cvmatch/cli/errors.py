"""How every command reports a cvmatch error: one red line on stderr and its documented exit code.

The exit codes live in :func:`cvmatch.errors.exit_code_for` (docs/output.md lists them); this
module is the CLI's one place that maps an error to them.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from cvmatch.cli.render import stderr
from cvmatch.errors import CvmatchError, exit_code_for

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a cvmatch error into one red line on stderr and its documented exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CvmatchError as error:
            stderr.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(error)) from None

    return run
