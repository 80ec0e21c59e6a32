"""riskreg: the risk and decision register of the paused Millennium rollout in Västra Götaland.

    import riskreg
    with riskreg.Register.open("riskreg.json") as reg:
        for exposure in reg.graph.exposed_risks():
            print(exposure.key, reg.risk(exposure.key).title)

Everything public is re-exported here; nothing here imports textual.
"""

from riskreg import views
from riskreg.checks import Finding, Severity, next_review_due
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
    "Exposure",
    "Finding",
    "Impact",
    "ItemKind",
    "LevelBand",
    "Link",
    "LinkError",
    "LockTimeoutError",
    "Neighbour",
    "NotDurableError",
    "NotFoundError",
    "Organisation",
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
    "ValidationError",
    "Validity",
    "Visibility",
    "Weight",
    "build_example",
    "current_user",
    "example_sources",
    "from_doc",
    "kind_of_key",
    "municipalities",
    "next_review_due",
    "open_tinydb",
    "to_doc",
    "translate",
    "views",
]
