"""The runtime's lenient reading of a success body that strays from its model (`construct_leniently`).

The server has carried the request out, so what validates is typed and the rest is kept as received.
"""

from __future__ import annotations

from typing import Any

import pydantic
from voucherify_client._models import BaseModel, construct_leniently


class Tag(BaseModel):
    name: str
    weight: int = 1


class Pet(BaseModel):
    id: int
    kind: str = pydantic.Field(alias="type")
    tags: list[Tag] = []
    best_friend: Pet | None = None


class Pets(pydantic.RootModel[list[Pet]]):
    pass


def test_what_validates_is_typed_and_the_rest_kept_as_received() -> None:
    pet = construct_leniently(
        Pet, {"id": "7", "type": "cat", "tags": [{"name": "a", "weight": "2"}, {"weight": "x"}], "new": 1}
    )
    assert isinstance(pet, Pet)
    assert (pet.id, pet.kind, pet.model_extra) == (7, "cat", {"new": 1})  # "7" validates as 7
    first, second = pet.tags
    assert isinstance(first, Tag) and (first.name, first.weight) == ("a", 2)
    assert isinstance(second, Tag) and second.weight == "x" and not hasattr(second, "name")


def test_a_missing_required_field_is_absent_and_nested_models_are_built_leniently() -> None:
    pet = construct_leniently(Pet, {"type": "dog", "best_friend": {"id": "not a number", "type": "cat"}})
    assert isinstance(pet, Pet) and not hasattr(pet, "id") and pet.tags == []
    assert isinstance(pet.best_friend, Pet) and pet.best_friend.id == "not a number"


def test_a_root_model_list_is_read_item_by_item() -> None:
    pets = construct_leniently(Pets, [{"id": 1, "type": "cat"}, {"id": "x", "type": "dog"}])
    assert isinstance(pets, Pets)
    good, odd = pets.root
    assert isinstance(good, Pet) and good.id == 1 and isinstance(odd, Pet) and odd.id == "x"


def test_data_of_another_shape_is_returned_as_it_came() -> None:
    data: Any = ["not", "an", "object"]
    assert construct_leniently(Pet, data) is data
