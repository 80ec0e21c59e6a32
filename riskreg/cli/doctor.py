"""``riskreg doctor``: diagnose a register file, and restore it from its newest good backup."""

from __future__ import annotations

import click

from riskreg.cli import options
from riskreg.cli.core import EXIT_FINDINGS, State, echo_json, fail
from riskreg.cli.localized import command, option
from riskreg.cli.text import action_word
from riskreg.messages import N_


@command(help=N_("cli.help.doctor"))
@option("--restore", "do_restore", is_flag=True,
              help=N_("cli.help.doctor.do_restore"))
@options.as_json
@click.pass_context
def doctor(ctx: click.Context, do_restore: bool, as_json: bool) -> None:
    """Diagnose the register file; with --restore, restore it from its newest good backup.

    Exit code 0 if the file is sound (or was restored), 1 if it is damaged
    (without --restore), 2 if it cannot be restored.
    """
    from riskreg.doctor import diagnose, repair_history, restore
    from riskreg.locations import is_url

    state: State = ctx.obj
    t = state.t
    if is_url(state.db):
        _doctor_server(ctx, state, do_restore, as_json)
        return
    if do_restore:
        recovery = restore(state.db_path)
        noted = repair_history(state.db_path)
        if recovery is None:
            if as_json:
                echo_json({"ok": True, "restored": False, "path": str(state.db_path.absolute()),
                           "history_loss_noted": noted})
            elif noted:
                click.echo(state.tn("doctor.history_noted", "doctor.history_noted.plural", noted,
                                   path=str(state.db)))
            else:
                click.echo(t("doctor.nothing_to_restore", path=str(state.db)))
            return
        if as_json:
            echo_json({
                "ok": True, "restored": True, "path": str(recovery.path),
                "backup": str(recovery.backup), "backup_rev": recovery.backup_rev,
                "rev": recovery.rev, "header_known": recovery.header_known,
                "replayed": [{"rev": r.rev, "seq": r.seq, "action": r.action, "key": r.key,
                              "user": r.user, "at": r.at} for r in recovery.replayed],
                "not_replayed": recovery.not_replayed,
                "damaged_copy": str(recovery.damaged_copy) if recovery.damaged_copy else None,
                "unreplayed_copy":
                    str(recovery.unreplayed_copy) if recovery.unreplayed_copy else None,
                "removed_temp_files": recovery.removed_temp_files,
                "history_loss_noted": noted,
            })
            return
        click.echo(state.tn("doctor.restored", "doctor.restored.plural", len(recovery.replayed),
                            path=str(state.db), backup=str(recovery.backup),
                            backup_rev=recovery.backup_rev, rev=recovery.rev))
        for r in recovery.replayed:
            click.echo(t("doctor.replayed", seq=r.seq, action=action_word(state, r.action),
                         key=r.key, user=r.user, at=r.at))
        if not recovery.header_known and recovery.replayed:
            click.echo(t("doctor.header_unknown"))
        if recovery.not_replayed and recovery.unreplayed_copy is not None:
            click.echo(state.tn("doctor.not_replayed", "doctor.not_replayed.plural",
                                recovery.not_replayed, path=str(recovery.unreplayed_copy)))
        if recovery.damaged_copy is not None:
            click.echo(t("doctor.damaged_kept", path=str(recovery.damaged_copy)))
        if recovery.removed_temp_files:
            click.echo(state.tn("doctor.temp_removed", "doctor.temp_removed.plural",
                                recovery.removed_temp_files))
        if noted:
            click.echo(state.tn("doctor.history_noted", "doctor.history_noted.plural", noted,
                                   path=str(state.db)))
        return
    found = diagnose(state.db_path)
    good = found.newest_good
    if as_json:
        echo_json({
            "ok": found.ok, "path": str(found.path), "problem": _text(found.problem),
            "rev": found.rev, "changes": found.changes,
            "history_entries": found.history_entries,
            "newest_good_backup": str(good.path) if good else None,
            "newest_good_backup_rev": good.rev if good else None,
            "replayable": found.replayable,
            "backups": [{"path": str(b.path), "rev": b.rev, "ok": b.ok, "checked": b.checked,
                         "problem": _text(b.problem)} for b in found.backups],
            "stale_temp_files": [str(f) for f in found.stale_temp_files],
            "history_missing": found.history_missing, "history_lost": found.history_lost,
        })
    elif found.problem is None and found.history_missing:
        click.echo(t("doctor.history_missing", path=str(state.db), count=found.history_missing,
                     changes=found.changes))
    elif found.ok:
        click.echo(state.tn("doctor.sound", "doctor.sound.plural", found.changes or 0,
                            path=str(state.db), rev=found.rev))
        if found.history_lost:
            click.echo(state.tn("doctor.history_lost", "doctor.history_lost.plural",
                                found.history_lost))
        click.echo(t("doctor.backups", count=len(found.backups),
                     folder=str(found.path.with_name(found.path.name + ".backups"))))
    else:
        folder = str(found.path.with_name(found.path.name + ".backups"))
        click.echo(t("doctor.problem", path=str(state.db), problem=found.problem))
        for b in found.backups:
            if b.checked and b.problem is not None:
                click.echo(t("doctor.backup_bad", backup=str(b.path), problem=b.problem))
        if good is not None:
            click.echo(state.tn("doctor.newest_good", "doctor.newest_good.plural",
                                found.replayable, backup=str(good.path), rev=good.rev))
            click.echo(t("doctor.hint"))
        else:
            click.echo(t("doctor.no_good_backup", folder=folder))
    if found.stale_temp_files and not as_json:
        click.echo(state.tn("doctor.temp_files", "doctor.temp_files.plural",
                            len(found.stale_temp_files)))
    if not found.ok:
        ctx.exit(EXIT_FINDINGS)


def _doctor_server(ctx: click.Context, state: State, do_restore: bool, as_json: bool) -> None:
    """doctor for a register on a server: it opens, every record is valid, check runs. The
    way back from damage there is the database's own backups, not riskreg's."""
    from riskreg.doctor import validate_register

    if do_restore:
        fail(ctx, "doctor.server_restore")
    with state.open() as reg:
        problem = validate_register(reg)
        if as_json:
            echo_json({"ok": problem is None, "path": reg.location, "problem": _text(problem),
                       "rev": reg.revision, "changes": len(reg.history())})
        elif problem is None:
            click.echo(state.t("doctor.sound", path=reg.location, rev=reg.revision,
                               changes=len(reg.history())))
        else:
            click.echo(state.t("doctor.problem", path=reg.location, problem=problem))
    if problem is not None:
        ctx.exit(EXIT_FINDINGS)


def _text(problem: object) -> str | None:
    """A problem for JSON: its English words (a Phrase's), or None."""
    return None if problem is None else str(problem)
