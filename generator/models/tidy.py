"""datamodel-code-generator's module made the models' source, from two parses of it.

The library's text gets: the client's runtime as its base classes' home (imports and every
`RootModel`), the probe taken out and the root models it found put in (roots.py), open enums,
black's quotes, an empty line after each class docstring and long fields laid out. Each step
once parsed the whole source again: five parses and a tokenize. Now every edit but the layout
comes from one parse, and the layout from a second, which also tells `read_models` where each
statement is (`Parsed`): sdkforge's own part of loyalties.json's models step 0.41 -> 0.25 s.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import GeneratorBug
from ..render.codestyle import (
    Edit,
    apply_edits,
    class_docstring_gaps,
    iter_classes,
    laid_out_lines,
    nodes,
    prefer_double_quotes,
    quoted_strings,
)
from .roots import appended, named_roots, probe_statements, runtime_root_model, uses_root_model

# The package datamodel-code-generator is told the base class comes from, replaced by a relative import.
PLACEHOLDER_PACKAGE = "sdkforge_client_package"


@dataclass(frozen=True)
class Parsed:
    """The models' source as a parse and its lines: the statement at lines `n` to `m` of the
    parse is `lines[n - 1 : m]` (a laid-out line holds several lines of the source, and the
    field on it is parsed from them, its columns counted from its first)."""

    tree: ast.Module
    lines: list[str]

    @property
    def source(self) -> str:
        return "".join(self.lines)


def tidied(output: str, probe: str, probed: dict[str, str]) -> Parsed:
    """The models' source from the library's `output`, `probe` being the class roots.py added."""
    source = output.replace(f"from {PLACEHOLDER_PACKAGE}._models import", "from ._models import")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    removed = probe_statements(tree, lines, probe) if probed else []
    kept = ast.Module(body=[node for node in tree.body if all(node is not r for r in removed)], type_ignores=[])
    restored = named_roots(tree, probe, probed)
    restored_tree = ast.parse(restored)
    edits = [
        *map(_removal, removed),
        *class_docstring_gaps(kept, source),
        *runtime_root_model(kept.body, used=bool(restored) or ("RootModel" in source and uses_root_model(kept.body))),
    ]
    quotes = quoted_strings(kept, lines)  # before the enums are opened: that changes the parse
    opened, opened_restored = open_enums(list(iter_classes(kept)), list(iter_classes(restored_tree)))
    edits += _quoted(opened)
    edits += _outside(quotes, opened)
    if restored:
        edits.append(appended(tree, prefer_double_quotes(apply_edits(restored, opened_restored))))
    edited = apply_edits(source, edits)
    edited_tree = ast.parse(edited)
    edited_lines = edited.splitlines(keepends=True)
    lines = laid_out_lines(edited_tree, edited_lines)
    _parse_laid_out_fields(
        edited_tree, [n for n, line in enumerate(lines, start=1) if line != edited_lines[n - 1]], lines
    )
    return Parsed(edited_tree, lines)


def _parse_laid_out_fields(tree: ast.Module, changed: Sequence[int], lines: Sequence[str]) -> None:
    """Each field the layout changed, parsed again from its new text: splitting a union over lines
    writes it flat (`A | str | (B | str)` becomes `A | str | B | str`), as a parse of the new
    source would read it."""
    if not changed:
        return
    at = set(changed)
    for cls in iter_classes(tree):
        for position, statement in enumerate(cls.body):
            if isinstance(statement, ast.AnnAssign) and statement.lineno in at:
                (again,) = ast.parse(textwrap.dedent(lines[statement.lineno - 1])).body
                cls.body[position] = ast.increment_lineno(again, statement.lineno - 1)


def _removal(node: ast.stmt) -> Edit:
    return Edit((node.lineno, 0), (node.end_lineno or node.lineno, node.end_col_offset or 0), "")


def _quoted(edits: Sequence[Edit]) -> list[Edit]:
    """The edits with their text (code `ast.unparse` wrote, one line each) in black's quotes, all
    tokenized at once: one call each took longer than the whole source's."""
    texts = prefer_double_quotes("\n".join(edit.text for edit in edits)).split("\n") if edits else []
    if len(texts) != len(edits):
        raise GeneratorBug("an opened annotation was written over several lines")
    return [Edit(edit.start, edit.end, text) for edit, text in zip(edits, texts, strict=True)]


