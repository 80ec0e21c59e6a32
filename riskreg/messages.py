"""The message catalogue: every user-facing sentence, in Swedish (default) and English.

``translate(key, lang, **params)`` formats the entry with ``str.format``; an
unknown key returns the key itself so a missing entry is visible, not fatal.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- errors -------------------------------------------------------------
    "error.generic": ("Något gick fel: {detail}", "Something went wrong: {detail}"),
    "error.invalid": ("Ogiltigt värde: {detail}", "Invalid value: {detail}"),
    "error.field": (
        "Fältet {field} har ett ogiltigt värde {value}: {problem}",
        "Field {field} has an invalid value {value}: {problem}",
    ),
    "error.bad_key": (
        "Ogiltig nyckel {key!r}: en risk heter R-001, ett beslut KL-2021-07",
        "Invalid key {key!r}: a risk is R-001, a decision KL-2021-07",
    ),
    "error.bad_date": (
        "Ogiltigt datum {value!r}: skriv ÅÅÅÅ-MM-DD",
        "Invalid date {value!r}: write YYYY-MM-DD",
    ),
    "error.not_int": ("{value!r} är inte ett heltal", "{value!r} is not a whole number"),
    "error.not_text": ("{value!r} är inte text", "{value!r} is not text"),
    "error.not_bool": ("{value!r} är inte sant/falskt", "{value!r} is not true/false"),
    "error.bad_rating": (
        "Ogiltig bedömning {value!r}: ange [sannolikhet, konsekvens]",
        "Invalid rating {value!r}: give [likelihood, impact]",
    ),
    "error.bad_choice": (
        "Ogiltigt val {value!r}; tillåtna: {allowed}",
        "Invalid choice {value!r}; allowed: {allowed}",
    ),
    "error.missing_field": ("Obligatoriskt fält saknas: {field}", "Required field missing: {field}"),
    "error.extra_field": ("Okända fält: {fields}", "Unknown fields: {fields}"),
    "error.bad_document": ("Ogiltig post: {problem}", "Invalid record: {problem}"),
    "error.matrix": ("Ogiltig riskmatris: {problem}", "Invalid risk matrix: {problem}"),
    "error.scale": (
        "{what} {value} ligger utanför skalan 1–{top}",
        "{what} {value} is outside the scale 1–{top}",
    ),
    "scale.likelihood": ("Sannolikhet", "Likelihood"),
    "scale.impact": ("Konsekvens", "Impact"),
    "scale.value": ("Riskvärdet", "Risk value"),
    "error.unknown_level": ("Okänd risknivå {level!r}", "Unknown risk level {level!r}"),
    "error.review_by_required": (
        "Beslut {key} är osäkert och behöver ett datum för ny bedömning (review-by)",
        "Decision {key} is uncertain and needs a review-by date",
    ),
    "error.self_link": ("{key} kan inte länkas till sig själv", "{key} cannot link to itself"),
    "error.link_kinds": (
        "Relationen {relation} kräver att {key} är en {kind}",
        "Relation {relation} needs {key} to be a {kind}",
    ),
    "error.not_found": ("{key} finns inte i registret", "{key} does not exist in the register"),
    "error.unknown_area": (
        "Okänt riskområde {area!r}; finns: {known}",
        "Unknown risk area {area!r}; known: {known}",
    ),
    "error.unknown_org": ("Okänd organisation {code!r}", "Unknown organisation {code!r}"),
    "error.unknown_scope_name": (
        "Okänt namn i omfattning ({kind}): {name!r}",
        "Unknown name in scope ({kind}): {name!r}",
    ),
    "error.duplicate": ("{key} finns redan", "{key} already exists"),
    "error.link": ("Länken nekas: {detail}", "Link refused: {detail}"),
    "error.link_missing": (
        "Länken nekas: {key} finns inte i registret",
        "Link refused: {key} does not exist in the register",
    ),
    "error.link_exists": (
        "Länken {source} {relation} {target} finns redan",
        "Link {source} {relation} {target} already exists",
    ),
    "error.link_not_found": (
        "Det finns ingen länk {source} {relation} {target}",
        "There is no link {source} {relation} {target}",
    ),
    "error.link_cycle": (
        "Länken nekas: den skulle skapa en cirkel {cycle}",
        "Link refused: it would create a cycle {cycle}",
    ),
    "error.linked_item": (
        "{key} har länkar och kan inte tas bort: {links}",
        "{key} has links and cannot be removed: {links}",
    ),
    "error.storage": ("Registerfilen {path}: {detail}", "Register file {path}: {detail}"),
    "error.register_missing": (
        "Inget register på {path}; skapa ett med 'riskreg init'",
        "No register at {path}; create one with 'riskreg init'",
    ),
    "error.register_exists": (
        "Det finns redan ett register på {path}",
        "A register already exists at {path}",
    ),
    "error.corrupt": (
        "Registerfilen {path} går inte att läsa ({problem}). Senaste fungerande kopia: {backup}",
        "The register file {path} cannot be read ({problem}). Newest good backup: {backup}",
    ),
    "error.schema": (
        "Registerfilen {path} har schemaversion {found}; denna riskreg kan {supported}",
        "The register file {path} has schema version {found}; this riskreg reads {supported}",
    ),
    "error.conflict": (
        "{key} har ändrats av någon annan sedan du läste den; läs om och försök igen",
        "{key} was changed by someone else since you read it; reload and try again",
    ),
    "error.locked": (
        "Registret {path} är låst av en annan process; försök igen strax",
        "The register {path} is locked by another process; try again shortly",
    ),
    "error.write_failed": (
        "Kunde inte spara {path}: {problem}. Filen på disk är oförändrad",
        "Could not save {path}: {problem}. The file on disk is unchanged",
    ),
    "error.no_backup": ("ingen", "none"),
    "error.unsupported_change": (
        "Fältet {field} kan inte ändras här",
        "Field {field} cannot be changed here",
    ),
    "error.example_missing": (
        "Exempelregistrets källfiler hittades inte",
        "The example register's source files were not found",
    ),
    # --- review reasons -------------------------------------------------------
    "reason.validity_changed": (
        "{trigger} ändrades: {detail}",
        "{trigger} changed: {detail}",
    ),
    "reason.submitted": ("Ny från inlämning av {trigger}", "New from submission by {trigger}"),
    # --- words ------------------------------------------------------------------
    "validity.applies": ("gäller nu", "applies now"),
    "validity.uncertain": ("under bedömning", "uncertain"),
    "validity.suspended": ("gäller inte under pausen", "suspended during the pause"),
    "validity.unreviewed": ("ej granskat", "not reviewed"),
    "status.identified": ("identifierad", "identified"),
    "status.assessed": ("bedömd", "assessed"),
    "status.treating": ("under åtgärd", "treating"),
    "status.accepted": ("accepterad", "accepted"),
    "status.closed": ("avslutad", "closed"),
    "action.proposed": ("föreslagen", "proposed"),
    "action.planned": ("planerad", "planned"),
    "action.in_progress": ("pågår", "in progress"),
    "action.done": ("klar", "done"),
    "relation.mitigated_by": ("mildras av", "mitigated by"),
    "relation.caused_by": ("orsakas av", "caused by"),
    "relation.depends_on": ("bygger på", "depends on"),
    "relation.supersedes": ("ersätter", "supersedes"),
    "relation.aggravates": ("förvärrar", "aggravates"),
    "relation.mitigated_by.rev": ("mildrar", "mitigates"),
    "relation.caused_by.rev": ("orsakar", "causes"),
    "relation.depends_on.rev": ("är grund för", "is the basis of"),
    "relation.supersedes.rev": ("ersätts av", "is superseded by"),
    "relation.aggravates.rev": ("förvärras av", "is aggravated by"),
    "scope.all": ("alla parter", "all parties"),
    "scope.region": ("regionen", "the region"),
    "scope.association": ("kommunalförbund: {names}", "municipal association: {names}"),
    "scope.care_area": ("vårdsamverkansområde: {names}", "care area: {names}"),
    "scope.municipalities": ("kommuner: {names}", "municipalities: {names}"),
    "visibility.shared": ("delad", "shared"),
    "visibility.internal": ("intern", "internal"),
    "severity.error": ("fel", "error"),
    "severity.warning": ("varning", "warning"),
    "severity.info": ("info", "info"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    # --- impact -----------------------------------------------------------------
    "effect.loses_mitigation": (
        "förlorar all mildring som gäller nu",
        "loses every mitigation that applies now",
    ),
    "effect.gains_mitigation": ("får en mildring som gäller", "gains a mitigation that applies"),
    "effect.mitigation_weakened": (
        "en av flera mildrande beslut faller bort",
        "one of several mitigating decisions drops out",
    ),
    "effect.cause_changed": ("orsaken ändras", "its cause changes"),
    "effect.becomes_conflict": (
        "gäller men bygger på ett beslut som inte gäller (konflikt)",
        "applies but depends on a decision that does not (conflict)",
    ),
    "effect.conflict_resolved": ("konflikten upphör", "the conflict is resolved"),
    "effect.supersession_changed": (
        "det ersättande beslutet ändras",
        "the superseding decision changes",
    ),
    "effect.aggravation_changed": (
        "en förvärrande risk påverkas",
        "a risk that aggravates it is affected",
    ),
    "effect.indirect": ("påverkas indirekt", "affected indirectly"),
    # --- findings -----------------------------------------------------------------
    "finding.conflict": (
        "{key} gäller men bygger på {target} ({validity})",
        "{key} applies but depends on {target} ({validity})",
    ),
    "finding.cycle": (
        "Cirkulärt beroende: {cycle}",
        "Circular dependency: {cycle}",
    ),
    "finding.exposed": (
        "{key} ({level}) saknar mildrande beslut som gäller nu: {why}",
        "{key} ({level}) has no mitigating decision that applies now: {why}",
    ),
    "finding.exposed_none": (
        "inga mildrande beslut alls",
        "no mitigating decisions at all",
    ),
    "finding.review_by_passed": (
        "{key} är under bedömning men skulle ha bedömts senast {date}",
        "{key} is uncertain and was due for assessment by {date}",
    ),
    "finding.review_overdue": (
        "{key} ({level}) skulle ha granskats senast {date} (var {days}:e dag)",
        "{key} ({level}) was due for review by {date} (every {days} days)",
    ),
    "finding.high_without_actions": (
        "{key} har nivån {level} men inga åtgärder",
        "{key} is {level} but has no actions",
    ),
    "finding.action_past_due": (
        "{key}: åtgärden \"{action}\" skulle vara klar {date}",
        "{key}: the action \"{action}\" was due {date}",
    ),
    "finding.needs_review": (
        "{key} behöver granskas: {reason}",
        "{key} needs review: {reason}",
    ),
    # --- CLI ----------------------------------------------------------------------
    "cli.error.line": ("riskreg: fel: {message}", "riskreg: error: {message}"),
    "cli.error.see_help": ("(se '{command} --help')", "(see '{command} --help')"),
    "cli.error.missing": ("{param} saknas", "Missing {param}"),
    "cli.error.bad_value": ("Ogiltigt värde för {param}: {message}",
                            "Invalid value for {param}: {message}"),
    "cli.error.no_such_option": ("Okänd flagga {name!r}", "No such option {name!r}"),
    "cli.error.did_you_mean": ("Menade du {names}?", "Did you mean {names}?"),
    "cli.error.needs_value": ("Flaggan {name!r} behöver ett värde",
                              "Option {name!r} requires a value"),
    "cli.error.no_such_command": ("Okänt kommando {name!r}", "No such command {name!r}"),
    "cli.error.os": ("{path}: {problem}", "{path}: {problem}"),
    "cli.error.too_small": ("{value} är för litet; minst {minimum}",
                            "{value} is too small; at least {minimum}"),
    "cli.error.bad_scope": (
        "Ogiltig omfattning {value!r}; skriv all, region, association:NAMN, care_area:NAMN "
        "eller municipalities:KOD,KOD",
        "Invalid scope {value!r}; write all, region, association:NAME, care_area:NAME "
        "or municipalities:CODE,CODE",
    ),
    "cli.error.bad_area_spec": ("Ogiltigt riskområde {value!r}; skriv NYCKEL=NAMN",
                                "Invalid risk area {value!r}; write KEY=NAME"),
    "cli.error.example_options": (
        "--example kan inte kombineras med --name, --area eller --matrix",
        "--example cannot be combined with --name, --area or --matrix",
    ),
    "cli.error.residual_pair": (
        "Ange både --residual-likelihood och --residual-impact",
        "Give both --residual-likelihood and --residual-impact",
    ),
    "cli.error.residual_conflict": (
        "--no-residual kan inte kombineras med --residual-likelihood/--residual-impact",
        "--no-residual cannot be combined with --residual-likelihood/--residual-impact",
    ),
    "cli.error.action_options": (
        "--action-owner, --action-due och --action-status gäller en ny åtgärd: ange --add-action",
        "--action-owner, --action-due and --action-status describe a new action: give --add-action",
    ),
    "cli.error.action_number": (
        "{key} har ingen åtgärd nummer {number} (den har {count})",
        "{key} has no action number {number} (it has {count})",
    ),
    "cli.error.nothing_to_change": ("Inget att ändra: ange minst ett fält",
                                    "Nothing to change: give at least one field"),
    "cli.error.if_needs_decision": (
        "--if gäller beslut; {key} är en risk",
        "--if applies to decisions; {key} is a risk",
    ),
    "cli.init.created": (
        "Skapade registret {path}: {areas} riskområden, {risks} risker, {decisions} beslut",
        "Created the register {path}: {areas} risk areas, {risks} risks, {decisions} decisions",
    ),
    "cli.list.empty": ("Inga träffar", "Nothing matches"),
    "cli.count.risks": ("Antal risker: {count}", "Risks: {count}"),
    "cli.count.decisions": ("Antal beslut: {count}", "Decisions: {count}"),
    "cli.needs_review_mark": ("granskas", "review"),
    "cli.overdue": ("(försenad)", "(overdue)"),
    "cli.col.key": ("Nyckel", "Key"),
    "cli.col.area": ("Område", "Area"),
    "cli.col.title": ("Titel", "Title"),
    "cli.col.rating": ("S×K", "L×I"),
    "cli.col.value": ("Värde", "Value"),
    "cli.col.level": ("Nivå", "Level"),
    "cli.col.status": ("Status", "Status"),
    "cli.col.recognition": ("Rapp.", "Rep."),
    "cli.col.review": ("Granskas", "Review"),
    "cli.col.decided_on": ("Beslutat", "Decided"),
    "cli.col.validity": ("Giltighet", "Validity"),
    "cli.col.review_by": ("Bedöms senast", "Review by"),
    "cli.col.kind": ("Typ", "Kind"),
    "cli.col.effect": ("Effekt", "Effect"),
    "cli.col.path": ("Väg", "Path"),
    "cli.col.seq": ("Nr", "No."),
    "cli.col.at": ("Tid", "Time"),
    "cli.col.user": ("Användare", "User"),
    "cli.col.action": ("Händelse", "Event"),
    "cli.col.fields": ("Fält", "Fields"),
    "cli.col.why": ("Varför", "Why"),
    "cli.field.key": ("Nyckel", "Key"),
    "cli.field.title": ("Titel", "Title"),
    "cli.field.area": ("Riskområde", "Risk area"),
    "cli.field.status": ("Status", "Status"),
    "cli.field.owner": ("Riskägare", "Risk owner"),
    "cli.field.inherent": ("Bedömning", "Rating"),
    "cli.field.residual": ("Efter åtgärder", "After actions"),
    "cli.field.level": ("Risknivå", "Risk level"),
    "cli.field.scope": ("Omfattning", "Scope"),
    "cli.field.visibility": ("Synlighet", "Visibility"),
    "cli.field.reported_by": ("Rapporterad av", "Reported by"),
    "cli.field.created": ("Skapad", "Created"),
    "cli.field.updated": ("Ändrad", "Updated"),
    "cli.field.last_reviewed": ("Senast granskad", "Last reviewed"),
    "cli.field.next_review": ("Nästa granskning", "Next review"),
    "cli.field.revision": ("Version", "Revision"),
    "cli.field.description": ("Beskrivning", "Description"),
    "cli.field.needs_review": ("Behöver granskas", "Needs review"),
    "cli.field.consequences": ("Konsekvenser", "Consequences"),
    "cli.field.actions": ("Åtgärder", "Actions"),
    "cli.field.links": ("Länkar", "Links"),
    "cli.field.history": ("Senaste ändringar", "Latest changes"),
    "cli.field.decided_on": ("Beslutat", "Decided on"),
    "cli.field.validity": ("Giltighet under pausen", "Validity during the pause"),
    "cli.field.review_by": ("Bedöms senast", "Review by"),
    "cli.field.assessed": ("Bedömt", "Assessed"),
    "cli.field.care_areas": ("Verksamhetsområden", "Areas of care"),
    "cli.field.target_groups": ("Målgrupper", "Target groups"),
    "cli.field.summary": ("Sammanfattning", "Summary"),
    "cli.field.rationale": ("Motivering", "Rationale"),
    "cli.rating": (
        "{likelihood} × {impact} = {value} ({level}): sannolikhet {likelihood_name}, "
        "konsekvens {impact_name}",
        "{likelihood} × {impact} = {value} ({level}): likelihood {likelihood_name}, "
        "impact {impact_name}",
    ),
    "cli.action.due": ("klar senast {date}", "due {date}"),
    "cli.assessed_by": ("{on} av {by}", "{on} by {by}"),
    "cli.kind.risk": ("risk", "risk"),
    "cli.kind.decision": ("beslut", "decision"),
    "cli.history.add": ("tillagd", "added"),
    "cli.history.update": ("ändrad", "changed"),
    "cli.history.review": ("granskad", "reviewed"),
    "cli.history.remove": ("borttagen", "removed"),
    "cli.history.assess": ("bedömd", "assessed"),
    "cli.history.flag": ("flaggad för granskning", "flagged for review"),
    "cli.history.link": ("länkad", "linked"),
    "cli.history.unlink": ("länk borttagen", "unlinked"),
    "cli.history.empty": ("Ingen historik", "No history"),
    "cli.history.more": ("Visar de senaste {shown} av {total} (--limit 0 visar alla)",
                         "Showing the last {shown} of {total} (--limit 0 shows all)"),
    "cli.risk.updated": ("{key} ändrad (version {revision})",
                         "{key} changed (revision {revision})"),
    "cli.risk.reviewed": ("{key} granskad {date}; nästa granskning senast {due}",
                          "{key} reviewed on {date}; next review due {due}"),
    "cli.decision.reviewed": ("{key} granskad {date}", "{key} reviewed on {date}"),
    "cli.decision.assessed": ("{key}: {old} → {new}", "{key}: {old} → {new}"),
    "cli.decision.flagged": ("Flaggade för granskning ({count}):", "Flagged for review ({count}):"),
    "cli.decision.flagged_none": ("Inget annat flaggades för granskning.",
                                  "Nothing else was flagged for review."),
    "cli.link.added": ("Länk tillagd: {link}", "Link added: {link}"),
    "cli.link.removed": ("Länk borttagen: {link}", "Link removed: {link}"),
    "cli.impact.header": ("Om {key} ändras; påverkade poster: {count}",
                          "If {key} changes; items affected: {count}"),
    "cli.impact.header_if": (
        "Om {key} blir {validity} (nu: {current}); påverkade poster: {count}",
        "If {key} becomes {validity} (now: {current}); items affected: {count}",
    ),
    "cli.check.ok": ("Inga anmärkningar", "No findings"),
    "cli.check.heading.error": ("Fel", "Errors"),
    "cli.check.heading.warning": ("Varningar", "Warnings"),
    "cli.check.heading.info": ("Information", "Information"),
    "cli.check.summary": ("Fel: {errors}, varningar: {warnings}, information: {infos}",
                          "Errors: {errors}, warnings: {warnings}, information: {infos}"),
    "cli.graph.written": ("Skrev {path}", "Wrote {path}"),
    "cli.area.added": ("Riskområde tillagt: {key} ({name})", "Risk area added: {key} ({name})"),
    "cli.col.name": ("Namn", "Name"),
    "cli.col.risks": ("Risker", "Risks"),
    # --- end of CLI ---------------------------------------------------------------
}


class Term(str):
    """A catalogue key passed as a message parameter; translated along with the message."""

    __slots__ = ()


def resolve_language(lang: str | None = None) -> str:
    """``lang`` if given, else ``RISKREG_LANG``, else Swedish; unknown languages fall back to Swedish."""
    chosen = (lang or os.environ.get("RISKREG_LANG") or DEFAULT_LANGUAGE).lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translate(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The catalogue entry ``key`` in ``lang``, formatted with ``params``."""
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    language = resolve_language(lang)
    text = entry[LANGUAGES.index(language)]
    params = {k: translate(v, language) if isinstance(v, Term) else v for k, v in params.items()}
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def word(kind: str, value: object, lang: str | None = None) -> str:
    """A domain word, e.g. ``word("validity", Validity.APPLIES)`` -> "gäller nu"."""
    return translate(f"{kind}.{value}", lang)


def describe_reason(kind: str, trigger: str, detail: str, lang: str | None = None) -> str:
    """Why an item needs review, as one line: a validity change reads "KL-2022-07 ändrades:
    gäller nu → gäller inte under pausen"; other kinds use their catalogue entry."""
    if kind == "validity_changed" and " -> " in detail:
        old, new = detail.split(" -> ", 1)
        detail = f"{word('validity', old, lang)} → {word('validity', new, lang)}"
    text = translate(f"reason.{kind}", lang, trigger=trigger, detail=detail)
    return text if text != f"reason.{kind}" else f"{trigger}: {detail}"
