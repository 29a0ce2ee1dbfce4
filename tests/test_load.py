"""Stage 1, load: reading files and folders, and bundling relative `$ref`s."""

from __future__ import annotations

import json
import re
import socket
import textwrap
from pathlib import Path
from typing import Any

import pytest

import sdkforge.spec.load
from sdkforge.errors import SdkforgeError, SpecError
from sdkforge.pipeline import prepare
from sdkforge.spec.load import load_specs

HEAD = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside tmp_path, so file names in messages are short and exact."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def api(*parts: str) -> str:
    """A root spec: the OpenAPI head, then each (indented, triple-quoted) part dedented."""
    return HEAD + "".join(textwrap.dedent(part) for part in parts)


def problems_of(paths: list[Path]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_specs(paths)
    return [str(p) for p in caught.value.problems]


def only_document(paths: list[Path]) -> dict[str, Any]:
    (spec,) = load_specs(paths)
    return spec.document


def response_schema(document: dict[str, Any], url: str = "/a") -> Any:
    return document["paths"][url]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def get_returning(ref: str) -> str:
    """A `paths` block with one GET whose 200 response schema is `$ref: ref`."""
    return textwrap.dedent(f"""\
    paths:
      /a:
        get:
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {{$ref: '{ref}'}}
    """)


# Formats and folders


def test_yaml_and_json_files_load_to_the_same_document(here: Path) -> None:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}
    write(here, "a.json", json.dumps(document))
    write(here, "b.yaml", "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\n")
    specs = load_specs([here / "a.json", here / "b.yaml"])
    assert [(s.name, s.document) for s in specs] == [("a.json", document), ("b.yaml", document)]


def test_a_folder_loads_its_root_specs_sorted_and_skips_fragments_they_use(here: Path) -> None:
    write(here, "specs/b.yaml", HEAD + "paths: {}\ncomponents: {schemas: {Animal: {$ref: 'fragment.yaml#/Pet'}}}\n")
    write(here, "specs/a.json", json.dumps({"openapi": "3.1.0", "info": {"title": "A", "version": "1"}}))
    write(here, "specs/sub/c.yml", HEAD + "paths: {}\n")
    write(here, "specs/fragment.yaml", "Pet: {type: object}\n")
    write(here, "specs/notes.txt", "not a spec at all: [")
    specs = load_specs([here / "specs"])
    assert [s.name for s in specs] == ["specs/a.json", "specs/b.yaml", "specs/sub/c.yml"]


UNUSED = "$: neither an OpenAPI document (it has no `openapi` field) nor a file that some spec's `$ref` uses"


def test_a_spec_in_a_folder_whose_openapi_line_broke_is_refused_by_name_not_skipped(here: Path) -> None:
    write(here, "specs/good.yaml", HEAD + "paths: {}\n")
    write(here, "specs/broken.yaml", HEAD.replace("openapi:", "openapi_version:") + "paths: {/pets: {}}\n")
    with pytest.raises(SpecError) as raised:
        load_specs([here / "specs"])
    assert [str(p) for p in raised.value.problems] == [f"specs/broken.yaml: {UNUSED}; " + _MEND]


_MEND = "mend it, or leave it out with `exclude` in [tool.sdkforge] (or --exclude)"


def test_an_excluded_file_is_not_read(here: Path) -> None:
    write(here, "specs/good.yaml", HEAD + "paths: {}\n")
    write(here, "specs/drafts/old.yaml", "not: [valid")
    write(here, "specs/package.json", "{}")
    exclude = [f"{here.as_posix()}/specs/drafts/*", f"{here.as_posix()}/*/package.json"]
    assert [s.name for s in load_specs([here / "specs"], exclude)] == ["specs/good.yaml"]
    assert [s.name for s in load_specs([here / "specs/drafts/old.yaml".replace("old", "../good")], exclude)] == [
        "specs/good.yaml"
    ]


