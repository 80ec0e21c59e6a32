"""riskreg: the risk and decision register of the paused Millennium rollout in Västra Götaland.

    import riskreg
    with riskreg.Register.open("riskreg.json") as reg:
        for exposure in reg.graph.exposed_risks():
            print(exposure.key, reg.risk(exposure.key).title)

Everything public is re-exported here; nothing here imports textual.
"""

from riskreg import views
from riskreg.checks import Finding, Severity, next_review_due
from riskreg.editions import Edition, EditionFile
from riskreg.errors import (
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
    Conflict,
    DependencyGraph,
    Exposure,
    Impact,
    Neighbour,
    RiskFacts,
    Step,
    Weight,
)
from riskreg.matrix import LevelBand, RiskMatrix
from riskreg.messages import translate
from riskreg.model import (
    Action,
    ActionStatus,
    Assessment,
    Category,
    Change,
    Decision,
    ItemKind,
    Link,
    Organisation,
    Rating,
    Relation,
    ReviewReason,
    Risk,
    RiskStatus,
    Scope,
    ScopeKind,
    Validity,
    Visibility,
    kind_of_key,
)
from riskreg.organisations import REGION, Directory, municipalities
from riskreg.register import Register, current_user
from riskreg.report import Manifest, export_reports, report_schema
from riskreg.serialize import from_doc, to_doc
from riskreg.store import open_tinydb

__version__ = "0.1.0"

__all__ = [
    "REGION",
    "Action",
    "ActionStatus",
    "Assessment",
    "Category",
    "Change",
    "Conflict",
    "ConflictError",
    "CorruptRegisterError",
    "Decision",
    "DecisionFilter",
    "DependencyGraph",
    "Directory",
    "DuplicateKeyError",
    "Edition",
    "EditionFile",
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
    "Organisation",
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
    "SchemaVersionError",
    "Scope",
    "ScopeKind",
    "Severity",
    "Step",
    "StorageError",
    "SubmissionResult",
    "ValidationError",
    "Validity",
    "Visibility",
    "Weight",
    "build_example",
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
    "open_tinydb",
    "register_doc",
    "report_schema",
    "to_doc",
    "translate",
    "views",
    "write_template",
]
