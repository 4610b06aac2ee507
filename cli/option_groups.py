"""Options declared once, in a dataclass, shared by many commands and handed to each as one object.

Typer reads a command's options from its signature. :func:`option_group` rewrites that
signature: the command names one parameter (say ``analysis: AnalysisOptions``), and the
decorator puts the dataclass' fields in its place — each field's type is the option's
``Annotated`` declaration and its default the option's default — so typer parses them like any
others; the command is then called with them gathered into the dataclass. This is the typer form
of the option decorators sqlite-utils shares between its commands.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Collection, Mapping
from typing import Any, get_type_hints

__all__ = ["Command", "option_group"]

Command = Callable[..., None]


def option_group(
    target: str,
    group: type[Any],
    *,
    leading: Collection[str] = (),
    leave_out: Collection[str] = (),
    defaults: Mapping[str, Any] | None = None,
    declarations: Mapping[str, Any] | None = None,
) -> Callable[[Command], Command]:
    """Return a decorator that gives a command the options of ``group``, as one object.

    The command's parameter ``target`` is replaced by the ``group`` dataclass' fields: those
    named in ``leading`` where it stood (an argument such as DATA keeps its place), the others
    after the command's own; ``leave_out`` fields are not options of this command (they keep
    their defaults), ``defaults`` replaces some fields' defaults for it
    (``inspect.Parameter.empty``: a required option) and ``declarations`` some fields'
    ``Annotated`` declarations (another help text, a file where others take a folder). The
    command is called with ``target=group(**those options)``.
    """
    hints = get_type_hints(group, include_extras=True) | dict(declarations or {})
    chosen = defaults or {}
    shared = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.KEYWORD_ONLY,
            annotation=hints[f.name],
            default=chosen.get(f.name, f.default),
        )
        for f in dataclasses.fields(group)
        if f.name not in leave_out
    ]
    first = [p for p in shared if p.name in leading]
    last = [p for p in shared if p.name not in leading]

    def decorate(command: Command) -> Command:
        # Typer takes a signature that is set as it is: its annotations must be evaluated.
        own = list(inspect.signature(command, eval_str=True).parameters.values())
        at = [p.name for p in own].index(target)
        params = [*own[:at], *first, *own[at + 1 :], *last]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> None:
            values = {p.name: kwargs.pop(p.name) for p in shared}
            command(*args, **{target: group(**values)}, **kwargs)

        run.__annotations__ = {p.name: p.annotation for p in params} | {"return": None}
        run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in params]
        )
        return run

    return decorate