def test_a_folder_without_any_root_spec_names_the_fragment_nothing_uses(here: Path) -> None:
    write(here, "specs/fragment.yaml", "Pet: {type: object}\n")
    with pytest.raises(SpecError, match="^specs/fragment.yaml: " + re.escape(UNUSED)):
        load_specs([here / "specs"])


def test_a_folder_without_any_spec_file_is_an_error(here: Path) -> None:
    write(here, "specs/notes.txt", "nothing here\n")
    with pytest.raises(SdkforgeError, match="no OpenAPI documents found in"):
        load_specs([here / "specs"])


def test_a_missing_path_is_an_error(here: Path) -> None:
    with pytest.raises(SdkforgeError, match="^nowhere.yaml: no such file or folder$"):
        load_specs([Path("nowhere.yaml")])


# Files that cannot be read


def test_an_empty_file_is_a_problem(here: Path) -> None:
    assert problems_of([write(here, "empty.yaml", "  \n\n")]) == ["empty.yaml: $: file is empty"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(here, "big.yaml", api("paths: {}\n", "x-blob: " + "a" * 8000 + "\n"))
    monkeypatch.setattr(sdkforge.spec.load, "MAX_FILE_BYTES", 1024 * 1024 // 256)
    monkeypatch.setattr(Path, "read_text", lambda *a, **k: pytest.fail("a file over the limit was read"))
    (problem,) = problems_of([path])
    assert problem.startswith("big.yaml: $: file is 0.0 MiB, more than sdkforge reads (0 MiB): split it")


def test_a_yaml_alias_bomb_is_refused_without_expanding_it(here: Path) -> None:
    # Nine levels of nine aliases: 1 kB of YAML, 9^9 (387 million) strings once expanded.
    levels = ["x-0: &v0 [" + ", ".join(["lol"] * 9) + "]"]
    levels += [f"x-{i}: &v{i} [" + ", ".join([f"*v{i - 1}"] * 9) + "]" for i in range(1, 9)]
    path = write(here, "bomb.yaml", api("paths: {}\n", "\n".join(levels) + "\n"))
    assert problems_of([path]) == ["bomb.yaml: $: YAML aliases expand the document past 20,000,000 values"]


def test_a_yaml_alias_inside_its_own_anchor_is_refused(here: Path) -> None:
    path = write(here, "loop.yaml", "openapi: 3.0.3\ninfo: &i {title: T, version: '1', x-me: *i}\npaths: {}\n")
    assert problems_of([path]) == [
        "loop.yaml: $: a YAML alias refers to a value that contains it (an endless document)"
    ]


def test_ordinary_yaml_aliases_still_load(here: Path) -> None:
    path = write(
        here,
        "reuse.yaml",
        api("""\
        paths: {}
        components:
          schemas:
            A: &shape {type: object, properties: {id: {type: string}}}
            B: *shape
    """),
    )
    schemas = only_document([path])["components"]["schemas"]
    assert schemas["A"] == schemas["B"] == {"type": "object", "properties": {"id": {"type": "string"}}}


def test_invalid_yaml_names_the_line_and_column(here: Path) -> None:
    path = write(here, "bad.yaml", "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\n")
    (problem,) = problems_of([path])
    assert problem.startswith("bad.yaml: $: invalid YAML at line 4, column 10: ")
    assert "expected ',' or ']'" in problem


def test_invalid_json_names_the_line_and_column(here: Path) -> None:
    path = write(here, "bad.json", '{\n  "openapi": "3.0.3",\n  "info": {,}\n}\n')
    assert problems_of([path]) == [
        "bad.json: $: invalid JSON at line 3, column 12: Expecting property name enclosed in double quotes"
    ]


def test_a_lone_surrogate_escape_in_json_is_a_problem_and_a_pair_is_text(here: Path) -> None:
    lone = write(here, "lone.json", '{"openapi": "3.0.3", "info": {"title": "x\\ud800", "version": "1"}, "paths": {}}')
    assert problems_of([lone]) == [
        "lone.json: $.info.title: half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape): no UTF-8 file can hold it"
    ]
    pair = write(
        here, "pair.json", '{"openapi": "3.0.3", "info": {"title": "x\\ud83d\\ude00", "version": "1"}, "paths": {}}'
    )
    (spec,) = load_specs([pair])
    assert spec.document["info"]["title"] == "x\U0001f600"


def test_a_root_that_is_a_list_is_a_problem(here: Path) -> None:
    path = write(here, "list.yaml", "- openapi: 3.0.3\n")
    assert problems_of([path]) == ["list.yaml: $: the document must be a mapping, not list"]


def test_swagger_2_is_refused_with_a_clear_message(here: Path) -> None:
    path = write(here, "old.yaml", "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n")
    assert problems_of([path]) == [
        "old.yaml: $.swagger: Swagger 2.0 is not supported: convert the spec to OpenAPI 3.0 or 3.1 first"
    ]


def test_swagger_2_in_a_folder_is_refused_not_skipped(here: Path) -> None:
    write(here, "specs/old.json", json.dumps({"swagger": "2.0", "info": {"title": "T", "version": "1"}}))
    assert problems_of([here / "specs"]) == [
        "specs/old.json: $.swagger: Swagger 2.0 is not supported: convert the spec to OpenAPI 3.0 or 3.1 first"
    ]


def test_a_file_without_openapi_passed_explicitly_is_a_problem(here: Path) -> None:
    path = write(here, "fragment.yaml", "Pet: {type: object}\n")
    assert problems_of([path]) == ["fragment.yaml: $: not an OpenAPI document: there is no `openapi` field"]


def test_problems_of_several_files_are_reported_together(here: Path) -> None:
    write(here, "specs/a.yaml", "")
    write(here, "specs/b.json", "{")
    write(here, "specs/c.yaml", HEAD + "paths: {}\n")
    assert problems_of([here / "specs"]) == [
        "specs/a.yaml: $: file is empty",
        "specs/b.json: $: invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes",
    ]


# YAML scalars read as OpenAPI means them


def test_yaml_dates_stay_strings(here: Path) -> None:
    path = write(
        here,
        "api.yaml",
        api("""\
        paths: {}
        components:
          schemas:
            Day:
              type: string
              format: date
              example: 2023-05-30
              enum: [2023-05-30, 2024-01-01T10:00:00Z]
        """),
    )
    day = only_document([path])["components"]["schemas"]["Day"]
    assert day["example"] == "2023-05-30"
    assert day["enum"] == ["2023-05-30", "2024-01-01T10:00:00Z"]


def test_integer_response_codes_become_strings(here: Path) -> None:
    path = write(
        here,
        "api.yaml",
        api("""\
        paths:
          /a:
            get:
              responses:
                200: {description: ok}
                404: {description: missing}
                default: {description: other}
        """),
    )
    responses = only_document([path])["paths"]["/a"]["get"]["responses"]
    assert list(responses) == ["200", "404", "default"]


def test_yaml_1_1_boolean_words_are_names_not_booleans(here: Path) -> None:
    """OpenAPI documents are YAML 1.2: `on:` and `yes:` are property names, not two spellings of `true`."""
    path = write(
        here,
        "api.yaml",
        api("""\
        paths: {}
        components:
          schemas:
            Switch:
              type: object
              properties:
                on: {type: boolean}
                yes: {type: string, enum: [yes, no, off]}
                n: {type: boolean, default: true}
        """),
    )
    switch = only_document([path])["components"]["schemas"]["Switch"]
    assert switch["properties"] == {
        "on": {"type": "boolean"},
        "yes": {"type": "string", "enum": ["yes", "no", "off"]},
        "n": {"type": "boolean", "default": True},
    }


# Bundling relative $refs


def test_refs_into_other_files_are_bundled_into_components(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api(
            get_returning("models.yaml#/components/schemas/Pet"),
            """\
    components:
      schemas:
        Error: {type: object, properties: {message: {type: string}}}
    """,
        ),
    )
    write(
        here,
        "models.yaml",
        """\
        components:
          schemas:
            Pet:
              type: object
              properties:
                owner: {$ref: '#/components/schemas/Owner'}
                tag: {$ref: 'tag.yaml'}
                error: {$ref: 'api.yaml#/components/schemas/Error'}
            Owner:
              type: object
              properties:
                name: {type: string}
            Unused: {type: integer}
        """,
    )
    write(here, "tag.yaml", "type: string\nmaxLength: 10\n")
    (spec,) = load_specs([here / "api.yaml"])
    assert response_schema(spec.document) == {"$ref": "#/components/schemas/Pet"}
    assert spec.document["components"]["schemas"] == {
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
        "Pet": {
            "type": "object",
            "properties": {
                "owner": {"$ref": "#/components/schemas/Owner"},
                "tag": {"$ref": "#/components/schemas/tag"},
                "error": {"$ref": "#/components/schemas/Error"},
            },
        },
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
        "tag": {"type": "string", "maxLength": 10},
    }
    assert spec.origins == {
        ("schemas", "Pet"): "models.yaml#/components/schemas/Pet",
        ("schemas", "Owner"): "models.yaml#/components/schemas/Owner",
        ("schemas", "tag"): "tag.yaml#",
    }
    assert prepare([here / "api.yaml"], strict=True).warnings == []


def test_a_whole_file_ref_to_a_response_lands_in_responses(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api("""\
        paths:
          /a:
            get:
              responses:
                '404': {$ref: 'responses/not_found.yaml'}
        """),
    )
    write(here, "responses/not_found.yaml", "description: nothing there\n")
    document = only_document([here / "api.yaml"])
    assert document["paths"]["/a"]["get"]["responses"]["404"] == {"$ref": "#/components/responses/not_found"}
    assert document["components"] == {"responses": {"not_found": {"description": "nothing there"}}}


def test_a_cycle_between_two_files_terminates(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("a.yaml#/A"))
    write(here, "a.yaml", "A: {type: object, properties: {b: {$ref: 'b.yaml#/B'}}}\n")
    write(here, "b.yaml", "B: {type: object, properties: {a: {$ref: 'a.yaml#/A'}}}\n")
    document = only_document([here / "api.yaml"])
    assert response_schema(document) == {"$ref": "#/components/schemas/A"}
    assert document["components"]["schemas"] == {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
    }


def test_a_recursive_schema_in_another_file_is_bundled_once(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("tree.yaml#/components/schemas/Node"))
    write(
        here,
        "tree.yaml",
        """\
        components:
          schemas:
            Node:
              type: object
              properties:
                children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        """,
    )
    document = only_document([here / "api.yaml"])
    assert document["components"]["schemas"] == {
        "Node": {
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}},
        }
    }
    assert prepare([here / "api.yaml"], strict=True).warnings == []


