"""The second process of a `generate`: it validates the specs, then renders the client and formats half of it.

The helper is forked before the models are built. It validates, and then, while this process
is still running datamodel-code-generator (the longest step, and one that runs here), it
imports black and jinja2 and compiles the templates, so that none of that waits for the
models. Given the client's description, it renders every file and hands back half of the
Python source, by size, for this process to format while it formats the other half.

Where fork is unavailable, or when the cache already knows the specs are valid (a warm run,
where little is left to share), everything happens in this process, with the same result.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from .background import Channel, Child, ChildLost
from .cache import Cache
from .progress import SILENT, Progress

if TYPE_CHECKING:
    from .format import Claims
    from .ir import ClientSpec

V = TypeVar("V")


class Helper(Generic[V]):
    """A context manager: leaving the block ends the helper, wherever it is. `V`: what validation returns."""

    def __init__(self, validate: Callable[[], V], cache: Cache | None, *, inline: bool = False) -> None:
        self._validate = validate
        self._cache = cache
        self._verdicts: tuple[V] | None = None
        self._child: Child | None = None
        from .format import Claims

        self._claims = Claims(shared=not inline)  # made before the fork, so that both processes share it
        if not self._claims.shared:  # no fork, or no shared memory, here
            self._verdicts = (validate(),)
            return
        self._child = Child(lambda channel: _help(channel, validate, cache, self._claims))

    def verdicts(self) -> V:
        """Validation's answer, from the helper (or from here, if it died without one)."""
        if self._verdicts is None:
            assert self._child is not None
            try:
                self._verdicts = (cast(V, self._child.receive()),)
            except ChildLost:
                self._lost()
                self._verdicts = (self._validate(),)
        return self._verdicts[0]

    def emit(self, client: ClientSpec, progress: Progress = SILENT) -> dict[str, str]:
        """Every file of the client, rendered and formatted, in the order `render_client` gives.

        `progress` counts the files either process formats: they share the claims' count.
        """
        if self._child is None:
            return _render_and_format(client, self._cache, progress)
        from .format import black_mode, finish, format_claimed

        try:
            self._child.send(client)
            progress.stage("render")  # here: importing black while the helper renders
            black_mode()
            order, work = self._child.receive()
            progress.stage("format", total=len(work))
            mine = format_claimed(work, self._claims, self._cache, processes=_processes_each(), progress=progress)
            answered = {**self._child.receive(), **mine}
        except ChildLost:
            self._lost()
            return _render_and_format(client, self._cache, progress)
        done = {**answered, **finish(work, answered, self._cache)}
        return {path: done[path] for path in order}

    def _lost(self) -> None:
        assert self._child is not None
        self._child.stop()
        self._child = None

    def __enter__(self) -> Helper[V]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._child is not None:
            self._child.stop()


def _help(channel: Channel, validate: Callable[[], object], cache: Cache | None, claims: Claims) -> None:
    """The helper's side: the verdicts; then, for the client sent, the file order and the sources to
    format (both processes claim from them); last, every file it settled or formatted."""
    from .format import black_mode, format_claimed, settle, work_list
    from .render import compile_templates, render_client

    channel.send(validate())
    compile_templates(cache=cache)
    if not channel.has_input():
        black_mode()  # imported while waiting; when the client is already here, rendering comes first
    client: ClientSpec = channel.receive()
    files = render_client(client, cache=cache)
    done, pending = settle(files, cache, already_formatted=_runtime(client))
    work = work_list(pending)
    channel.send((list(files), work))
    done.update(format_claimed(work, claims, cache, processes=_processes_each()))
    channel.send(done)


def _render_and_format(client: ClientSpec, cache: Cache | None, progress: Progress) -> dict[str, str]:
    from .format import format_files
    from .render import render_client

    progress.stage("render")
    files = render_client(client, cache=cache)
    return format_files(files, cache, already_formatted=_runtime(client), progress=progress)


def _runtime(client: ClientSpec) -> set[str]:
    """The runtime's files, kept in black's form at their source."""
    from .render import RUNTIME_FILES

    return {f"{client.package}/{name}" for name in RUNTIME_FILES}


def _processes_each() -> int:
    """Formatting processes on each side: the cores shared between the helper and this process."""
    return max(1, (os.cpu_count() or 1) // 2)
