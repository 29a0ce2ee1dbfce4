"""Each OpenAPI construct the generated client supports, end to end against a loopback server."""

from __future__ import annotations

import importlib
import inspect
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from sdkforge.cache import Cache
from sdkforge.config import build_config
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files

from .conftest import ROOT, assert_mypy_strict
from .server import RecordingServer, Reply, recording_server  # noqa: F401 (fixture)

FIXTURES = ROOT / "tests" / "fixtures" / "constructs"


def generate_package(spec: Path, package: str, out: Path, warn: Callable[[str], None] = lambda _: None) -> ModuleType:
    """Generate `package` from `spec` into `out` and import it; its warnings go to `warn`."""
    config = build_config(pyproject=out / "none.toml", specs=[str(spec)], output=str(out), package=package)
    write_tree(generate_files(config, warn=warn, cache=Cache.from_environment()), config.target)
    return _import(config.target, package)


def _import(folder: Path, package: str) -> ModuleType:
    import sys

    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="module")
def constructs(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_package(
        FIXTURES / "bodies_and_responses.yaml", "constructs_client", tmp_path_factory.mktemp("constructs")
    )


@pytest.fixture
def client(constructs: ModuleType, recording_server: RecordingServer) -> Iterator[Any]:
    with constructs.Constructs(base_url=recording_server.url, max_retries=0) as client:
        yield client


def test_cookie_header_and_repeated_query_parameters(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=[{"name": "Rex", "kind": "pet", "id": 1}, {"name": None}]))
    pets = client.pets.get_pets(tags=["a", "b c"], session="s1", x_trace="t-1")
    assert [p.name for p in pets] == ["Rex", None]
    request = recording_server.last
    assert request.path == "/pets?tags=a&tags=b+c"
    assert request.header("cookie") == "session=s1" and request.header("x-trace") == "t-1"


def test_an_array_response_that_strays_from_its_schema_is_still_a_plain_list(
    client: Any, recording_server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    recording_server.reply(Reply(200, json=[{"name": "Rex", "id": 1}, {"name": "Tom", "id": "seven"}]))
    with caplog.at_level("WARNING"):
        pets = client.pets.get_pets()
    assert type(pets) is list and [(type(p).__name__, p.name, p.id) for p in pets] == [
        ("Pet", "Rex", 1),
        ("Pet", "Tom", "seven"),
    ]
    assert "does not match" in caplog.text


def test_query_parameters_in_every_style(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(204))
    client.search.search(
        ids=[1, 2, 3],
        filter_={"kind": "dog", "size": "big"},
        opts={"a": "1", "b": "x y"},
        pipes=["p", "q"],
        spaced=["s", "t"],
        flag=False,
    )
    assert recording_server.last.path == (
        "/search?ids=1%2C2%2C3&filter%5Bkind%5D=dog&filter%5Bsize%5D=big&a=1&b=x+y&pipes=p%7Cq&spaced=s+t&flag=false"
    )


def test_two_success_statuses_one_without_a_body(client: Any, recording_server: RecordingServer) -> None:
    recording_server.enqueue(Reply(201, json={"name": "Rex"}), Reply(202))
    assert client.pets.post_pets(name="Rex").name == "Rex"
    assert client.pets.post_pets(name="Rex") is None
    assert recording_server.last.json() == {"name": "Rex"}


def test_no_content(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(204))
    assert client.pets.delete_pets_id(7) is None
    assert (recording_server.last.method, recording_server.last.path) == ("DELETE", "/pets/7")


def test_a_form_body_and_a_text_response(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(
        Reply(200, body=b"receipt \xe2\x9c\x93", headers={"Content-Type": "text/plain; charset=utf-8"})
    )
    assert client.pets.replace_pet(3, name="Rex & Co", age=4, vaccinated=True) == "receipt ✓"
    request = recording_server.last
    assert request.header("content-type") == "application/x-www-form-urlencoded"
    assert request.body == b"name=Rex+%26+Co&age=4&vaccinated=true"


def test_a_multipart_body_with_a_file(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200))
    assert client.photos.upload_photo(5, file=b"\x89PNG\r\n\x00data", caption='a "quoted" caption') is None
    request = recording_server.last
    content_type = request.header("content-type") or ""
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=")[1].encode()
    parts = request.body.split(b"--" + boundary)
    assert parts[0] == b"" and parts[-1] == b"--\r\n" and len(parts) == 4
    assert (
        b'name="file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\n\x89PNG\r\n\x00data\r\n'
        in parts[1]
    )
    assert parts[2].endswith(b'name="caption"\r\n\r\na "quoted" caption\r\n')


def test_a_binary_response(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, body=b"\x89PNG\x00\xff", headers={"Content-Type": "image/png"}))
    assert client.photos.download_photo(5) == b"\x89PNG\x00\xff"