def test_two_files_defining_the_same_name_differently_is_a_problem_naming_both(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api("""\
        paths:
          /a:
            get:
              parameters:
                - {name: a, in: query, schema: {$ref: 'a.yaml#/components/schemas/Pet'}}
                - {name: b, in: query, schema: {$ref: 'b.yaml#/components/schemas/Pet'}}
              responses:
                '204': {description: done}
        """),
    )
    write(here, "a.yaml", "components: {schemas: {Pet: {type: string}}}\n")
    write(here, "b.yaml", "components: {schemas: {Pet: {type: integer}}}\n")
    assert problems_of([here / "api.yaml"]) == [
        "api.yaml: $.components.schemas.Pet: two different definitions share the name 'Pet': "
        "a.yaml#/components/schemas/Pet and b.yaml#/components/schemas/Pet"
    ]


def test_a_file_redefining_a_root_component_differently_is_a_problem(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api(get_returning("a.yaml#/components/schemas/Pet"), "components: {schemas: {Pet: {type: string}}}\n"),
    )
    write(here, "a.yaml", "components: {schemas: {Pet: {type: integer}}}\n")
    assert problems_of([here / "api.yaml"]) == [
        "api.yaml: $.components.schemas.Pet: two different definitions share the name 'Pet': "
        "api.yaml#/components/schemas/Pet and a.yaml#/components/schemas/Pet"
    ]


