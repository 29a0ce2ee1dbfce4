"""The code-writing helpers agree with black, so its first pass over generated code finds nothing to do."""

from __future__ import annotations

import ast
import keyword
from pathlib import Path

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sdkforge.output.format
from benchmarks.synthesize import dump, synthesize
from sdkforge.config import build_config
from sdkforge.pipeline import generate_files
from sdkforge.render.codestyle import (
    annotated_assignment,
    apply_edits,
    bracketed,
    call,
    class_docstring_gaps,
    import_from,
    laid_out_lines,
    literal,
    no_argument_def,
    nodes,
    parameter,
    prefer_double_quotes,
    quoted_strings,
    string_literal,
    tuple_display,
)
from sdkforge.render.runtime import RUNTIME_FILES

ROOT = Path(__file__).resolve().parent.parent
MODE = sdkforge.output.format.black_mode()
NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,40}", fullmatch=True).filter(lambda n: not keyword.iskeyword(n))
STRINGS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


def assert_black_keeps(source: str) -> None:
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(NAMES, min_size=1, max_size=12), st.integers(0, 2))
def test_displays_imports_and_tuples_are_laid_out_as_black_does(names: list[str], depth: int) -> None:
    quoted = [string_literal(n) for n in names]
    indent = 4 * depth
    statements = [
        bracketed("__all__ = [", quoted, "]", indent=indent),
        import_from("package.module", names, indent=indent),
        tuple_display("NAMES = ", names, indent=indent),
        bracketed("MAPPING = {", [f"{q}: {n}" for q, n in zip(quoted, names, strict=True)], "}", indent=indent),
        bracketed("self.method = wrapper(", [f"resource.{names[0]}"], ")", indent=indent),
        call("value = function(", [*quoted, "keyword=value"], ")", indent=indent),
    ]
    # Inside blocks too, as in resources' `if TYPE_CHECKING:` and in method bodies.
    blocks = "".join("    " * level + "if True:\n" for level in range(depth))
    for statement in statements:
        assert_black_keeps(f"{blocks}{statement}\n")


@settings(max_examples=60, deadline=None, derandomize=True)
@given(NAMES, st.lists(NAMES, min_size=1, max_size=6), st.sampled_from(["Literal", "union", "list of a union"]))
def test_parameters_and_return_annotations_are_laid_out_as_black_does(name: str, kinds: list[str], shape: str) -> None:
    annotation = {
        "Literal": f"Literal[{', '.join(map(string_literal, kinds))}]",
        "union": " | ".join(kinds),
        "list of a union": f"list[{' | '.join(kinds)}]",  # a request body that is an array of one of several models
    }[shape]
    source = "\n".join(
        [
            "def method(",
            "    self,",
            "    *,",
            parameter(name, annotation, indent=4),
            parameter(name + "_2", annotation + " | None", "None", indent=4),
            "    timeout: Timeout | NotGiven = NOT_GIVEN,",  # as every generated method ends: never one line
            "    extra_headers: Headers | None = None,",
            ") -> None:",
            "    pass",
            "",
            "",
            no_argument_def(name, f"Endpoint[{kinds[0]}]"),
            "    pass",
            "",
        ]
    )
    assert_black_keeps(source)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(NAMES, min_size=2, max_size=8), st.integers(0, 3))
def test_an_annotated_union_attribute_is_laid_out_as_black_does(kinds: list[str], depth: int) -> None:
    union = " | ".join(f"models.{kind}" for kind in kinds) + " | None"
    blocks = "".join("    " * level + "if True:\n" for level in range(depth))
    assert_black_keeps(f"{blocks}{annotated_assignment('self.error', union, 'error', indent=4 * depth)}\n")


MODEL_NAMES = st.from_regex(r"[A-Z][A-Za-z0-9]{8,60}", fullmatch=True)
WORDS = st.lists(st.from_regex(r"[a-z_]{1,24}", fullmatch=True), min_size=1, max_size=14)


@st.composite
def annotations(draw: st.DrawFn) -> str:
    """The annotations datamodel-code-generator writes, long or short: Literals opened with `| str`,
    unions of models, lists of them, optional."""
    shape = draw(st.sampled_from(["literal", "union", "list of a union", "list of a literal", "model"]))
    models = draw(st.lists(MODEL_NAMES, min_size=1, max_size=6))
    literal_ = f"Literal[{', '.join(map(string_literal, draw(WORDS)))}] | str"
    annotation = {
        "literal": literal_,
        "union": " | ".join(models),
        "list of a union": f"list[{' | '.join(models)}]",
        "list of a literal": f"list[{literal_}]",
        "model": models[0],
    }[shape]
    return annotation + (" | None" if draw(st.booleans()) else "")