def test_a_streamed_download_hands_over_each_chunk_as_it_arrives(
    client: Any, recording_server: RecordingServer
) -> None:
    release = threading.Event()
    recording_server.reply(Reply(200, body=b"first", held_back=b"-second", release=release))
    with client.with_streaming_response.photos.download_photo(5) as response:
        assert response.status_code == 200 and response.headers["content-length"] == "12"
        chunks = response.iter_bytes()
        assert next(chunks) == b"first"  # while the server still holds back the rest
        release.set()
        assert b"".join(chunks) == b"-second"
    assert recording_server.last.path == "/pets/5/photo"


def test_a_streamed_response_parses_as_the_plain_call_would(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json=[{"name": "Rex"}]))
    with client.with_streaming_response.pets.get_pets() as response:
        assert [p.name for p in response.parse()] == ["Rex"]
    recording_server.reply(Reply(200, body=b"\x00\x01"))
    with client.with_streaming_response.photos.download_photo(1) as response:
        assert response.parse() == b"\x00\x01"


def test_a_streamed_call_that_fails_raises_before_the_block(
    constructs: ModuleType, client: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(404, json={"message": "no such photo"}))
    entered = False
    with pytest.raises(constructs.NotFoundError, match="HTTP 404"):
        with client.with_streaming_response.photos.download_photo(9):
            entered = True
    assert not entered


def test_leaving_the_block_unread_releases_the_connection(client: Any, recording_server: RecordingServer) -> None:
    # A body left unread cannot be reused by the pool, so the connection is closed, not leaked:
    # the next call still goes through.
    release = threading.Event()
    recording_server.reply(Reply(200, body=b"a", held_back=b"b" * 100_000, release=release))
    with client.with_streaming_response.photos.download_photo(1) as response:
        assert response.status_code == 200
    release.set()
    recording_server.reply(Reply(200, body=b"next"))
    assert client.photos.download_photo(2) == b"next"


async def test_the_async_client_streams_too(constructs: ModuleType, recording_server: RecordingServer) -> None:
    release = threading.Event()
    recording_server.reply(Reply(200, body=b"first", held_back=b"-second", release=release))
    async with constructs.AsyncConstructs(base_url=recording_server.url) as client:
        async with client.with_streaming_response.photos.download_photo(5) as response:
            chunks = response.iter_bytes()
            assert await anext(chunks) == b"first"
            release.set()
            assert b"".join([chunk async for chunk in chunks]) == b"-second"
        recording_server.reply(Reply(200, body=b"whole"))
        async with client.with_streaming_response.photos.download_photo(6) as response:
            assert await response.parse() == b"whole"


def test_streaming_through_a_callers_httpx_client(constructs: ModuleType, recording_server: RecordingServer) -> None:
    release = threading.Event()
    recording_server.reply(Reply(200, body=b"first", held_back=b"-second", release=release))
    with httpx.Client() as http, constructs.Constructs(base_url=recording_server.url, http_client=http) as client:
        with client.with_streaming_response.photos.download_photo(5) as response:
            chunks = response.iter_bytes()
            assert next(chunks) == b"first"
            release.set()
            assert b"".join(chunks) == b"-second"


def test_a_raw_body_is_sent_as_given(client: Any, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200))
    client.photos.upload_raw(content=b"\x00\x01 raw")
    assert recording_server.last.body == b"\x00\x01 raw"
    assert recording_server.last.header("content-type") == "application/octet-stream"


async def test_the_async_client_reads_every_kind_too(constructs: ModuleType, recording_server: RecordingServer) -> None:
    recording_server.enqueue(
        Reply(200, body=b"\x00\x01", headers={"Content-Type": "image/png"}),
        Reply(200, body=b"ok", headers={"Content-Type": "text/plain"}),
        Reply(202),
    )
    async with constructs.AsyncConstructs(base_url=recording_server.url) as client:
        assert await client.photos.download_photo(1) == b"\x00\x01"
        assert await client.pets.replace_pet(1, name="x") == "ok"
        assert await client.pets.post_pets(name="x") is None


