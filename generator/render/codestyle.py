"""black's rules, written once, for code emitted in black's form: the format stage is then one pass, not two.

black formats a file once and, when that changed anything, a second time (its fix for
trailing commas interacting with parentheses). Source already in black's form costs half;
views.py says where the templates' code is laid out and what that measured.
Nothing here decides the output: black still runs on every file and has the last word;
these helpers only make its first pass find nothing to change in the common cases.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

LINE_LENGTH = 100  # black's, as format.py runs it


def string_literal(value: str) -> str:
    """`value` as a string literal, in double quotes unless that needs more escapes (black's choice)."""
    text = repr(value)  # single-quoted, every ' in it escaped, unless the value holds ' and no "
    if text.startswith("'") and value.count('"') <= value.count("'"):
        return '"' + text[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'
    return text


def literal(value: object) -> str:
    """`repr(value)` with strings written by `string_literal`, inside lists, tuples and dicts too."""
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(literal, value)) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def prefer_double_quotes(source: str) -> str:
    """Single-quoted strings of `source` (code that `ast.unparse` wrote) in double quotes where black would."""
    if "'" not in source:  # most annotations: nothing to tokenize
        return source
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        text = token.string
        if token.type == tokenize.STRING and text[:1] == "'" and not text.startswith("'''"):
            body = text[1:-1]
            if '"' not in body and "\\" not in body:
                edits.append((token.start, token.end, '"' + body + '"'))
    if not edits:
        return source
    lines = source.splitlines(keepends=True)
    for (row, start), (_, end), replacement in reversed(edits):  # one-line tokens, last first
        line = lines[row - 1]
        lines[row - 1] = line[:start] + replacement + line[end:]
    return "".join(lines)


@dataclass(frozen=True)
class Edit:
    """New text for the span from `start` to `end`: (line, column) pairs as `ast` counts them
    (lines from 1, columns in UTF-8 bytes)."""

    start: tuple[int, int]
    end: tuple[int, int]
    text: str


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """`source` with every edit made; the spans must not overlap. One pass, so one parse serves many edits."""
    return "".join(edited_lines(source.splitlines(keepends=True), edits))


def edited_lines(lines: Sequence[str], edits: Iterable[Edit]) -> list[str]:
    """`lines` (with their ends) with every edit made, each edit's lines joined in one item: when
    every edit is within a line, item `n` is still what line `n` became."""
    lines = list(lines)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):  # last first: earlier positions stay valid
        (row, column), (end_row, end_column) = edit.start, edit.end
        before = lines[row - 1].encode()[:column].decode()
        after = lines[end_row - 1].encode()[end_column:].decode()
        lines[row - 1 : end_row] = [before + edit.text + after]
    return lines


def quoted_strings(tree: ast.AST, lines: Sequence[str]) -> list[Edit]:
    """The edits `prefer_double_quotes` makes, found from the parse instead of by tokenizing (on
    loyalties.json's models, 0.06 s for the whole source). A string it cannot tell is one token
    (implicit concatenation, over lines) is left for black."""
    edits = []
    for node in nodes(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno == node.end_lineno):
            continue
        text = lines[node.lineno - 1].encode()[node.col_offset : node.end_col_offset].decode()
        body = text[1:-1]
        if text[:1] == text[-1:] == "'" and len(text) > 1 and not any(c in body for c in "'\\\""):
            edits.append(Edit((node.lineno, node.col_offset), (node.lineno, node.end_col_offset or 0), f'"{body}"'))
    return edits


def iter_classes(tree: ast.Module) -> Iterator[ast.ClassDef]:
    """The module's classes and the classes nested in them (not those inside functions), in no set order.

    Generated models are classes at module level, so this visits a fraction of what `ast.walk` would.
    """
    pending = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(inner for inner in node.body if isinstance(inner, ast.ClassDef))


def nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of `tree`, itself included, in no set order: 1.7x as fast as `ast.walk` (its
    generators per node) on loyalties.json's models, which are walked a few times a run."""
    pending = [tree]
    while pending:
        node = pending.pop()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                pending.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                pending.append(value)


