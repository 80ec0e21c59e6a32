"""The parties: the 49 municipalities of Västra Götaland, the region, and any a register adds."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

from riskreg.errors import NotFoundError
from riskreg.model import Organisation

REGION_CODE = "VGR"
REGION = Organisation(code=REGION_CODE, name="Västra Götalandsregionen", is_region=True)


@cache
def municipalities() -> tuple[Organisation, ...]:
    """The 49 municipalities, with their official codes, associations and care areas."""
    text = resources.files("riskreg.data").joinpath("municipalities.csv").read_text("utf-8")
    return tuple(
        Organisation(
            code=row["code"],
            name=row["name"],
            association=row["association"],
            care_area=row["care_area"],
        )
        for row in csv.DictReader(io.StringIO(text))
    )


class Directory:
    """Look-ups over the built-in parties and a register's own additions."""

    def __init__(self, extra: Iterable[Organisation] = ()) -> None:
        self._by_code: dict[str, Organisation] = {o.code: o for o in municipalities()}
        self._by_code[REGION_CODE] = REGION
        for org in extra:
            self._by_code[org.code] = org

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def get(self, code_or_name: str) -> Organisation:
        """An organisation by code, or by exact name (case-insensitive)."""
        org = self._by_code.get(code_or_name)
        if org is not None:
            return org
        folded = code_or_name.casefold()
        for org in self._by_code.values():
            if org.name.casefold() == folded:
                return org
        raise NotFoundError("error.unknown_org", code=code_or_name)

    def municipalities(self) -> list[Organisation]:
        return [o for o in self._by_code.values() if o.is_municipality]

    def associations(self) -> set[str]:
        return {o.association for o in self._by_code.values() if o.association}

    def care_areas(self) -> set[str]:
        return {o.care_area for o in self._by_code.values() if o.care_area}