def test_webhooks_are_left_out_with_a_warning(tmp_path: Path) -> None:
    warnings: list[str] = []
    spec = FIXTURES / "bodies_and_responses.yaml"
    config = build_config(pyproject=tmp_path / "none.toml", specs=[str(spec)], output=str(tmp_path), package="hooks")
    files = generate_files(config, warn=warnings.append, cache=Cache.from_environment())
    assert any("$.webhooks: not generated (newPet)" in w for w in warnings)
    assert not any("new_pet" in text for text in files.values())


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_package(FIXTURES / "schemas.yaml", "zoo_client", tmp_path_factory.mktemp("zoo"))


ANIMAL = {
    "id": "a1",
    "name": "Rex",
    "nickname": None,
    "size": 2,
    "mood": "happy day",
    "pet": {
        "kind": "dog",
        "barks": True,
        "born": "2020-02-29",
        "friend": {"kind": "cat", "lives": 9, "rival": {"kind": "dog"}},
    },
    "tag": 7,
    "scores": {"a": 1},
    "strict": {"a": "x"},
    "anything": [1, {"b": None}],
    "contact": "not quite an address",
}


def test_unions_discriminators_composition_and_mutual_recursion_parse(
    zoo: ModuleType, recording_server: RecordingServer
) -> None:
    import datetime as dt

    recording_server.reply(Reply(200, json=ANIMAL))
    with zoo.Zoo(base_url=recording_server.url) as client:
        animal = client.animals.create_animal(password="p", name="Rex", pet={"kind": "cat", "lives": 3})
    models = zoo.models
    assert isinstance(animal.pet, models.Dog) and isinstance(animal.pet.friend, models.Cat)
    assert isinstance(animal.pet.friend.rival, models.Dog) and animal.pet.born == dt.date(2020, 2, 29)
    assert (animal.id, animal.size, animal.mood, animal.tag, animal.scores) == ("a1", 2, "happy day", 7, {"a": 1})
    assert animal.legs == 4 and animal.nickname is None and animal.anything == [1, {"b": None}]
    assert animal.contact == "not quite an address"  # format: email is a plain str (no email-validator needed)
    assert recording_server.last.json() == {"password": "p", "name": "Rex", "pet": {"kind": "cat", "lives": 3}}


def test_a_discriminator_without_mapping_picks_the_schema_named_by_the_tag(
    zoo: ModuleType, recording_server: RecordingServer
) -> None:
    shapes = [{"shape_type": "Circle", "radius": 1.5}, {"shape_type": "Square", "side": 2}]
    recording_server.reply(Reply(200, json={"shapes": shapes}))
    with zoo.Zoo(base_url=recording_server.url) as client:
        drawing = client.animals.get_drawing()
    assert [type(s).__name__ for s in drawing.shapes] == ["Circle", "Square"]
    assert (drawing.shapes[0].radius, drawing.shapes[1].side) == (1.5, 2)


def test_read_only_and_write_only_split_a_schema_into_request_and_response_models(
    zoo: ModuleType, recording_server: RecordingServer
) -> None:
    import inspect

    import pydantic

    parameters = inspect.signature(zoo.resources.animals.Animals.create_animal).parameters
    assert "id" not in parameters and parameters["password"].default is inspect.Parameter.empty
    assert not hasattr(zoo.models, "Animal")
    assert (
        "id" not in zoo.models.AnimalRequest.model_fields
        and zoo.models.AnimalRequest.model_fields["password"].is_required()
    )
    assert (
        "password" not in zoo.models.AnimalResponse.model_fields
        and zoo.models.AnimalResponse.model_fields["id"].is_required()
    )
    with pytest.raises(pydantic.ValidationError, match="id"):
        zoo.models.AnimalResponse.model_validate({"name": "x", "pet": {"kind": "dog"}})

    recording_server.reply(Reply(200, json=ANIMAL))
    with zoo.Zoo(base_url=recording_server.url) as client:
        created = client.animals.create_animal(password="s3cret", name="Rex", pet={"kind": "dog"})
    assert type(created).__name__ == "AnimalResponse" and created.id == "a1"
    sent = recording_server.last.json()
    assert sent["password"] == "s3cret" and "id" not in sent