def class_docstring_gaps(tree: ast.Module, source: str) -> list[Edit]:
    """An empty line between a class's docstring and its first statement, as black puts one."""
    lines = source.splitlines()
    edits = []
    for node in iter_classes(tree):
        if len(node.body) > 1 and ast.get_docstring(node, clean=False) is not None:
            end = node.body[0].end_lineno
            if end is not None and end < len(lines) and lines[end].strip():
                edits.append(Edit((end + 1, 0), (end + 1, 0), "\n"))
    return edits


def bracketed(head: str, items: Sequence[str], tail: str = "", *, indent: int = 0) -> str:
    """Items in brackets as black lays them out: on one line if it fits; a single item alone on
    the line between the brackets; several, one per line with a trailing comma. `head` ends with
    the opening bracket, `tail` starts with the closing one. For displays and one-argument calls
    (black lays out a call with several arguments differently).
    """
    pad = " " * indent
    one_line = f"{pad}{head}{', '.join(items)}{tail}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    if len(items) == 1:
        return f"{pad}{head}\n{pad}    {items[0]}\n{pad}{tail}"
    return _one_per_line(head, items, tail, pad)


def tuple_display(head: str, items: Sequence[str], *, indent: int = 0) -> str:
    """`head(a, b)` (or `head(a,)` for one item) as black lays out a tuple; `head` ends before the bracket."""
    pad = " " * indent
    one_line = f"{pad}{head}({', '.join(items)}{',' if len(items) == 1 else ''})"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    return _one_per_line(head + "(", items, ")", pad)


def call(head: str, arguments: Sequence[str], tail: str = "", *, indent: int = 0) -> str:
    """A call's arguments as black lays them out: on one line if it fits; else together on the line
    between the brackets; else one per line with a trailing comma. `head` ends with the opening bracket."""
    pad = " " * indent
    one_line = f"{pad}{head}{', '.join(arguments)}{tail}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    inner = f"{pad}    {', '.join(arguments)}"
    if len(inner) <= LINE_LENGTH:
        return f"{pad}{head}\n{inner}\n{pad}{tail}"
    return _one_per_line(head, arguments, tail, pad)


def _one_per_line(head: str, items: Sequence[str], tail: str, pad: str) -> str:
    inner = "".join(f"{pad}    {item},\n" for item in items)
    return f"{pad}{head}\n{inner}{pad}{tail}"


def parameter(name: str, annotation: str, default: str | None = None, *, indent: int = 0) -> str:
    """`name: annotation = default,` on a line of a signature; a long annotation goes in parentheses."""
    pad = " " * indent
    assigned = "" if default is None else f" = {default}"
    line = f"{pad}{name}: {annotation}{assigned},"
    if len(line) <= LINE_LENGTH:
        return line
    expression = ast.parse(annotation, mode="eval").body
    if isinstance(expression, ast.Subscript) and expression.value.end_col_offset is not None:
        # `Name[...]` is split inside its own brackets, not wrapped in new ones.
        at = expression.value.end_col_offset + 1
        inner = f"{pad}    {annotation[at:-1]}"
        if len(inner) > LINE_LENGTH and isinstance(expression.slice, ast.BinOp):
            # A union too long even there (`list[A | B | ...]`): one operand a line, as below.
            inner = f"{pad}    " + f"\n{pad}    | ".join(_operands(annotation, expression.slice))
        return f"{pad}{name}: {annotation[:at]}\n{inner}\n{pad}]{assigned},"
    inner = f"{pad}    {annotation}"
    if len(inner) > LINE_LENGTH and isinstance(expression, ast.BinOp):
        # Still too long inside the parentheses: one operand a line, each after its `|`.
        inner = f"{pad}    " + f"\n{pad}    | ".join(_operands(annotation, expression))
    return f"{pad}{name}: (\n{inner}\n{pad}){assigned},"


