"""Descriptions as placeholders: the models and the validator's verdict do not depend on their words.

The models built from placeholders, with the words written back, must be byte for byte the
library's run on the document itself: checked on the seeds, every construct fixture and the
published loyalties spec (the 4 MB reference is the slow test).
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import pytest

import sdkforge.models.generate
from sdkforge.cache import Cache
from sdkforge.models.docstrings import with_descriptions
from sdkforge.models.generate import _run_datamodel_codegen, generate_models, read_models
from sdkforge.models.tidy import Parsed
from sdkforge.spec.descriptions import PLACEHOLDER, described_objects, placeholder, placeholders, schema_objects
from sdkforge.spec.load import load_all
from sdkforge.spec.normalize import normalize
from sdkforge.spec.repair import repair_document
from sdkforge.spec.validate import cached_findings, validate_document

from .specs import minimal

ROOT = Path(__file__).resolve().parent.parent
CONSTRUCTS = sorted((ROOT / "tests" / "fixtures" / "constructs").glob("*.yaml"))
LOYALTIES = ROOT / "tests" / "fixtures" / "real" / "voucherify-doc-loyalties.json"
REFERENCE = ROOT / "tests" / "fixtures" / "real" / "voucherify-OpenAPI.json"


def _normalized(*paths: Path) -> dict[str, Any]:
    loaded = load_all(list(paths))
    for spec in loaded.specs:
        repair_document(spec.document)
    return normalize(loaded.specs)


def _models_through_placeholders(document: dict[str, Any]) -> str | None:
    schemas = document["components"]["schemas"]
    with placeholders(schema_objects({"components": {"schemas": schemas}})) as descriptions:
        source = _run_datamodel_codegen(document).source
    assert descriptions is not None
    return with_descriptions(source, descriptions)


def _assert_same_models(document: dict[str, Any]) -> None:
    untouched = copy.deepcopy(document)
    through_placeholders = _models_through_placeholders(document)
    assert document == untouched  # every description put back
    direct = _run_datamodel_codegen(document).source
    assert through_placeholders == direct
    # And what the pipeline reads back (with placeholders, the words then put into each module).
    assert dataclasses.replace(generate_models(copy.deepcopy(document)), variants={}) == read_models(direct)


@pytest.mark.parametrize(
    "paths",
    [[ROOT / "specs"], *([path] for path in CONSTRUCTS), [LOYALTIES]],
    ids=["seeds", *(path.stem for path in CONSTRUCTS), "loyalties"],
)
def test_models_from_placeholders_are_the_librarys_own(paths: list[Path]) -> None:
    document = _normalized(*paths)
    if not document.get("components", {}).get("schemas"):
        pytest.skip("no schemas, so no models")  # pragma: no cover - every fixture here has schemas
    _assert_same_models(document)


@pytest.mark.slow
def test_models_from_placeholders_are_the_librarys_own_on_the_full_reference() -> None:
    _assert_same_models(_normalized(REFERENCE))


AWKWARD = [
    "back\\slash and \\n escapes",
    'ends with a quote "',
    'triple """ quotes inside',
    "two lines\n\nafter a blank one\n   indented   ",
    "carriage\r\nreturns",
    "nul \0 byte",
    "unicode: žluťoučký kůň 🐎",
    "  leading and trailing spaces  ",
]


def _described(descriptions: list[str]) -> dict[str, Any]:
    properties = {f"p{i}": {"type": "string", "description": text} for i, text in enumerate(descriptions)}
    schemas = {
        "Thing": {"type": "object", "description": descriptions[0], "properties": properties},
        # Equal to Thing but for one description: the library gives equal schemas one class.
        "Same": {"type": "object", "description": descriptions[0], "properties": copy.deepcopy(properties)},
        "Other": {"type": "object", "description": descriptions[1], "properties": copy.deepcopy(properties)},
    }
    return minimal(components={"schemas": schemas})


def test_awkward_descriptions_come_back_as_the_library_writes_them() -> None:
    _assert_same_models(normalize([_spec(_described(AWKWARD))]))


def _spec(document: dict[str, Any]) -> Any:
    from .specs import spec_file

    return spec_file("api.yaml", document)


