"""The risk matrix: scales, level bands, and the review cadence each level demands.

The default follows the Swedish patient-safety convention (Socialstyrelsen/SKL
"Riskanalys & Händelseanalys"): likelihood 1-4 x consequence 1-4, value 1-16.
A register may configure its own matrix, e.g. :meth:`RiskMatrix.iso_5x5`.
A risk's value, level and colour are always computed here, never stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from attrs import field, frozen

from riskreg.errors import ValidationError
from riskreg.messages import Term
from riskreg.model import Rating


def _names(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not 2 <= len(value) <= 10:
        raise ValidationError("error.matrix", problem=f"{attribute.name}: 2 to 10 steps")
    if not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("error.matrix", problem=f"{attribute.name}: every step needs a name")


def _as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@frozen
class LevelBand:
    """A named range of risk values, e.g. "hög" for 8-9, with its colour and review cadence."""

    key: str
    name: str
    name_en: str
    low: int
    high: int
    colour: str
    review_days: int
    is_high: bool = False

    def __attrs_post_init__(self) -> None:
        if self.low > self.high or self.low < 1:
            raise ValidationError("error.matrix", problem=f"band {self.key}: bad range")
        if self.review_days < 1:
            raise ValidationError("error.matrix", problem=f"band {self.key}: review_days >= 1")

    def label(self, lang: str = "sv") -> str:
        return self.name_en if lang == "en" else self.name


@frozen
class RiskMatrix:
    """Likelihood and impact scales (named steps, 1-based) and level bands over their product."""

    likelihood: tuple[str, ...] = field(converter=_as_tuple, validator=_names)
    impact: tuple[str, ...] = field(converter=_as_tuple, validator=_names)
    bands: tuple[LevelBand, ...] = field(converter=_as_tuple)
    likelihood_en: tuple[str, ...] = field(converter=_as_tuple, default=())
    impact_en: tuple[str, ...] = field(converter=_as_tuple, default=())

    @bands.validator
    def _check_bands(self, _attribute: attrs.Attribute[Any], value: Any) -> None:
        if not value or not all(isinstance(b, LevelBand) for b in value):
            raise ValidationError("error.matrix", problem="at least one level band")
        expected = 1
        for band in sorted(value, key=lambda b: b.low):
            if band.low != expected:
                raise ValidationError(
                    "error.matrix", problem=f"bands must cover values from {expected} without gaps"
                )
            expected = band.high + 1
        if expected - 1 < self.max_value:
            raise ValidationError(
                "error.matrix", problem=f"bands must reach the highest value {self.max_value}"
            )

    @property
    def max_value(self) -> int:
        return len(self.likelihood) * len(self.impact)

    def check(self, rating: Rating) -> Rating:
        """Return ``rating`` if it lies on this matrix, else raise ValidationError."""
        if not 1 <= rating.likelihood <= len(self.likelihood):
            raise ValidationError(
                "error.scale",
                what=Term("scale.likelihood"),
                value=rating.likelihood,
                top=len(self.likelihood),
            )
        if not 1 <= rating.impact <= len(self.impact):
            raise ValidationError(
                "error.scale", what=Term("scale.impact"), value=rating.impact, top=len(self.impact)
            )
        return rating

    def value(self, rating: Rating) -> int:
        """Risk value: likelihood x impact."""
        return rating.likelihood * rating.impact

    def level(self, rating: Rating) -> LevelBand:
        """The level band the rating's value falls in."""
        return self.band_for(self.value(rating))

    def band_for(self, value: int) -> LevelBand:
        for band in self.bands:
            if band.low <= value <= band.high:
                return band
        raise ValidationError(
            "error.scale", what=Term("scale.value"), value=value, top=self.max_value
        )

    def band(self, key: str) -> LevelBand:
        """The band with this key (or name, in either language)."""
        for band in self.bands:
            if key.casefold() in (
                band.key.casefold(),
                band.name.casefold(),
                band.name_en.casefold(),
            ):
                return band
        raise ValidationError("error.unknown_level", level=key)

    def likelihood_name(self, step: int, lang: str = "sv") -> str:
        names = self.likelihood_en if lang == "en" and self.likelihood_en else self.likelihood
        return names[step - 1]

    def impact_name(self, step: int, lang: str = "sv") -> str:
        names = self.impact_en if lang == "en" and self.impact_en else self.impact
        return names[step - 1]

    def is_high(self, rating: Rating) -> bool:
        return self.level(rating).is_high

    @classmethod
    def swedish_4x4(cls) -> RiskMatrix:
        """The default: Socialstyrelsen's 4x4, value 1-16."""
        return cls(
            likelihood=("Mycket liten", "Liten", "Stor", "Mycket stor"),
            likelihood_en=("Very unlikely", "Unlikely", "Likely", "Very likely"),
            impact=("Mindre", "Måttlig", "Betydande", "Katastrofal"),
            impact_en=("Minor", "Moderate", "Major", "Catastrophic"),
            bands=(
                LevelBand("low", "Låg", "Low", 1, 3, "green", 365),
                LevelBand("medium", "Medel", "Medium", 4, 6, "yellow", 180),
                LevelBand("high", "Hög", "High", 7, 9, "orange", 90, is_high=True),
                LevelBand("very_high", "Mycket hög", "Very high", 10, 16, "red", 30, is_high=True),
            ),
        )

    @classmethod
    def iso_5x5(cls) -> RiskMatrix:
        """A 5x5 matrix in ISO 31000 practice, value 1-25."""
        return cls(
            likelihood=("Sällsynt", "Osannolik", "Möjlig", "Sannolik", "Nästan säker"),
            likelihood_en=("Rare", "Unlikely", "Possible", "Likely", "Almost certain"),
            impact=("Obetydlig", "Mindre", "Måttlig", "Betydande", "Allvarlig"),
            impact_en=("Insignificant", "Minor", "Moderate", "Major", "Severe"),
            bands=(
                LevelBand("low", "Låg", "Low", 1, 4, "green", 365),
                LevelBand("medium", "Medel", "Medium", 5, 9, "yellow", 180),
                LevelBand("high", "Hög", "High", 10, 16, "orange", 90, is_high=True),
                LevelBand("very_high", "Mycket hög", "Very high", 17, 25, "red", 30, is_high=True),
            ),
        )
