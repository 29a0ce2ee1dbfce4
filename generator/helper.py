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
from typing import TYPE_CHECKING

from . import background
from .background import Channel, Child, ChildLost
from .cache import Cache

if TYPE_CHECKING:
    from .ir import ClientSpec
    from .pipeline import Verdict

Validate = Callable[[], "list[Verdict]"]


class Helper:
    """A context manager: leaving the block ends the helper, wherever it is."""

    def __init__(self, validate: Validate, cache: Cache | None, *, inline: bool = False) -> None:
        self._validate = validate
        self._cache = cache
        self._verdicts: list[Verdict] | None = None
        self._child: Child | None = None
        if inline or not background.can_fork():
            self._verdicts = validate()
        else:
            self._child = Child(lambda channel: _help(channel, validate, cache))

    def verdicts(self) -> list[Verdict]:
        """Each spec's verdict, from the helper (or from here, if it died without one)."""
        if self._verdicts is None:
            assert self._child is not None
            try:
                self._verdicts = list(self._child.receive())
            except ChildLost:
                self._lost()
                self._verdicts = self._validate()
        return self._verdicts

    def emit(self, client: ClientSpec) -> dict[str, str]:
        """Every file of the client, rendered and formatted, in the order `render_client` gives."""
        if self._child is None:
            return _render_and_format(client, self._cache)
        from .format import black_mode, format_sources

        try:
            self._child.send(client)
            black_mode()  # black is imported here while the helper renders
            order, share = self._child.receive()
            done = format_sources(share, self._cache, cores=_cores_each())
            done.update(self._child.receive())
        except ChildLost:
            self._lost()
            return _render_and_format(client, self._cache)
        return {path: done[path] for path in order}

    def _lost(self) -> None:
        assert self._child is not None
        self._child.stop()
        self._child = None

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._child is not None:
            self._child.stop()


def _help(channel: Channel, validate: Validate, cache: Cache | None) -> None:
    """The helper's side: the verdicts; then, for the client sent, (file order, the parent's share), then the rest formatted."""
    from .format import black_mode, format_sources, settle, shares
    from .render import compile_templates, render_client

    channel.send(validate())
    compile_templates(cache=cache)
    black_mode()
    client: ClientSpec = channel.receive()
    files = render_client(client, cache=cache)
    done, pending = settle(files, cache, already_formatted=_runtime(client))
    mine, theirs = shares(pending, 2)
    channel.send((list(files), theirs))
    done.update(format_sources(mine, cache, cores=_cores_each()))
    channel.send(done)


def _render_and_format(client: ClientSpec, cache: Cache | None) -> dict[str, str]:
    from .format import format_files
    from .render import render_client

    return format_files(render_client(client, cache=cache), cache, already_formatted=_runtime(client))


def _runtime(client: ClientSpec) -> set[str]:
    """The runtime's files, kept in black's form at their source."""
    from .render import RUNTIME_FILES

    return {f"{client.package}/{name}" for name in RUNTIME_FILES}


def _cores_each() -> int:
    """Cores for each of the two processes' formatting."""
    return max(1, (os.cpu_count() or 1) // 2)
