"""split: one module per model, cycles together, each module importing exactly what it uses."""

from __future__ import annotations

import textwrap

import pytest

from sdkforge.errors import SdkforgeError
from sdkforge.models.split import split_models

HEADER = "# header"


def _split(body: str) -> dict[str, tuple[str, ...]]:
    return {m.name: m.class_names for m in split_models(_source(body), header=HEADER)}


def _source(body: str) -> str:
    imports = """\
        from __future__ import annotations

        from pydantic import AwareDatetime, Field, RootModel
        from ._models import BaseModel
        from datetime import date as date_aliased
        from typing import Any, Literal
        """
    return textwrap.dedent(imports) + "\n\n" + textwrap.dedent(body)


def _module(body: str, name: str) -> str:
    (found,) = [m.source for m in split_models(_source(body), header=HEADER) if m.name == name]
    return found


def test_each_model_gets_a_module_named_after_it_that_imports_what_it_uses() -> None:
    body = """
        class Owner(BaseModel):
            born: date_aliased | None = None


        class Pet(BaseModel):
            kind: Literal["cat", "dog"] | str
            owner: Owner | None = Field(None, description="Who feeds it.")
        """
    assert _split(body) == {"owner": ("Owner",), "pet": ("Pet",)}
    assert _module(body, "pet") == textwrap.dedent("""\
        # header

        from __future__ import annotations

        from typing import Literal

        from pydantic import Field

        from .._models import BaseModel
        from .owner import Owner


        class Pet(BaseModel):
            kind: Literal["cat", "dog"] | str
            owner: Owner | None = Field(None, description="Who feeds it.")
        """)
    assert "from datetime import date as date_aliased\n" in _module(body, "owner")


def test_models_in_a_cycle_share_a_module_and_a_self_reference_stays_alone() -> None:
    body = """
        class Company(BaseModel):
            staff: list[Person] | None = None


        class Person(BaseModel):
            employer: Company | None = None


        class PersonInput(BaseModel):
            like: Person | None = None


        class TreeNode(BaseModel):
            children: list[TreeNode] | None = None


        class A(BaseModel):
            b: B


        class B(BaseModel):
            c: C


        class C(BaseModel):
            a: A | None = None


        TreeNode.model_rebuild()
        Person.model_rebuild()
        """
    assert _split(body) == {
        "a": ("A", "B", "C"),
        "company": ("Company", "Person"),
        "person_input": ("PersonInput",),
        "tree_node": ("TreeNode",),
    }
    assert "from .company import Person\n" in _module(body, "person_input")
    tree = _module(body, "tree_node")
    assert "from .tree_node" not in tree
    assert "model_rebuild" not in "".join(m.source for m in split_models(_source(body), header=HEADER))


def test_a_base_class_in_another_module_is_imported_and_a_subclass_in_a_cycle_follows_its_base() -> None:
    body = """
        class Animal(BaseModel):
            legs: int | None = None


        class Cat(Animal):
            friend: Dog | None = None


        class Dog(Animal):
            friend: Cat | None = None
        """
    assert _split(body) == {"animal": ("Animal",), "cat": ("Cat", "Dog")}
    cat = _module(body, "cat")
    assert "from .animal import Animal\n" in cat
    assert cat.index("class Cat(Animal)") < cat.index("class Dog(Animal)")


def test_quoted_forward_references_count_but_literal_values_do_not() -> None:
    body = """
        class Json(RootModel[list["Node"] | str]):
            root: list["Node"] | str


        class Node(BaseModel):
            kind: Literal["Json"]
        """
    assert _split(body) == {"json": ("Json",), "node": ("Node",)}
    assert "from .node import Node\n" in _module(body, "json")
    assert "from .json" not in _module(body, "node")


def test_module_names_are_importable_and_unique() -> None:
    body = """
        class Import(BaseModel):
            x: int


        class HttpError(BaseModel):
            y: int


        class HTTPError(BaseModel):
            z: int


        class List(BaseModel):
            w: int
        """
    assert _split(body) == {
        "import_": ("Import",),
        "http_error": ("HTTPError",),
        "http_error_2": ("HttpError",),
        "list_": ("List",),
    }


def test_a_very_long_class_name_gives_a_short_module_name() -> None:
    body = f"""
        class {"Very" * 70}Model(BaseModel):
            x: int
        """
    ((name, classes),) = _split(body).items()
    assert classes == ("Very" * 70 + "Model",)
    assert len(name) <= 64 and name.startswith("very_very_") and name.isidentifier()


def test_adding_a_model_leaves_every_other_module_as_it_was() -> None:
    before = """
        class Order(BaseModel):
            lines: list[OrderLine]


        class OrderLine(BaseModel):
            sku: str
        """
    after = before + """

        class Invoice(BaseModel):
            order: Order
        """
    old = {m.name: m for m in split_models(_source(before), header=HEADER)}
    new = {m.name: m for m in split_models(_source(after), header=HEADER)}
    assert set(new) - set(old) == {"invoice"}
    assert all(new[name] == module for name, module in old.items())


def test_a_long_chain_and_a_long_cycle_stay_within_the_recursion_limit() -> None:
    count = 3000
    chain = "\n\n".join(f"class M{i}(BaseModel):\n    next: M{(i + 1) % count} | None = None\n" for i in range(count))
    (module,) = split_models(_source(chain), header=HEADER)
    assert len(module.class_names) == count
    tail = "\n\n".join(f"class M{i}(BaseModel):\n    next: M{i + 1} | None = None\n" for i in range(count))
    modules = split_models(_source(tail + f"\n\nclass M{count}(BaseModel):\n    x: int\n"), header=HEADER)
    assert len(modules) == count + 1


def test_an_unexpected_statement_is_an_internal_error() -> None:
    with pytest.raises(SdkforgeError, match="unexpected statement in the models"):
        split_models(_source("print('hello')\n"), header=HEADER)


def test_a_quoted_name_in_a_class_annotations_dict_is_imported() -> None:
    body = """
        class Rules(BaseModel):
            __annotations__ = {
                "__pydantic_extra__": dict[str, "Rule"],
            }
            logic: str | None = None


        class Rule(BaseModel):
            name: str | None = None
        """
    assert "from .rule import Rule" in _module(body, "rules")
