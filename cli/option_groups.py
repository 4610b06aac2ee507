"""Options declared once and shared by many commands, handed to each as one object.

Typer reads a command's options from its signature. :func:`option_group` rewrites that
signature: the command names one parameter (say ``analysis: AnalysisOptions``), and the
decorator puts the group's options in its place, so typer parses them like any others, then
calls the command with them gathered into the group's dataclass. This is the typer form of the
option decorators sqlite-utils shares between its commands.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["option", "option_group"]

Command = Callable[..., None]


def option(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    """Return one option of a group: its parameter name, ``Annotated`` type and default."""
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def option_group(
    target: str,
    build: Callable[..., Any],
    leading: Sequence[inspect.Parameter],
    trailing: Sequence[inspect.Parameter] = (),
) -> Callable[[Command], Command]:
    """Return a decorator that gives a command the options of a group, as one object.

    The command's parameter ``target`` is replaced by the ``leading`` options, where it stood
    (an argument such as DATA keeps its place), and the ``trailing`` ones after the command's
    own; the command is called with ``target=build(**those options)``.
    """
    shared = [*leading, *trailing]
    names = [p.name for p in shared]

    def decorate(command: Command) -> Command:
        # Typer takes a signature that is set as it is: its annotations must be evaluated.
        own = list(inspect.signature(command, eval_str=True).parameters.values())
        at = [p.name for p in own].index(target)
        params = [*own[:at], *leading, *own[at + 1 :], *trailing]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> None:
            values = {name: kwargs.pop(name) for name in names}
            command(*args, **{target: build(**values)}, **kwargs)

        run.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]
        )
        return run

    return decorate
