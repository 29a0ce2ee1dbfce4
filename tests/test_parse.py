"""parse: decisions about the client's shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sdkforge.client.build import ClientNames, build_client
from sdkforge.errors import SpecError
from sdkforge.models.generate import generate_models
from sdkforge.spec.normalize import normalize

from .specs import minimal, operation, spec_file

NAMES = ClientNames("acme_client", "Acme")


def _client(document: dict[str, object], warn: Callable[[str], None] = lambda _: None):  # type: ignore[no-untyped-def]
    merged = normalize([spec_file("a.yaml", document)])
    return build_client(merged, generate_models(merged), NAMES, spec_name="a.yaml", warn=warn)


def test_method_names_come_from_operation_ids_or_method_and_path() -> None:
    client = _client(
        minimal(
            paths={
                "/things/{id}": {"get": operation("getThing"), "delete": operation(None)},
            }
        )
    )
    (resource,) = (m.resource for m in client.resources)
    assert resource.attribute == "things"
    assert [o.method_name for o in resource.operations] == ["delete_things_id", "get_thing"]


def test_duplicate_method_names_are_an_error_naming_both_operations() -> None:
    with pytest.raises(SpecError) as caught:
        _client(minimal(paths={"/a": {"get": operation("list-things")}, "/b": {"get": operation("listThings")}}))
    assert "GET /a and GET /b both become method things.list_things()" in str(caught.value)


def test_operations_without_tags_go_to_a_default_resource() -> None:
    client = _client(minimal(paths={"/a": {"get": operation("ping", tag=None)}}))
    assert [m.resource.attribute for m in client.resources] == ["default"]


def test_credentials_and_security_alternatives() -> None:
    client = _client(
        minimal(
            paths={"/a": {"get": operation("read", security=[{"Key": [], "Token": []}, {"OAuth": ["x"]}, {}])}},
            components={
                "securitySchemes": {
                    "Key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                    "Token": {"type": "apiKey", "in": "query", "name": "token"},
                    "OAuth": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}},
                }
            },
        )
    )
    assert [(c.name, c.env_var, c.kind, c.wire_name) for c in client.credentials] == [
        ("api_key", "ACME_API_KEY", "header", "X-Api-Key"),
        ("bearer_token", "ACME_BEARER_TOKEN", "bearer", "Authorization"),
        ("token", "ACME_TOKEN", "query", "token"),
    ]
    (op,) = client.resources[0].resource.operations
    assert op.security == (("api_key", "token"), ("bearer_token",), ())


def test_arguments_that_clash_are_renamed_not_dropped() -> None:
    body = {
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"id": {"type": "string"}, "timeout": {"type": "integer"}}}
            }
        }
    }
    client = _client(
        minimal(
            paths={
                "/a/{id}": {
                    "post": operation(
                        "make",
                        requestBody=body,
                        parameters=[
                            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                            {"name": "class", "in": "query", "schema": {"type": "integer"}},
                        ],
                    )
                }
            }
        )
    )
    (op,) = client.resources[0].resource.operations
    assert [p.name for p in op.parameters] == ["id_", "class_"]
    assert op.body is not None
    assert [(f.name, f.wire_name) for f in op.body.fields] == [("id_2", "id"), ("timeout_", "timeout")]


def test_client_arguments_never_clash_with_the_client_options_or_each_other() -> None:
    from sdkforge.render.emit import render_client

    client = _client(
        minimal(
            paths={"/a": {"get": operation("read", security=[{"A": []}, {"B": [], "C": []}])}},
            servers=[
                {
                    "url": "https://{http_client}.{region}.example/{Region}",
                    "variables": {
                        "http_client": {"default": "a"},
                        "region": {"default": "eu"},
                        "Region": {"default": "x"},
                    },
                }
            ],
            components={
                "securitySchemes": {
                    "A": {"type": "apiKey", "in": "header", "name": "http_client"},
                    "B": {"type": "apiKey", "in": "query", "name": "region"},
                    "C": {"type": "apiKey", "in": "header", "name": "X-Region"},
                }
            },
        )
    )
    credentials = [(c.name, c.env_var, c.wire_name) for c in client.credentials]
    assert credentials == [
        ("http_client_2", "ACME_HTTP_CLIENT_2", "http_client"),
        ("region", "ACME_REGION", "region"),
        ("region_2", "ACME_REGION_2", "X-Region"),
    ]
    assert client.server is not None
    assert [v.argument for v in client.server.variables] == ["http_client_3", "region_3", "region_4"]
    (op,) = client.resources[0].resource.operations
    assert op.security == (("http_client_2",), ("region", "region_2"))
    compile(render_client(client)["acme_client/_client.py"], "_client.py", "exec")  # no duplicate argument


def test_without_servers_there_is_no_default_server_and_the_reason_names_the_api() -> None:
    client = _client(minimal("Pet Store"))
    assert client.server is None and client.base_url_required
    assert client.no_server_reason == "Pet Store has no server URL in its spec"


def test_a_relative_server_is_no_default_server() -> None:
    client = _client(minimal("Pet Store", servers=[{"url": "/v1"}, {"url": "pets.example/v2"}]))
    assert client.server is None
    assert client.no_server_reason == "Pet Store has no absolute server URL in its spec (only /v1, pets.example/v2)"


@pytest.mark.parametrize(
    ("servers", "expected"),
    [
        ([{"url": "https://pets.example/v1"}], "https://pets.example/v1"),
        ([{"url": "/v1"}, {"url": "https://pets.example/v1"}], "https://pets.example/v1"),
        (
            [{"url": "{scheme}://pets.example", "variables": {"scheme": {"default": "https"}}}],
            "{scheme}://pets.example",
        ),
    ],
)
def test_the_default_server_is_the_first_absolute_one(servers: list[dict[str, object]], expected: str) -> None:
    client = _client(minimal(servers=servers))
    assert client.server is not None and client.server.url == expected
    assert not client.base_url_required and client.no_server_reason == ""


def test_seed_specs_give_stable_meaningful_model_names() -> None:
    from pathlib import Path

    from sdkforge.pipeline import prepare

    prepared = prepare([Path(__file__).parent.parent / "specs"], strict=False)
    merged = normalize(prepared.specs)
    models = generate_models(merged)
    assert "ErrorError" in models.class_names
    assert not [n for n in models.class_names if n[-1].isdigit()]


def _dated_client(operation_id: str):  # type: ignore[no-untyped-def]
    """A body with a date field, while another model has a field named `date` (so the models alias the type)."""
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}}}
    return _client(
        minimal(
            paths={"/a": {"post": operation(operation_id, requestBody=body)}},
            components={
                "schemas": {
                    "Booking": {"type": "object", "properties": {"day": {"type": "string", "format": "date"}}},
                    "Event": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}},
                }
            },
        )
    )


def test_a_type_the_models_import_under_an_alias_is_named_plainly_in_signatures() -> None:
    (resource,) = _dated_client("book").resources
    (op,) = resource.resource.operations
    assert op.body is not None and [f.annotation for f in op.body.fields] == ["date"]  # optional, not nullable: no None
    assert [(line.module, [(n.name, n.alias) for n in line.names]) for line in resource.imports][0] == (
        "datetime",
        [("date", None)],
    )


def test_the_alias_stays_where_a_method_has_the_types_name() -> None:
    (resource,) = _dated_client("date").resources
    (op,) = resource.resource.operations
    assert op.body is not None and [f.annotation for f in op.body.fields] == ["date_aliased"]


def test_an_undescribed_argument_is_documented_by_where_it_is_sent_not_by_its_own_name() -> None:
    body = {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "note": {"type": "string"},
                        "size": {"type": "integer", "description": "How many."},
                    },
                }
            }
        }
    }
    client = _client(
        minimal(
            paths={
                "/a/{id}": {
                    "post": operation(
                        "make",
                        requestBody=body,
                        parameters=[
                            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                            {
                                "name": "status",
                                "in": "query",
                                "schema": {"type": "string", "description": "From the schema."},
                            },
                            {
                                "name": "X-Trace",
                                "in": "header",
                                "schema": {"type": "string"},
                                "description": "Own words.",
                            },
                        ],
                    )
                }
            }
        )
    )
    (op,) = client.resources[0].resource.operations
    assert [(p.name, p.description) for p in op.parameters] == [
        ("id_", "Sent as the `id` path parameter."),  # `id` is a builtin
        ("status", "From the schema."),
        ("x_trace", "Own words."),
    ]
    assert op.body is not None
    assert {f.name: f.description for f in op.body.fields} == {
        "note": "Sent as the body's `note` field.",
        "size": "How many.",
    }


def test_a_json_response_without_a_model_is_named_in_a_warning() -> None:
    def json_response(schema: dict[str, object]) -> dict[str, object]:
        return {"description": "it", "content": {"application/json": {"schema": schema}}}

    count = json_response({"type": "integer"})
    untyped = {"description": "it", "content": {"application/json": {}}}
    responses = {"200": count, "400": json_response({"type": "string"}), "404": {"description": "gone"}}
    only_default = {"default": json_response({"type": "object", "properties": {"state": {"type": "string"}}})}
    paths = {
        "/count": {"get": operation("count", responses=responses)},
        "/status": {"get": operation("status", responses=only_default)},
        "/blob": {"get": operation("blob", responses={"200": untyped})},
    }
    warnings: list[str] = []
    client = _client(minimal(paths=paths), warnings.append)
    assert warnings == [
        "a.yaml: $.paths['/blob'].get.responses['200']: JSON response without a model (no schema, or one that is "
        "no object, array or union): blob() returns its JSON untyped (Any)",
        "a.yaml: $.paths['/count'].get.responses['400']: JSON response without a model (no schema, or one that is "
        "no object, array or union): its `.error` is parsed with a status range's or `default`'s model, if any "
        "(the body is on `.body`)",
    ]
    # A primitive success schema gets a root model: the call returns the plain value, typed.
    count_operation = next(o for r in client.resources for o in r.resource.operations if o.method_name == "count")
    assert count_operation.return_annotation == "int"
    status = next(o for r in client.resources for o in r.resource.operations if o.method_name == "status")
    assert status.return_annotation == "StatusDefaultResponse"
    assert status.error_models == (("default", "StatusDefaultResponse"),)