def test_the_same_definition_reached_from_two_files_is_not_a_conflict(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("a.yaml#/components/schemas/Pet"))
    write(
        here,
        "a.yaml",
        "components: {schemas: {Pet: {type: object, properties: {t: {$ref: 'b.yaml#/components/schemas/Tag'}}}}}\n",
    )
    write(here, "b.yaml", "components: {schemas: {Tag: {type: string}}}\n")
    document = only_document([here / "api.yaml"])
    assert document["components"]["schemas"]["Tag"] == {"type": "string"}


# Refs that are refused or lead nowhere


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to resolve a host or open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("sdkforge tried to use the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize(
    "url", ["https://example.com/pet.yaml#/Pet", "http://example.com/pet.yaml", "//example.com/p.yaml"]
)
def test_a_ref_to_a_url_is_refused_and_not_fetched(here: Path, no_network: None, url: str) -> None:
    write(here, "api.yaml", HEAD + get_returning(url))
    assert problems_of([here / "api.yaml"]) == [
        f"api.yaml: $.paths['/a'].get.responses['200'].content['application/json'].schema: $ref to a URL is refused "
        f"({url!r}): sdkforge never fetches from the network; "
        "save the document beside the spec and refer to it by a relative path"
    ]


def test_a_ref_outside_the_spec_folder_is_refused_and_not_read(here: Path) -> None:
    write(here, "spec/api.yaml", HEAD + get_returning("../outside.yaml#/Pet"))
    write(here, "outside.yaml", "Pet: [this is not even valid YAML\n")
    assert problems_of([here / "spec/api.yaml"]) == [
        "spec/api.yaml: $.paths['/a'].get.responses['200'].content['application/json'].schema: "
        "$ref '../outside.yaml#/Pet' points outside the spec folder spec"
    ]


