"""The runtime every client shares (the clients, request building, auth, parsing, retries,
transport: one module each). It is not a template: `templates/runtime/*.py` are copied as
they are. They contain nothing from a spec, and they are kept in black's form (a test
checks), so the format stage can pass them through instead of formatting the same 50 KB
on every run.

A module of its own, free of jinja2: the process that hands rendering to a worker needs
these names, not the templates.
"""

from __future__ import annotations

RUNTIME_FILES = (
    "_auth.py",
    "_base_client.py",
    "_body.py",
    "_endpoint.py",
    "_headers.py",
    "_logging.py",
    "_models.py",
    "_options.py",
    "_params.py",
    "_parse.py",
    "_request.py",
    "_response.py",
    "_retries.py",
    "_transport.py",
    "_types.py",
)


def runtime_paths(package: str) -> set[str]:
    """Where the runtime's modules land in a client's distribution."""
    return {f"{package}/{name}" for name in RUNTIME_FILES}
