"""Models are defined on first use: a client generated from `fixtures/lazy_models.yaml`, in fresh interpreters.

Each check runs in a subprocess, so `sys.modules` shows exactly what importing and
using the client loaded, whatever other tests imported before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from sdkforge.config import build_config
from sdkforge.output.write import write_tree
from sdkforge.pipeline import generate_files

from .conftest import ROOT

PACKAGE = "lazy_client"
SPEC = Path(__file__).parent / "fixtures" / "lazy_models.yaml"

# Reports which model modules a script's steps loaded; the steps call `step(label)`.
PRELUDE = """\
import json, sys
report = {}
def step(label):
    report[label] = sorted(m.removeprefix("lazy_client.models.") for m in sys.modules
                           if m.startswith("lazy_client.models."))
"""


@pytest.fixture(scope="module")
def package_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("generated")
    config = build_config(pyproject=ROOT / "pyproject.toml", specs=[str(SPEC)], output=str(output), package=PACKAGE)
    write_tree(generate_files(config, warn=lambda _: None), config.target)
    return config.target


def _run(package_root: Path, script: str) -> Any:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    code = PRELUDE + textwrap.dedent(script) + "\nprint(json.dumps(report))\n"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_importing_the_package_creating_clients_and_reaching_resources_loads_no_model(package_root: Path) -> None:
    report = _run(
        package_root,
        """
        import lazy_client
        step("import")
        # Nor the models' base classes: defining them loads pydantic's plugin loader.
        report["base classes loaded"] = "lazy_client._models" in sys.modules
        client, aclient = lazy_client.Lazy(base_url="http://127.0.0.1:9"), lazy_client.AsyncLazy()
        step("clients")
        client.trees, client.people, client.pets, aclient.people, client.with_raw_response.trees
        step("resources")
        import lazy_client.models
        from lazy_client import models
        step("models package")
        report["models package loaded"] = "lazy_client.models" in sys.modules
    """,
    )
    assert report == {
        "import": [],
        "base classes loaded": False,
        "clients": [],
        "resources": [],
        "models package": [],
        "models package loaded": True,
    }


def test_importing_a_model_loads_exactly_the_models_it_refers_to(package_root: Path) -> None:
    report = _run(
        package_root,
        """
        from lazy_client.models import PersonInput
        step("PersonInput")
        from lazy_client import models
        models.Person
        step("Person")
        models.Pet
        step("Pet")
    """,
    )
    assert report == {
        "PersonInput": ["address", "person_input"],
        "Person": ["address", "company", "person_input"],  # Person and Company refer to each other
        "Pet": ["address", "animal", "company", "person_input", "pet"],
    }


def test_every_exported_name_resolves_to_its_model(package_root: Path) -> None:
    report = _run(
        package_root,
        """
        from lazy_client import models
        report["all"] = models.__all__
        report["resolved"] = {name: getattr(models, name).__module__ for name in models.__all__}
        report["listed"] = sorted(set(models.__all__) - set(dir(models)))
        try:
            models.Missing
        except AttributeError as exc:
            report["missing"] = str(exc)
    """,
    )
    expected = [
        "Address",
        "Animal",
        "Company",
        "Document",
        "Household",
        "Json",
        "Person",
        "PersonInput",
        "Pet",
        "Problem",
        "Resident",
        "TreeNode",
    ]
    assert report["all"] == expected
    assert report["resolved"]["Person"] == "lazy_client.models.company"
    assert report["resolved"]["TreeNode"] == "lazy_client.models.tree_node"
    assert all(module.startswith("lazy_client.models.") for module in report["resolved"].values())
    assert report["listed"] == []
    assert report["missing"] == "module 'lazy_client.models' has no attribute 'Missing'"


def test_resolving_every_model_builds_no_validator_until_one_is_used(package_root: Path) -> None:
    """Root models too: pydantic builds `RootModel[Person | Pet]` when it is parametrized, which a
    subclass's own config cannot defer, and a large spec's unions then cost a minute at import."""
    report = _run(
        package_root,
        """
        import pydantic
        from lazy_client import models
        # Every generated class and its parametrized bases (`RootModel[Person | Pet]`); not the
        # runtime's generic `RootModel[RootT]`, built once for all.
        classes = {cls for name in models.__all__ for cls in getattr(models, name).__mro__
                   if issubclass(cls, pydantic.BaseModel) and cls.__module__.startswith("lazy_client")
                   and not cls.__pydantic_generic_metadata__["parameters"]}
        report["root models"] = sorted(c.__name__ for c in classes if issubclass(c, pydantic.RootModel))
        report["built"] = sorted(c.__name__ for c in classes if c.__pydantic_complete__)
        models.Household.model_validate({"residents": [{"name": "Ada"}]})
        report["built after use"] = "Household" in {c.__name__ for c in classes if c.__pydantic_complete__}
    """,
    )
    assert "Resident" in report["root models"]
    assert report["built"] == []
    assert report["built after use"] is True


def test_recursive_and_mutually_recursive_models_validate(package_root: Path) -> None:
    report = _run(
        package_root,
        """
        from lazy_client.models import Document, Person, TreeNode
        tree = TreeNode.model_validate({"name": "root", "children": [{"name": "leaf", "children": []}]})
        report["tree"] = [type(tree.children[0]).__name__, tree.children[0].name]
        person = Person.model_validate_json(
            '{"name": "Ada", "employer": {"name": "Engines", "staff": [{"name": "Charles",'
            ' "address": {"date": "1833-06-05"}}]}}'
        )
        colleague = person.employer.staff[0]
        report["person"] = [type(person.employer).__name__, type(colleague).__name__, str(colleague.address.date)]
        document = Document.model_validate({"body": {"a": ["x", {"b": "y"}]}})
        report["document"] = document.model_dump(mode="json")
    """,
    )
    assert report["tree"] == ["TreeNode", "leaf"]
    assert report["person"] == ["Company", "Person", "1833-06-05"]
    assert report["document"] == {"body": {"a": ["x", {"b": "y"}]}}


def test_an_operation_loads_its_models_on_its_first_call(package_root: Path) -> None:
    report = _run(
        package_root,
        """
        import httpx
        import lazy_client

        def reply(request):
            if request.url.path == "/people":
                return httpx.Response(201, json={"name": json.loads(request.content)["name"]})
            return httpx.Response(404, json={"message": "no such tree"})

        client = lazy_client.Lazy(base_url="http://lazy.test", http_client=httpx.Client(transport=httpx.MockTransport(reply)))
        report["created"] = client.people.create_person(name="Ada").name
        step("create_person")
        try:
            client.trees.get_tree("oak")
        except lazy_client.NotFoundError as exc:
            report["error"] = type(exc.error).__name__
        step("get_tree")
    """,
    )
    assert report["created"] == "Ada"
    assert report["create_person"] == ["address", "company", "person_input", "problem"]
    assert report["error"] == "Problem"
    assert report["get_tree"] == ["address", "company", "person_input", "problem", "tree_node"]


def test_mypy_strict_sees_every_model_and_refuses_a_misspelt_one(package_root: Path, tmp_path: Path) -> None:
    good = tmp_path / "use_models.py"
    good.write_text(textwrap.dedent("""\
        from lazy_client import Lazy, models
        from lazy_client.models import Person, TreeNode


        def names(client: Lazy) -> list[str]:
            tree: TreeNode = client.trees.get_tree("oak")
            person: Person = client.people.create_person(name="Ada", address=models.Address(street="Main"))
            employer: models.Company | None = person.employer
            return [child.name for child in tree.children or []] + ([employer.name] if employer else [])
        """))
    bad = tmp_path / "misspelt.py"
    bad.write_text("from lazy_client import models\nfrom lazy_client.models import Persn\n\nx = models.TreeNod\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            PACKAGE,
            str(good),
            str(bad),
        ],
        cwd=package_root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[0:2] for line in errors] == [[str(bad), "2"], [str(bad), "4"]], done.stdout
    assert all("Persn" in line or "TreeNod" in line for line in errors)
