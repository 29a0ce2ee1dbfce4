"""What changed for callers between two surfaces of a client, and whom each change breaks.

Every change is judged by who is on the other side of it: a caller that sends a value (a
method's parameter, a field of a request model, a constructor argument) breaks when what it
sends is no longer accepted; a caller that reads a value (a return type, a field of a response
model) breaks when what it reads may now be something it does not handle. A model used both
ways takes both rules. The README's table lists the rules.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from .surface import Model, ModelField, Operation, Parameter, Surface, extract

Role = Literal["send", "read"]
Level = Literal["major", "minor", "patch"]
_SENDS: frozenset[Role] = frozenset({"send"})
_READS: frozenset[Role] = frozenset({"read"})
_BOTH: frozenset[Role] = frozenset({"send", "read"})
_NAME = re.compile(r"[A-Za-z_]\w*")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Change:
    subject: str
    """What it concerns, as the caller names it: `client.vouchers.update_voucher_balance`, `model Error`."""
    message: str
    breaking: bool
    addition: bool = False
    """Something new a caller may use (SemVer's minor), rather than a compatible adjustment."""

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass(frozen=True)
class _Effect:
    """Whom a change breaks: the caller that sends the value, the caller that reads it."""

    sender: bool
    reader: bool

    def breaks(self, roles: frozenset[Role]) -> bool:
        return (self.sender and "send" in roles) or (self.reader and "read" in roles)


_BREAKS_BOTH = _Effect(sender=True, reader=True)
_BREAKS_SENDER = _Effect(sender=True, reader=False)
_BREAKS_READER = _Effect(sender=False, reader=True)
_BREAKS_NONE = _Effect(sender=False, reader=False)


@dataclass(frozen=True)
class Report:
    changes: tuple[Change, ...]
    files_differ: bool
    """Some file would change even if the API does not (a docstring): worth a patch release."""

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]

    @property
    def compatible(self) -> list[Change]:
        return [change for change in self.changes if not change.breaking]

    @property
    def level(self) -> Level | None:
        """SemVer's answer: major on a breaking change, minor on an addition, patch on any other difference."""
        if self.breaking:
            return "major"
        if any(change.addition for change in self.changes):
            return "minor"
        return "patch" if self.changes or self.files_differ else None


def compare(old: Surface, new: Surface) -> list[Change]:
    """Every change a caller of `old` meets in `new`, breaking or not."""
    return [
        *_operations(old.operations, new.operations),
        *_models(old, new),
        *_servers(old, new),
        *_credentials(old, new),
        *_constructor(old, new),
    ]


# Operations


def _operations(old: Mapping[str, Operation], new: Mapping[str, Operation]) -> Iterator[Change]:
    removed = [old[key] for key in sorted(old.keys() - new.keys())]
    added = [new[key] for key in sorted(new.keys() - old.keys())]
    renamed = _pairs(removed, added, _route)
    for before, after in renamed:
        yield Change(before.subject, f"renamed to {after.subject} ({_route_text(after)})", breaking=True)
        yield from _operation(before, after)
    paired = {id(operation) for pair in renamed for operation in pair}
    for operation in removed:
        if id(operation) not in paired:
            yield Change(operation.subject, f"removed ({_route_text(operation)})", breaking=True)
    for operation in added:
        if id(operation) not in paired:
            yield Change(operation.subject, f"added ({_route_text(operation)})", breaking=False, addition=True)
    for key in sorted(old.keys() & new.keys()):
        yield from _operation(old[key], new[key])


def _route(operation: Operation) -> tuple[str, str]:
    """Method and path, the path's parameters unnamed: what says two methods are one operation renamed."""
    return operation.http_method, re.sub(r"\{[^}]*\}", "{}", operation.path)


def _route_text(operation: Operation) -> str:
    return f"{operation.http_method} {operation.path}"


def _operation(old: Operation, new: Operation) -> Iterator[Change]:
    subject = new.subject
    if _route_text(old) != _route_text(new):
        yield Change(subject, f"now sends {_route_text(new)} (was {_route_text(old)})", breaking=False)
    yield from _parameters(subject, old.parameters, new.parameters)
    yield from _type_change(subject, "return type", old.returns, new.returns, _READS)
    yield from _errors(subject, old.errors, new.errors)
    yield from _security(subject, old.security, new.security)


def _errors(subject: str, old: Mapping[str, str], new: Mapping[str, str]) -> Iterator[Change]:
    """An error status's model is what `except APIError as e: e.error` reads."""
    for status in sorted(old.keys() - new.keys()):
        yield Change(subject, f"error status {status} removed (was parsed as {old[status]})", breaking=True)
    for status in sorted(new.keys() - old.keys()):
        yield Change(subject, f"error status {status} added (parsed as {new[status]})", breaking=False, addition=True)
    for status in sorted(old.keys() & new.keys()):
        if old[status] != new[status]:
            yield Change(
                subject, f"error status {status} now parsed as {new[status]} (was {old[status]})", breaking=True
            )


