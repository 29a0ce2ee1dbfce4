"""The fidelity check (tests/fidelity.py): it finds each kind of gap, and what holds on real specs.

The detection tests take a client generated from `fixtures/fidelity/pets.yaml`, which today's
client keeps whole, and break one thing at a time (in the document the check reads, or in the
imported client), so each test fails if the check stops seeing that kind of gap, whatever the
generator does next. The spec tests assert only what holds fully today; the shortfalls they
measure are printed by `benchmarks/fidelity.py`.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchmarks.synthesize import dump, synthesize
from sdkforge.spec.walk import JSONDict

from . import fidelity
from .conftest import ROOT, SPECS, assert_mypy_strict
from .fidelity import (
    ENDPOINT_FAILS,
    EXAMPLE_INVALID,
    EXAMPLE_RAISES,
    NO_METHOD,
    NO_MODEL,
    REQUEST,
    FidelityReport,
    Gap,
    check_client,
    check_spec,
    generate_client,
)

PETS = ROOT / "tests" / "fixtures" / "fidelity" / "pets.yaml"
REAL = ROOT / "tests" / "fixtures" / "real"
PETS_RESOURCE = "fidelity_pets_client.resources.pets"


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> tuple[JSONDict, ModuleType]:
    return generate_client([PETS], "fidelity_pets_client", tmp_path_factory.mktemp("fidelity-pets"))


def _check(pets: tuple[JSONDict, ModuleType], document: JSONDict | None = None) -> FidelityReport:
    return check_client(document or pets[0], pets[1], "pets")


def _counts(report: FidelityReport) -> list[str]:
    return [
        str(t)
        for t in (report.operations, report.responses, report.endpoints, report.examples_parsed, report.examples_strict)
    ]


def _replace_endpoint(monkeypatch: pytest.MonkeyPatch, function: str, change: Callable[[Any], Any]) -> None:
    """Swap one endpoint function of the pets client for one whose result is `change`d."""
    module = importlib.import_module(PETS_RESOURCE)
    real = getattr(module, function)
    monkeypatch.setattr(module, function, lambda: change(real()))


# ---------------------------------------------------------------------------- what the check detects


def test_a_clean_spec_counts_every_construct_and_reports_no_gap(pets: tuple[JSONDict, ModuleType]) -> None:
    report = _check(pets)
    # 3 operations; 6 JSON responses (2XX, default and two from components/responses among them);
    # 8 examples: media `example`, `$ref`ed `examples` and schema-level examples.
    assert _counts(report) == ["3 / 3", "6 / 6", "3 / 3", "8 / 8", "8 / 8"]
    assert report.gaps == []
    assert report.row() == "| pets | 3 / 3 | 6 / 6 | 3 / 3 | 8 / 8 | 8 / 8 |"


def test_examples_are_found_on_media_types_on_schemas_and_through_components(pets: tuple[JSONDict, ModuleType]) -> None:
    places = {(str(e.operation), e.status, e.where.rpartition(".")[2]) for e in fidelity.documented(pets[0]).examples}
    assert ("GET /pets", "200", "example") in places
    assert ("GET /pets", "default", "example") in places  # in components/responses, on an application/problem+json
    assert ("POST /pets", "request", "examples['rex'] -> #/components/examples/Rex") in places
    assert ("POST /pets", "2XX", "example") in places  # the Pet schema's own example
    assert ("GET /pets/{petId}", "404", "examples['missing'] -> #/components/examples/Missing") in places


def test_an_operation_the_client_lacks_is_a_gap(pets: tuple[JSONDict, ModuleType]) -> None:
    document = copy.deepcopy(pets[0])
    document["paths"]["/pets"]["delete"] = {"operationId": "dropPets", "responses": {"204": {"description": "Gone."}}}
    report = _check(pets, document)
    assert str(report.operations) == "3 / 4"
    assert report.of_kind(NO_METHOD) == [Gap(NO_METHOD, "DELETE /pets", detail="no resource method sends it")]


def test_a_resource_method_that_is_gone_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(importlib.import_module(PETS_RESOURCE).AsyncPets, "get_pet")
    report = _check(pets)
    assert [gap.operation for gap in report.of_kind(NO_METHOD)] == ["GET /pets/{petId}"]


def test_a_success_response_without_a_model_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_endpoint(monkeypatch, "_list_pets_endpoint", lambda e: dataclasses.replace(e, response_model=None))
    report = _check(pets)
    assert str(report.responses) == "5 / 6"
    assert report.of_kind(NO_MODEL) == [Gap(NO_MODEL, "GET /pets", "200", detail="Endpoint.response_model is None")]
    # Its example still parses (as plain JSON) but has no model to validate against.
    assert [(g.operation, g.status, g.detail) for g in report.of_kind(EXAMPLE_INVALID)] == [
        ("GET /pets", "200", "no declared model")
    ]


def test_an_error_response_from_components_responses_without_a_model_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    _replace_endpoint(monkeypatch, "_get_pet_endpoint", lambda e: dataclasses.replace(e, errors={}))
    report = _check(pets)
    assert report.of_kind(NO_MODEL) == [
        Gap(NO_MODEL, "GET /pets/{petId}", "404", detail="Endpoint.errors has no '404'")
    ]
    dropped = report.of_kind(EXAMPLE_RAISES)
    assert [(g.operation, g.status) for g in dropped] == [("GET /pets/{petId}", "404")]
    assert "the error body was dropped" in dropped[0].detail


def test_an_example_that_does_not_validate_is_a_gap(pets: tuple[JSONDict, ModuleType]) -> None:
    document = copy.deepcopy(pets[0])
    document["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["example"] = {
        "data": [{"kind": 3}]
    }
    report = _check(pets, document)
    assert str(report.examples_strict) == "7 / 8"
    [gap] = report.of_kind(EXAMPLE_INVALID)
    assert (gap.operation, gap.status, gap.where) == (
        "GET /pets",
        "200",
        "$.paths['/pets'].get.responses['200'].content['application/json'].example",
    )
    assert "PetList: 2 errors" in gap.detail


def test_an_example_the_clients_parsing_raises_on_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = importlib.import_module("fidelity_pets_client._base_client")

    def broken_parse(*_: object) -> None:
        raise RuntimeError("parsing broke")

    monkeypatch.setattr(base.BaseClient, "_parse_body", broken_parse)
    report = _check(pets)
    raised = report.of_kind(EXAMPLE_RAISES)
    # The three success-response examples go through `_parse_body`; errors and requests do not.
    assert sorted((g.operation, g.status) for g in raised) == [
        ("GET /pets", "200"),
        ("GET /pets/{petId}", "200"),
        ("POST /pets", "2XX"),
    ]
    assert all(g.detail == "RuntimeError: parsing broke" for g in raised)
    assert report.examples_strict.complete


def test_an_endpoint_that_fails_to_build_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing() -> None:
        raise ImportError("cannot import name 'Pet' from 'fidelity_pets_client.models'")

    monkeypatch.setattr(importlib.import_module(PETS_RESOURCE), "_get_pet_endpoint", failing)
    report = _check(pets)
    assert str(report.endpoints) == "2 / 3"
    [gap] = report.of_kind(ENDPOINT_FAILS)
    assert gap.operation == "GET /pets/{petId}" and "_get_pet_endpoint() raises ImportError" in gap.detail
    assert {(g.status, g.detail) for g in report.of_kind(NO_MODEL)} == {
        ("200", "its endpoint is missing or does not build"),
        ("404", "its endpoint is missing or does not build"),
    }


# ---------------------------------------------------------------------------- what holds on real specs


def _assert_every_operation_has_a_method_and_builds(report: FidelityReport) -> None:
    assert report.operations.complete and report.operations.total > 0, report.of_kind(NO_METHOD)
    assert report.endpoints.complete and report.endpoints.total == report.operations.total, report.of_kind(
        ENDPOINT_FAILS
    )


def test_the_seed_specs_are_kept_whole(tmp_path: Path) -> None:
    report = check_spec([SPECS], "fidelity_seeds_client", tmp_path, name="seeds")
    _assert_every_operation_has_a_method_and_builds(report)
    assert report.examples_parsed.total == report.examples_strict.total > 0
    assert report.gaps == []


def test_responses_from_components_ranges_and_a_lone_default_all_have_models(tmp_path: Path) -> None:
    report = check_spec(
        [ROOT / "tests" / "fixtures" / "constructs" / "responses.yaml"], "fidelity_responses_client", tmp_path
    )
    # 200, 403, 503 from components/responses (inline, inline, a chain to a $ref schema); 2XX, 4XX, 5XX; a lone default
    assert str(report.responses) == "7 / 7"
    assert report.gaps == []


def test_a_lone_default_without_a_response_model_is_a_gap(
    pets: tuple[JSONDict, ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = copy.deepcopy(pets[0])
    del document["paths"]["/pets"]["get"]["responses"]["200"]  # `default` alone now describes the pets too
    _replace_endpoint(monkeypatch, "_list_pets_endpoint", lambda e: dataclasses.replace(e, response_model=None))
    report = _check(pets, document)
    assert report.of_kind(NO_MODEL) == [Gap(NO_MODEL, "GET /pets", "default", detail="Endpoint.response_model is None")]


def test_a_synthesized_spec_is_kept_whole(tmp_path: Path) -> None:
    spec = tmp_path / "synth.json"
    dump(synthesize(operations=100, schemas=200, seed=7), spec)
    report = check_spec([spec], "fidelity_synth_client", tmp_path / "out")
    assert report.operations.complete and report.operations.total == report.endpoints.total == 100
    # Every endpoint builds (its union schemas named by operations are exported), every response has
    # its model, and every example parses, strictly too.
    assert report.gaps == []
    assert report.examples_parsed.total == report.examples_strict.total > 0


Generated = tuple[JSONDict, ModuleType]


def _real_client(tmp_path_factory: pytest.TempPathFactory, spec: str, package: str) -> Generated:
    return generate_client([REAL / spec], package, tmp_path_factory.mktemp(package))


@pytest.fixture(scope="module")
def doc_vouchers_client(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return _real_client(tmp_path_factory, "voucherify-doc-vouchers.json", "fidelity_doc_vouchers")


@pytest.fixture(scope="module")
def doc_loyalties_client(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return _real_client(tmp_path_factory, "voucherify-doc-loyalties.json", "fidelity_doc_loyalties")


@pytest.fixture(scope="module")
def reference_client(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return _real_client(tmp_path_factory, "voucherify-OpenAPI.json", "fidelity_reference")


@pytest.fixture(scope="module")
def doc_vouchers(doc_vouchers_client: Generated) -> FidelityReport:
    return check_client(*doc_vouchers_client, "voucherify-doc-vouchers.json")


@pytest.fixture(scope="module")
def doc_loyalties(doc_loyalties_client: Generated) -> FidelityReport:
    return check_client(*doc_loyalties_client, "voucherify-doc-loyalties.json")


@pytest.fixture(scope="module")
def reference(reference_client: Generated) -> FidelityReport:
    return check_client(*reference_client, "voucherify-OpenAPI.json")


def _assert_every_documented_response_has_a_model(report: FidelityReport) -> None:
    assert report.responses.complete and report.responses.total > 0, report.of_kind(NO_MODEL)


def _assert_every_response_example_parses(report: FidelityReport) -> None:
    """Every documented response example goes through the client without raising: one that strays
    from its schema comes back as received (the server did carry the call out)."""
    assert [str(gap) for gap in report.of_kind(EXAMPLE_RAISES) if gap.status != REQUEST] == []


def test_voucherify_vouchers_documentation(doc_vouchers: FidelityReport) -> None:
    _assert_every_operation_has_a_method_and_builds(doc_vouchers)
    _assert_every_documented_response_has_a_model(doc_vouchers)
    _assert_every_response_example_parses(doc_vouchers)
    assert doc_vouchers.examples_parsed.total > 0


def test_voucherify_loyalties_documentation(doc_loyalties: FidelityReport) -> None:
    _assert_every_operation_has_a_method_and_builds(doc_loyalties)
    _assert_every_documented_response_has_a_model(doc_loyalties)
    _assert_every_response_example_parses(doc_loyalties)
    assert doc_loyalties.examples_parsed.total > 0


@pytest.mark.slow
def test_voucherify_full_reference(reference: FidelityReport) -> None:
    _assert_every_operation_has_a_method_and_builds(reference)
    _assert_every_documented_response_has_a_model(reference)
    _assert_every_response_example_parses(reference)
    assert reference.examples_parsed.total > 0


def _assert_mypy_strict(generated: Generated) -> None:
    package = generated[1]
    assert package.__file__ is not None
    assert_mypy_strict(Path(package.__file__).parent.parent, package.__name__)


def test_mypy_strict_passes_on_the_vouchers_documentation_client(doc_vouchers_client: Generated) -> None:
    _assert_mypy_strict(doc_vouchers_client)


def test_mypy_strict_passes_on_the_loyalties_documentation_client(doc_loyalties_client: Generated) -> None:
    _assert_mypy_strict(doc_loyalties_client)


@pytest.mark.slow
def test_mypy_strict_passes_on_the_full_reference_client(reference_client: Generated) -> None:
    # Its enum schemas that only parameters name keep a RootModel class each (`ParameterOrder`).
    _assert_mypy_strict(reference_client)
