"""The header of every screen: the view and the register on the left, who is working on the
right (the person, their role and organisation; on a file register the user, working alone),
which is also who the register records as making the changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header, Static

from tui.i18n import t, word
from tui.service import RegisterInfo


def identity_text(info: RegisterInfo) -> str:
    """Who is working, as the header shows it: "as Pia Persson (project lead, Vänersborg)",
    or on a register without people "as anna (single user)"."""
    me, org = info.me, info.organisation
    if me is None or org is None:
        return t("tui.who.single", user=info.user)
    return t("tui.who.person", name=me.name, role=word("role", me.role), org=org.name)


def identity_tip(info: RegisterInfo) -> str:
    """The longer form: the login too, and who changes are recorded as."""
    me = info.me
    if me is None:
        return t("tui.who.single_tip", user=info.user)
    return t("tui.who.person_tip", login=me.login, user=info.user)


class HeaderWho(Static):
    """Who is working (right-hand side of the header); a click shows who changes are
    recorded as (and lets the one user of a file register name themselves)."""

    async def on_click(self) -> None:
        await self.app.run_action("app.who")

    DEFAULT_CSS = """
    HeaderWho {
        dock: right;
        width: auto;
        max-width: 60%;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $foreground-darken-1 5%;
    }
    """


class RegisterHeader(Header):
    """Textual's header with who is working in place of the clock."""

    DEFAULT_CSS = """
    RegisterHeader > HeaderClockSpace { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield HeaderWho("", id="header-who")

    def show_who(self, info: RegisterInfo | None) -> None:
        """Show who is working on the register described by ``info`` (nothing before it is
        open)."""
        who = self.query_one(HeaderWho)
        who.update("" if info is None else identity_text(info))
        who.tooltip = None if info is None else identity_tip(info)


__all__ = ["HeaderWho", "RegisterHeader", "identity_text", "identity_tip"]
