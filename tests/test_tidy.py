"""The models' source from two parses: what `read_models` learns from the parse `tidied` hands
it is what a parse of the finished source would teach it, down to each field's annotation."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from sdkforge.models.generate import _run_datamodel_codegen, read_models
from sdkforge.models.roots import add_probe
from sdkforge.models.tidy import tidied
from sdkforge.spec.load import load_all
from sdkforge.spec.normalize import normalize
from sdkforge.spec.repair import repair_document

from .specs import minimal, spec_file

ROOT = Path(__file__).resolve().parent.parent
SPECS = [
    *sorted((ROOT / "tests" / "fixtures" / "constructs").glob("*.yaml")),
    ROOT / "tests" / "fixtures" / "real" / "voucherify-doc-loyalties.json",
]
TWO_ENUMS = {"anyOf": [{"type": "string", "enum": ["CREDIT_" + "X" * 30, "DEBIT"]}, {"enum": ["P" * 40, "Q"]}]}


def _normalized(path: Path) -> dict[str, Any]:
    loaded = load_all([path])
    for spec in loaded.specs:
        repair_document(spec.document)
    return normalize(loaded.specs)


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_the_parse_handed_on_reads_as_the_finished_source(path: Path) -> None:
    parsed = _run_datamodel_codegen(_normalized(path))
    assert read_models(parsed.source, parsed) == read_models(parsed.source)


def test_a_long_union_of_two_enums_is_read_as_laid_out() -> None:
    """Opening `Literal[a] | Literal[b]` writes `... | str | (Literal[b] | str)`; the layout splits
    it flat, and so the field's annotation is read without the parentheses."""
    schemas = {"Transaction": {"type": "object", "required": ["kind"], "properties": {"kind": TWO_ENUMS}}}
    document = normalize([spec_file("t.yaml", minimal(components={"schemas": schemas}))])
    parsed = _run_datamodel_codegen(document)
    (kind,) = read_models(parsed.source, parsed).fields["Transaction"]
    assert "(" not in kind.annotation and kind.annotation.count("| str") == 2
    assert read_models(parsed.source, parsed) == read_models(parsed.source)


def test_probe_goes_and_named_roots_come_with_open_enums_and_the_runtime_root_model() -> None:
    schemas: dict[str, Any] = {
        "Kind": {"type": "string", "enum": ["a", "b"]},
        "Kinds": {"type": "array", "items": {"$ref": "#/components/schemas/Kind"}},
    }
    schemas["Holder"] = {"type": "object", "properties": {"kinds": {"$ref": "#/components/schemas/Kinds"}}}
    probe, probed = add_probe(schemas, {"Kinds"})
    assert probed
    header = "from __future__ import annotations\n\nfrom pydantic import RootModel\n\nfrom sdkforge_client_package._models import BaseModel\n\n"
    output = (
        header
        + "\nclass Holder(BaseModel):\n    kinds: list[Literal['a', 'b']] | None = None\n"
        + f"\n\nclass {probe}(BaseModel):\n    schema_0: list[Literal['a', 'b']]\n"
        + f"\n\n{probe}.model_rebuild()\n"
    )
    parsed = tidied(output, probe, probed)
    source = parsed.source
    assert probe not in source
    assert "from pydantic import" not in source and "from ._models import BaseModel, RootModel" in source
    assert 'class Kinds(RootModel[list[Literal["a", "b"] | str]]):\n    root: list[Literal["a", "b"] | str]\n' in source
    assert 'kinds: list[Literal["a", "b"] | str] | None = None' in source
    assert ast.dump(parsed.tree) == ast.dump(ast.parse(source))