def _security(subject: str, old: Sequence[tuple[str, ...]], new: Sequence[tuple[str, ...]]) -> Iterator[Change]:
    for group in old:
        if group not in new:
            yield Change(subject, f"no longer accepts the credentials {' + '.join(group)}", breaking=True)
    for group in new:
        if group not in old:
            # An operation that needed none and now needs some breaks every caller without them.
            yield Change(subject, f"accepts the credentials {' + '.join(group)}", breaking=not old, addition=bool(old))


# Parameters: the caller sends them.


def _parameters(
    subject: str, old: Sequence[Parameter], new: Sequence[Parameter], noun: str = "parameter"
) -> Iterator[Change]:
    old_by_name = {p.name: p for p in old}
    new_by_name = {p.name: p for p in new}
    removed = [p for p in old if p.name not in new_by_name]
    added = [p for p in new if p.name not in old_by_name]
    renamed = _pairs(removed, added, lambda p: (p.location, p.kind, _members(p.annotation)))
    paired = {id(p) for pair in renamed for p in pair}
    for before, after in renamed:
        yield Change(subject, f"{noun} `{before.name}` renamed to `{after.name}`", breaking=True)
    for parameter in removed:
        if id(parameter) not in paired:
            yield Change(subject, f"{noun} `{parameter.name}` removed", breaking=True)
    for parameter in added:
        if id(parameter) not in paired:
            required = _required(parameter)
            kind = "required" if required else "optional"
            yield Change(subject, f"{kind} {noun} `{parameter.name}` added", breaking=required, addition=not required)
    yield from _order(subject, old, new)
    for before, after in [*((old_by_name[p.name], p) for p in new if p.name in old_by_name), *renamed]:
        yield from _parameter(subject, f"{noun} `{after.name}`", before, after)


def _order(subject: str, old: Sequence[Parameter], new: Sequence[Parameter]) -> Iterator[Change]:
    """Positional parameters the two sides share must keep their order, or positional calls swap them."""
    shared = {p.name for p in old} & {p.name for p in new}
    before = [p.name for p in old if p.kind == "positional" and p.name in shared]
    after = [p.name for p in new if p.kind == "positional" and p.name in shared]
    if sorted(before) == sorted(after) and before != after:
        yield Change(
            subject, f"positional parameters reordered: {', '.join(after)} (was {', '.join(before)})", breaking=True
        )


def _parameter(subject: str, what: str, old: Parameter, new: Parameter) -> Iterator[Change]:
    if old.kind == "positional" and new.kind == "keyword":
        yield Change(subject, f"{what} is now keyword-only", breaking=True)
    elif old.kind == "keyword" and new.kind == "positional":
        yield Change(subject, f"{what} may now be passed by position", breaking=False)
    yield from _requiredness(subject, what, _required(old), _required(new), _SENDS)
    yield from _type_change(subject, what, old.annotation, new.annotation, _SENDS)


def _required(parameter: Parameter) -> bool:
    return parameter.required and "None" not in _members(parameter.annotation)


def _constructor(old: Surface, new: Surface) -> Iterator[Change]:
    """The constructor's other arguments: credentials and server variables are reported as such."""
    reported = {*old.credentials, *new.credentials, *old.server_defaults, *new.server_defaults}
    yield from _parameters(
        "client constructor",
        [p for p in old.constructor if p.name not in reported],
        [p for p in new.constructor if p.name not in reported],
        noun="argument",
    )


# Models: sent by some callers, read by others.


def _models(old: Surface, new: Surface) -> Iterator[Change]:
    roles = _roles(old)
    for name, role in _roles(new).items():
        roles[name] = roles.get(name, frozenset()) | role
    removed = [old.models[name] for name in sorted(old.models.keys() - new.models.keys())]
    added = [new.models[name] for name in sorted(new.models.keys() - old.models.keys())]
    renamed = _pairs(removed, added, lambda model: frozenset(model.fields))
    paired = {id(model) for pair in renamed for model in pair}
    for before, after in renamed:
        yield Change(f"model {before.name}", f"renamed to {after.name}", breaking=True)
    for model in removed:
        if id(model) not in paired:
            yield Change(f"model {model.name}", "removed", breaking=True)
    for model in added:
        if id(model) not in paired:
            yield Change(f"model {model.name}", "added", breaking=False, addition=True)
    for name in sorted(old.models.keys() & new.models.keys()):
        yield from _model(old.models[name], new.models[name], roles.get(name) or _BOTH)