def test_a_dangling_internal_ref_is_a_problem(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("#/components/schemas/Nope"))
    assert problems_of([here / "api.yaml"]) == [
        "api.yaml: $.paths['/a'].get.responses['200'].content['application/json'].schema: "
        "$ref '#/components/schemas/Nope' points to nothing: /components/schemas/Nope does not exist"
    ]


def test_a_ref_to_a_missing_file_is_a_problem(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("missing.yaml#/Pet"))
    assert problems_of([here / "api.yaml"]) == [
        "api.yaml: $.paths['/a'].get.responses['200'].content['application/json'].schema: "
        "$ref target missing.yaml does not exist"
    ]


def test_a_dangling_ref_inside_another_file_names_that_file_and_its_place(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("models.yaml#/components/schemas/Pet"))
    write(
        here,
        "models.yaml",
        "components:\n  schemas:\n    Pet:\n      properties:\n        x: {$ref: '#/components/schemas/Nope'}\n",
    )
    assert problems_of([here / "api.yaml"]) == [
        "models.yaml: $.components.schemas.Pet.properties.x: "
        "$ref '#/components/schemas/Nope' points to nothing: /components/schemas/Nope does not exist"
    ]


def test_a_broken_referenced_file_is_reported_with_its_own_name(here: Path) -> None:
    write(here, "api.yaml", HEAD + get_returning("models.yaml#/Pet"))
    write(here, "models.yaml", "Pet: {type: [object\n")
    (problem,) = problems_of([here / "api.yaml"])
    assert problem.startswith("models.yaml: $: invalid YAML at line 2, column 1: ")


# $ref-shaped values that are data, not references


