"""The single generated models module -> a `models` package, one module per model.

Defining thousands of pydantic classes takes seconds even with `defer_build`, so a
generated client must not define them at import. Each model gets a module of its own,
named after its class, and imports the modules of the models it refers to; importing
a model then defines exactly the models it needs. Models that refer to each other in
a cycle share one module, because modules cannot import each other in a cycle.

The split works on the source datamodel-code-generator wrote (read with `ast`, never
executed), so every class keeps its exact text and every module imports only what its
classes use.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..client import naming
from ..client.ir import ModelModule
from ..errors import SdkforgeError
from ..render.codestyle import import_from, nodes


@dataclass(frozen=True)
class _Definition:
    """A top-level class (or assignment) of the models module and the names it uses."""

    name: str
    node: ast.stmt
    uses: frozenset[str]


def split_models(
    source: str, *, header: str, tree: ast.Module | None = None, lines: Sequence[str] | None = None
) -> tuple[ModelModule, ...]:
    """The models of `source` as modules, sorted by module name. The caller may pass in its parse,
    and with it the source's `lines` as the parse counts them (tidy.py's `Parsed`)."""
    tree = tree or ast.parse(source)
    imports = [
        node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom) and not _is_future_import(node)
    ]
    definitions = {d.name: d for d in _definitions(tree)}
    graph = {name: sorted((d.uses & definitions.keys()) - {name}) for name, d in definitions.items()}
    order = {name: position for position, name in enumerate(definitions)}
    groups = [sorted(group, key=order.__getitem__) for group in _strongly_connected(graph)]
    module_names = _module_names(groups)
    module_of = {name: module for group, module in zip(groups, module_names, strict=True) for name in group}
    lines = source.splitlines(keepends=True) if lines is None else lines
    modules = [
        ModelModule(
            module,
            tuple(group),
            _module_source(header, [definitions[name] for name in group], imports, module_of, lines),
        )
        for group, module in zip(groups, module_names, strict=True)
    ]
    return tuple(sorted(modules, key=lambda m: m.name))


def _definitions(tree: ast.Module) -> Iterator[_Definition]:
    """Classes and assignments, in source order; `model_rebuild()` calls are left out.

    datamodel-code-generator rebuilds recursive models right after defining them. With
    `defer_build` pydantic resolves their references on first use anyway, and a rebuild
    at import would build the schema then: exactly the cost the split avoids.
    """
    for node in tree.body:
        name = _defined_name(node)
        if name is not None:
            yield _Definition(name, node, frozenset(_names_used(node)))
        elif not (isinstance(node, ast.Import | ast.ImportFrom) or _is_docstring(node) or _is_rebuild(node)):
            raise SdkforgeError(f"internal error: unexpected statement in the models: {ast.unparse(node)[:80]}")


def _defined_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _is_future_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and node.module == "__future__"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_rebuild(node: ast.stmt) -> bool:
    call = node.value if isinstance(node, ast.Expr) else None
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "model_rebuild"


def _names_used(node: ast.stmt) -> set[str]:
    """Every name the definition reads, including those inside quoted annotations (`list["Pet"]`)."""
    names: set[str] = set()
    for inner in nodes(node):  # one walk: the read-back of a warm run walks every model once
        if isinstance(inner, ast.Name):
            if isinstance(inner.ctx, ast.Load):
                names.add(inner.id)
        else:
            for expression in _type_expressions(inner):
                names |= _quoted_names(expression)
    return names


def _type_expressions(node: ast.AST) -> Iterator[ast.expr]:
    """Where a string in this node is a forward reference: an annotation, class bases, and the values
    of a class's `__annotations__ = {...}` (how datamodel-code-generator types `__pydantic_extra__`)."""
    if isinstance(node, ast.AnnAssign):
        yield node.annotation
    elif isinstance(node, ast.ClassDef):
        yield from node.bases
    elif isinstance(node, ast.Assign) and _assigns_annotations(node) and isinstance(node.value, ast.Dict):
        yield from (value for value in node.value.values if value is not None)


def _assigns_annotations(node: ast.Assign) -> bool:
    return any(isinstance(target, ast.Name) and target.id == "__annotations__" for target in node.targets)


