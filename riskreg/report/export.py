"""Export the status reports: one file per recipient and format, an index, a manifest, an edition.

    manifest = riskreg.export_reports(reg, "out", recipients="association:Fyrbodal",
                                      formats=("html", "xlsx"), lang="sv")

``out`` holds one edition, whole: it must be empty (or new), or hold an earlier
export and nothing else (what its ``manifest.json`` lists, and the files of an
export of this register that was interrupted). An earlier export's folder is taken
over: the new edition's files replace it, the earlier files it does not write again
are removed before the new ``manifest.json`` is written, so index, manifest and
reports always belong to one edition. A folder holding any other file is refused
before anything is written (hidden files and subfolders, such as the staging
folders or the messages of a dry run of ``riskreg send``, are left alone). To keep
each edition's files, give each export a folder of its own.

Files are rendered into a hidden staging folder inside ``out`` and synced to disk;
the edition is recorded in the register as incomplete (its number taken); the
files are moved into place and the folder synced, ``manifest.json`` is written
last; only then is the edition recorded as complete. A failure before the first
record leaves ``out`` as it was and the register untouched; an export killed
after it leaves an incomplete edition that ``check`` reports and that does not
count as received, and its staging folder is removed by the next export into
the same folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import frozen

from riskreg.bidi import escape_json
from riskreg.editions import Edition, EditionFile
from riskreg.errors import ValidationError
from riskreg.files import write_error
from riskreg.messages import OsProblem, resolve_language, translate_n
from riskreg.model import Organisation, ScopeKind
from riskreg.organisations import REGION_CODE
from riskreg.register import Register
from riskreg.report.build import build_reports
from riskreg.report.model import Report
from riskreg.report.text import Words, safe_file_name
from riskreg.sharing import shared_content_hash
from riskreg.store import write_atomically

FORMATS = ("md", "html", "csv", "xlsx", "json")
EXTENSIONS = {"md": "md", "html": "html", "csv": "csv", "xlsx": "xlsx", "json": "json"}
INDEX_NAME = "index.html"
MANIFEST_NAME = "manifest.json"
MANIFEST_FORMAT = "riskreg.export-manifest/1"

#: ``progress(done, total, recipient)`` after each recipient's files are rendered.
Progress = Callable[[int, int, Organisation], None]


@frozen
class Manifest:
    """What an export wrote: the edition, the recipients, every file with its SHA-256."""

    edition: int
    generated_at: datetime
    generated_by: str
    register_name: str
    register_hash: str
    lang: str
    formats: tuple[str, ...]
    recipients: tuple[Organisation, ...]
    files: tuple[EditionFile, ...]
    out: Path
    recorded: bool
    #: the edition whose files were in ``out`` before and were replaced (None: none was)
    replaced: int | None = None

    @property
    def path(self) -> Path:
        """Where ``manifest.json`` was written."""
        return self.out / MANIFEST_NAME

    def to_doc(self) -> dict[str, Any]:
        """The manifest as written to ``manifest.json``."""
        return {
            "format": MANIFEST_FORMAT,
            "edition": self.edition,
            "recorded": self.recorded,
            "generated_at": self.generated_at.isoformat(),
            "generated_by": self.generated_by,
            "register": {"name": self.register_name, "content_hash": self.register_hash},
            "lang": self.lang,
            "formats": list(self.formats),
            "recipients": [
                {"code": o.code, "name": o.name, "association": o.association,
                 "care_area": o.care_area,
                 "files": [f.path for f in self.files if f.recipient == o.code]}
                for o in self.recipients
            ],
            "files": [
                {"path": f.path, "format": f.format, "recipient": f.recipient or None,
                 "sha256": f.sha256, "size": f.size}
                for f in self.files
            ],
        }


def parse_formats(formats: str | Iterable[str] | None) -> tuple[str, ...]:
    """Formats as given (``"md,html"`` or a list), checked, in the canonical order."""
    if formats is None:
        return FORMATS
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = {f.strip().lower() for f in items if f.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise ValidationError("error.export.format", value=",".join(unknown) or "",
                              allowed=", ".join(FORMATS))
    return tuple(f for f in FORMATS if f in chosen)


def select_recipients(
    register: Register, spec: str | Sequence[str | Organisation] | None = None
) -> list[Organisation]:
    """The recipients, by code: ``all`` (every municipality), codes or names separated by commas,
    ``association:NAME``, ``area:NAME`` (a care area), or a list of codes/organisations; the
    words in Swedish too (``alla``, ``kommunalförbund:NAMN``, ``vårdsamverkan:NAMN``)."""
    from riskreg.scopes import scope_kind

    directory = register.directory
    if spec is None or (isinstance(spec, str) and (
            not spec.strip() or scope_kind(spec) is ScopeKind.ALL)):
        found = directory.municipalities()
    elif isinstance(spec, str) and ":" in spec:
        head, _, name = spec.partition(":")
        kind = scope_kind(head)  # in either language: association, kommunalförbund...
        wanted = name.strip().casefold()
        if kind is ScopeKind.ASSOCIATION:
            found = [o for o in directory.municipalities() if o.association.casefold() == wanted]
        elif kind is ScopeKind.CARE_AREA:
            found = [o for o in directory.municipalities() if o.care_area.casefold() == wanted]
        else:
            raise ValidationError("error.export.no_recipients", spec=spec)
    else:
        items = spec.split(",") if isinstance(spec, str) else list(spec)
        found = []
        for item in items:
            if isinstance(item, Organisation):
                found.append(item)
            elif item.strip():
                found.append(directory.get(item.strip()))
    unique = {o.code: o for o in found}
    if not unique:
        raise ValidationError("error.export.no_recipients", spec=str(spec))
    return sorted(unique.values(), key=lambda o: (o.code == REGION_CODE, o.code))


@frozen
class RecipientGroup:
    """A ready-made choice of recipients: every municipality, an association or a care area.

    ``spec`` is what :func:`select_recipients` (and ``riskreg export --to``) takes.
    """

    kind: str  # "all", "association" or "care_area"
    name: str
    spec: str
    codes: tuple[str, ...]


def recipient_groups(register: Register) -> list[RecipientGroup]:
    """Every municipality, then each municipal association and each care area, by name."""
    towns = register.directory.municipalities()
    groups = [RecipientGroup("all", "", "all", tuple(sorted(o.code for o in towns)))]
    for kind, attribute, prefix in (("association", "association", "association"),
                                    ("care_area", "care_area", "area")):
        names = sorted({getattr(o, attribute) for o in towns if getattr(o, attribute)},
                       key=str.casefold)
        for name in names:
            spec = f"{prefix}:{name}"
            codes = tuple(o.code for o in select_recipients(register, spec))
            groups.append(RecipientGroup(kind, name, spec, codes))
    return groups


def _renderers() -> dict[str, Callable[[Report, Words], bytes]]:
    """Fresh renderers for one export (each keeps a cache of blocks reused across recipients)."""
    from riskreg.report.render_json import JsonRenderer
    from riskreg.report.render_tabular import CsvRenderer, XlsxRenderer
    from riskreg.report.render_text import HtmlRenderer, MarkdownRenderer

    html, markdown = HtmlRenderer(), MarkdownRenderer()
    return {
        "md": lambda r, w: markdown(r, w).encode("utf-8"),
        "html": lambda r, w: html(r, w).encode("utf-8"),
        "csv": CsvRenderer(),
        "xlsx": XlsxRenderer(),
        "json": JsonRenderer(),
    }


def export_reports(
    register: Register,
    out_dir: str | os.PathLike[str],
    *,
    recipients: str | Sequence[str | Organisation] | None = None,
    formats: str | Iterable[str] | None = None,
    lang: str | None = None,
    progress: Progress | None = None,
    record: bool = True,
    generated_by: str | None = None,
    now: datetime | None = None,
    why: str = "",
) -> Manifest:
    """Write one report per recipient and format into ``out_dir``, with ``index.html`` and
    ``manifest.json``, and record the edition in the register (unless ``record=False``: a
    preview, marked as such and not in the log).

    Returns the :class:`Manifest`. Reports hold only shared items whose scope concerns
    the recipient; what changed is measured against each recipient's previous edition.
    """
    lang = resolve_language(lang)
    chosen_formats = parse_formats(formats)
    orgs = select_recipients(register, recipients)
    _may_export(register, orgs, record)
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError("error.export.out", path=str(out),
                              problem=OsProblem.of(exc)) from None
    out = out.resolve()
    register.refresh()
    earlier = _earlier_export(out, register)
    editions = register.editions()
    number = editions[-1].number + 1 if editions else 1
    generated_at = (now or datetime.now().astimezone()).replace(microsecond=0)
    by = generated_by or register.user
    register_hash = shared_content_hash(register)  # what leaves: the shared content only
    reports, snapshot = build_reports(
        register, orgs, edition=number, generated_at=generated_at, generated_by=by,
        recorded=record,
    )
    words = Words(lang, register.matrix, {o.code: o.name for o in register.directory})
    render = _renderers()
    _remove_stale_staging(out)
    try:
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(os.getpid()), dir=out))
    except OSError as exc:
        raise ValidationError("error.export.out", path=str(out),
                              problem=OsProblem.of(exc)) from None
    try:
        files: list[EditionFile] = []
        index_rows = []
        for done, report in enumerate(reports, 1):
            org = report.recipient
            row_files = []
            for fmt in chosen_formats:
                name = safe_file_name(org.code, org.name, EXTENSIONS[fmt])
                files.append(_stage(staging, name, render[fmt](report, words), fmt, org.code))
                row_files.append((fmt, name))
            index_rows.append({
                "code": org.code, "name": org.name, "association": org.association,
                "care_area": org.care_area, "open_risks": len(report.open_risks),
                "changes": report.changes.count, "files": row_files,
            })
            if progress is not None:
                progress(done, len(reports), org)
        from riskreg.report.render_text import render_index

        index = render_index(index_rows, words, edition=number, generated_at=generated_at,
                             generated_by=by, register_name=register.name,
                             register_hash=register_hash, recorded=record)
        files.append(_stage(staging, INDEX_NAME, index.encode("utf-8"), "html", ""))
        manifest = Manifest(
            edition=number, generated_at=generated_at, generated_by=by,
            register_name=register.name, register_hash=register_hash, lang=lang,
            formats=chosen_formats, recipients=tuple(orgs), files=tuple(files), out=out,
            recorded=record, replaced=earlier.edition,
        )
        payload = (escape_json(json.dumps(manifest.to_doc(), ensure_ascii=False, indent=2))
                   + "\n").encode()
        _sync(staging)
        why = why or translate_n("report.edition.why", "report.edition.why.plural", len(orgs),
                                 lang, formats=", ".join(chosen_formats))
        if record:  # takes the number; the edition counts as received only once complete
            register.record_edition(
                Edition(
                    number=number, at=generated_at, by=by,
                    register_hash=register.content_hash(),  # the log stays inside: all content
                    lang=lang, formats=chosen_formats, recipients=tuple(o.code for o in orgs),
                    snapshot=snapshot.id, files=tuple(files),
                    manifest_sha256=hashlib.sha256(payload).hexdigest(), complete=False,
                ),
                snapshot,
                why=why,
            )
        for f in files:
            _move(staging / f.path, _inside(out, f.path))
        written = {f.path for f in files}
        for name in sorted(earlier.files - written):  # the earlier edition's, not written now
            with contextlib.suppress(FileNotFoundError):
                _inside(out, name).unlink()
        _sync(out)
        write_atomically(_inside(out, MANIFEST_NAME), payload)
        if record:
            register.complete_edition(number, why=why)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


@frozen
class _Earlier:
    """What an earlier export left in the folder: its edition (None: unknown or none) and the
    names of its files (without ``manifest.json``)."""

    edition: int | None
    files: frozenset[str]


def _earlier_export(out: Path, register: Register) -> _Earlier:
    """The earlier export in ``out``; refused (nothing written) when ``out`` holds any other
    file. Hidden names and folders are not looked at (staging folders, a desktop's own
    files, the messages a dry run of ``riskreg send`` wrote beside its export)."""
    try:
        names = {e.name for e in os.scandir(out)
                 if not e.name.startswith(".") and not e.is_dir()}
    except OSError as exc:
        raise ValidationError("error.export.out", path=str(out),
                              problem=exc.strerror or str(exc)) from None
    if not names:
        return _Earlier(None, frozenset())
    listed: set[str] = set()
    edition: int | None = None
    try:
        doc = json.loads((out / MANIFEST_NAME).read_bytes())
        if isinstance(doc, dict) and doc.get("format") == MANIFEST_FORMAT:
            listed = {str(f["path"]) for f in doc.get("files", []) if isinstance(f, dict)}
            found = doc.get("edition")
            edition = found if isinstance(found, int) and not isinstance(found, bool) else None
            listed.add(MANIFEST_NAME)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    # an export of this register killed while moving its files in: they are in its record
    for logged in register.editions():
        if not logged.complete:
            listed.update(f.path for f in logged.files)
    strays = sorted(names - listed, key=str.casefold)
    if strays:
        raise ValidationError("error.export.not_an_export", path=str(out), name=strays[0],
                              more=len(strays) - 1)
    return _Earlier(edition, frozenset((names & listed) - {MANIFEST_NAME}))


_STAGING = ".riskreg-export-"


def _staging_prefix(pid: int) -> str:
    """Staging folders are named by host and process, so a later export can tell one that a
    killed export left from one still in use."""
    host = "".join(c for c in socket.gethostname() if c.isalnum() or c in "-.")[:40] or "host"
    return f"{_STAGING}{host}-{pid}-"


def _remove_stale_staging(out: Path) -> None:
    """Remove the staging folders of killed exports on this host (and of riskreg versions
    that did not name them by process), leaving those of live exports alone."""
    here = _staging_prefix(0)[: -len("0-")]
    try:
        names = [n for n in os.listdir(out) if n.startswith(_STAGING)]
    except OSError:
        return
    for name in names:
        if name.startswith(here):
            pid_text = name[len(here):].split("-", 1)[0]
            if pid_text.isdigit() and _alive(int(pid_text)):
                continue
        elif name.count("-") > 3:  # another host's export on a shared folder: not ours to judge
            continue
        shutil.rmtree(out / name, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sync(folder: Path) -> None:
    """fsync a folder, so the names of the files just written or moved in it are durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move(source: Path, target: Path) -> None:
    try:
        os.replace(source, target)
    except OSError as exc:
        raise ValidationError("error.export.out", path=str(target),
                              problem=OsProblem.of(exc)) from None


