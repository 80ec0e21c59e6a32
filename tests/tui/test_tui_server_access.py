"""Pilot of the UI as a municipality's project lead on a real server register (issue 10, Proof):
their start page holds what their municipality's report holds; an edit they may not make is
refused in one line; a risk they submit in the UI is seen by the central team's UI, which
matches it into the joint risk the library suggests; and a change the server refuses anyway
is said in one line with what was typed kept. People are made with ``put_person`` and each
UI logs in as its own person (a URL per login)."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from urllib.parse import quote

from textual.widgets import Input, Select, Static, TextArea
from tui_helpers import detail_of, fixed_today, loaded, notices, screen_text, until

import riskreg
from riskreg import Operation
from riskreg.server.admin import put_person
from tui.app import RiskregApp
from tui.modals.edit_risk import EditRiskModal
from tui.modals.submission import TakeSubmissionModal
from tui.modals.submit_risk import SubmitRiskModal
from tui.screens.home import HomeScreen
from tui.screens.risks import RisksScreen
from tui.screens.submissions import SubmissionsScreen

VANERSBORG = "1487"
SUBMITTED_TITLE = "Ofullständig läkemedelslista vid vårdövergång från NÄL"


def login_url(admin_url: str, login: str) -> str:
    return admin_url.replace("postgresql://postgres@", f"postgresql://{quote(login)}@")


def app_as(url: str, *, lang: str = "sv", start: str | None = None) -> RiskregApp:
    return RiskregApp(url, lang=lang, today=fixed_today, poll_interval=0.5, start=start)


def error_text(modal: object) -> str:
    return str(modal.query_one("#error", Static).render())  # type: ignore[attr-defined]


def make_register(register_path: Path, pg_url: str) -> tuple[str, str]:
    """The example register on the server with Vänersborg's actions, Pia (Vänersborg's
    project lead) and Anna (central team); their URLs."""
    riskreg.copy_register(register_path, pg_url)
    with riskreg.Register.open(pg_url, today=fixed_today) as admin:
        risk = admin.risk("R-001")
        admin.update_risk("R-001", why="kommunernas åtgärder", actions=[
            *risk.actions,
            riskreg.Action("Rutin för dubbeldokumentation i Vänersborg", owner="MAS Vänersborg",
                           organisation=VANERSBORG, due=date(2026, 11, 1)),
            riskreg.Action("Uddevallas rutin", organisation="1485", due=date(2026, 12, 1))])
    put_person(pg_url, "pia", "Pia Persson", VANERSBORG, "projektledare")
    put_person(pg_url, "anna", "Anna Andersson", "VGR", "redaktor")
    return login_url(pg_url, "pia"), login_url(pg_url, "anna")


def test_pilot_a_project_lead_and_the_central_team_on_a_server(
    register_path: Path, pg_url: str
) -> None:
    pia_url, anna_url = make_register(register_path, pg_url)
    with riskreg.Register.open(pg_url, today=fixed_today) as admin:
        report = riskreg.recipient_reports(admin, [VANERSBORG])[0]
    expected_risks = {item.key for item in report.risks}
    expected_own = {item.key for item in report.risks if item.reported}
    with riskreg.Register.open(pia_url, today=fixed_today) as reg:
        refusal = reg.may(Operation.EDIT, "R-001").message("sv")
    state: dict[str, object] = {}

    async def scenario() -> None:
        pia = app_as(pia_url)
        async with pia.run_test(size=(120, 36)) as p:
            # 1. her start page: what Vänersborg's report holds, marking what it reported
            home = await loaded(p, HomeScreen, "#home-risks")
            assert "som Pia Persson (projektledare, Vänersborg)" in screen_text(pia)
            risks = home.query_one("#home-risks")
            assert set(risks.keys) == expected_risks
            assert {r.key for r in risks.rows if r.reported} == expected_own
            actions = home.query_one("#home-actions")
            assert [(a.key, a.action.text, a.overdue) for a in actions.rows] == [
                ("R-001", "Rutin för dubbeldokumentation i Vänersborg", True)]
            uncertain = [d.key for d in home.page.uncertain]
            assert uncertain and all(d in home.query_one("#home-decisions").keys
                                     for d in uncertain)
            await p.press("m")  # what changed so far: seen
            await until(p, lambda: home.page.last_seen == pia.info.revision, "marked seen")
            seen_at = home.page.last_seen

            # 2. an edit she may not make: refused in one line, no form
            await p.press("2")
            screen = await loaded(p, RisksScreen)
            assert screen.table.select_key("R-001")
            await detail_of(p, "R-001")
            await p.press("e")
            await until(p, lambda: refusal in notices(pia), "the refusal, in one line")
            assert "\n" not in refusal and not isinstance(pia.screen, EditRiskModal)
            assert screen.check_action("review", ()) is False  # not even offered

            # 3. she submits a risk of Vänersborg's own in the UI
            await p.press("0")
            await loaded(p, HomeScreen, "#home-risks")
            await p.press("i")
            await until(p, lambda: isinstance(pia.screen, SubmitRiskModal), "submit form")
            form = pia.screen
            form.query_one("#title", Input).value = SUBMITTED_TITLE
            await p.press("ctrl+s")  # no area yet: refused by the form, what was typed stays
            await until(p, lambda: "Område" in error_text(form), "area required")
            assert form.query_one("#title", Input).value == SUBMITTED_TITLE
            form.query_one("#area", Select).value = "informationsoverforing"
            form.query_one("#inherent-l", Select).value = 3
            form.query_one("#inherent-i", Select).value = 3
            form.query_one("#description", TextArea).text = (
                "Läkemedelslistan är ofullständig när patienten skrivs ut från NÄL till "
                "hemsjukvården i Vänersborg.")
            form.query_one("#consequences", TextArea).text = "Fel läkemedel ges\nDubbelarbete"
            await p.press("ctrl+s")
            await until(p, lambda: isinstance(pia.screen, HomeScreen), "submitted")
            submissions = home.query_one("#home-submissions")
            await until(p, lambda: [r.risk.title for r in submissions.rows] == [SUBMITTED_TITLE],
                        "her submission on her page")
            key = submissions.rows[0].key
            state["key"] = key

            # 4. the central team's UI sees it, and matches it into the suggested joint risk
            anna = app_as(anna_url, start="submissions")
            async with anna.run_test(size=(120, 36)) as a:
                queue = await loaded(a, SubmissionsScreen)
                assert queue.table.keys == [key]
                await until(a, lambda: queue.matches is not None, "matches")
                best = queue.matches[0][0].key  # type: ignore[index]
                state["best"] = best
                await a.press("m")
                await until(a, lambda: isinstance(anna.screen, TakeSubmissionModal), "take form")
                take = anna.screen
                assert take.query_one("#into", Select).value == best
                take.query_one("#why", Input).value = "Samma risk som den gemensamma"
                await a.press("ctrl+s")
                await until(a, lambda: isinstance(anna.screen, SubmissionsScreen), "taken")
                await until(a, lambda: queue.table.row_count == 0, "queue empty")

            # 5. her page follows: no pending submission, the joint risk reported by her
            #    municipality, and the change among what is new since she looked
            await until(p, lambda: not submissions.rows, "her page updated", timeout=15)
            await until(p, lambda: best in {r.key for r in home.page.risks if r.reported},
                        "joint risk now hers too")
            assert best in {c.key for c in home.page.changed}
            state["shown"] = pia.shown_revision
            assert home.page.last_seen == seen_at

    asyncio.run(scenario())
    key, best = str(state["key"]), str(state["best"])
    print(f"submitted {key}, matched into {best}; refused edit: {refusal}")
    with riskreg.Register.open(pg_url) as admin:
        joint = admin.risk(best)
        assert VANERSBORG in joint.reported_by
        assert key not in admin
        history = admin.history(best)
        assert (history[-1].action, history[-1].user) == ("take", "Anna Andersson")
        submitted = [c for c in admin.history(key) if c.action == "submit"]
        assert [c.user for c in submitted] == ["Pia Persson"]
    with riskreg.Register.open(pia_url) as reg:  # leaving the app marked what she had seen
        assert reg.last_seen() == state["shown"]


def test_a_change_the_server_refuses_is_said_in_one_line_and_the_form_keeps_it(
    register_path: Path, pg_url: str
) -> None:
    """Pia's role is changed to reader while her UI is open (the server knows, her UI not
    yet): her submission is refused by the server, in one line in the form, which keeps what
    she typed."""
    pia_url, _anna_url = make_register(register_path, pg_url)

    async def scenario() -> None:
        pia = app_as(pia_url, lang="en")
        async with pia.run_test(size=(120, 36)) as p:
            await loaded(p, HomeScreen, "#home-risks")
            put_person(pg_url, "pia", "Pia Persson", VANERSBORG, "lasare")
            await p.press("i")
            await until(p, lambda: isinstance(pia.screen, SubmitRiskModal), "submit form")
            form = pia.screen
            form.query_one("#title", Input).value = SUBMITTED_TITLE
            form.query_one("#area", Select).value = "informationsoverforing"
            form.query_one("#inherent-l", Select).value = 2
            form.query_one("#inherent-i", Select).value = 3
            await p.press("ctrl+s")
            await until(p, lambda: error_text(form) != "", "refused")
            text = error_text(form)
            assert "\n" not in text and "role does not allow" in text, text
            print(f"the server refused: {text}")
            assert isinstance(pia.screen, SubmitRiskModal)
            assert form.query_one("#title", Input).value == SUBMITTED_TITLE

    asyncio.run(scenario())
    with riskreg.Register.open(pg_url) as admin:
        assert admin.submissions() == []
