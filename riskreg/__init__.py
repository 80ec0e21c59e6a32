"""riskreg: the risk and decision register of the paused Millennium rollout in Västra Götaland.

    import riskreg
    with riskreg.Register.open("riskreg.json") as reg:
        for exposure in reg.graph.exposed_risks():
            print(exposure.key, reg.risk(exposure.key).title)

Everything public is reachable here (explicit ``__all__``); nothing here imports textual.
The names are resolved on first use (PEP 562), so ``import riskreg`` costs almost
nothing and a script or the command line only pays for the modules it touches:
``riskreg.Register`` imports the register, ``riskreg.export_reports`` the report
renderers (jinja2, openpyxl), and so on. Type checkers see the imports below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from riskreg import views
    from riskreg.access import Operation, Verdict
    from riskreg.checks import Finding, Severity, next_review_due
    from riskreg.editions import Edition, EditionFile
    from riskreg.errors import (
        AccessError,
        ConflictError,
        CorruptRegisterError,
        DuplicateKeyError,
        LinkError,
        LockTimeoutError,
        NotDurableError,
        NotFoundError,
        RegisterExistsError,
        RegisterNotFoundError,
        RiskregError,
        SchemaVersionError,
        StorageError,
        UndoConflictError,
        UndoError,
        ValidationError,
    )
    from riskreg.example import build_example, example_sources
    from riskreg.exchange import (
        ImportRejected,
        ImportResult,
        Problem,
        SubmissionResult,
        dump_register,
        import_file,
        import_submission,
        register_doc,
        write_template,
    )
    from riskreg.filters import DecisionFilter, RiskFilter
    from riskreg.graph import (
        EFFECTS,
        Conflict,
        DependencyGraph,
        Effect,
        Exposure,
        Impact,
        Neighbour,
        Prediction,
        RiskFacts,
        Step,
        Supersession,
        Weight,
    )
    from riskreg.home import StartPage, start_page
    from riskreg.matrix import LevelBand, RiskMatrix
    from riskreg.messages import translate, translate_n
    from riskreg.model import (
        Acceptance,
        Action,
        ActionStatus,
        Assessment,
        Category,
        Change,
        Decision,
        ItemKind,
        Link,
        Note,
        Organisation,
        Person,
        Rating,
        Relation,
        ReviewReason,
        Risk,
        RiskStatus,
        Role,
        Scope,
        ScopeKind,
        Validity,
        Visibility,
        kind_of_key,
    )
    from riskreg.organisations import REGION, Directory, municipalities
    from riskreg.register import Register, current_user
    from riskreg.report import Manifest, export_reports, recipient_reports, report_schema
    from riskreg.serialize import from_doc, to_doc
    from riskreg.sharing import shared_content_hash, shared_graph
    from riskreg.storage import open_store, register_exists
    from riskreg.store import open_tinydb
    from riskreg.transfer import CopyResult, copy_register
    from riskreg.undo import Undoable
    from riskreg.words import word

__version__ = "0.1.0"

# Where each public name lives: resolved by __getattr__ on first use, then cached here.
_SOURCES: dict[str, str] = {
    "Operation": "riskreg.access",
    "Verdict": "riskreg.access",
    "Finding": "riskreg.checks",
    "Severity": "riskreg.checks",
    "next_review_due": "riskreg.checks",
    "Edition": "riskreg.editions",
    "EditionFile": "riskreg.editions",
    "AccessError": "riskreg.errors",
    "ConflictError": "riskreg.errors",
    "UndoError": "riskreg.errors",
    "UndoConflictError": "riskreg.errors",
    "Undoable": "riskreg.undo",
    "CorruptRegisterError": "riskreg.errors",
    "DuplicateKeyError": "riskreg.errors",
    "LinkError": "riskreg.errors",
    "LockTimeoutError": "riskreg.errors",
    "NotDurableError": "riskreg.errors",
    "NotFoundError": "riskreg.errors",
    "RegisterExistsError": "riskreg.errors",
    "RegisterNotFoundError": "riskreg.errors",
    "RiskregError": "riskreg.errors",
    "SchemaVersionError": "riskreg.errors",
    "StorageError": "riskreg.errors",
    "ValidationError": "riskreg.errors",
    "build_example": "riskreg.example",
    "example_sources": "riskreg.example",
    "ImportRejected": "riskreg.exchange",
    "ImportResult": "riskreg.exchange",
    "Problem": "riskreg.exchange",
    "SubmissionResult": "riskreg.exchange",
    "dump_register": "riskreg.exchange",
    "import_file": "riskreg.exchange",
    "import_submission": "riskreg.exchange",
    "register_doc": "riskreg.exchange",
    "write_template": "riskreg.exchange",
    "DecisionFilter": "riskreg.filters",
    "RiskFilter": "riskreg.filters",
    "EFFECTS": "riskreg.graph",
    "Conflict": "riskreg.graph",
    "DependencyGraph": "riskreg.graph",
    "Effect": "riskreg.graph",
    "Exposure": "riskreg.graph",
    "Impact": "riskreg.graph",
    "Neighbour": "riskreg.graph",
    "Prediction": "riskreg.graph",
    "RiskFacts": "riskreg.graph",
    "Step": "riskreg.graph",
    "Supersession": "riskreg.graph",
    "Weight": "riskreg.graph",
    "LevelBand": "riskreg.matrix",
    "RiskMatrix": "riskreg.matrix",
    "translate": "riskreg.messages",
    "translate_n": "riskreg.messages",
    "word": "riskreg.words",
    "Acceptance": "riskreg.model",
    "Action": "riskreg.model",
    "ActionStatus": "riskreg.model",
    "Assessment": "riskreg.model",
    "Category": "riskreg.model",
    "Change": "riskreg.model",
    "Decision": "riskreg.model",
    "ItemKind": "riskreg.model",
    "Link": "riskreg.model",
    "Note": "riskreg.model",
    "Organisation": "riskreg.model",
    "Person": "riskreg.model",
    "Rating": "riskreg.model",
    "Relation": "riskreg.model",
    "ReviewReason": "riskreg.model",
    "Risk": "riskreg.model",
    "RiskStatus": "riskreg.model",
    "Role": "riskreg.model",
    "Scope": "riskreg.model",
    "ScopeKind": "riskreg.model",
    "Validity": "riskreg.model",
    "Visibility": "riskreg.model",
    "kind_of_key": "riskreg.model",
    "REGION": "riskreg.organisations",
    "Directory": "riskreg.organisations",
    "municipalities": "riskreg.organisations",
    "Register": "riskreg.register",
    "current_user": "riskreg.register",
    "Manifest": "riskreg.report",
    "export_reports": "riskreg.report",
    "recipient_reports": "riskreg.report",
    "report_schema": "riskreg.report",
    "from_doc": "riskreg.serialize",
    "to_doc": "riskreg.serialize",
    "shared_content_hash": "riskreg.sharing",
    "shared_graph": "riskreg.sharing",
    "StartPage": "riskreg.home",
    "start_page": "riskreg.home",
    "open_tinydb": "riskreg.store",
    "open_store": "riskreg.storage",
    "register_exists": "riskreg.storage",
    "copy_register": "riskreg.transfer",
    "CopyResult": "riskreg.transfer",
}

# Public modules reached as attributes (``riskreg.views.risk_detail``), imported on first use.
_SUBPACKAGES = frozenset({"views", "delivery"})


__all__ = [
    "EFFECTS",
    "REGION",
    "Acceptance",
    "AccessError",
    "Action",
    "ActionStatus",
    "Assessment",
    "Category",
    "Change",
    "Conflict",
    "ConflictError",
    "CopyResult",
    "CorruptRegisterError",
    "Decision",
    "DecisionFilter",
    "DependencyGraph",
    "Directory",
    "DuplicateKeyError",
    "Edition",
    "EditionFile",
    "Effect",
    "Exposure",
    "Finding",
    "Impact",
    "ImportRejected",
    "ImportResult",
    "ItemKind",
    "LevelBand",
    "Link",
    "LinkError",
    "LockTimeoutError",
    "Manifest",
    "Neighbour",
    "NotDurableError",
    "NotFoundError",
    "Note",
    "Operation",
    "Organisation",
    "Person",
    "Prediction",
    "Problem",
    "Rating",
    "Register",
    "RegisterExistsError",
    "RegisterNotFoundError",
    "Relation",
    "ReviewReason",
    "Risk",
    "RiskFacts",
    "RiskFilter",
    "RiskMatrix",
    "RiskStatus",
    "RiskregError",
    "Role",
    "SchemaVersionError",
    "Scope",
    "ScopeKind",
    "Severity",
    "StartPage",
    "Step",
    "StorageError",
    "SubmissionResult",
    "Supersession",
    "UndoConflictError",
    "UndoError",
    "Undoable",
    "ValidationError",
    "Validity",
    "Verdict",
    "Visibility",
    "Weight",
    "build_example",
    "copy_register",
    "current_user",
    "dump_register",
    "example_sources",
    "export_reports",
    "from_doc",
    "import_file",
    "import_submission",
    "kind_of_key",
    "municipalities",
    "next_review_due",
    "open_store",
    "open_tinydb",
    "recipient_reports",
    "register_doc",
    "register_exists",
    "report_schema",
    "shared_content_hash",
    "shared_graph",
    "start_page",
    "to_doc",
    "translate",
    "translate_n",
    "views",
    "word",
    "write_template",
]


if not TYPE_CHECKING:  # type checkers see the imports above, not an open-ended __getattr__

    def __getattr__(name: str) -> Any:
        """Import a public name's module on first use (PEP 562); later uses find it in globals."""
        import importlib

        if name in _SUBPACKAGES:
            value = importlib.import_module(f"riskreg.{name}")
        else:
            module = _SOURCES.get(name)
            if module is None:
                raise AttributeError(f"module 'riskreg' has no attribute {name!r}")
            value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