def annotated_assignment(target: str, annotation: str, value: str | None, *, indent: int = 0) -> str:
    """`target: annotation = value` (a plain name; no `= value` when it is None) as black lays it out
    when too long: the value in parentheses if the rest fits; else a union annotation in
    parentheses of its own, one operand a line if it does not fit there either, each split in
    its brackets as black splits them when still too long."""
    pad = " " * indent
    assigned = "" if value is None else f" = {value}"
    line = f"{pad}{target}: {annotation}{assigned}"
    if len(line) <= LINE_LENGTH:
        return line
    if value is not None and len(f"{pad}{target}: {annotation} = (") <= LINE_LENGTH:
        if len(f"{pad}    {value}") > LINE_LENGTH:
            return line  # black splits the value too: not written here
        return f"{pad}{target}: {annotation} = (\n{pad}    {value}\n{pad})"
    expression = ast.parse(annotation, mode="eval").body
    if isinstance(expression, ast.Subscript):  # `Name[...]` is split inside its own brackets
        if len(f"{pad}]{assigned}") > LINE_LENGTH:
            return line  # black splits the value too: not written here
        return "\n".join(_split_line(annotation, indent, f"{target}: ", assigned))
    if not isinstance(expression, ast.BinOp):
        return line  # black decides: not a shape sdkforge writes
    inner = "\n".join(_bracket_body(annotation, indent + 4))
    return f"{pad}{target}: (\n{inner}\n{pad}){assigned}"


def _bracket_body(text: str, indent: int) -> list[str]:
    """What stands between a pair of brackets (or the parentheses black adds), at `indent`: on one
    line if it fits; else one operand of a union a line, or one item a line with a trailing comma."""
    pad = " " * indent
    if len(pad + text) <= LINE_LENGTH:
        return [pad + text]
    node = ast.parse(text, mode="eval").body
    operands = _operands(text, node)
    if len(operands) > 1:
        return [line for i, operand in enumerate(operands) for line in _split_line(operand, indent, "| " if i else "")]
    if isinstance(node, ast.Tuple):
        return _one_item_a_line([ast.get_source_segment(text, item) or ast.unparse(item) for item in node.elts], indent)
    return _split_line(text, indent)


def _one_item_a_line(items: Sequence[str], indent: int) -> list[str]:
    return [line for item in items for line in _split_line(item, indent, tail=",")]


def _split_line(text: str, indent: int, head: str = "", tail: str = "") -> list[str]:
    """`head + text + tail` at `indent`; when too long and `text` ends in a subscript's brackets,
    split in them (black's right-hand split); else left as it is (a long string stays long)."""
    pad = " " * indent
    if len(pad + head + text + tail) <= LINE_LENGTH:
        return [pad + head + text + tail]
    keyword = re.match(r"[A-Za-z_]\w*=(?!=)", text)  # `name=value`, a call's keyword argument
    if keyword:
        return _split_line(text[keyword.end() :], indent, head + keyword.group(), tail)
    node = ast.parse(text, mode="eval").body
    if isinstance(node, ast.List) and node.elts:
        items = [ast.get_source_segment(text, item) or ast.unparse(item) for item in node.elts]
        inner = f"{pad}    {', '.join(items)}"
        if len(inner) <= LINE_LENGTH:
            body = [inner]
        else:  # a lone item gets no trailing comma
            body = _split_line(items[0], indent + 4) if len(items) == 1 else _one_item_a_line(items, indent + 4)
        return [pad + head + "[", *body, pad + "]" + tail]
    if not (isinstance(node, ast.Subscript) and node.value.end_col_offset is not None and text.endswith("]")):
        return [pad + head + text + tail]
    at = node.value.end_col_offset + 1
    return [pad + head + text[:at], *_bracket_body(text[at:-1], indent + 4), pad + "]" + tail]


def laid_out_lines(tree: ast.Module, lines: Sequence[str]) -> list[str]:
    """Class attributes written on one line (`name: annotation = value`, as datamodel-code-generator
    writes every field) that are too long for it, laid out as black lays them out: a call's
    arguments after its bracket when the rest fits, else as `annotated_assignment` does.
    `lines` are the parsed source's, with their ends; a laid-out line stays one item of the list,
    so that the parse still tells where each statement is.

    Black formats a file it changes twice: on loyalties.json that was 70 of the 493 model files,
    0.58 s of black's 1.84 s of CPU; with this, 4 files and 0.03 s (the run 0.97x, 6 pairs).
    """
    ends = [line.rstrip("\n") for line in lines]
    edits = [edit for cls in iter_classes(tree) for edit in _class_header(cls, ends)]
    for node in (inner for cls in iter_classes(tree) for inner in cls.body):
        if not (isinstance(node, ast.AnnAssign) and node.lineno == node.end_lineno and node.end_col_offset):
            continue
        line = ends[node.lineno - 1]
        if len(line) <= LINE_LENGTH or not line.isascii() or line[node.end_col_offset :].strip():
            continue  # fits; or columns that are not characters, or a comment after it: black decides
        text = line[node.col_offset : node.end_col_offset]
        laid_out = _field(node, text, node.col_offset)
        if laid_out is not None and _settled(laid_out):
            edits.append(Edit((node.lineno, node.col_offset), (node.lineno, node.end_col_offset), laid_out.lstrip()))
    return edited_lines(lines, edits)


