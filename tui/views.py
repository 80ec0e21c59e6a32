"""The views of the review UI, listed once: their key, name, screen and who is offered them.

The app makes its modes, its view keys (0-6) and the palette's "show …" commands from
:data:`VIEWS`; a new view is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import riskreg
from tui.i18n import N_
from tui.screens.base import RegisterScreen
from tui.screens.decisions import DecisionsScreen
from tui.screens.dependencies import DependenciesScreen
from tui.screens.export import ExportScreen
from tui.screens.home import HomeScreen
from tui.screens.overview import OverviewScreen
from tui.screens.risks import RisksScreen
from tui.screens.submissions import SubmissionsScreen
from tui.service import RegisterInfo


def _everyone(info: RegisterInfo | None) -> bool:
    return True


def _a_person(info: RegisterInfo | None) -> bool:
    """A register with people: the person's municipality page."""
    return info is not None and info.me is not None


def _submissions(info: RegisterInfo | None) -> bool:
    """Those who may submit or take submissions in (a register with people)."""
    return _a_person(info) and info is not None and (
        info.may(riskreg.Operation.SUBMIT) or info.may(riskreg.Operation.TAKE_SUBMISSION))


def _exporters(info: RegisterInfo | None) -> bool:
    """Those who may export (everyone until the register says who is working)."""
    return info is None or info.may(riskreg.Operation.EXPORT)


@dataclass(frozen=True)
class View:
    """One view: its mode name (the screen's ``VIEW``), key, name and tooltip (catalogue
    keys), screen, and whether the person working is offered it."""

    key: str
    label: str
    tip: str
    screen: type[RegisterScreen]
    offered: Callable[[RegisterInfo | None], bool] = _everyone

    @property
    def name(self) -> str:
        return self.screen.VIEW


VIEWS: tuple[View, ...] = (
    View("0", N_("tui.key.home"), N_("tui.tip.home"), HomeScreen, _a_person),
    View("1", N_("tui.key.overview"), N_("tui.tip.overview"), OverviewScreen),
    View("2", N_("tui.key.risks"), N_("tui.tip.risks"), RisksScreen),
    View("3", N_("tui.key.decisions"), N_("tui.tip.decisions"), DecisionsScreen),
    View("4", N_("tui.key.dependencies_view"), N_("tui.tip.dependencies_view"), DependenciesScreen),
    View("5", N_("tui.key.export_view"), N_("tui.tip.export_view"), ExportScreen, _exporters),
    View("6", N_("tui.key.submissions"), N_("tui.tip.submissions"), SubmissionsScreen,
         _submissions),
)
BY_NAME = {view.name: view for view in VIEWS}
assert len(BY_NAME) == len(VIEWS), "two views with one name"


def view_named(name: str) -> View:
    return BY_NAME[name]


__all__ = ["BY_NAME", "VIEWS", "View", "view_named"]