def _outside(edits: Sequence[Edit], spans: Sequence[Edit]) -> list[Edit]:
    """The edits that lie in none of the spans (whose own edit rewrites them)."""
    on_line: dict[int, list[Edit]] = {}
    for span in spans:
        for line in range(span.start[0], span.end[0] + 1):
            on_line.setdefault(line, []).append(span)
    return [
        edit
        for edit in edits
        if not any(span.start <= edit.start and edit.end <= span.end for span in on_line.get(edit.start[0], ()))
    ]


def open_enums(*groups: Sequence[ast.ClassDef]) -> list[list[Edit]]:
    """`Literal["a", "b"]` in field types becomes `Literal["a", "b"] | str`: each group's edits
    (the groups may be of different parses; a discriminator of one is a discriminator of all).

    Servers add enum values before clients are regenerated; a response with a
    value this client has never seen must still parse (keeping the raw string),
    while type checkers still see the known values. A discriminator's tag stays closed:
    pydantic picks the union member by it, and only a `Literal` can say which.
    The annotations are opened in place: the parse is not for reading afterwards.
    """
    fields = [[stmt for node in group for stmt in node.body if isinstance(stmt, ast.AnnAssign)] for group in groups]
    tags = _discriminator_names([field for group in fields for field in group])
    edits = []
    for classes, group_fields in zip(groups, fields, strict=True):
        annotations = [
            field.annotation
            for field in group_fields
            if not (isinstance(field.target, ast.Name) and field.target.id in tags)
        ]
        if "root" not in tags:
            annotations.extend(_root_model_parameters(classes))
        edits.append([edit for annotation in annotations if (edit := _opened(annotation)) is not None])
    return edits


def _root_model_parameters(classes: Sequence[ast.ClassDef]) -> list[ast.expr]:
    """The `X` of each `class Name(RootModel[X])`: opened as its `root` field is, or mypy sees two types."""
    return [
        base.slice
        for node in classes
        for base in node.bases
        if isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name) and base.value.id == "RootModel"
    ]


def _opened(annotation: ast.expr) -> Edit | None:
    """The edit that opens every `Literal` in `annotation` (changed in place), or None when it has none to open."""
    end_line = annotation.end_lineno
    if end_line is None or not any(isinstance(n, ast.Name) and n.id == "Literal" for n in nodes(annotation)):
        return None
    start, end = (annotation.lineno, annotation.col_offset), (end_line, annotation.end_col_offset or 0)
    opener = _Opener()
    opened = opener.visit(annotation)
    if not opener.opened:
        return None
    return Edit(start, end, ast.unparse(opened))  # in black's quotes by `_quoted`


def _discriminator_names(fields: list[ast.AnnAssign]) -> set[str]:
    """Field names used as `Field(discriminator="...")` in any field's type or default."""
    return {
        keyword.value.value
        for field in fields
        for node in nodes(field)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "discriminator"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    }


def is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Literal"


def literal_values(node: ast.expr) -> list[object]:
    assert isinstance(node, ast.Subscript)
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    return [element.value if isinstance(element, ast.Constant) else element for element in elements]


class _Opener(ast.NodeTransformer):
    """Adds the literal values' base type beside each `Literal[...]` of str or int values."""

    opened = False

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if is_literal(node):
            kinds = {type(value) for value in literal_values(node)}
            if len(kinds) == 1 and (kind := kinds.pop()) in (str, int):
                self.opened = True
                return ast.BinOp(left=node, op=ast.BitOr(), right=ast.Name(id=kind.__name__, ctx=ast.Load()))
            return node
        self.generic_visit(node)
        return node