def test_a_closed_object_refuses_unknown_keys_and_an_unknown_tag_is_kept_as_received_or_a_clear_error(
    zoo: ModuleType, recording_server: RecordingServer
) -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError):
        zoo.models.AnimalStrict.model_validate({"a": "x", "b": "y"})
    recording_server.enqueue(*[Reply(200, json={**ANIMAL, "pet": {"kind": "parrot"}})] * 2)
    with zoo.Zoo(base_url=recording_server.url) as client:
        created = client.animals.create_animal(password="p", name="x", pet={"kind": "dog"})
        # No branch of the union is meant more than another: the value stays as the server sent it.
        assert type(created).__name__ == "AnimalResponse" and created.id == "a1" and created.pet == {"kind": "parrot"}
        strict = client.with_options(strict_response_validation=True)
        with pytest.raises(zoo.APIResponseValidationError, match="parrot|kind"):
            strict.animals.create_animal(password="p", name="x", pet={"kind": "dog"})


def test_recursive_tree_and_an_operation_without_id_or_tags(zoo: ModuleType, recording_server: RecordingServer) -> None:
    recording_server.reply(Reply(200, json={"value": "root", "children": [{"value": "leaf", "children": []}]}))
    with zoo.Zoo(base_url=recording_server.url) as client:
        node = client.default.get_trees_id("t/1")
    assert node.children[0].value == "leaf"
    assert recording_server.last.path == "/trees/t%2F1"


def test_very_long_names_still_make_files_and_methods(tmp_path: Path, recording_server: RecordingServer) -> None:
    long = "very " * 80
    spec = tmp_path / "long.yaml"
    spec.write_text(
        f"""openapi: 3.0.3
info: {{title: Long, version: "1"}}
paths:
  /a:
    get:
      operationId: "{long}operation"
      tags: ["{long}tag"]
      responses: {{"200": {{description: ok, content: {{application/json: {{schema: {{$ref: "#/components/schemas/{'Very' * 70}Model"}}}}}}}}}}
components:
  schemas:
    {'Very' * 70}Model: {{type: object, properties: {{x: {{type: string}}}}}}
""",
        encoding="utf-8",
    )
    long_client = generate_package(spec, "long_client", tmp_path / "out")
    recording_server.reply(Reply(200, json={"x": "y"}))
    with long_client.Long(base_url=recording_server.url) as client:
        resource = getattr(client, "very_" * 80 + "tag")
        assert getattr(resource, "very_" * 80 + "operation")().x == "y"
    assert all(len(p.name) <= 70 for p in (tmp_path / "out").rglob("*"))


def test_a_split_schema_beside_a_schema_named_like_its_request_model(tmp_path: Path) -> None:
    spec = tmp_path / "clash.yaml"
    spec.write_text(
        """
openapi: 3.0.3
info: {title: Clash, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PetRequest'}}}}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties: {id: {type: integer, readOnly: true}, name: {type: string}}
    PetRequest:
      type: object
      properties: {note: {type: string}}
""",
        encoding="utf-8",
    )
    generate_package(spec, "clash_client", tmp_path / "out")
    import inspect

    create = importlib.import_module("clash_client.resources.default").Default.create_pet
    assert list(inspect.signature(create).parameters)[:3] == ["self", "name", "timeout"]  # no `id`: the request model
    assert inspect.signature(create).return_annotation == "PetRequest"  # the spec's own schema of that name
    models = importlib.import_module("clash_client.models")
    assert set(models.PetRequest.model_fields) == {"note"}
    assert set(models.PetRequest1.model_fields) == {"name"}


def test_a_spec_without_operations_gives_a_client_that_imports(tmp_path: Path) -> None:
    spec = tmp_path / "empty.yaml"
    spec.write_text('openapi: 3.0.3\ninfo: {title: Empty, version: "1"}\npaths: {}\n', encoding="utf-8")
    empty = generate_package(spec, "empty_client", tmp_path / "out")
    with empty.Empty(base_url="http://127.0.0.1:9") as client:
        assert client.base_url == "http://127.0.0.1:9"


