"""Who may do what: the access matrix of a shared register as one function, :func:`allowed`.

A person (:class:`~riskreg.model.Person`) has an organisation and a role. What each role may
do:

=========================================== ========= ========= ============= ======
operation                                   redaktör  bedömare  projektledare läsare
=========================================== ========= ========= ============= ======
read a shared item concerning own org       yes       yes       yes           yes
read a shared item not concerning own org   yes       yes       no            no
read an internal item                       yes       decisions no            no
read own organisation's submission          yes       no        yes           yes
read another organisation's submission      yes       no        no            no
add / edit / remove risks and decisions     yes       no        no            no
assess a decision, mark a decision reviewed yes       yes       no            no
link / unlink                               yes       no        no            no
mark a risk reviewed                        yes       no        no            no
submit own organisation's risk              yes       no        yes           no
edit / withdraw own pending submission      yes       no        yes           no
take a submission into the joint analysis   yes       no        no            no
recognise a joint risk for own organisation yes       no        yes           no
update the status of own org's action       yes       no        yes           no
add a note on a readable item               yes       yes       yes           no
propose acceptance                          yes       no        no            no
approve acceptance (not own proposal)       yes       no        no            no
export                                      yes       no        own org only  no
record an export in the edition log        yes       no        no            no
user administration                         yes       no        no            no
=========================================== ========= ========= ============= ======

"Concerning" is the export's rule, :meth:`riskreg.model.Scope.concerns` with the
organisation's association and care area from the directory: what a project lead reads is
exactly what their organisation's report is made of (one rule, two uses). Every operation on
an item also needs the item to be readable. Notes are read by their own organisation,
editors and assessors.

``person is None`` is a register without people (the file store: one user, whose access is
the file's permissions; a superuser on the server): everything is allowed. The server
enforces the same table itself (row-level security); this module gives the client the same
answers up front, for clear messages and for offering only what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from attrs import field, frozen

from riskreg.errors import AccessError
from riskreg.messages import N_, Term, translate
from riskreg.model import (
    Action,
    Decision,
    Note,
    Organisation,
    Person,
    Risk,
    Role,
    Visibility,
)
from riskreg.organisations import Directory
from riskreg.words import word_id


class Operation(StrEnum):
    """The operations of the access matrix (one per row, reading aside)."""

    READ = "read"
    ADD = "add"  # add a risk, decision or area
    EDIT = "edit"  # change a risk or decision (a submission: see EDIT_SUBMISSION)
    REMOVE = "remove"
    ASSESS = "assess"  # assess a decision
    REVIEW = "review"  # mark a decision (editors, assessors) or a risk (editors) reviewed
    LINK = "link"  # link and unlink
    SUBMIT = "submit"  # submit a risk of one's own organisation
    EDIT_SUBMISSION = "edit_submission"  # change or withdraw a pending submission
    TAKE_SUBMISSION = "take_submission"  # take a submission into the joint analysis
    RECOGNISE = "recognise"  # record that an organisation recognises a joint risk
    ACTION_STATUS = "action_status"  # update the status of an action
    NOTE = "note"  # add a note on an item
    PROPOSE_ACCEPTANCE = "propose_acceptance"
    APPROVE_ACCEPTANCE = "approve_acceptance"
    EXPORT = "export"  # write a status report (a project lead: their own, as a preview)
    RECORD_EDITION = "record_edition"  # record an export in the register's edition log
    ADMIN = "admin"  # add, list, remove people, change their role
    CONTACTS = "contacts"  # add, change, remove the contacts the status is sent to
    DELIVER = "deliver"  # send messages and write the delivery log


@frozen
class Verdict:
    """Whether an operation is allowed; if not, the message key (``error.access.*``) and its
    parameters saying why. True in a boolean context when allowed."""

    allowed: bool
    reason_key: str = ""
    params: Mapping[str, Any] = field(factory=dict)

    def __bool__(self) -> bool:
        return self.allowed

    def message(self, lang: str | None = None) -> str:
        """Why not, as one line in ``lang`` (empty when allowed)."""
        return translate(self.reason_key, lang, **self.params) if self.reason_key else ""

    def error(self) -> AccessError:
        """The error to raise for a refusal."""
        return AccessError(self.reason_key or N_("error.access"), **self.params)


ALLOWED = Verdict(True)
_EDITORS = frozenset({Role.REDAKTOR})
_ASSESSORS = frozenset({Role.REDAKTOR, Role.BEDOMARE})
_SUBMITTERS = frozenset({Role.REDAKTOR, Role.PROJEKTLEDARE})
_NOTE_WRITERS = frozenset({Role.REDAKTOR, Role.BEDOMARE, Role.PROJEKTLEDARE})
#: operations only an editor may do, with the message of a refusal
_EDITOR_ONLY = {
    Operation.ADD: N_("error.access.edit"),
    Operation.EDIT: N_("error.access.edit"),
    Operation.REMOVE: N_("error.access.edit"),
    Operation.LINK: N_("error.access.link"),
    Operation.TAKE_SUBMISSION: N_("error.access.take"),
    Operation.PROPOSE_ACCEPTANCE: N_("error.access.propose_acceptance"),
    Operation.APPROVE_ACCEPTANCE: N_("error.access.approve_acceptance"),
    Operation.ADMIN: N_("error.access.admin"),
    Operation.CONTACTS: N_("error.access.contacts"),
    Operation.DELIVER: N_("error.access.deliver"),
}


def organisation_of(person: Person, directory: Directory) -> Organisation:
    """The person's organisation from the directory (one the directory lacks is taken as a
    party of its own: only items for everyone concern it)."""
    if person.organisation in directory:
        return directory.get(person.organisation)
    return Organisation(code=person.organisation, name=person.organisation)


def readable(person: Person | None, item: Risk | Decision | Note, directory: Directory) -> bool:
    """Whether ``person`` may read ``item`` (the reading rows of the matrix)."""
    if person is None or person.role is Role.REDAKTOR:
        return True
    if isinstance(item, Note):
        return person.role is Role.BEDOMARE or item.organisation == person.organisation
    visibility = item.visibility
    if person.role is Role.BEDOMARE:
        return visibility is Visibility.SHARED or (
            visibility is Visibility.INTERNAL and isinstance(item, Decision))
    # a project lead, and a reader, read what their organisation's report holds, and its
    # own submissions
    if visibility is Visibility.SUBMITTED:
        return isinstance(item, Risk) and item.submitted_by == person.organisation
    if visibility is not Visibility.SHARED:
        return False
    return item.scope.concerns(organisation_of(person, directory))


def allowed(
    person: Person | None,
    operation: Operation,
    item: Risk | Decision | Note | None = None,
    *,
    directory: Directory | None = None,
    organisation: str | None = None,
    action: Action | None = None,
) -> Verdict:
    """Whether ``person`` may do ``operation`` (on ``item``, when it concerns one).

    ``organisation`` is the organisation (code) an operation acts for, where it names one:
    the submitting organisation (SUBMIT), the one recognising a risk (RECOGNISE), the
    recipient of a report (EXPORT). ``action`` is the action whose status is to change
    (ACTION_STATUS). Without ``item`` (or ``organisation``, ``action``) the answer is whether
    the role may do the operation at all, as a menu would ask. ``person is None``: allowed.
    """
    if person is None:
        return ALLOWED
    directory = directory or Directory()
    role = person.role
    if item is not None and not readable(person, item, directory):
        return _refuse(N_("error.access.read"), person, directory, key=_key_of(item))
    if operation is Operation.READ:
        return ALLOWED
    if operation in (Operation.EDIT, Operation.REMOVE) and _is_submission(item):
        operation = Operation.EDIT_SUBMISSION
    if operation is Operation.APPROVE_ACCEPTANCE and role is Role.REDAKTOR:
        acceptance = item.acceptance if isinstance(item, Risk) else None
        # the proposer as recorded: the person's name (what a server records), or login
        if acceptance is not None and acceptance.proposed_by in (person.name, person.login):
            return _refuse(N_("error.access.approve_own"), person, directory,
                           key=_key_of(item), who=acceptance.proposed_by)
    if role is Role.REDAKTOR:
        return ALLOWED
    refusal = _EDITOR_ONLY.get(operation)
    if refusal is not None:
        return _refuse(refusal, person, directory)
    if operation is Operation.ASSESS:
        return _role_in(_ASSESSORS, N_("error.access.assess"), person, directory)
    if operation is Operation.REVIEW:
        if isinstance(item, Decision):
            return _role_in(_ASSESSORS, N_("error.access.review_decision"), person, directory)
        return _refuse(N_("error.access.review_risk"), person, directory)
    if operation is Operation.NOTE:
        return _role_in(_NOTE_WRITERS, N_("error.access.note"), person, directory)
    if operation is Operation.RECORD_EDITION:
        return _refuse(N_("error.access.record_edition"), person, directory)
    if operation is Operation.EXPORT:
        if role is not Role.PROJEKTLEDARE:
            return _refuse(N_("error.access.export"), person, directory)
        return _own_organisation(N_("error.access.export_other"), person, organisation, directory)
    # the project lead's own rows: submissions, recognition, action status
    if role is not Role.PROJEKTLEDARE:
        reason = {Operation.SUBMIT: N_("error.access.submit"),
                  Operation.EDIT_SUBMISSION: N_("error.access.submission"),
                  Operation.RECOGNISE: N_("error.access.recognise"),
                  Operation.ACTION_STATUS: N_("error.access.action_status")}.get(operation)
        return _refuse(reason or N_("error.access.edit"), person, directory)
    if operation is Operation.SUBMIT:
        return _own_organisation(N_("error.access.submit_other"), person, organisation, directory)
    if operation is Operation.EDIT_SUBMISSION:
        if item is None or _is_submission(item):  # readable, so their organisation's
            return ALLOWED
        return _refuse(N_("error.access.edit"), person, directory)
    if operation is Operation.RECOGNISE:
        return _own_organisation(N_("error.access.recognise_other"), person, organisation,
                                 directory)
    if operation is Operation.ACTION_STATUS:
        owner = action.organisation if action is not None else person.organisation
        if owner == person.organisation:
            return ALLOWED
        return _refuse(N_("error.access.action_other"), person, directory, org=owner or "—")
    return _refuse(N_("error.access.edit"), person, directory)  # pragma: no cover - every row


def _is_submission(item: object) -> bool:
    return isinstance(item, Risk) and item.visibility is Visibility.SUBMITTED


def _key_of(item: Risk | Decision | Note | None) -> str:
    if isinstance(item, Note):
        return item.id
    return item.key if item is not None else ""


def _role_in(roles: frozenset[Role], refusal: str, person: Person,
             directory: Directory, /) -> Verdict:
    return ALLOWED if person.role in roles else _refuse(refusal, person, directory)


def _own_organisation(refusal: str, person: Person, organisation: str | None,
                      directory: Directory) -> Verdict:
    if organisation is None or organisation == person.organisation:
        return ALLOWED
    return _refuse(refusal, person, directory, org=_name(organisation, directory))


def _name(code: str, directory: Directory) -> str:
    return directory.get(code).name if code in directory else code


def _refuse(reason: str, person: Person, directory: Directory, /, **params: Any) -> Verdict:
    own = _name(person.organisation, directory)
    if "org" in params:
        params["org"] = _name(params["org"], directory)
    else:
        params.setdefault("org", own)
    return Verdict(False, reason, {"role": Term(word_id("role", person.role)), "own": own,
                                   **params})


__all__ = ["ALLOWED", "Operation", "Verdict", "allowed", "organisation_of", "readable"]
