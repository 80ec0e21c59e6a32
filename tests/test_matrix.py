"""The risk matrix: value = likelihood x impact, level bands that cover the scale, refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import refused

from riskreg import LevelBand, Rating, RiskMatrix, ValidationError
from riskreg.serialize import matrix_from_doc, matrix_to_doc

MATRICES = {"4x4": RiskMatrix.swedish_4x4(), "5x5": RiskMatrix.iso_5x5()}


@st.composite
def matrix_and_rating(draw: st.DrawFn) -> tuple[RiskMatrix, Rating]:
    matrix = draw(st.sampled_from(list(MATRICES.values())))
    likelihood = draw(st.integers(1, len(matrix.likelihood)))
    impact = draw(st.integers(1, len(matrix.impact)))
    return matrix, Rating(likelihood, impact)


@given(matrix_and_rating())
def test_value_is_product_and_band_contains_it(pair: tuple[RiskMatrix, Rating]) -> None:
    matrix, rating = pair
    assert matrix.check(rating) is rating
    value = matrix.value(rating)
    assert value == rating.likelihood * rating.impact
    band = matrix.level(rating)
    assert band.low <= value <= band.high
    assert band in matrix.bands
    assert matrix.is_high(rating) == band.is_high


@given(matrix_and_rating(), matrix_and_rating())
def test_bands_are_monotone(a: tuple[RiskMatrix, Rating], b: tuple[RiskMatrix, Rating]) -> None:
    matrix, first = a
    second = Rating(
        min(b[1].likelihood, len(matrix.likelihood)), min(b[1].impact, len(matrix.impact))
    )
    order = {band.key: i for i, band in enumerate(sorted(matrix.bands, key=lambda x: x.low))}
    if matrix.value(first) <= matrix.value(second):
        assert order[matrix.level(first).key] <= order[matrix.level(second).key]
        # a higher level never reviews less often, and once high stays high
        assert matrix.level(first).review_days >= matrix.level(second).review_days
        assert not matrix.is_high(first) or matrix.is_high(second)


@pytest.mark.parametrize("name", list(MATRICES))
def test_every_cell_has_exactly_one_band(name: str) -> None:
    matrix = MATRICES[name]
    values = {
        lk * im for lk in range(1, len(matrix.likelihood) + 1)
        for im in range(1, len(matrix.impact) + 1)
    }
    assert max(values) == matrix.max_value
    for value in values:
        assert sum(band.low <= value <= band.high for band in matrix.bands) == 1


def test_known_levels_of_the_swedish_matrix() -> None:
    matrix = RiskMatrix.swedish_4x4()
    assert matrix.max_value == 16
    assert matrix.level(Rating(1, 1)).key == "low"
    assert matrix.level(Rating(2, 2)).key == "medium"
    assert matrix.level(Rating(3, 3)).key == "high"
    assert matrix.level(Rating(4, 4)).key == "very_high"
    assert matrix.level(Rating(4, 4)).label("sv") == "Mycket hög"
    assert matrix.level(Rating(4, 4)).label("en") == "Very high"
    assert matrix.likelihood_name(4) == "Mycket stor"
    assert matrix.impact_name(4, "en") == "Catastrophic"


@given(
    st.sampled_from(list(MATRICES.values())),
    st.integers(-3, 12),
    st.integers(-3, 12),
)
def test_check_refuses_off_scale(matrix: RiskMatrix, likelihood: int, impact: int) -> None:
    on_scale = 1 <= likelihood <= len(matrix.likelihood) and 1 <= impact <= len(matrix.impact)
    try:
        rating = Rating(likelihood, impact)
    except ValidationError:
        assert not on_scale
        return
    if on_scale:
        assert matrix.check(rating) == rating
    else:
        top = len(matrix.likelihood)
        wrong = likelihood if not 1 <= likelihood <= top else impact
        with refused(message="error.scale", value=wrong, top=top):
            matrix.check(rating)


def test_five_on_four_by_four_refused_but_fine_on_five_by_five() -> None:
    with refused(message="error.scale", value=5, top=4) as info:
        RiskMatrix.swedish_4x4().check(Rating(5, 1))
    assert "5" in str(info.value) and "4" in str(info.value)
    with refused(message="error.scale", value=5, top=4):
        RiskMatrix.swedish_4x4().check(Rating(1, 5))
    assert RiskMatrix.iso_5x5().level(Rating(5, 5)).key == "very_high"


def test_band_lookup_by_key_or_name() -> None:
    matrix = RiskMatrix.swedish_4x4()
    assert matrix.band("high").key == "high"
    assert matrix.band("HÖG").key == "high"
    assert matrix.band("Very high").key == "very_high"
    with pytest.raises(ValidationError):
        matrix.band("kritisk")


def _band(key: str, low: int, high: int) -> LevelBand:
    return LevelBand(key, key, key, low, high, "grey", 30)


SCALE4 = ("1", "2", "3", "4")


@pytest.mark.parametrize(
    "bands",
    [
        pytest.param([_band("a", 1, 3), _band("b", 5, 16)], id="gap"),
        pytest.param([_band("a", 1, 3), _band("b", 4, 12)], id="short-of-max"),
        pytest.param([_band("a", 2, 16)], id="not-from-one"),
        pytest.param([_band("a", 1, 8), _band("b", 6, 16)], id="overlap"),
        pytest.param([], id="no-bands"),
    ],
)
def test_invalid_bands_refused(bands: list[LevelBand]) -> None:
    with refused(message="error.matrix"):
        RiskMatrix(SCALE4, SCALE4, bands)


def test_valid_custom_matrix_accepted_in_any_band_order() -> None:
    matrix = RiskMatrix(SCALE4, SCALE4, [_band("b", 5, 16), _band("a", 1, 4)])
    assert matrix.level(Rating(2, 2)).key == "a"
    assert matrix.level(Rating(2, 3)).key == "b"


@pytest.mark.parametrize(
    ("likelihood", "impact"),
    [(("1",), SCALE4), (SCALE4, tuple(str(i) for i in range(11))), (("1", " "), SCALE4)],
)
def test_invalid_scales_refused(likelihood: tuple[str, ...], impact: tuple[str, ...]) -> None:
    top = len(likelihood) * len(impact)
    with refused(message="error.matrix"):
        RiskMatrix(likelihood, impact, [_band("a", 1, max(top, 1))])


@pytest.mark.parametrize(("low", "high", "days"), [(3, 2, 30), (0, 4, 30), (1, 4, 0)])
def test_invalid_band_refused(low: int, high: int, days: int) -> None:
    with pytest.raises(ValidationError):
        LevelBand("x", "x", "x", low, high, "grey", days)


@pytest.mark.parametrize("name", list(MATRICES))
def test_matrix_round_trips_through_its_document(name: str) -> None:
    matrix = MATRICES[name]
    assert matrix_from_doc(matrix_to_doc(matrix)) == matrix