def _settled(laid_out: str) -> bool:
    """Whether every line fits, but a lone string (which black leaves long): else black would split
    further than these rules go, and the line is left for it as it was written."""
    return all(len(line) <= LINE_LENGTH or _LONE_STRING.fullmatch(line.strip()) for line in laid_out.splitlines())


_LONE_STRING = re.compile(r'"[^"\\]*",?')


def _class_header(cls: ast.ClassDef, lines: Sequence[str]) -> list[Edit]:
    """`class Name(Base):` too long for its line: the base alone between the brackets, split in
    its own when still too long."""
    line = lines[cls.lineno - 1]
    header = f"class {cls.name}("
    if len(line) <= LINE_LENGTH or not line.isascii() or len(cls.bases) != 1 or cls.keywords:
        return []
    base = line.strip()[len(header) :]
    if not line.strip().startswith(header) or not base.endswith("):"):
        return []
    pad = " " * cls.col_offset
    laid_out = "\n".join([header, *_bracket_body(base[:-2], cls.col_offset + 4), pad + "):"])
    return [Edit((cls.lineno, cls.col_offset), (cls.lineno, len(line)), laid_out)] if _settled(laid_out) else []


def _field(node: ast.AnnAssign, text: str, indent: int) -> str | None:
    """The statement `text` (`node`; its columns start at `indent`) laid out over lines."""

    def segment(part: ast.expr | ast.keyword) -> str:
        return text[part.col_offset - indent : (part.end_col_offset or 0) - indent]

    value = node.value
    if not isinstance(node.target, ast.Name):
        return None
    if value is None:
        return annotated_assignment(node.target.id, segment(node.annotation), None, indent=indent)
    if isinstance(value, ast.Call) and value.func.end_col_offset is not None and segment(value).endswith(")"):
        head = text[: value.func.end_col_offset - indent] + "("
        if len(" " * indent + head) <= LINE_LENGTH:
            parts: list[ast.expr | ast.keyword] = [*value.args, *value.keywords]
            parts.sort(key=lambda part: part.col_offset)
            arguments = [segment(part) for part in parts]
            laid_out = call(head, arguments, ")", indent=indent)
            if all(len(line) <= LINE_LENGTH for line in laid_out.splitlines()):
                return laid_out
            pad = " " * indent
            return "\n".join([pad + head, *_one_item_a_line(arguments, indent + 4), pad + ")"])
    return annotated_assignment(node.target.id, segment(node.annotation), segment(value), indent=indent)


def _operands(source: str, node: ast.expr) -> list[str]:
    """The operands of a chain of `|` (`A | B | None` -> A, B, None), as written."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_operands(source, node.left), *_operands(source, node.right)]
    return [ast.get_source_segment(source, node) or ast.unparse(node)]


def import_from(module: str, names: Sequence[str], *, indent: int = 0) -> str:
    """`from module import names`, parenthesized one name per line when too long (black's way)."""
    one_line = f"{' ' * indent}from {module} import {', '.join(names)}"
    if len(one_line) <= LINE_LENGTH:
        return one_line
    return _one_per_line(f"from {module} import (", names, ")", " " * indent)


def method_def(name: str, returns: str, *, indent: int = 0) -> str:
    """`def name(self) -> returns:`, `self` alone between the brackets when too long (black's way)."""
    pad = " " * indent
    line = f"{pad}def {name}(self) -> {returns}:"
    return line if len(line) <= LINE_LENGTH else f"{pad}def {name}(\n{pad}    self,\n{pad}) -> {returns}:"


def no_argument_def(name: str, returns: str) -> str:
    """`def name() -> returns:`, the return annotation in parentheses of its own when too long."""
    line = f"def {name}() -> {returns}:"
    return line if len(line) <= LINE_LENGTH else f"def {name}() -> (\n    {returns}\n):"