def _roles(surface: Surface) -> dict[str, frozenset[Role]]:
    """Which models callers send (request bodies, parameters) and read (responses, errors), nested ones included."""
    sent: set[str] = set()
    read: set[str] = set()
    for operation in surface.operations.values():
        sent.update(_model_names([operation.body_model or "", *(p.annotation for p in operation.parameters)], surface))
        read.update(
            _model_names([operation.response_model or "", operation.returns, *operation.errors.values()], surface)
        )
    roles: dict[str, frozenset[Role]] = {}
    for role, seeds in ((_SENDS, sent), (_READS, read)):
        for name in _reachable(seeds, surface):
            roles[name] = roles.get(name, frozenset()) | role
    return roles


def _reachable(seeds: Iterable[str], surface: Surface) -> set[str]:
    seen: set[str] = set()
    todo = list(seeds)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(_model_names((f.annotation for f in surface.models[name].fields), surface))
    return seen


def _model_names(annotations: Iterable[str], surface: Surface) -> set[str]:
    return {name for annotation in annotations for name in _NAME.findall(annotation) if name in surface.models}


def _model(old: Model, new: Model, roles: frozenset[Role]) -> Iterator[Change]:
    subject = f"model {new.name}"
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    for field in old.fields:
        if field.name not in new_fields:
            yield Change(subject, f"field `{field.name}` removed", breaking=True)
    for field in new.fields:
        before = old_fields.get(field.name)
        if before is None:
            yield _field_added(subject, field, roles)
        else:
            yield from _requiredness(subject, f"field `{field.name}`", _present(before), _present(field), roles)
            yield from _type_change(subject, f"field `{field.name}`", before.annotation, field.annotation, roles)


def _field_added(subject: str, field: ModelField, roles: frozenset[Role]) -> Change:
    """A sender must now fill a required field; a reader only gains one."""
    required = _present(field)
    effect = _BREAKS_SENDER if required else _BREAKS_NONE
    kind = "required" if required else "optional"
    return Change(
        subject, f"{kind} field `{field.name}` added", breaking=effect.breaks(roles), addition=not effect.breaks(roles)
    )


def _present(field: ModelField) -> bool:
    """Always there: required and never None."""
    return field.required and "None" not in _members(field.annotation)


# Rules both parameters and fields follow.


def _requiredness(subject: str, what: str, old: bool, new: bool, roles: frozenset[Role]) -> Iterator[Change]:
    """Made required: a sender must now pass it. Made optional: a reader may now find None."""
    if old == new:
        return
    if new:
        yield Change(subject, f"{what} made required", breaking=_BREAKS_SENDER.breaks(roles))
    else:
        yield Change(subject, f"{what} made optional", breaking=_BREAKS_READER.breaks(roles))


def _type_change(subject: str, what: str, old: str, new: str, roles: frozenset[Role]) -> Iterator[Change]:
    """A type as the set of what it admits: narrowed breaks senders, widened breaks readers, both otherwise.

    None is left to `_requiredness`. A value added to an open enum (`Literal[...] | str`) breaks
    no reader: the type already said any string may come.
    """
    before = _members(old) - {"None"}
    after = _members(new) - {"None"}
    if before == after:
        return
    lost, gained = before - after, after - before
    if not gained:
        effect, verb = _BREAKS_SENDER, "narrowed"
    elif not lost:
        open_enum = "str" in before and all(member.startswith("Literal[") for member in gained)
        effect, verb = (_BREAKS_NONE if open_enum else _BREAKS_READER), "widened"
    else:
        effect, verb = _BREAKS_BOTH, "retyped"
    detail = "; ".join(part for part in (_listed("added", gained), _listed("removed", lost)) if part)
    yield Change(
        subject,
        f"{what} {verb} from `{_shown(old)}` to `{_shown(new)}` ({detail})",
        breaking=effect.breaks(roles),
        addition=verb == "widened" and "send" in roles,
    )


def _listed(verb: str, members: Iterable[str]) -> str:
    values = [member.removeprefix("Literal[").removesuffix("]") for member in sorted(members)]
    if not values:
        return ""
    is_enum = all(member.startswith("Literal[") for member in members)
    return f"{'enum value' if is_enum else 'type'}{'s' if len(values) > 1 else ''} {', '.join(values)} {verb}"


def _members(annotation: str) -> frozenset[str]:
    return frozenset(_ordered_members(annotation))


def _ordered_members(annotation: str) -> list[str]:
    """The alternatives a type admits, one per enum value: `Literal['a', 'b'] | None` -> `Literal['a']`, `Literal['b']`, `None`.

    `NotGiven` is not a type a caller passes but how an optional parameter is left out.
    """
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return [annotation]
    found: list[str] = []
    for node in _alternatives(tree):
        text = ast.unparse(node)
        if text != "NotGiven" and text not in found:
            found.append(text)
    return found