def _quoted_names(expression: ast.expr) -> set[str]:
    """Names in the forward references of a type (`list["Pet"]`); a `Literal["Pet"]` value is no reference."""
    if (
        isinstance(expression, ast.Subscript)
        and isinstance(expression.value, ast.Name)
        and expression.value.id == "Literal"
    ):
        return set()
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return _names_in_quoted_annotation(expression.value)
    children = (child for child in ast.iter_child_nodes(expression) if isinstance(child, ast.expr))
    return set().union(*(_quoted_names(child) for child in children))


def _names_in_quoted_annotation(text: str) -> set[str]:
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError):
        return set()  # text, not a type
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _strongly_connected(graph: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The graph's strongly connected components, by Tarjan's algorithm.

    Iterative, since a long chain of models must not reach Python's recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> tuple[str, Iterator[str]]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, iter(graph[node])

    for root in graph:
        if root in index:
            continue
        work = [visit(root)]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    work.append(visit(successor))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    components.append(_pop_component(stack, on_stack, node))
    return components


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    component: list[str] = []
    while not component or component[-1] != root:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
    return component


def _module_names(groups: Sequence[Sequence[str]]) -> list[str]:
    """A snake_case module name per group, from its alphabetically first class; clashes get `_2`.

    Naming after a class (not a position) keeps a module's name when other models
    come and go, so a spec change touches only the modules it changes. A very long
    name is cut the way resource modules' are (`naming.module_name`).
    """
    wanted = [(naming.module_name(naming.identifier(min(group), "model")), min(group)) for group in groups]
    ranked = sorted(range(len(groups)), key=wanted.__getitem__)
    names = naming.dedupe(wanted[i][0] for i in ranked)
    by_group = dict(zip(ranked, names, strict=True))
    return [by_group[i] for i in range(len(groups))]


def _module_source(
    header: str,
    members: Sequence[_Definition],
    imports: Sequence[ast.Import | ast.ImportFrom],
    module_of: Mapping[str, str],
    lines: Sequence[str],
) -> str:
    """One module: the header, the imports its definitions use, then the definitions as written."""
    own = {d.name for d in members}
    uses = frozenset[str]().union(*(d.uses for d in members))
    kept = [statement for node in imports if (statement := _kept(node, uses)) is not None]
    siblings: dict[str, list[str]] = {}
    for name in sorted(uses - own):
        if name in module_of:
            siblings.setdefault(module_of[name], []).append(name)
    kept += [
        ast.ImportFrom(module=module, names=[ast.alias(name) for name in names], level=1)
        for module, names in siblings.items()
    ]
    bodies = "\n\n\n".join(_text(d.node, lines) for d in members)
    return f"{header}\n\nfrom __future__ import annotations\n\n{_import_block(kept)}\n\n\n{bodies}\n"


def _kept(node: ast.Import | ast.ImportFrom, uses: frozenset[str]) -> ast.Import | ast.ImportFrom | None:
    """The import kept to the names used; a relative import reaches one package further up."""
    names = [alias for alias in node.names if (alias.asname or alias.name).split(".")[0] in uses]
    if not names:
        return None
    if isinstance(node, ast.Import):
        return ast.Import(names=names)
    return ast.ImportFrom(module=node.module, names=names, level=node.level + 1 if node.level else 0)


def _import_block(imports: Sequence[ast.Import | ast.ImportFrom]) -> str:
    """Standard library, third party, then the package's own, each sorted, as isort would."""
    sections: dict[int, list[tuple[bool, str, str]]] = {}
    for node in imports:
        is_from = isinstance(node, ast.ImportFrom)
        module = "." * node.level + (node.module or "") if isinstance(node, ast.ImportFrom) else node.names[0].name
        section = 2 if module.startswith(".") else 0 if module.split(".")[0] in sys.stdlib_module_names else 1
        text = import_from(module, [ast.unparse(a) for a in node.names]) if is_from else ast.unparse(node)
        sections.setdefault(section, []).append((is_from, module, text))
    return "\n\n".join("\n".join(text for *_, text in sorted(sections[key])) for key in sorted(sections))


def _text(node: ast.stmt, lines: Sequence[str]) -> str:
    """The definition exactly as written, decorators included."""
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(d.lineno for d in decorators)])
    return "".join(lines[first - 1 : node.end_lineno]).rstrip("\n")
