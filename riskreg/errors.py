"""The one hierarchy of riskreg errors.

Every error carries a message key of the catalogue (:mod:`riskreg.messages`)
and its parameters, so the CLI and the TUI can show it in the user's language;
``str(error)`` gives the English text for logs and scripts.
"""

from __future__ import annotations

from typing import Any

from riskreg.messages import N_, Choices


class RiskregError(Exception):
    """Base class of every error riskreg raises on purpose."""

    message_key = N_("error.generic")

    def __init__(self, message_key: str | None = None, /, **params: Any) -> None:
        self.key = message_key or self.message_key
        self.params = params
        super().__init__(self.message("en"))

    def phrase(self) -> Any:
        """The error as a :class:`~riskreg.messages.Phrase`, to pass as another message's
        parameter (worded in the reader's language along with it)."""
        from riskreg.messages import Phrase

        return Phrase(self.key, tuple(sorted(self.params.items())))

    def message(self, lang: str = "sv") -> str:
        """The one-line message in ``lang`` ("sv" or "en")."""
        from riskreg.messages import translate

        return translate(self.key, lang, **self.params)


class ValidationError(RiskregError, ValueError):
    """A value does not fit the model (bad key, date, scale value, missing field)."""

    message_key = N_("error.invalid")


class NotFoundError(RiskregError, KeyError):
    """No risk, decision, area or organisation has that key."""

    message_key = N_("error.not_found")

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message("en")


class DuplicateKeyError(RiskregError):
    """An item with that key already exists."""

    message_key = N_("error.duplicate")


class LinkError(RiskregError):
    """A link is refused (missing key, wrong kinds, cycle, duplicate)."""

    message_key = N_("error.link")


class StorageError(RiskregError):
    """The register file could not be read or written."""

    message_key = N_("error.storage")


class RegisterNotFoundError(StorageError):
    """There is no register file at the path."""

    message_key = N_("error.register_missing")


class RegisterExistsError(StorageError):
    """A register file already exists where a new one was to be created."""

    message_key = N_("error.register_exists")


class CorruptRegisterError(StorageError):
    """The register file is empty, torn, not JSON, or holds invalid data."""

    message_key = N_("error.corrupt")


class SchemaVersionError(StorageError):
    """The file was written by a newer riskreg, or has an unknown schema."""

    message_key = N_("error.schema")


class AccessError(RiskregError):
    """The person's role does not allow this (refused by riskreg, or by the server itself);
    nothing was written. Refused by riskreg (:mod:`riskreg.access`), the message
    (``error.access.*``) says in one line what the role may not do and why."""

    message_key = N_("error.access")


class ConflictError(RiskregError):
    """Someone else changed the item since it was read; nothing was written."""

    message_key = N_("error.conflict")


class UndoError(RiskregError):
    """Undo refused: nothing to undo, or a change undo does not take back (see
    :mod:`riskreg.undo`); nothing was written."""

    message_key = N_("error.undo.nothing")


class UndoConflictError(UndoError, ConflictError):
    """Undo refused: someone else changed one of the change's items since; nothing was
    written (their change stays)."""

    message_key = N_("error.undo.changed_since")


class LockTimeoutError(StorageError):
    """Another process holds the register lock for too long."""

    message_key = N_("error.locked")


class NotDurableError(StorageError):
    """The change is written and visible, but the folder could not be synced to disk."""

    message_key = N_("error.not_durable")


class LocalServerError(RiskregError):
    """The throwaway local PostgreSQL server (:mod:`riskreg.server.local`) failed to set up,
    start or stop; the message holds the last lines of its log where there is one."""

    message_key = N_("error.local_server")


class PostgresUnavailableError(LocalServerError):
    """This machine lacks what a local PostgreSQL server needs: PostgreSQL's programs, the
    psycopg driver, or (when running as root) an unprivileged user to run the server as."""

    message_key = N_("error.postgres_missing")


def choice(cls: Any, value: Any) -> Any:
    """``value`` as a member of the enum ``cls``; a :class:`ValidationError` naming the values
    allowed (in the reader's words) if it is none."""
    try:
        return cls(value)
    except ValueError:
        raise ValidationError("error.bad_choice", value=str(value),
                              allowed=Choices.of(cls)) from None