def test_ref_shaped_data_is_left_untouched_and_real_refs_beside_it_are_resolved(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api("""\
        paths:
          /a:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Thing'}
                    examples:
                      one:
                        value: {$ref: 'nope.yaml#/in-an-example-value'}
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: 'models.yaml#/components/schemas/Owner'}
                      example: {$ref: 'https://example.com/in-an-example'}
        components:
          schemas:
            Thing:
              type: object
              x-meta: {$ref: 'https://example.com/in-an-extension'}
              properties:
                owner: {$ref: 'models.yaml#/components/schemas/Owner'}
                kind:
                  type: object
                  default: {$ref: '#/in-a-default'}
                  enum: [{$ref: '#/in-an-enum'}]
              example: {owner: {$ref: '../in-a-schema-example'}}
        """),
    )
    write(here, "models.yaml", "components: {schemas: {Owner: {type: string}}}\n")
    document = only_document([here / "api.yaml"])
    post = document["paths"]["/a"]["post"]
    media = post["requestBody"]["content"]["application/json"]
    assert media["examples"]["one"]["value"] == {"$ref": "nope.yaml#/in-an-example-value"}
    response = post["responses"]["200"]["content"]["application/json"]
    assert response == {
        "schema": {"$ref": "#/components/schemas/Owner"},
        "example": {"$ref": "https://example.com/in-an-example"},
    }
    thing = document["components"]["schemas"]["Thing"]
    assert thing["x-meta"] == {"$ref": "https://example.com/in-an-extension"}
    assert thing["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}
    assert thing["properties"]["kind"]["default"] == {"$ref": "#/in-a-default"}
    assert thing["properties"]["kind"]["enum"] == [{"$ref": "#/in-an-enum"}]
    assert thing["example"] == {"owner": {"$ref": "../in-a-schema-example"}}
    assert document["components"]["schemas"]["Owner"] == {"type": "string"}


def test_properties_named_example_default_or_value_are_schemas_whose_refs_resolve(here: Path) -> None:
    write(
        here,
        "api.yaml",
        api(
            get_returning("#/components/schemas/Thing"),
            """\
    components:
      schemas:
        Thing:
          type: object
          properties:
            example: {$ref: 'models.yaml#/components/schemas/Owner'}
            default: {$ref: 'models.yaml#/components/schemas/Owner'}
            value: {$ref: '#/components/schemas/Nope'}
    """,
        ),
    )
    write(here, "models.yaml", "components: {schemas: {Owner: {type: string}}}\n")
    # The dangling ref under `value` proves that property was walked as a schema, not skipped as data.
    assert problems_of([here / "api.yaml"]) == [
        "api.yaml: $.components.schemas.Thing.properties.value: "
        "$ref '#/components/schemas/Nope' points to nothing: /components/schemas/Nope does not exist"
    ]
    write(
        here,
        "api.yaml",
        (here / "api.yaml").read_text().replace("#/components/schemas/Nope", "#/components/schemas/Thing"),
    )
    properties = only_document([here / "api.yaml"])["components"]["schemas"]["Thing"]["properties"]
    assert properties == {
        "example": {"$ref": "#/components/schemas/Owner"},
        "default": {"$ref": "#/components/schemas/Owner"},
        "value": {"$ref": "#/components/schemas/Thing"},
    }


# Depth


def _nested_schema_json(levels: int) -> str:
    """`levels` schemas each nested in the previous one's properties, written without recursion."""
    return '{"type": "object", "properties": {"a": ' * levels + '{"type": "string"}' + "}}" * levels


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_deeply_nested_document_is_a_clear_problem_not_a_recursion_error(here: Path, suffix: str) -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"S": '
    write(here, "deep" + suffix, text + _nested_schema_json(400) + "}}}")
    (problem,) = problems_of([here / ("deep" + suffix)])
    if problem != f"deep{suffix}: $: document is nested too deeply to read":  # the YAML parser may give up first
        where = "$.components.schemas.S" + ".properties.a" * 127
        assert problem == f"deep{suffix}: {where}: nested more than 256 levels deep"


def test_a_document_just_under_the_depth_limit_loads(here: Path) -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"S": '
    write(here, "deep.json", text + _nested_schema_json(100) + "}}}")
    assert prepare([here / "deep.json"], strict=True).warnings == []