@st.composite
def values(draw: st.DrawFn) -> str | None:
    kind = draw(st.sampled_from(["none", "absent", "title", "examples", "required"]))
    title = string_literal(" ".join(draw(WORDS)).title())
    return {
        "none": "None",
        "absent": None,
        "title": f"Field(None, title={title})",
        "examples": f"Field(None, examples=[{string_literal(' '.join(draw(WORDS)) * draw(st.integers(1, 4)))}])",
        "required": f"Field(..., title={title})",
    }[kind]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    MODEL_NAMES,
    st.sampled_from(["BaseModel", "list"]),
    st.lists(st.tuples(NAMES, annotations(), values()), min_size=1, max_size=4),
)
def test_model_fields_written_on_one_line_are_laid_out_as_black_does_or_left_to_it(
    name: str, base: str, fields: list[tuple[str, str, str | None]]
) -> None:
    """Class headers and fields as datamodel-code-generator writes them, each on one line however
    long: `laid_out_lines` lays out each as black does, or leaves it as it was for black to decide."""
    header = f"class {name}(BaseModel):" if base == "BaseModel" else f"class {name}(RootModel[list[{fields[0][1]}]]):"
    sources = [header + "\n    pass\n"] + [
        f"class C{i}(BaseModel):\n    {field}: {annotation}" + ("" if value is None else f" = {value}") + "\n"
        for i, (field, annotation, value) in enumerate(fields)
    ]
    for source in sources:
        laid_out = "".join(laid_out_lines(ast.parse(source), source.splitlines(keepends=True)))
        assert laid_out == source or black.format_str(laid_out, mode=MODE) == laid_out, laid_out


def test_models_of_a_real_spec_come_out_of_black_unchanged_but_a_few(tmp_path: Path) -> None:
    """loyalties.json: 70 of its 493 model files were changed by black (so formatted twice) before
    `laid_out_lines`; a long string in a list and trailing spaces in a docstring still are."""
    spec = ROOT / "tests" / "fixtures" / "real" / "voucherify-doc-loyalties.json"
    files = unformatted_files(specs=[str(spec)], package="loyalties_client", output=str(tmp_path / "out"))
    models = {path: text for path, text in files.items() if "/models/" in path and path.endswith(".py")}
    changed = [path for path, text in models.items() if black.format_str(text, mode=MODE) != text]
    assert len(models) > 400 and len(changed) <= 5, changed


def test_a_long_union_inside_brackets_is_one_operand_a_line_as_black_lays_it_out() -> None:
    models = [f"LoyaltiesEarningRulesCreate{kind}RequestBody" for kind in ("OrderPaid", "CustomEvent", "TierChange")]
    line = parameter("body", f"list[{' | '.join(models)}]", indent=4)
    assert len(line.splitlines()) == 5  # `body: list[`, three operands, `],`
    assert_black_keeps(f"def create(\n    self,\n    *,\n{line}\n    timeout: float = 1.0,\n) -> None:\n    pass\n")


@given(STRINGS)
@settings(max_examples=200, deadline=None, derandomize=True)
def test_string_literals_mean_the_string_and_use_blacks_quotes(text: str) -> None:
    written = string_literal(text)
    assert eval(written) == text  # noqa: S307 - our own literal, checked to be one
    assert_black_keeps(f"x = {written}\n")


@pytest.mark.parametrize("text", ["it's", "both ' and \"", "\\'\"", "a''\"", "one \" two '' three", "'\"'"])
def test_string_literals_with_both_quotes_use_the_quotes_black_picks(text: str) -> None:
    written = string_literal(text)
    assert eval(written) == text  # noqa: S307 - our own literal, checked to be one
    assert_black_keeps(f"x = {written}\n")


def test_literals_of_containers() -> None:
    assert literal({"a": ("b",), "c": [1, None, True]}) == '{"a": ("b",), "c": [1, None, True]}'