def _alternatives(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from _alternatives(node.left)
        yield from _alternatives(node.right)
    elif isinstance(node, ast.Subscript) and ast.unparse(node.value) in ("Literal", "Union", "Optional"):
        kind = ast.unparse(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        for item in items:
            if kind == "Literal":
                yield ast.Subscript(ast.Name("Literal"), item)
            else:
                yield from _alternatives(item)
        if kind == "Optional":
            yield ast.Constant(None)
    else:
        yield node


def _shown(annotation: str) -> str:
    """The type as written, without the None and NotGiven that requiredness reports."""
    try:
        tree = ast.parse(annotation, mode="eval").body
    except SyntaxError:
        return annotation
    kept = [ast.unparse(node) for node in _union(tree)]
    return " | ".join(text for text in kept if text not in ("None", "NotGiven")) or "None"


def _union(node: ast.expr) -> Iterator[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from _union(node.left)
        yield from _union(node.right)
    else:
        yield node


# Servers and credentials


def _servers(old: Surface, new: Surface) -> Iterator[Change]:
    """The server is where a caller's requests go without a word from it: moving it is breaking."""
    if old.server != new.server:
        yield Change("server", f"default server changed from {old.server} to {new.server}", breaking=True)
    for name in sorted(old.server_defaults.keys() - new.server_defaults.keys()):
        yield Change(f"server variable {name}", "removed (and its constructor argument)", breaking=True)
    for name in sorted(new.server_defaults.keys() - old.server_defaults.keys()):
        yield Change(
            f"server variable {name}", f"added (default {new.server_defaults[name]})", breaking=False, addition=True
        )
    for name in sorted(old.server_defaults.keys() & new.server_defaults.keys()):
        yield from _server_variable(name, old, new)


def _server_variable(name: str, old: Surface, new: Surface) -> Iterator[Change]:
    subject = f"server variable {name}"
    before, after = old.server_defaults[name], new.server_defaults[name]
    if before != after:
        yield Change(subject, f"default changed from {before} to {after}", breaking=True)
    old_choices, new_choices = old.server_choices.get(name, ()), new.server_choices.get(name, ())
    lost = [choice for choice in old_choices if choice not in new_choices] if new_choices else []
    gained = [choice for choice in new_choices if choice not in old_choices] if old_choices else []
    if lost:
        yield Change(subject, f"no longer takes {', '.join(lost)}", breaking=True)
    if gained:
        yield Change(subject, f"also takes {', '.join(gained)}", breaking=False, addition=True)
    if old_choices and not new_choices:
        yield Change(subject, "takes any value", breaking=False, addition=True)
    elif new_choices and not old_choices:
        yield Change(subject, f"takes only {', '.join(new_choices)}", breaking=True)


def _credentials(old: Surface, new: Surface) -> Iterator[Change]:
    for name in sorted(old.credentials.keys() - new.credentials.keys()):
        yield Change(f"security scheme {name}", "removed (and its constructor argument)", breaking=True)
    for name in sorted(new.credentials.keys() - old.credentials.keys()):
        added = new.credentials[name]
        yield Change(
            f"security scheme {name}", f"added (argument `{name}`, ${added.env_var})", breaking=False, addition=True
        )
    for name in sorted(old.credentials.keys() & new.credentials.keys()):
        before, after = old.credentials[name], new.credentials[name]
        if before.env_var != after.env_var:
            yield Change(
                f"security scheme {name}", f"read from ${after.env_var} (was ${before.env_var})", breaking=True
            )
        if (before.kind, before.wire_name) != (after.kind, after.wire_name):
            how = f"now sent as {after.kind} {after.wire_name} (was {before.kind} {before.wire_name})"
            yield Change(f"security scheme {name}", how, breaking=False)


def _pairs(removed: Sequence[_T], added: Sequence[_T], key: Callable[[_T], object]) -> list[tuple[_T, _T]]:
    """Removed and added items that are one item renamed: the only one of each side with the same key."""
    pairs: list[tuple[_T, _T]] = []
    for before in removed:
        same = [after for after in added if key(after) == key(before)]
        if len(same) == 1 and [other for other in removed if key(other) == key(before)] == [before]:
            pairs.append((before, same[0]))
    return pairs


def between(committed: Mapping[str, str], files: Mapping[str, str]) -> Report:
    """The report for a client whose committed files are `committed` and whose next run writes `files`."""
    from ..output.manifest import MANIFEST

    differ = {path: text for path, text in committed.items() if path != MANIFEST} != {
        path: text for path, text in files.items() if path != MANIFEST
    }
    return Report(tuple(compare(extract(committed), extract(files))), files_differ=differ)
