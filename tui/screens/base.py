"""What every register screen shares: localised bindings, and reloading when the data changed."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from tui.i18n import localise_bindings, t

DETAIL_DELAY = 0.12  # seconds the cursor rests on a row before its detail is read

if TYPE_CHECKING:
    from tui.app import RiskregApp


class RegisterScreen(Screen[None]):
    """A screen over the register; :meth:`reload` runs when the register changed since last shown.

    Only the screen on show reloads at once; the others catch up when they are shown again.
    """

    TITLE_KEY = ""

    def __init__(self) -> None:
        super().__init__()
        localise_bindings(self)
        self.seen_generation = -1
        if self.TITLE_KEY:
            self.title = t(self.TITLE_KEY)

    @property
    def rapp(self) -> RiskregApp:
        return cast("RiskregApp", self.app)

    def on_screen_resume(self) -> None:
        self.data_changed()

    def data_changed(self) -> None:
        """Reload if the register is open and changed since this screen last loaded it."""
        app = self.rapp
        info = app.info
        if info is None:
            if app.load_error:
                self.show_error(app.load_error)
            return
        self.sub_title = f"{info.name} · rev {info.revision}"
        if self.seen_generation != app.generation:
            self.seen_generation = app.generation
            self.reload()

    def reload(self) -> None:
        """Fetch what the screen shows (in workers)."""

    def show_error(self, message: str) -> None:
        """The register could not be opened or read."""

    def focus_key(self, key: str) -> None:
        """Show the item with this key (risks and decisions screens)."""