@given(st.lists(STRINGS, max_size=4))
@settings(max_examples=100, deadline=None, derandomize=True)
def test_double_quoting_unparsed_code_keeps_its_meaning(values: list[str]) -> None:
    source = f"x: Literal[{', '.join(map(repr, values))}] = {values!r}\n" if values else "x = 1\n"
    rewritten = prefer_double_quotes(source)
    namespace: dict[str, object] = {"Literal": type("L", (), {"__class_getitem__": classmethod(lambda c, i: i)})}
    exec(compile(rewritten, "<test>", "exec"), namespace)  # noqa: S102 - generated from test data
    assert namespace["x"] == (values if values else 1)


@given(st.lists(STRINGS, min_size=1, max_size=4))
@settings(max_examples=100, deadline=None, derandomize=True)
def test_strings_found_from_the_parse_are_quoted_as_by_tokenizing(values: list[str]) -> None:
    """`quoted_strings` makes the edits `prefer_double_quotes` makes, and leaves docstrings and
    implicitly joined strings (one constant, two tokens) alone."""
    source = (
        f'class A:\n    """It\'s a \'doc\'."""\n\n    x: Literal[{", ".join(map(repr, values))}] = {values!r}\n'
        "    y: str = 'a' 'b'\n"
    )
    tree = ast.parse(source)
    quoted = apply_edits(source, quoted_strings(tree, source.splitlines(keepends=True)))
    tokenized = prefer_double_quotes(source)
    assert quoted == tokenized.replace('y: str = "a" "b"', "y: str = 'a' 'b'")
    assert ast.dump(ast.parse(quoted)) == ast.dump(tree)


def test_nodes_are_the_nodes_ast_walk_finds() -> None:
    tree = ast.parse((ROOT / "generator" / "render" / "codestyle.py").read_text(encoding="utf-8"))
    assert sorted(map(id, nodes(tree))) == sorted(map(id, ast.walk(tree)))


def test_class_docstrings_get_the_blank_line_black_adds() -> None:
    source = 'class A:\n    """Doc."""\n    x: int\n\n\nclass B:\n    """Only a docstring."""\n'
    fixed = apply_edits(source, class_docstring_gaps(ast.parse(source), source))
    assert fixed == 'class A:\n    """Doc."""\n\n    x: int\n\n\nclass B:\n    """Only a docstring."""\n'
    assert_black_keeps(fixed)


def unformatted_files(**flags: object) -> dict[str, str]:
    """What the pipeline hands the format stage, for the project's own client or the one `flags` describe."""
    captured: dict[str, str] = {}

    def keep(files: dict[str, str], cache: object = None, **_: object) -> dict[str, str]:
        captured.update(files)
        return files

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sdkforge.output.format, "format_files", keep)
        generate_files(build_config(pyproject=ROOT / "pyproject.toml", **flags), warn=lambda _: None)  # type: ignore[arg-type]
    return captured


@pytest.fixture(scope="module")
def unformatted_seed_files() -> dict[str, str]:
    return unformatted_files()


@pytest.fixture(scope="module")
def unformatted_synthetic_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # Another shape than the seeds': a server without variables, many small operations, 40 schemas.
    spec = tmp_path_factory.mktemp("synthetic") / "spec.json"
    dump(synthesize(20, 40, seed=3), spec)
    return unformatted_files(specs=[str(spec)], package="synthetic_client", output=str(spec.parent / "out"))


@pytest.fixture(scope="module")
def unformatted_long_named_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # Names the client's code spells out, long: each credential's environment variable.
    out = tmp_path_factory.mktemp("long") / "out"
    name = "VoucherifyLoyaltyAndGiftCardBalancesPartner"
    return unformatted_files(
        package="voucherify_loyalty_and_gift_card_balances_partner", client_name=name, output=str(out)
    )


@pytest.mark.parametrize(
    "which", ["unformatted_seed_files", "unformatted_synthetic_files", "unformatted_long_named_files"]
)
def test_the_template_files_are_emitted_in_blacks_form(which: str, request: pytest.FixtureRequest) -> None:
    # Not a matter of correctness (black runs on every file regardless) but of cost: a file already in
    # black's form is formatted in one pass instead of two (views.py has the figures). Only model
    # modules, whose lines are datamodel-code-generator's, may need black.
    files: dict[str, str] = request.getfixturevalue(which)
    emitted = {
        path: text
        for path, text in files.items()
        if path.endswith(".py")
        and path.rsplit("/", 1)[-1] not in RUNTIME_FILES
        and "/models/" not in path.replace("/models/__init__", "")
    }
    assert len(emitted) >= 6
    changed = [path for path, text in emitted.items() if black.format_str(text, mode=MODE) != text]
    assert changed == []