def test_schemas_and_tags_named_like_what_the_generated_code_imports(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    """`Endpoint`, `Field`, `Any`, `BaseModel`: each model keeps working, and so does the code around it."""
    reserved = generate_package(FIXTURES / "reserved_names.yaml", "reserved_client", tmp_path)
    with reserved.Reserved(base_url=recording_server.url, max_retries=0) as client:
        recording_server.reply(Reply(200, json={"field": {"v": "x"}}))
        made = client.endpoint.make_endpoint(n=3)
        assert type(made).__name__ == "EndpointModel" and made.field.v == "x"
        assert recording_server.last.json() == {"n": 3}
        recording_server.reply(Reply(200, json={"ok": True}))
        assert client.endpoint.get_base().ok is True


PET_STORE = """\
openapi: 3.0.3
info: {title: Pet Store, version: "1"}
%s
paths:
  /pets:
    get:
      operationId: countPets
      tags: [Pets]
      responses: {"200": {description: ok, content: {application/json: {schema: {type: integer}}}}}
"""
NO_SERVER = 'Pet Store has no server URL in its spec: pass base_url="https://..." or set PET_STORE_BASE_URL'


def _pet_store(folder: Path, package: str, servers: str = "") -> ModuleType:
    """The one-operation Pet Store client, with the spec's `servers:` line as given."""
    spec = folder / f"{package}.yaml"
    spec.write_text(PET_STORE % servers, encoding="utf-8")
    return generate_package(spec, package, folder / "out")


@pytest.fixture(scope="module")
def serverless(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _pet_store(tmp_path_factory.mktemp("serverless"), "pet_store")


@pytest.fixture
def no_base_url_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PET_STORE_BASE_URL", raising=False)


@pytest.mark.usefixtures("no_base_url_env")
@pytest.mark.parametrize("client_class", ["PetStore", "AsyncPetStore"])
def test_without_servers_in_the_spec_the_client_requires_a_base_url(
    serverless: ModuleType, client_class: str, recording_server: RecordingServer
) -> None:
    with pytest.raises(serverless.ArgumentError) as caught:
        getattr(serverless, client_class)()
    assert str(caught.value) == NO_SERVER
    assert recording_server.requests == []


@pytest.mark.usefixtures("no_base_url_env")
def test_without_servers_a_base_url_argument_or_the_environment_reaches_the_server(
    serverless: ModuleType, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    recording_server.reply(Reply(200, json=3))
    with serverless.PetStore(base_url=recording_server.url + "/api") as client:
        assert client.pets.count_pets() == 3
    monkeypatch.setenv("PET_STORE_BASE_URL", recording_server.url + "/env")
    with serverless.PetStore() as client:
        assert client.pets.count_pets() == 3
    assert [r.path for r in recording_server.requests] == ["/api/pets", "/env/pets"]


def test_without_servers_the_docstring_and_readme_say_base_url_is_required(serverless: ModuleType) -> None:
    docstring = " ".join((serverless.PetStore.__doc__ or "").split())
    assert "One of the two is required: Pet Store has no server URL in its spec." in docstring
    assert "Requests go to `base_url`, if given; else to `PET_STORE_BASE_URL`, if set." in docstring
    readme = (Path(serverless.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    servers = readme.split("### Servers\n", 1)[1].split("\n## ", 1)[0]
    assert " ".join(servers.split()) == (
        'Pet Store has no server URL in its spec: pass `base_url="https://..."` or set `PET_STORE_BASE_URL` '
        "(`base_url=` wins). Without either, building the client raises `ArgumentError`, before anything is sent."
    )
    assert 'with PetStore(base_url="https://...") as client:' in readme


@pytest.mark.usefixtures("no_base_url_env")
def test_a_relative_server_url_requires_a_base_url_too(tmp_path: Path) -> None:
    relative = _pet_store(tmp_path, "relative_store", "servers: [{url: /v1}]")
    with pytest.raises(relative.ArgumentError) as caught:
        relative.RelativeStore()
    assert str(caught.value) == (
        'Pet Store has no absolute server URL in its spec (only /v1): pass base_url="https://..." '
        "or set RELATIVE_STORE_BASE_URL"
    )


@pytest.mark.usefixtures("no_base_url_env")
def test_with_an_absolute_server_the_client_needs_no_base_url(tmp_path: Path) -> None:
    served = _pet_store(tmp_path, "served_store", "servers: [{url: /v1}, {url: 'https://pets.example/v1'}]")
    with served.ServedStore() as client:
        assert client.base_url == "https://pets.example/v1"
    readme = (tmp_path / "out" / "served_store" / "README.md").read_text(encoding="utf-8")
    assert "Requests go to `https://pets.example/v1`." in readme


def _documented_example(spec: Path, path: str, method: str) -> Any:
    import yaml

    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return document["paths"][path][method]["responses"]["200"]["content"]["application/json"]["example"]


def test_a_union_that_other_models_inline_still_has_a_class_its_endpoint_parses_with(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec = FIXTURES / "titled_union.yaml"
    payments = generate_package(spec, "payments_client", tmp_path)
    models = importlib.import_module("payments_client.models")
    # Like every model, it builds its validator on first use: built at import, each such union
    # compiled all it can hold (3 min 24 s to resolve the 1,000-operation spec's models).
    assert models.PaymentSource.__pydantic_complete__ is False
    recording_server.reply(Reply(200, json=_documented_example(spec, "/payments", "post")))
    with payments.PaymentsClient(
        base_url=recording_server.url, max_retries=0, strict_response_validation=True
    ) as client:
        charged = client.payments.create_payment(source={"number": "4242"})
    # A union comes back as the member it is, not wrapped in its root model.
    assert charged == models.Bank(iban="DE89370400440532013000")


def test_a_model_for_additional_properties_is_imported_where_only_a_quoted_annotation_names_it(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    spec = FIXTURES / "typed_additional_properties.yaml"
    rules_client = generate_package(spec, "rules_client", tmp_path)
    extra = importlib.import_module("rules_client.models").ValidationRuleRulesValidationRuleRulesAdditionalProperty
    recording_server.reply(Reply(200, json=_documented_example(spec, "/validation-rules", "get")))
    with rules_client.RulesClient(
        base_url=recording_server.url, max_retries=0, strict_response_validation=True
    ) as client:
        rules = client.rules.list_validation_rules()
    assert rules.logic == "1 and 2"
    assert rules.model_extra == {
        "1": extra(name="order.amount"),
        "2": extra(name="customer.segment"),
    }


# ---------------------------------------------------------------------------- responses as real specs write them


@pytest.fixture(scope="module")
def responses_client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_package(FIXTURES / "responses.yaml", "responses_client", tmp_path_factory.mktemp("responses"))


@pytest.fixture
def responses_api(responses_client: ModuleType, recording_server: RecordingServer) -> Iterator[Any]:
    with responses_client.Responses(base_url=recording_server.url, max_retries=0) as client:
        yield client


def _raised(call: Any) -> Any:
    """The client error a call raises."""
    with pytest.raises(Exception) as info:
        call()
    return info.value


def test_a_success_response_from_components_responses_with_an_inline_schema_parses_into_its_model(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    body = {"total_count": 1, "labels": [{"name": "self-hosted", "type": "read-only"}]}
    recording_server.reply(Reply(200, json=body, headers={"X-Total-Count": "1"}))
    labels = responses_api.runners.list_runner_labels(7)
    assert isinstance(labels, responses_client.models.RunnerLabels)
    assert labels.total_count == 1 and labels.labels[0].name == "self-hosted"


def test_an_error_from_components_responses_raises_with_its_model(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(403, json={"message": "Must have admin rights", "documentation_url": "https://docs"}))
    exc = _raised(lambda: responses_api.runners.list_runner_labels(7))
    assert type(exc) is responses_client.PermissionDeniedError
    assert isinstance(exc.error, responses_client.models.Forbidden)
    assert exc.error.documentation_url == "https://docs"


def test_an_error_through_a_chain_of_component_responses_reaches_its_schemas_model(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(503, json={"message": "later", "retry_after": 30}))
    exc = _raised(lambda: responses_api.runners.list_runner_labels(7))
    assert type(exc) is responses_client.InternalServerError
    assert isinstance(exc.error, responses_client.models.BasicError) and exc.error.retry_after == 30


def test_a_2xx_range_is_the_success_response(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(202, json={"id": 5, "name": "build"}))
    job = responses_api.jobs.create_job(name="build")
    assert isinstance(job, responses_client.models.Accepted) and job.id == 5


def test_4xx_and_5xx_ranges_are_error_models(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(409, json={"reason": "duplicate"}))
    refused = _raised(lambda: responses_api.jobs.create_job(name="build"))
    assert type(refused) is responses_client.ConflictError and refused.error.reason == "duplicate"
    recording_server.reply(Reply(502, json={"message": "bad gateway"}))
    unavailable = _raised(lambda: responses_api.jobs.create_job(name="build"))
    assert isinstance(unavailable.error, responses_client.models.BasicError)


def test_a_default_that_is_the_only_response_is_the_success_and_the_error_model(
    responses_client: ModuleType, responses_api: Any, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(200, json={"state": "green"}))
    assert responses_api.jobs.get_status().state == "green"
    recording_server.reply(Reply(500, json={"state": "red"}))
    failed = _raised(lambda: responses_api.jobs.get_status())
    assert type(failed) is responses_client.InternalServerError and failed.error.state == "red"


def test_a_tag_named_like_a_model_gives_a_resource_class_apart_from_it(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    shop = generate_package(FIXTURES / "tag_named_like_a_model.yaml", "tagged_client", tmp_path)
    from tagged_client.resources.pets import PetsResource

    recording_server.reply(Reply(200, json=[{"id": "p1"}]))
    with shop.Tagged(base_url=recording_server.url) as client:
        assert isinstance(client.pets, PetsResource)
        pets = client.pets.list_pets()
    # An array response is a plain list of models, not the root model `Pets`.
    assert type(pets) is list and len(pets) == 1 and pets[0].id == "p1"
    assert [type(pet).__name__ for pet in pets] == ["Pet"]
    # Before, `class Pets(SyncResource)` shadowed the model `Pets` its own endpoint names; and
    # mypy must see the list too (a `RootModel` is neither indexable nor iterable as one).
    (tmp_path / "tagged_client" / "use_pets.py").write_text(
        "from tagged_client import Tagged\n"
        "from tagged_client.models import Pet\n\n\n"
        "def ids(client: Tagged) -> list[str]:\n"
        "    pets = client.pets.list_pets()\n"
        "    first: Pet = pets[0]\n"
        "    return [first.id, *(pet.id for pet in pets)] if len(pets) else []\n"
    )
    assert_mypy_strict(tmp_path / "tagged_client", "tagged_client", "use_pets.py")


@pytest.fixture(scope="module")
def notes_client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_package(FIXTURES / "sent_values.yaml", "notes_client", tmp_path_factory.mktemp("notes"))


def test_none_is_a_sendable_value_only_where_the_spec_allows_null(notes_client: ModuleType) -> None:
    annotations = inspect.signature(
        notes_client.NotesClient(base_url="http://127.0.0.1:9").notes.create_note
    ).parameters
    sent = {name: str(parameter.annotation) for name, parameter in annotations.items()}
    assert sent["text"] == "str"
    assert sent["due"] == "date | None"
    assert sent["reason"] == "str | NotGiven"  # inherited through allOf, optional, not nullable
    assert sent["subtitle"] == "str | None | NotGiven"
    assert sent["author"] == "Author | None | NotGiven"  # `nullable` beside an allOf
    assert sent["editor"] == "Author | NotGiven"


def test_an_enum_is_sent_as_exactly_its_values_in_the_query_and_the_body(notes_client: ModuleType) -> None:
    annotations = inspect.signature(
        notes_client.NotesClient(base_url="http://127.0.0.1:9").notes.create_note
    ).parameters
    sent = {name: str(parameter.annotation) for name, parameter in annotations.items()}
    # (The annotations as Python stores them, `from __future__ import annotations`: in single quotes.)
    assert sent["visibility"] == "Literal['public', 'private'] | NotGiven"
    assert sent["labels"] == "list[Literal['public', 'private']] | NotGiven"
    body_name = next(name for name in sent if name.startswith("visibility") and name != "visibility")
    assert sent[body_name] == sent["visibility"]


def test_what_is_sent_is_what_was_given_and_what_comes_back_stays_open(
    notes_client: ModuleType, recording_server: RecordingServer
) -> None:
    recording_server.reply(Reply(201, json={"text": "hi", "visibility": "friends", "subtitle": None}))
    with notes_client.NotesClient(
        base_url=recording_server.url, max_retries=0, strict_response_validation=True
    ) as client:
        note = client.notes.create_note(text="hi", due=None, subtitle=None, visibility="public")
    assert json.loads(recording_server.last.body) == {"text": "hi", "due": None, "subtitle": None}
    assert recording_server.last.path == "/notes?visibility=public"
    assert note.visibility == "friends" and note.subtitle is None


def test_a_value_only_a_constraint_or_format_refuses_is_sent_as_given_with_a_warning(
    notes_client: ModuleType, recording_server: RecordingServer, caplog: pytest.LogCaptureFixture
) -> None:
    recording_server.reply(Reply(201, json={"text": "hi"}))
    with notes_client.NotesClient(base_url=recording_server.url, max_retries=0) as client:
        with caplog.at_level("WARNING"):
            client.notes.create_note(text="hi", due="YYYY-MM-DD", code="lower-and-long")
        assert json.loads(recording_server.last.body) == {"text": "hi", "due": "YYYY-MM-DD", "code": "lower-and-long"}
        assert "sent as given" in caplog.text and "code" in caplog.text and "due" in caplog.text
        sent = len(recording_server.requests)
        # A wrong type is the caller's mistake: refused before anything is sent.
        with pytest.raises(notes_client.ArgumentError, match="text"):
            client.notes.create_note(text=5, due=None, code="lower")
        assert len(recording_server.requests) == sent


def test_an_error_body_is_typed_as_one_of_the_error_models(tmp_path: Path, recording_server: RecordingServer) -> None:
    import subprocess
    import sys

    things = generate_package(FIXTURES / "typed_errors.yaml", "things_client", tmp_path)
    recording_server.reply(Reply(404, json={"missing": "x"}))
    with things.ThingsClient(base_url=recording_server.url, max_retries=0) as client:
        with pytest.raises(things.NotFoundError) as raised:
            client.things.get_thing("x")
    assert type(raised.value.error).__name__ == "NotFoundError" and raised.value.error.missing == "x"

    project = tmp_path / "things_client"
    (project / "use_errors.py").write_text(
        "from things_client import APIError, ThingsClient, models\n\n\n"
        "def reason(client: ThingsClient) -> str:\n"
        "    try:\n"
        "        client.things.get_thing('x')\n"
        "    except APIError as exc:\n"
        "        if isinstance(exc.error, models.NotFoundError):\n"
        "            return exc.error.missing\n"
        "        return exc.error.title if exc.error else ''\n"
        "    return ''\n"
    )
    (project / "misread_errors.py").write_text(
        "from things_client import APIError\n\n\n"
        "def reason(exc: APIError) -> str:\n"
        "    return exc.error.detail if exc.error else ''\n"
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "things_client",
            "use_errors.py",
            "misread_errors.py",
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[0] for line in errors] == ["misread_errors.py"] * 2, checked.stdout
    assert all('has no attribute "detail"' in line for line in errors)


def test_a_json_body_that_is_no_object_is_read_and_sent_as_its_plain_value(
    tmp_path: Path, recording_server: RecordingServer
) -> None:
    import datetime

    stats = generate_package(FIXTURES / "primitive_responses.yaml", "stats_client", tmp_path)
    with stats.StatsClient(base_url=recording_server.url, max_retries=0, strict_response_validation=True) as client:
        recording_server.reply(Reply(200, json=42))
        assert client.stats.count_items() == 42
        recording_server.reply(Reply(200, json="2026-12-01T10:00:00Z"))
        assert client.stats.server_time() == datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
        recording_server.reply(Reply(200, json=["a", "b"]))
        assert client.stats.list_labels() == ["a", "b"]
        recording_server.reply(Reply(200, json="amber"))  # a value the spec does not list yet
        assert client.stats.health() == "amber"
        recording_server.reply(Reply(200, json="many"))
        with pytest.raises(stats.APIResponseValidationError):
            client.stats.count_items()
        # Request bodies that are no object: one `body` argument, sent as the value it is.
        recording_server.reply(Reply(204))
        client.stats.replace_labels(body=["x", "y z"])
        assert json.loads(recording_server.last.body) == ["x", "y z"]
        recording_server.reply(Reply(200, json=2))
        reading = stats.models.Reading(value=1.5, unit="C")
        assert client.stats.add_readings(body=[reading, {"value": 2}]) == 2
        assert json.loads(recording_server.last.body) == [{"value": 1.5, "unit": "C"}, {"value": 2}]
        recording_server.reply(Reply(200, json=0))
        client.stats.add_readings()  # optional: nothing is sent
        assert recording_server.last.body == b""
        sent = len(recording_server.requests)
        with pytest.raises(stats.ArgumentError, match="value"):
            client.stats.add_readings(body=[{"unit": "C"}])
        assert len(recording_server.requests) == sent
    (tmp_path / "stats_client" / "use_stats.py").write_text(
        "import datetime\n\nfrom stats_client import StatsClient\nfrom stats_client.models import Reading\n\n\n"
        "def report(client: StatsClient) -> tuple[int, datetime.datetime, list[str], str]:\n"
        "    client.stats.replace_labels(body=['a'])\n"
        "    client.stats.add_readings(body=[Reading(value=1)])\n"
        "    return client.stats.count_items() + 1, client.stats.server_time(), client.stats.list_labels(), client.stats.health()\n"
    )
    assert_mypy_strict(tmp_path / "stats_client", "stats_client", "use_stats.py")
