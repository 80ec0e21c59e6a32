"""The one place models become plain JSON-able documents and back (a private cattrs converter).

Dates are ISO strings, enums their values, tuples lists, a :class:`Rating` a
``[likelihood, impact]`` pair. Structuring is strict: a string is never taken
for a number nor a number for a string, and every failure is a
:class:`~riskreg.errors.ValidationError`.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any, TypeVar, get_args, get_origin

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from riskreg.errors import RiskregError, ValidationError
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.messages import Choices
from riskreg.model import (
    Action,
    Decision,
    Rating,
    Risk,
)

T = TypeVar("T")

_converter = cattrs.Converter(detailed_validation=False, forbid_extra_keys=True)


def _structure_date(value: Any, _type: Any) -> date:
    if isinstance(value, datetime):
        raise ValidationError("error.bad_date", value=str(value))
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError("error.bad_date", value=str(value)[:60])


def _structure_datetime(value: Any, _type: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError("error.bad_date", value=str(value)[:60])


def _structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValidationError("error.not_int", value=str(value)[:60])


def _structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    raise ValidationError("error.not_text", value=str(value)[:60])


def _structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValidationError("error.not_bool", value=str(value)[:60])


def _structure_rating(value: Any, _type: Any) -> Rating:
    if isinstance(value, dict):
        value = [value.get("likelihood"), value.get("impact")]
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValidationError("error.bad_rating", value=str(value)[:60])
    return Rating(_structure_int(value[0], int), _structure_int(value[1], int))


def _structure_enum(value: Any, cls: type[Enum]) -> Enum:
    try:
        return cls(value)
    except ValueError:
        raise ValidationError("error.bad_choice", value=str(value)[:60],
                              allowed=Choices.of(cls)) from None


def _is_list_type(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_list_hook(t: Any) -> Any:
    item_type = get_args(t)[0]

    def structure(value: Any, _type: Any) -> tuple[Any, ...]:
        # A string or a mapping is iterable but no list: "1401" must not become ("0", "1", "4").
        if not isinstance(value, (list, tuple)):
            raise ValidationError("error.bad_document", problem=f"not a list: {str(value)[:60]!r}")
        return tuple(_converter.structure(item, item_type) for item in value)

    return structure


_converter.register_structure_hook(date, _structure_date)
_converter.register_structure_hook(datetime, _structure_datetime)
_converter.register_structure_hook(int, _structure_int)
_converter.register_structure_hook(str, _structure_str)
_converter.register_structure_hook(bool, _structure_bool)
_converter.register_structure_hook(Rating, _structure_rating)
_converter.register_structure_hook_func(
    lambda t: isinstance(t, type) and issubclass(t, Enum), _structure_enum
)
# The model's enums are str subclasses, so the str hook above would take them (and let an
# unknown value through to a vague "wrong type"); a hook for StrEnum comes before str in
# every such enum's MRO, so it wins for all of them (those of modules not imported yet too).
_converter.register_structure_hook(StrEnum, _structure_enum)
_converter.register_structure_hook_factory(_is_list_type, _make_list_hook)
_converter.register_unstructure_hook(date, date.isoformat)
_converter.register_unstructure_hook(datetime, datetime.isoformat)
_converter.register_unstructure_hook(Rating, lambda r: [r.likelihood, r.impact])
# Fields added after registers were first written are left out while they hold their default,
# so an item that does not use them has the document (and the digests and hashes made of it)
# it always had: Action.organisation, Risk.submitted_by, Risk.acceptance, Decision.raised.
_converter.register_unstructure_hook(Action, make_dict_unstructure_fn(
    Action, _converter, organisation=override(omit_if_default=True)))
_converter.register_unstructure_hook(Risk, make_dict_unstructure_fn(
    Risk, _converter, submitted_by=override(omit_if_default=True),
    acceptance=override(omit_if_default=True)))
_converter.register_unstructure_hook(Decision, make_dict_unstructure_fn(
    Decision, _converter, raised=override(omit_if_default=True)))


def to_doc(obj: Any) -> Any:
    """A model (or a list of them) as plain JSON-able data."""
    return _converter.unstructure(obj)


def from_doc(doc: Any, cls: type[T]) -> T:
    """Build and validate a model from plain data; any problem is a ValidationError."""
    try:
        return _converter.structure(doc, cls)
    except RiskregError:
        raise
    except KeyError as exc:
        raise ValidationError("error.missing_field", field=str(exc.args[0])) from None
    except cattrs.ForbiddenExtraKeysError as exc:
        raise ValidationError(
            "error.extra_field", fields=", ".join(sorted(exc.extra_fields))
        ) from None
    except (TypeError, ValueError, AttributeError, cattrs.BaseValidationError) as exc:
        raise ValidationError("error.bad_document", problem=str(exc)[:200]) from None


def matrix_to_doc(matrix: RiskMatrix) -> dict[str, Any]:
    doc: dict[str, Any] = _converter.unstructure(matrix)
    return doc


def matrix_from_doc(doc: Any) -> RiskMatrix:
    return from_doc(doc, RiskMatrix)


__all__ = ["LevelBand", "from_doc", "matrix_from_doc", "matrix_to_doc", "to_doc"]