def test_equal_descriptions_share_a_placeholder_and_blank_ones_keep_theirs() -> None:
    objects = [{"description": "same"}, {"description": "other"}, {"description": "same"}, {"description": "  "}]
    with placeholders(objects) as descriptions:
        assert descriptions == ["same", "other"]
        assert [o["description"] for o in objects] == [placeholder(0), placeholder(1), placeholder(0), "  "]
    assert [o["description"] for o in objects] == ["same", "other", "same", "  "]


def test_descriptions_are_put_back_when_the_block_raises() -> None:
    objects = [{"description": "words"}]
    with pytest.raises(RuntimeError), placeholders(objects):
        raise RuntimeError
    assert objects == [{"description": "words"}]


def test_a_description_holding_the_placeholder_word_swaps_nothing() -> None:
    objects = [{"description": f"see {PLACEHOLDER}3"}, {"description": "words"}]
    with placeholders(objects) as descriptions:
        assert descriptions is None
        assert objects[1]["description"] == "words"


def test_a_placeholder_outside_a_docstring_is_not_restored() -> None:
    assert with_descriptions(f'x = Field(description="{placeholder(0)}")\n', ["words"]) is None
    written = with_descriptions(f'    """\n    {placeholder(0)}\n    """\n', ['a "quote"'])
    assert written == '    """\n    a "quote"\n    """\n'


def test_models_fall_back_to_the_words_when_a_placeholder_lands_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the library to put a description anywhere but a docstring, the models are built from the words."""
    real_run = sdkforge.models.generate._run_datamodel_codegen
    seen: list[str] = []

    def run(document: dict[str, Any]) -> Parsed:
        description = document["components"]["schemas"]["Thing"]["description"]
        seen.append(description)
        parsed = real_run(document)
        return Parsed(parsed.tree, [*parsed.lines, f"\n# {description}\n"])

    monkeypatch.setattr(sdkforge.models.generate, "_run_datamodel_codegen", run)
    models = generate_models(normalize([_spec(_described(["words", "more"]))]), cache=Cache(tmp_path))
    assert seen[0].startswith(PLACEHOLDER) and seen[1:] == ["words"]
    source = "".join(module.source for module in models.modules)
    assert PLACEHOLDER not in source
    assert '"""\n    words\n    """' in source


def test_one_description_changed_finds_the_models_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path)
    generate_models(normalize([_spec(_described(["words", "more"]))]), cache=cache)
    real_run = sdkforge.models.generate._run_datamodel_codegen
    runs: list[int] = []
    monkeypatch.setattr(sdkforge.models.generate, "_run_datamodel_codegen", lambda d: runs.append(1) or real_run(d))
    edited = generate_models(normalize([_spec(_described(["new words", "more"]))]), cache=cache)
    assert runs == []
    assert "new words" in "".join(module.source for module in edited.modules)
    # Two descriptions made equal: equal schemas now, which the library may treat as one.
    generate_models(normalize([_spec(_described(["more", "more"]))]), cache=cache)
    assert runs == [1]


def _operation_document(description: str, example_description: str = "data") -> dict[str, Any]:
    return minimal(
        paths={
            "/things": {
                "description": description,
                "get": {
                    "description": description,
                    "parameters": [
                        {"name": "q", "in": "query", "description": description, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": description,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "example": {"description": example_description},
                                }
                            },
                        }
                    },
                },
            }
        },
        components={
            "schemas": {
                "Thing": {
                    "type": "object",
                    "description": description,
                    "properties": {"description": {"type": "string", "maxLength": 4, "description": description}},
                }
            }
        },
    )


def test_the_verdict_holds_for_every_wording_of_the_descriptions(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert validate_document(_operation_document("words"), cache) == []
    assert cached_findings(_operation_document("other words, everywhere"), cache) is not None


def test_descriptions_inside_examples_are_data(tmp_path: Path) -> None:
    """An example's `description` is a value the validator checks: another one is another document."""
    cache = Cache(tmp_path)
    assert validate_document(_operation_document("words"), cache) == []
    assert cached_findings(_operation_document("words", example_description="too long for maxLength"), cache) is None


def test_described_objects_are_the_documents_prose() -> None:
    document = _operation_document("words")
    found = [o["description"] for o in described_objects(document) if "description" in o]
    assert found == ["words"] * 6
    with placeholders(described_objects(document)):
        assert document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"]["example"] == {
            "description": "data"
        }