def _may_export(register: Register, orgs: Sequence[Organisation], record: bool) -> None:
    """Refuse, before anything is written, an export the person may not make: reports to
    organisations not theirs, or (for all but the central team) recording it in the log."""
    from riskreg.access import Operation

    for org in orgs:
        verdict = register.may(Operation.EXPORT, organisation=org.code)
        if not verdict:
            raise verdict.error()
    if record:
        verdict = register.may(Operation.RECORD_EDITION)
        if not verdict:
            raise verdict.error()


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused unless it is a plain file name directly inside ``folder``."""
    target = folder / name
    if os.sep in name or "/" in name or name.startswith(".") or target.parent != folder:
        raise ValidationError("error.export.out", path=str(target), problem="unsafe file name")
    return target


def _stage(staging: Path, name: str, data: bytes, fmt: str, recipient: str) -> EditionFile:
    """Write one file into the staging folder; a failure names the file it was to become."""
    path = _inside(staging, name)
    try:
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:  # disk full, file too large: the error has no file name of its own
        raise write_error(staging.parent / name, exc) from exc
    return EditionFile(name, fmt, recipient, hashlib.sha256(data).hexdigest(), len(data))


def recipient_reports(
    register: Register, recipients: str | Sequence[str | Organisation] | None = None
) -> list[Report]:
    """The reports an export would write now, as data (nothing written, nothing recorded):
    what each recipient sees, computed from the shared items that concern it alone."""
    orgs = select_recipients(register, recipients)
    editions = register.editions()
    number = editions[-1].number + 1 if editions else 1
    reports, _snapshot = build_reports(
        register, orgs, edition=number, generated_at=datetime.now().astimezone(),
        generated_by=register.user, recorded=False,
    )
    return reports


build_only = recipient_reports  # its earlier name (tests/test_trust_export.py uses it)

