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
    "error.missing_field": (
        "Obligatoriskt fält saknas: {field}",
        "Required field missing: {field}",
    ),
    "error.extra_field": ("Okända fält: {fields}", "Unknown fields: {fields}"),
    "error.user_fixed": (
        "Ändringar registreras som {user}, den du är inloggad som; det går inte att ändra här",
        "Changes are recorded as {user}, whom you are logged in as; it cannot be changed here"),
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
    "error.contact.address": (
        "Ogiltig e-postadress {value!r}: {problem}",
        "Invalid e-mail address {value!r}: {problem}",
    ),
    "error.contact.duplicate": (
        "{address} finns redan med samma roll för organisationen ({key})",
        "{address} is already there in the same role for the organisation ({key})",
    ),
    "error.key_retired": (
        "{key} har använts förut, av en post som togs bort; en nyckel ges aldrig till en ny post",
        "{key} was used before, by an item since removed; a key is never given to a new item",
    ),
    "error.server_unreachable": (
        "Servern för {location} svarar inte: {problem}",
        "The server of {location} does not answer: {problem}",
    ),
    "error.server_no_schema": (
        "Databasen {location} har inget riskreg-schema; kör 'riskreg --db URL db upgrade'",
        "The database {location} has no riskreg schema; run 'riskreg --db URL db upgrade'",
    ),
    "error.server_schema": (
        "Databasen {location} har riskreg-schema version {found}; denna riskreg kan {supported}."
        " Kör 'riskreg --db URL db upgrade' (eller uppdatera riskreg)",
        "The database {location} has riskreg schema version {found}; this riskreg reads "
        "{supported}. Run 'riskreg --db URL db upgrade' (or update riskreg)",
    ),
    "error.server_denied": (
        "Servern för {location} nekade: {problem}",
        "The server of {location} refused: {problem}",
    ),
    "error.server_register_name": (
        "Ogiltigt registernamn {name!r}: bokstäver, siffror, _ . - (högst 63)",
        "Invalid register name {name!r}: letters, digits, _ . - (at most 63)",
    ),
    "error.server_commit_unknown": (
        "Förbindelsen med servern för {location} bröts medan ändringen sparades ({problem}); "
        "öppna registret igen för att se om den kom med",
        "The connection to the server of {location} broke while the change was being saved "
        "({problem}); open the register again to see whether it was",
    ),
    "error.access": (
        "Din roll tillåter inte det: {detail}",
        "Your role does not allow that: {detail}",
    ),
    "error.not_a_file": (
        "Registret {location} ligger på en server, inte i en fil",
        "The register {location} is on a server, not in a file",
    ),
    "error.hard_links": (
        "Registerfilen {path} har {links} hårda länkar. riskreg skriver en ny fil vid varje "
        "ändring, så registret skulle delas i två; använd en symbolisk länk eller en kopia",
        "The register file {path} has {links} hard links. riskreg writes a new file with every "
        "change, so the register would split in two; use a symbolic link or a copy",
    ),
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
        "Registerfilen {path} går inte att läsa ({problem}). Senaste fungerande kopia: {backup}"
        " (återställ med 'riskreg doctor --restore')",
        "The register file {path} cannot be read ({problem}). Newest good backup: {backup}"
        " (restore it with 'riskreg doctor --restore')",
    ),
    "error.schema": (
        "Registerfilen {path} har schemaversion {found}; denna riskreg kan {supported}. "
        "Senaste fungerande kopia: {backup} (se 'riskreg doctor')",
        "The register file {path} has schema version {found}; this riskreg reads {supported}. "
        "Newest good backup: {backup} (see 'riskreg doctor')",
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
    "error.not_durable": (
        "Ändringen är skriven i {path} men kunde inte bekräftas på disk ({problem}); "
        "kontrollera disken",
        "The change is written to {path} but could not be confirmed on disk ({problem}); "
        "check the disk",
    ),
    "error.doctor_no_backup": (
        "Kan inte återställa {path}: ingen fungerande kopia i {folder}",
        "Cannot restore {path}: no good backup in {folder}",
    ),
    # --- riskreg doctor -----------------------------------------------------------
    "doctor.sound": (
        "Registerfilen {path} är hel: version {rev}, {changes} ändringar i historiken",
        "The register file {path} is sound: revision {rev}, {changes} changes in the history",
    ),
    "doctor.problem": (
        "Registerfilen {path} går inte att läsa: {problem}",
        "The register file {path} cannot be read: {problem}",
    ),
    "doctor.newest_good": (
        "Senaste fungerande kopia: {backup} (version {rev}); {count} sparade ändringar efter "
        "den finns i historiken och spelas upp vid återställning",
        "Newest good backup: {backup} (revision {rev}); {count} saved changes after it are in "
        "the history and are replayed when restoring",
    ),
    "doctor.no_good_backup": (
        "Ingen fungerande kopia finns i {folder}",
        "No good backup in {folder}",
    ),
    "doctor.backup_bad": ("Kopian {backup} duger inte: {problem}",
                          "The backup {backup} is no good: {problem}"),
    "doctor.backups": ("Kopior: {count} i {folder}", "Backups: {count} in {folder}"),
    "doctor.temp_files": (
        "{count} kvarlämnade temporära filer från avbrutna sparningar (tas bort med --restore)",
        "{count} temporary files left by interrupted saves (removed by --restore)",
    ),
    "doctor.hint": ("Återställ med: riskreg doctor --restore",
                    "Restore with: riskreg doctor --restore"),
    "doctor.history_missing": (
        "Registerfilen {path} är hel, men historiken saknar {count} av {changes} bekräftade "
        "ändringar (historikfilen har tappats eller kortats utifrån). De går inte att få "
        "tillbaka; 'riskreg doctor --restore' noterar förlusten så att historiken och "
        "registret stämmer igen",
        "The register file {path} is sound, but its history lacks {count} of {changes} "
        "acknowledged changes (the history file was lost or cut short from outside). They "
        "cannot be brought back; 'riskreg doctor --restore' notes the loss so the history "
        "and the register agree again",
    ),
    "doctor.history_noted": (
        "{count} ändringar som saknas i historiken för {path} är nu noterade som förlorade",
        "{count} changes missing from the history of {path} are now noted as lost",
    ),
    "doctor.history_lost": (
        "Obs: {count} tidigare ändringar har gått förlorade ur historiken (noterat)",
        "Note: {count} earlier changes were lost from the history (noted)",
    ),
    "doctor.server_restore": (
        "Ett register på en server återställs med databasens egna säkerhetskopior "
        "(pg_dump, PITR), inte med riskreg",
        "A register on a server is restored from the database's own backups (pg_dump, PITR), "
        "not by riskreg",
    ),
    "doctor.nothing_to_restore": (
        "Registerfilen {path} är hel; inget att återställa",
        "The register file {path} is sound; nothing to restore",
    ),
    "doctor.restored": (
        "Återställde {path} från {backup} (version {backup_rev}) och spelade upp {count} "
        "ändringar ur historiken; registret är nu version {rev}",
        "Restored {path} from {backup} (revision {backup_rev}) and replayed {count} changes "
        "from the history; the register is now at revision {rev}",
    ),
    "doctor.replayed": ("  nr {seq}: {action} {key} ({user}, {at})",
                        "  no. {seq}: {action} {key} ({user}, {at})"),
    "doctor.not_replayed": (
        "{count} poster i historiken kunde inte spelas upp; de är sparade i {path}",
        "{count} history entries could not be replayed; they are kept in {path}",
    ),
    "doctor.header_unknown": (
        "Den skadade filens huvud gick inte att läsa: alla sammanhängande ändringar i "
        "historiken spelades upp (den sista kan höra till en sparning som avbröts)",
        "The damaged file's header could not be read: every consistent change in the history "
        "was replayed (the last may belong to a save that was interrupted)",
    ),
    "doctor.damaged_kept": ("Den skadade filen är sparad som {path}",
                            "The damaged file is kept as {path}"),
    "doctor.temp_removed": ("Tog bort {count} temporära filer från avbrutna sparningar",
                            "Removed {count} temporary files left by interrupted saves"),
    "error.unsupported_change": (
        "Fältet {field} kan inte ändras här",
        "Field {field} cannot be changed here",
    ),
    # --- access (riskreg.access): one line, what the role may not do and why ---------------
    "error.access.read": (
        "{key} visas inte för dig som {role} i {org}",
        "{key} is not shown to you as {role} of {org}",
    ),
    "error.access.edit": (
        "Som {role} får du inte lägga till, ändra eller ta bort risker och beslut: det gör "
        "redaktörerna",
        "As {role} you may not add, change or remove risks and decisions: the editors do",
    ),
    "error.access.assess": (
        "Som {role} får du inte bedöma beslut: det gör redaktörer och bedömare",
        "As {role} you may not assess decisions: editors and assessors do",
    ),
    "error.access.review_risk": (
        "Som {role} får du inte markera risker som granskade: det gör redaktörerna",
        "As {role} you may not mark risks reviewed: the editors do",
    ),
    "error.access.review_decision": (
        "Som {role} får du inte markera beslut som granskade: det gör redaktörer och bedömare",
        "As {role} you may not mark decisions reviewed: editors and assessors do",
    ),
    "error.access.link": (
        "Som {role} får du inte lägga till eller ta bort länkar: det gör redaktörerna",
        "As {role} you may not add or remove links: the editors do",
    ),
    "error.access.submit": (
        "Som {role} får du inte lämna in risker: det gör kommunens projektledare",
        "As {role} you may not submit risks: the municipality's project lead does",
    ),
    "error.access.submit_other": (
        "Som {role} lämnar du in risker för {own}, inte för {org}",
        "As {role} you submit risks for {own}, not for {org}",
    ),
    "error.access.submission": (
        "Som {role} får du inte ändra eller dra tillbaka inlämningar: det gör den inlämnande "
        "kommunens projektledare",
        "As {role} you may not change or withdraw submissions: the submitting municipality's "
        "project lead does",
    ),
    "error.access.take": (
        "Som {role} får du inte ta in inlämningar i den gemensamma analysen: det gör "
        "redaktörerna",
        "As {role} you may not take submissions into the joint analysis: the editors do",
    ),
    "error.access.recognise": (
        "Som {role} får du inte ange att en organisation känner igen en risk: det gör "
        "kommunens projektledare",
        "As {role} you may not record that an organisation recognises a risk: the "
        "municipality's project lead does",
    ),
    "error.access.recognise_other": (
        "Som {role} anger du igenkänning för {own}, inte för {org}",
        "As {role} you record recognition for {own}, not for {org}",
    ),
    "error.access.action_status": (
        "Som {role} får du inte ändra status på åtgärder: det gör redaktörerna och den ägande "
        "organisationens projektledare",
        "As {role} you may not change the status of actions: the editors and the owning "
        "organisation's project lead do",
    ),
    "error.access.action_other": (
        "Åtgärden ägs av {org}: som {role} ändrar du bara status på åtgärder som {own} äger",
        "The action is owned by {org}: as {role} you change the status of {own}'s actions only",
    ),
    "error.access.people": (
        "Bara en redaktör för registret lägger till, ändrar och tar bort personer",
        "Only an editor of the register adds, changes and removes people",
    ),
    "error.server_no_register": (
        "Det finns inget register {name} i {location}",
        "There is no register {name} in {location}",
    ),
    "error.access.note": (
        "Som {role} får du inte skriva anteckningar",
        "As {role} you may not add notes",
    ),
    "error.access.propose_acceptance": (
        "Som {role} får du inte föreslå att en risk accepteras: det gör redaktörerna",
        "As {role} you may not propose accepting a risk: the editors do",
    ),
    "error.access.approve_acceptance": (
        "Som {role} får du inte godkänna att en risk accepteras: det gör redaktörerna",
        "As {role} you may not approve accepting a risk: the editors do",
    ),
    "error.access.approve_own": (
        "{who} föreslog själv att {key} ska accepteras: en annan redaktör måste godkänna det",
        "{who} proposed accepting {key}: another editor must approve it",
    ),
    "error.access.export": (
        "Som {role} får du inte exportera lägesrapporter",
        "As {role} you may not export status reports",
    ),
    "error.access.record_edition": (
        "Som {role} gör du en förhandsvisning (--preview); utgåvor i registrets logg "
        "registreras av redaktionen",
        "As {role} you make a preview (--preview); editions in the register's log are "
        "recorded by the central team",
    ),
    "error.access.export_other": (
        "Som {role} exporterar du bara rapporten till {own}, inte till {org}",
        "As {role} you export the report to {own} only, not to {org}",
    ),
    "error.access.contacts": (
        "Som {role} får du inte ändra kontakterna: det gör redaktörerna",
        "As {role} you may not change the contacts: the editors do",
    ),
    "error.access.deliver": (
        "Som {role} får du inte skicka lägesrapporter: det gör redaktörerna",
        "As {role} you may not send status reports: the editors do",
    ),
    "error.access.admin": (
        "Som {role} får du inte hantera användare: det gör redaktörerna",
        "As {role} you may not manage users: the editors do",
    ),
    "error.person_file_only": (
        "Att öppna ett register som en viss person går bara med en registerfil; på servern är "
        "du den du loggar in som",
        "Opening a register as a given person works with a register file only; on the server "
        "you are who you log in as",
    ),
    # --- submissions, recognition, actions, notes, acceptance ---------------------------
    "error.not_a_submission": (
        "{key} är ingen inlämning som väntar på att tas in",
        "{key} is not a submission waiting to be taken in",
    ),
    "error.is_a_submission": (
        "{key} är en inlämning som inte tagits in i den gemensamma analysen än",
        "{key} is a submission not yet taken into the joint analysis",
    ),
    "error.organisation_required": (
        "Ange vilken organisation det gäller (kod eller namn)",
        "Say which organisation (code or name)",
    ),
    "error.action_index": (
        "{key} har ingen åtgärd nummer {number} (den har {count})",
        "{key} has no action number {number} (it has {count})",
    ),
    "error.no_acceptance": (
        "{key} har ingen acceptans, varken föreslagen eller godkänd",
        "{key} has no acceptance, proposed or approved",
    ),
    "error.acceptance_approved": (
        "Acceptansen av {key} är redan godkänd (av {by} {on})",
        "The acceptance of {key} is already approved (by {by} on {on})",
    ),
    "error.acceptance_expires": (
        "Acceptansen måste gälla till i dag ({today}) eller senare, inte {expires}",
        "The acceptance must run until today ({today}) or later, not {expires}",
    ),
    "error.acceptance_expired": (
        "Förslaget att acceptera {key} gick ut {expires}; föreslå det på nytt",
        "The proposal to accept {key} expired on {expires}; propose it again",
    ),
    "error.example_missing": (
        "Exempelregistrets källfiler hittades inte",
        "The example register's source files were not found",
    ),
    # --- the throwaway local PostgreSQL server (riskreg.server.local) ----------------
    "error.local_server": (
        "Den lokala PostgreSQL-servern: {detail}",
        "The local PostgreSQL server: {detail}",
    ),
    "error.postgres_missing": (
        "PostgreSQL hittades inte: initdb och postgres finns varken i PATH eller i {searched}. "
        "Installera med 'apt-get install postgresql' (Debian/Ubuntu) eller "
        "'dnf install postgresql-server' (Fedora)",
        "PostgreSQL was not found: initdb and postgres are neither on PATH nor in {searched}. "
        "Install it with 'apt-get install postgresql' (Debian/Ubuntu) or "
        "'dnf install postgresql-server' (Fedora)",
    ),
    "error.postgres_driver_missing": (
        "PostgreSQL-drivrutinen psycopg är inte installerad; installera med "
        "pip install 'riskreg-millennium[postgres]'",
        "The PostgreSQL driver psycopg is not installed; install it with "
        "pip install 'riskreg-millennium[postgres]'",
    ),
    "error.postgres_user_missing": (
        "PostgreSQL vägrar köra som root och användaren {user} finns inte; skapa den med "
        "'useradd --system --user-group {user}' (Debians 'apt-get install postgresql' gör det)",
        "PostgreSQL refuses to run as root and the user {user} does not exist; create it with "
        "'useradd --system --user-group {user}' (Debian's 'apt-get install postgresql' does)",
    ),
    "error.local_server_initdb": (
        "initdb kunde inte skapa databaskatalogen i {folder} (kod {code}):\n{log}",
        "initdb could not create the data folder in {folder} (code {code}):\n{log}",
    ),
    "error.local_server_exited": (
        "PostgreSQL i {folder} avslutades under starten (kod {code}). Sista raderna i "
        "serverns logg {log_path}:\n{log}",
        "PostgreSQL in {folder} exited while starting (code {code}). Last lines of the "
        "server log {log_path}:\n{log}",
    ),
    "error.local_server_timeout": (
        "PostgreSQL i {folder} tog inte emot anslutningar inom {seconds} s och stoppades. "
        "Sista raderna i serverns logg {log_path}:\n{log}",
        "PostgreSQL in {folder} did not accept connections within {seconds} s and was stopped. "
        "Last lines of the server log {log_path}:\n{log}",
    ),
    "error.local_server_connect": (
        "PostgreSQL i {folder} är igång men går inte att ansluta till ({problem}). Sista raderna "
        "i serverns logg {log_path}:\n{log}",
        "PostgreSQL in {folder} is running but refuses connections ({problem}). Last lines of "
        "the server log {log_path}:\n{log}",
    ),
    "error.local_server_stop": (
        "PostgreSQL (process {pid}) i {folder} gick inte att stoppa",
        "PostgreSQL (process {pid}) in {folder} could not be stopped",
    ),
    "error.local_server_socket_path": (
        "Sökvägen till serverns socket {path} är längre än {limit} tecken; välj en kortare "
        "katalog (base_dir eller TMPDIR)",
        "The server's socket path {path} is longer than {limit} characters; choose a shorter "
        "folder (base_dir or TMPDIR)",
    ),
    "error.local_server_closed": (
        "Servern är stängd och dess data borttagen; starta en ny LocalServer",
        "The server is closed and its data removed; start a new LocalServer",
    ),
    "error.local_server_not_running": (
        "Servern i {folder} är inte igång; starta den med start()",
        "The server in {folder} is not running; start it with start()",
    ),
    "server.description": (
        "Startar en tillfällig PostgreSQL-server för utveckling och demonstrationer: data i en "
        "temporär katalog, bara en Unix-socket (ingen TCP), allt tas bort när den stoppas.",
        "Starts a throwaway PostgreSQL server for development and demos: data in a temporary "
        "folder, a Unix socket only (no TCP), everything removed when it stops.",
    ),
    "server.opt_database": ("databasens namn (standard: {default})",
                            "the database's name (default: {default})"),
    "server.opt_no_fsync": (
        "stäng av fsync: snabbare, men ändringar kan gå förlorade om datorn kraschar",
        "turn fsync off: faster, but changes can be lost if the machine crashes",
    ),
    "server.opt_lang": ("språk: sv eller en", "language: sv or en"),
    "server.running": (
        "PostgreSQL {version} kör, data i {folder}. Anslut med:",
        "PostgreSQL {version} is running, data in {folder}. Connect with:",
    ),
    "server.stop_hint": (
        "Stoppa med Ctrl+C; servern och dess data tas då bort.",
        "Stop it with Ctrl+C; the server and its data are then removed.",
    ),
    "server.stopped": ("Servern är stoppad och dess data borttagen.",
                       "The server is stopped and its data removed."),
    "server.died": (
        "Servern avslutades oväntat (kod {code}). Sista raderna i loggen:\n{log}",
        "The server exited unexpectedly (code {code}). Last lines of its log:\n{log}",
    ),
    "error.bidi_control": (
        "Fältet {field} innehåller ett osynligt tecken för textriktning ({code}) som kan vända "
        "texten runt omkring; ta bort det",
        "The field {field} holds an invisible text-direction character ({code}) that can "
        "reverse the text around it; remove it",
    ),
    "error.write_file": (
        "Kunde inte skriva {path}: {problem}",
        "Could not write {path}: {problem}",
    ),
    # --- review reasons -------------------------------------------------------
    "reason.validity_changed": (
        "{trigger} ändrades: {detail}",
        "{trigger} changed: {detail}",
    ),
    "reason.submitted": ("Ny från inlämning av {trigger}", "New from submission by {trigger}"),
    "reason.acceptance_expired": (
        "Acceptansen gick ut {detail}",
        "The acceptance expired on {detail}",
    ),
    "reason.acceptance_lapsed": (
        "Acceptansen upphörde: {trigger} {detail}",
        "The acceptance lapsed: {trigger} {detail}",
    ),
    "reason.acceptance_lapsed.value": (
        "Acceptansen upphörde: riskvärdet steg från {old} till {new}",
        "The acceptance lapsed: the risk value rose from {old} to {new}",
    ),
    "reason.acceptance_lapsed.inherent": (
        "Acceptansen upphörde: det inneboende riskvärdet steg från {old} till {new}",
        "The acceptance lapsed: the inherent risk value rose from {old} to {new}",
    ),
    "reason.acceptance_lapsed.validity": (
        "Acceptansen upphörde: {trigger}, som mildrar risken, ändrades: {old} → {new}",
        "The acceptance lapsed: {trigger}, which mitigates the risk, changed: {old} → {new}",
    ),
    "reason.acceptance_lapsed.unlinked": (
        "Acceptansen upphörde: {trigger} mildrar inte längre risken",
        "The acceptance lapsed: {trigger} no longer mitigates the risk",
    ),
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
    "visibility.submitted": ("inlämnad", "submitted"),
    "role.redaktor": ("redaktör", "editor"),
    "role.bedomare": ("bedömare", "assessor"),
    "role.projektledare": ("projektledare", "project lead"),
    "role.lasare": ("läsare", "reader"),
    "severity.error": ("fel", "error"),
    "severity.warning": ("varning", "warning"),
    "severity.info": ("info", "info"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    # --- impact -----------------------------------------------------------------
    # one text per label of riskreg.graph.EFFECTS (what each means: riskreg/graph.py)
    "effect.becomes_conflict": (
        "gäller men bygger på ett beslut som inte gäller (ny konflikt)",
        "applies but depends on a decision that does not (a new conflict)",
    ),
    "effect.loses_mitigation": (
        "förlorar sin sista mildring som gäller och blir exponerad",
        "loses its last mitigation that applies and becomes exposed",
    ),
    "effect.superseded_applies": (
        "gäller samtidigt som beslutet som ersätter det (ny varning)",
        "applies while the decision that supersedes it applies (a new warning)",
    ),
    "effect.conflict_resolved": ("konflikten upphör", "the conflict is resolved"),
    "effect.gains_mitigation": (
        "får en mildring som gäller och är inte längre exponerad",
        "gains a mitigation that applies and is no longer exposed",
    ),
    "effect.superseded_resolved": (
        "gäller inte längre samtidigt som beslutet som ersätter det",
        "no longer applies together with the decision that supersedes it",
    ),
    "effect.conflict_changed": (
        "är fortfarande en konflikt; beslutet det bygger på byter giltighet",
        "is still a conflict; the decision it depends on changes validity",
    ),
    "effect.mitigation_weakened": (
        "ett mildrande beslut slutar gälla (risken blir inte exponerad)",
        "a mitigating decision stops applying (the risk does not become exposed)",
    ),
    "effect.mitigation_strengthened": (
        "ett mildrande beslut börjar gälla (risken var inte exponerad)",
        "a mitigating decision starts applying (the risk was not exposed)",
    ),
    "effect.mitigation_changed": (
        "det mildrande beslutet byter giltighet men gäller fortfarande inte",
        "the mitigating decision changes validity but still does not apply",
    ),
    "effect.cause_applies": ("beslutet som orsakar risken börjar gälla",
                             "the decision that causes it starts applying"),
    "effect.cause_lapses": ("beslutet som orsakar risken slutar gälla",
                            "the decision that causes it stops applying"),
    "effect.cause_changed": (
        "beslutet som orsakar risken byter giltighet men gäller fortfarande inte",
        "the decision that causes it changes validity but still does not apply",
    ),
    "effect.dependency_changed": (
        "ett beslut det bygger på ändras (det gäller inte självt: ingen konflikt)",
        "a decision it depends on changes (it does not apply itself: no conflict)",
    ),
    "effect.successor_changed": (
        "beslutet som ersätter det ändras (ingen varning uppstår eller upphör)",
        "the decision that supersedes it changes (no warning appears or goes)",
    ),
    "effect.linked": ("direkt kopplad", "linked directly"),
    "effect.indirect": ("påverkas indirekt", "affected indirectly"),
    # --- findings -----------------------------------------------------------------
    "finding.delivery_failed": (
        "Lägesrapporten (utgåva {number}) nådde inte {address}: {reason}. Kör riskreg send "
        "igen",
        "The status (edition {number}) did not reach {address}: {reason}. Run riskreg send "
        "again",
    ),
    "finding.delivery_pending": (
        "Oklart om lägesrapporten (utgåva {number}) nådde {address}: {reason}. Fråga "
        "mottagaren; riskreg send --resend-pending skickar den igen",
        "Unknown whether the status (edition {number}) reached {address}: {reason}. Ask the "
        "recipient; riskreg send --resend-pending sends it again",
    ),
    "finding.edition_incomplete": (
        "Utgåva {number} ({at}) avbröts innan alla filer och manifestet låg på plats; dess "
        "{count} mottagare räknas inte som att ha fått den. Exportera igen",
        "Edition {number} ({at}) was interrupted before all its files and the manifest were in "
        "place; its {count} recipients are not counted as having received it. Export again",
    ),
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
    "finding.superseded_applies": (
        "{key} gäller fast det har ersatts av {successor}, som också gäller",
        "{key} applies although it is superseded by {successor}, which applies too",
    ),
    "finding.needs_review": (
        "{key} behöver granskas: {reason}",
        "{key} needs review: {reason}",
    ),
    "finding.acceptance_expired": (
        "Acceptansen av {key} gick ut {date}: granska risken",
        "The acceptance of {key} expired on {date}: review the risk",
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
    "error.bad_scope": (
        "Ogiltig omfattning {value!r}; skriv alla, region, kommunalförbund:NAMN, "
        "vårdsamverkansområde:NAMN eller kommuner:KOD,KOD",
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
    "cli.db.needs_url": (
        "--db {db} är ingen server; ange en postgresql://-URL",
        "--db {db} is not a server; give a postgresql:// URL",
    ),
    "cli.db.up_to_date": (
        "Databasen har redan riskreg-schema version {version}",
        "The database already has riskreg schema version {version}",
    ),
    "cli.db.upgraded": (
        "Databasens riskreg-schema uppgraderat från version {before} till {after}",
        "The database's riskreg schema upgraded from version {before} to {after}",
    ),
    "cli.db.status": (
        "riskreg-schema version {version} (denna riskreg: {supported})",
        "riskreg schema version {version} (this riskreg: {supported})",
    ),
    "cli.db.register": (
        "  {name}: {title} (version {revision}, {items} risker och beslut)",
        "  {name}: {title} (revision {revision}, {items} risks and decisions)",
    ),
    "cli.db.serving": (
        "En tillfällig PostgreSQL-server körs (data i {folder}). Peka riskreg på den med:",
        "A throwaway PostgreSQL server is running (data in {folder}). Point riskreg at it with:",
    ),
    "cli.db.stop_hint": (
        "Ctrl+C stoppar servern och tar bort dess data",
        "Ctrl+C stops the server and removes its data",
    ),
    "cli.db.stopped": ("Servern är stoppad och dess data borttagen",
                       "The server is stopped and its data removed"),
    "cli.user.needs_url": (
        "--db {db} är en fil: en registerfil har en användare (filens behörigheter); personer "
        "och roller finns i ett register på en server (postgresql://-URL)",
        "--db {db} is a file: a register file has one user (the file's permissions); people "
        "and roles are kept in a register on a server (a postgresql:// URL)",
    ),
    "cli.user.saved": ("{login} ({name}, {org}) är {role} i registret",
                       "{login} ({name}, {org}) is {role} in the register"),
    "cli.user.exists": ("{login} finns redan i registret (ändra rollen med 'riskreg user role')",
                        "{login} is in the register already (change the role with "
                        "'riskreg user role')"),
    "cli.user.removed": ("{login} är borttagen ur registret (inloggningen finns kvar på "
                         "servern)",
                         "{login} is removed from the register (the login stays on the "
                         "server)"),
    "cli.user.unknown": ("{login} finns inte i registret", "{login} is not in the register"),
    "error.last_editor": (
        "{login} är registrets enda redaktör: lägg till en annan redaktör först",
        "{login} is the register's only editor: add another editor first",
    ),
    "cli.user.password": ("Lösenord för {login}", "Password for {login}"),
    "cli.user.none": ("Registret har inga personer ännu", "The register has no people yet"),
    "cli.col.login": ("Inloggning", "Login"),
    "cli.col.role": ("Roll", "Role"),
    "cli.col.organisation": ("Organisation", "Organisation"),
    "cli.copy.done": (
        "Kopierade {source} till {target}: {records} poster, {history} ändringar i historiken, "
        "version {revision}",
        "Copied {source} to {target}: {records} records, {history} changes in the history, "
        "revision {revision}",
    ),
    "cli.history.add": ("tillagd", "added"),
    "cli.history.update": ("ändrad", "changed"),
    "cli.history.review": ("granskad", "reviewed"),
    "cli.history.remove": ("borttagen", "removed"),
    "cli.history.assess": ("bedömd", "assessed"),
    "cli.history.flag": ("flaggad för granskning", "flagged for review"),
    "cli.history.link": ("länkad", "linked"),
    "cli.history.unlink": ("länk borttagen", "unlinked"),
    "cli.history.submit": ("inlämnad", "submitted"),
    "cli.history.withdraw": ("inlämning tillbakadragen", "submission withdrawn"),
    "cli.history.take": ("tagen in i den gemensamma analysen", "taken into the joint analysis"),
    "cli.history.recognise": ("igenkänning registrerad", "recognition recorded"),
    "cli.history.action_status": ("åtgärdsstatus ändrad", "action status changed"),
    "cli.history.note": ("anteckning", "note added"),
    "cli.history.propose_acceptance": ("acceptans föreslagen", "acceptance proposed"),
    "cli.history.approve_acceptance": ("acceptans godkänd", "acceptance approved"),
    "cli.history.reject_acceptance": ("acceptans avslagen", "acceptance rejected"),
    "cli.history.lapse": ("acceptansen upphörde", "acceptance lapsed"),
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
    "cli.impact.unchanged": (
        "{key} har redan giltigheten \"{validity}\": ingen annan post påverkas och inget "
        "flaggas för granskning",
        "{key} already has the validity \"{validity}\": no other item is affected and "
        "nothing is flagged for review",
    ),
    "cli.impact.check": (
        "Kontrollen (riskreg check) efteråt: {added} nya anmärkningar, {resolved} upphör; "
        "{flagged} poster flaggas för granskning",
        "The check (riskreg check) afterwards: {added} new findings, {resolved} resolved; "
        "{flagged} items flagged for review",
    ),
    "cli.impact.added": ("Nya anmärkningar:", "New findings:"),
    "cli.impact.resolved": ("Anmärkningar som upphör:", "Findings resolved:"),
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
    # --- export/import -----------------------------------------------------------
    # the municipalities' status reports (riskreg.report)
    "report.title": ("Lägesrapport Millennium-pausen: {name}",
                     "Status report, the Millennium pause: {name}"),
    "report.lead": (
        "Status för {name} i registret {register}: vilka beslut i Klinisk ledning som gäller, "
        "vad som bedöms och vilka risker som berör kommunen.",
        "Status for {name} in the register {register}: which decisions of Klinisk ledning "
        "apply, what is being assessed and which risks concern the municipality.",
    ),
    "report.municipality": ("Kommun", "Municipality"),
    "report.code": ("Kommunkod", "Municipality code"),
    "report.association": ("Kommunalförbund", "Municipal association"),
    "report.care_area": ("Vårdsamverkansområde", "Care-collaboration area"),
    "report.stamp.edition": ("Utgåva {number}", "Edition {number}"),
    "report.stamp.generated": ("skapad {at} av {by}", "generated {at} by {by}"),
    "report.stamp.first": ("Första utgåvan till {name}: det finns inget att jämföra med",
                           "First edition to {name}: there is nothing to compare with"),
    "report.stamp.no_changes": ("Jämfört med utgåva {number} ({at}): inga ändringar",
                                "Compared with edition {number} ({at}): no changes"),
    "report.stamp.changes": ("Jämfört med utgåva {number} ({at}): {count} ändringar, se nedan",
                             "Compared with edition {number} ({at}): {count} changes, see below"),
    "report.stamp.preview": ("Förhandsversion, inte registrerad i utgåvologgen",
                             "Preview, not recorded in the edition log"),
    "report.stamp.number": ("Utgåva", "Edition"),
    "report.stamp.at": ("Skapad", "Generated"),
    "report.stamp.by": ("Skapad av", "Generated by"),
    "report.stamp.comparison": ("Jämförelse", "Comparison"),
    "report.stamp.content": ("Rapportens innehåll (SHA-256)", "Content of this report (SHA-256)"),
    "report.stamp.shared_content": ("Registrets delade innehåll (SHA-256)",
                                    "Shared content of the register (SHA-256)"),
    "report.section.changes": (
        "Ändrat sedan föregående utgåva",
        "Changed since the previous edition",
    ),
    "report.section.summary": ("Sammanfattning", "Summary"),
    "report.section.decisions": ("Beslut i Klinisk ledning", "Decisions of Klinisk ledning"),
    "report.section.applies": ("Gäller nu", "Applies now"),
    "report.section.uncertain": ("Under bedömning", "Under assessment"),
    "report.section.suspended": ("Gäller inte under pausen", "Suspended during the pause"),
    "report.section.unreviewed": ("Ännu inte granskade", "Not yet reviewed"),
    "report.section.risks": ("Risker som berör {name}", "Risks that concern {name}"),
    "report.section.reported": ("Risker som {name} själv har rapporterat",
                                "Risks {name} reported itself"),
    "report.section.closed": ("Avslutade risker", "Closed risks"),
    "report.section.exposed": ("Exponerade risker", "Exposed risks"),
    "report.section.conflicts": ("Konflikter mellan beslut", "Conflicts between decisions"),
    "report.section.matrix": ("Riskmatris", "Risk matrix"),
    "report.intro.applies": ("Beslut som gäller under pausen, vad de innebär och vilka de riktar "
                             "sig till.",
                             "Decisions that apply during the pause, what they mean and whom they "
                             "address."),
    "report.intro.uncertain": ("Beslut som bedöms på nytt, med datum då bedömningen ska vara klar.",
                               "Decisions being assessed again, with the date the assessment is "
                               "due."),
    "report.intro.suspended": ("Beslut som inte gäller under pausen.",
                               "Decisions that do not apply during the pause."),
    "report.intro.exposed": (
        "Öppna risker där inget av de mildrande besluten i rapporten gäller nu, och höga risker "
        "utan mildrande beslut.",
        "Open risks none of whose mitigating decisions in this report applies now, and high "
        "risks with none.",
    ),
    "report.intro.conflicts": ("Beslut som gäller men bygger på ett beslut som inte gäller.",
                               "Decisions that apply but depend on a decision that does not."),
    "report.intro.matrix": (
        "Antal öppna risker per sannolikhet och konsekvens (den bedömning som gäller nu).",
        "Open risks per likelihood and impact (the rating that counts now).",
    ),
    "report.none": ("Inga.", "None."),
    "report.summary.open_risks": ("Öppna risker", "Open risks"),
    "report.summary.closed_risks": ("Avslutade risker", "Closed risks"),
    "report.summary.reported": ("Rapporterade av kommunen", "Reported by the municipality"),
    "report.summary.exposed": ("Exponerade risker", "Exposed risks"),
    "report.summary.conflicts": ("Konflikter mellan beslut", "Conflicts between decisions"),
    "report.summary.changes": ("Ändringar sedan föregående utgåva",
                               "Changes since the previous edition"),
    "report.summary.levels": ("Öppna risker per nivå", "Open risks by level"),
    "report.summary.validity": ("Beslut per giltighet", "Decisions by validity"),
    "report.changes.risks_new": ("Nya risker", "New risks"),
    "report.changes.risks_changed": ("Ändrade risker", "Changed risks"),
    "report.changes.risks_closed": ("Avslutade risker", "Closed risks"),
    "report.changes.risks_removed": ("Risker som inte längre ingår i rapporten",
                                     "Risks no longer in the report"),
    "report.changes.decisions_new": ("Nya beslut", "New decisions"),
    "report.changes.decisions_validity": ("Beslut med ändrad giltighet",
                                          "Decisions whose validity changed"),
    "report.changes.decisions_changed": (
        "Beslut med ändrat innehåll",
        "Decisions with changed content",
    ),
    "report.changes.decisions_removed": ("Beslut som inte längre ingår i rapporten",
                                         "Decisions no longer in the report"),
    "report.changes.status": ("status {before} → {after}", "status {before} → {after}"),
    "report.changes.value": ("riskvärde {before} → {after}", "risk value {before} → {after}"),
    "report.changes.content": ("innehållet har ändrats", "the content changed"),
    "report.change.new": ("ny", "new"),
    "report.change.changed": ("ändrad", "changed"),
    "report.change.closed": ("avslutad", "closed"),
    "report.kind.risk": ("risk", "risk"),
    "report.kind.decision": ("beslut", "decision"),
    "report.field.kind": ("Typ", "Kind"),
    "report.field.key": ("Nyckel", "Key"),
    "report.field.title": ("Titel", "Title"),
    "report.field.description": ("Beskrivning", "Description"),
    "report.field.area": ("Riskområde", "Risk area"),
    "report.field.area_key": ("Områdesnyckel", "Area key"),
    "report.field.likelihood": ("Sannolikhet", "Likelihood"),
    "report.field.impact": ("Konsekvens", "Impact"),
    "report.field.value": ("Riskvärde", "Risk value"),
    "report.field.level": ("Risknivå", "Risk level"),
    "report.field.status": ("Status", "Status"),
    "report.field.owner": ("Riskägare", "Risk owner"),
    "report.field.consequences": ("Konsekvenser", "Consequences"),
    "report.field.actions": ("Åtgärder", "Actions"),
    "report.field.action": ("Åtgärd", "Action"),
    "report.field.action_owner": ("Ansvarig", "Owner"),
    "report.field.due": ("Klar senast", "Due"),
    "report.field.mitigated_by": ("Mildras av", "Mitigated by"),
    "report.field.reported": ("Rapporterad av kommunen", "Reported by the municipality"),
    "report.field.recognition": ("Antal rapporterande parter", "Parties reporting it"),
    "report.field.scope": ("Omfattning", "Scope"),
    "report.field.decided_on": ("Beslutat", "Decided on"),
    "report.field.validity": ("Giltighet under pausen", "Validity during the pause"),
    "report.field.review_by": ("Bedöms senast", "Review by"),
    "report.field.summary": ("Innebörd", "What it means"),
    "report.field.care_areas": ("Verksamhetsområden", "Areas of care"),
    "report.field.target_groups": ("Målgrupper", "Target groups"),
    "report.field.assessed": ("Bedömt", "Assessed"),
    "report.field.rationale": ("Motivering", "Rationale"),
    "report.field.change": ("Ändring", "Change"),
    "report.field.depends_on": ("Bygger på", "Depends on"),
    "report.field.count": ("Antal", "Count"),
    "report.field.label": ("Uppgift", "Item"),
    "report.field.file": ("Fil", "File"),
    "report.field.created": ("Registrerad", "Recorded"),
    "report.risk.reported": ("bland dem {name}", "including {name}"),
    "report.risk.recognition": ("rapporterande parter: {count}", "parties reporting it: {count}"),
    "report.risk.rating": ("{value} ({level}): sannolikhet {likelihood}, konsekvens {impact}",
                           "{value} ({level}): likelihood {likelihood}, impact {impact}"),
    "report.risk.no_actions": ("Inga åtgärder registrerade.", "No actions recorded."),
    "report.decision.review_by": ("bedöms senast {date}", "to be assessed by {date}"),
    "report.decision.assessed": ("{on} av {by}", "{on} by {by}"),
    "report.exposed.none_applies": ("inget av de mildrande besluten gäller nu",
                                    "none of the mitigating decisions applies now"),
    "report.exposed.no_mitigation": ("inga mildrande beslut", "no mitigating decisions"),
    "report.matrix.legend": ("{name}: {low}–{high}", "{name}: {low}–{high}"),
    "report.sheet.overview": ("Översikt", "Overview"),
    "report.sheet.decisions": ("Beslut", "Decisions"),
    "report.sheet.risks": ("Risker", "Risks"),
    "report.sheet.actions": ("Åtgärder", "Actions"),
    "report.sheet.exposed": ("Exponerade risker", "Exposed risks"),
    "report.sheet.conflicts": ("Konflikter", "Conflicts"),
    "report.sheet.changes": ("Ändringar", "Changes"),
    "report.sheet.edition": ("Utgåva", "Edition"),
    "report.index.title": ("Lägesrapporter till kommunerna, utgåva {number}",
                           "Status reports to the municipalities, edition {number}"),
    "report.index.lead": ("{count} mottagare från registret {register}.",
                          "{count} recipients from the register {register}."),
    "report.index.files": ("Filer", "Files"),
    "report.edition.why": ("{count} mottagare, {formats}", "{count} recipients, {formats}"),
    "import.why.file": ("import från {file}", "import from {file}"),
    "import.why.submission": ("inlämning från {name} ({file})", "submission from {name} ({file})"),
    "cli.history.export": ("exporterad", "exported"),
    "cli.history.export_complete": ("export klar", "export complete"),
    "cli.export.done": (
        "Utgåva {number}: {recipients} mottagare, {files} filer i {out} (manifest.json)",
        "Edition {number}: {recipients} recipients, {files} files in {out} (manifest.json)",
    ),
    "cli.export.preview": ("Förhandsversion: utgåvan registrerades inte",
                           "Preview: the edition was not recorded"),
    "cli.export.progress": ("Exporterar", "Exporting"),
    "error.export.no_recipients": (
        "Inga mottagare matchar {spec!r}",
        "No recipients match {spec!r}",
    ),
    "error.export.format": ("Okänt format {value!r}; tillåtna: {allowed}",
                            "Unknown format {value!r}; allowed: {allowed}"),
    "error.export.out": ("Utmappen {path} går inte att använda: {problem}",
                         "The output folder {path} cannot be used: {problem}"),
    # importing (riskreg.exchange)
    "import.col.key": ("Nyckel", "Key"),
    "import.col.title": ("Titel", "Title"),
    "import.col.area": ("Riskområde", "Risk area"),
    "import.col.likelihood": ("Sannolikhet", "Likelihood"),
    "import.col.impact": ("Konsekvens", "Impact"),
    "import.col.residual_likelihood": ("Sannolikhet efter åtgärder", "Likelihood after actions"),
    "import.col.residual_impact": ("Konsekvens efter åtgärder", "Impact after actions"),
    "import.col.description": ("Beskrivning", "Description"),
    "import.col.consequences": ("Konsekvenser", "Consequences"),
    "import.col.actions": ("Åtgärder", "Actions"),
    "import.col.owner": ("Riskägare", "Risk owner"),
    "import.col.status": ("Status", "Status"),
    "import.col.scope": ("Omfattning", "Scope"),
    "import.col.reported_by": ("Rapporterad av", "Reported by"),
    "import.col.internal": ("Intern", "Internal"),
    "import.col.created": ("Registrerad", "Recorded"),
    "import.col.decided_on": ("Beslutat", "Decided on"),
    "import.col.summary": ("Innebörd", "What it means"),
    "import.col.care_areas": ("Verksamhetsområden", "Areas of care"),
    "import.col.target_groups": ("Målgrupper", "Target groups"),
    "import.col.validity": ("Giltighet under pausen", "Validity during the pause"),
    "import.col.review_by": ("Bedöms senast", "Review by"),
    "import.col.assessed_by": ("Bedömt av", "Assessed by"),
    "import.col.assessed_on": ("Bedömt den", "Assessed on"),
    "import.col.rationale": ("Motivering", "Rationale"),
    "import.help.key": ("R-NNN (tomt: nästa lediga nummer).", "R-NNN (empty: the next free one)."),
    "import.help.decision_key": ("KL-ÅÅÅÅ-NN, med året då beslutet fattades.",
                                 "KL-YYYY-NN, with the year of the decision."),
    "import.help.title": ("Kort rubrik.", "Short title."),
    "import.help.area": ("Riskområdets nyckel eller namn.", "The risk area's key or name."),
    "import.help.area_known": ("Finns: {areas}.", "Known: {areas}."),
    "import.help.likelihood": ("Steg på skalan (1–4) eller stegets namn, t.ex. Stor.",
                               "A step of the scale (1-4) or its name, e.g. Likely."),
    "import.help.impact": ("Steg på skalan (1–4) eller stegets namn, t.ex. Betydande.",
                           "A step of the scale (1-4) or its name, e.g. Major."),
    "import.help.residual_likelihood": ("Som sannolikhet, efter åtgärder (ange båda eller ingen).",
                                        "As likelihood, after actions (give both or neither)."),
    "import.help.residual_impact": ("Som konsekvens, efter åtgärder (ange båda eller ingen).",
                                    "As impact, after actions (give both or neither)."),
    "import.help.description": ("Vad risken består i.", "What the risk is."),
    "import.help.consequences": ("En konsekvens per rad i cellen.", "One consequence per line."),
    "import.help.actions": (
        "En åtgärd per rad: text, eller text | ansvarig | klar senast (ÅÅÅÅ-MM-DD) | status.",
        "One action per line: text, or text | owner | due (YYYY-MM-DD) | status.",
    ),
    "import.help.action_statuses": ("Status: {statuses}.", "Status: {statuses}."),
    "import.help.owner": ("Riskägare.", "Risk owner."),
    "import.help.status": ("identifierad, bedömd, under åtgärd, accepterad eller avslutad "
                           "(tomt: identifierad).",
                           "identified, assessed, treating, accepted or closed (empty: "
                           "identified)."),
    "import.help.scope": (
        "Vilka som berörs: alla (tomt), region, kommunalförbund:NAMN, "
        "vårdsamverkansområde:NAMN eller kommuner:KOD,KOD.",
        "Whom it concerns: all (empty), region, association:NAME, care_area:NAME or "
        "municipalities:CODE,CODE.",
    ),
    "import.help.reported_by": ("Kommunkoder eller namn, åtskilda med komma.",
                                "Municipality codes or names, separated by commas."),
    "import.help.internal": ("ja: posten exporteras aldrig (tomt: nej).",
                             "yes: the item is never exported (empty: no)."),
    "import.help.created": ("ÅÅÅÅ-MM-DD (tomt: i dag).", "YYYY-MM-DD (empty: today)."),
    "import.help.decided_on": ("ÅÅÅÅ-MM-DD, samma år som i nyckeln.",
                               "YYYY-MM-DD, the year of the key."),
    "import.help.summary": ("Vad beslutet innebär.", "What the decision means."),
    "import.help.care_areas": ("Åtskilda med komma.", "Separated by commas."),
    "import.help.target_groups": ("Åtskilda med komma, t.ex. Projektledare, Ledningsråd.",
                                  "Separated by commas, e.g. Projektledare, Ledningsråd."),
    "import.help.validity": ("gäller nu, under bedömning, gäller inte under pausen eller "
                             "ej granskat (tomt).",
                             "applies, uncertain, suspended or unreviewed (empty)."),
    "import.help.review_by": ("ÅÅÅÅ-MM-DD; krävs när beslutet är under bedömning.",
                              "YYYY-MM-DD; required when the decision is uncertain."),
    "import.help.assessed_by": ("Vem som bedömde giltigheten.", "Who assessed the validity."),
    "import.help.assessed_on": ("ÅÅÅÅ-MM-DD (tomt: i dag).", "YYYY-MM-DD (empty: today)."),
    "import.help.rationale": ("Varför.", "Why."),
    "import.sheet.risks": ("Risker", "Risks"),
    "import.sheet.decisions": ("Beslut", "Decisions"),
    "import.sheet.instructions": ("Instruktioner", "Instructions"),
    "import.template.intro.risks": (
        "riskreg: mall för import av risker. En rad per risk. Rader som börjar med # läses inte "
        "in.",
        "riskreg: template for importing risks. One row per risk. Lines starting with # are not "
        "read.",
    ),
    "import.template.intro.decisions": (
        "riskreg: mall för import av beslut. En rad per beslut. Rader som börjar med # läses inte "
        "in.",
        "riskreg: template for importing decisions. One row per decision. Lines starting with # "
        "are not read.",
    ),
    "import.template.column": ("Kolumn", "Column"),
    "import.template.required": ("obligatorisk", "required"),
    "import.template.explanation": ("Förklaring", "Explanation"),
    "import.problem": (
        "rad {row}, kolumn {column}: {message}",
        "row {row}, column {column}: {message}",
    ),
    "import.note.matrix": (
        "Filens riskmatris skiljer sig från registrets; bedömningarna läses på registrets matris",
        "The file's risk matrix differs from the register's; ratings are read on the register's",
    ),
    "error.import.rejected": (
        "Filen {path} avvisades: {count} problem. Inget har ändrats i registret",
        "The file {path} was rejected: {count} problems. Nothing changed in the register",
    ),
    "error.import.encoding": (
        "Filen {path} går inte att läsa som UTF-8 eller Windows-1252; ange --encoding",
        "The file {path} cannot be read as UTF-8 or Windows-1252; give --encoding",
    ),
    "error.import.unknown_encoding": (
        "Okänd teckenkodning {encoding!r}",
        "Unknown encoding {encoding!r}",
    ),
    "error.import.empty": (
        "Filen {path} har inga rader att läsa",
        "The file {path} has no rows to read",
    ),
    "error.import.format": ("Filen {path} går inte att läsa: {problem}",
                            "The file {path} cannot be read: {problem}"),
    "error.import.kind": ("Det går inte att avgöra om raderna är risker eller beslut; ange --kind",
                          "Cannot tell whether the rows are risks or decisions; give --kind"),
    "error.import.unknown_column": ("Okänd kolumn {column!r}", "Unknown column {column!r}"),
    "error.import.missing_column": ("Kolumnen {column} saknas", "The column {column} is missing"),
    "error.import.required": ("Värde saknas", "Value missing"),
    "error.import.duplicate_in_file": ("Nyckeln {key} finns redan på rad {row}",
                                       "The key {key} is already on row {row}"),
    "error.import.exists": (
        "{key} finns redan i registret",
        "{key} already exists in the register",
    ),
    "error.import.bad_step": ("{value!r} är inget steg på skalan 1–{top} ({names})",
                              "{value!r} is not a step of the scale 1–{top} ({names})"),
    "error.import.residual_pair": (
        "Ange både sannolikhet och konsekvens efter åtgärder, eller ingen av dem",
        "Give both likelihood and impact after actions, or neither",
    ),
    "error.import.bad_flag": ("{value!r} är inte ja eller nej", "{value!r} is not yes or no"),
    "error.import.bad_action": (
        "Åtgärden {value!r}: skriv text | ansvarig | klar senast | status",
        "The action {value!r}: write text | owner | due | status",
    ),
    "error.import.link_end": ("{key} finns varken i registret eller i filen",
                              "{key} is neither in the register nor in the file"),
    "error.import.json_shape": (
        "{path}: JSON-filen är varken en registerexport (riskreg dump) eller en lista med risker "
        "och beslut",
        "{path}: the JSON file is neither a register export (riskreg dump) nor a list of risks "
        "and decisions",
    ),
    "error.import.duplicate_member": (
        "{path}: ett JSON-objekt har fältet {name!r} två gånger",
        "{path}: a JSON object has the member {name!r} twice",
    ),
    "error.import.kind_choice": ("Ogiltig typ {value!r}; skriv risks eller decisions",
                                 "Invalid kind {value!r}; write risks or decisions"),
    "error.template.exists": ("{path} finns redan (--force skriver över)",
                              "{path} exists already (--force overwrites)"),
    "cli.import.summary": (
        "{areas} riskområden, {risks} risker, {decisions} beslut, {links} länkar",
        "{areas} risk areas, {risks} risks, {decisions} decisions, {links} links",
    ),
    "cli.import.done": ("Importerat från {path}: {what}", "Imported from {path}: {what}"),
    "cli.import.dry_run": ("Provkörning, inget sparades. Skulle importera från {path}: {what}",
                           "Dry run, nothing saved. Would import from {path}: {what}"),
    "cli.import.problems": ("Problem i {path} ({count}):", "Problems in {path} ({count}):"),
    "cli.submission.done": (
        "Inlämning från {name} ({path}): {matched} matchade, {already} redan rapporterade, {new} "
        "nya",
        "Submission from {name} ({path}): {matched} matched, {already} already reported, {new} new",
    ),
    "cli.submission.dry_run": ("Provkörning, inget sparades.", "Dry run, nothing saved."),
    "cli.submission.ignored": ("Kolumner som inte lästes: {columns}",
                               "Columns not read: {columns}"),
    "cli.submission.matched": ("matchad", "matched"),
    "cli.submission.already": ("redan rapporterad", "already reported"),
    "cli.submission.new": ("ny risk", "new risk"),
    "cli.submission.by_key": ("nyckel", "key"),
    "cli.col.row": ("Rad", "Row"),
    "cli.col.result": ("Resultat", "Result"),
    "cli.col.risk": ("Risk", "Risk"),
    "cli.col.score": ("Likhet", "Score"),
    "cli.col.matched_title": ("Matchad (närmaste) risk", "Matched (closest) risk"),
    "cli.template.written": ("Skrev mallen {path}", "Wrote the template {path}"),
    "cli.dump.written": ("Skrev registret till {path}", "Wrote the register to {path}"),
    # --- end of export/import ------------------------------------------------------
    # --- delivery: contacts, messages, sending (riskreg.delivery) ----------------------
    "error.delivery.file": (
        "{path}: {problem}",
        "{path}: {problem}",
    ),
    "error.delivery.other_edition": (
        "{path} innehåller utgåva {found}, inte utgåva {wanted}",
        "{path} holds edition {found}, not edition {wanted}",
    ),
    "error.delivery.not_recorded": (
        "{path}: utgåva {edition} finns inte i registrets logg (en förhandsvisning?)",
        "{path}: edition {edition} is not in the register's log (a preview?)",
    ),
    "error.delivery.incomplete": (
        "Utgåva {edition} avbröts under exporten och kan inte skickas; exportera på nytt",
        "Edition {edition} was interrupted while exported and cannot be sent; export again",
    ),
    "error.delivery.stale": (
        "Registret har ändrats sedan utgåva {edition} exporterades; exportera en ny utgåva "
        "och skicka den (den som missat utgåva {edition} får dess ändringar i den nya)",
        "The register changed since edition {edition} was exported; export a new edition "
        "and send that (whoever missed edition {edition} gets its changes in the new one)",
    ),
    "error.delivery.formats": (
        "Utgåva {edition} har inte formaten {formats}; den har {allowed}",
        "Edition {edition} has no format {formats}; it has {allowed}",
    ),
    "error.smtp.config": (
        "SMTP-inställningarna duger inte: {problem}",
        "The SMTP settings will not do: {problem}",
    ),
    "error.smtp.security": (
        "SMTP-inställningarna duger inte: security {value!r}: en av {allowed}",
        "The SMTP settings will not do: security {value!r}: one of {allowed}",
    ),
    "error.smtp.password_file": (
        "SMTP-inställningarna duger inte: {path} kan läsas av andra: chmod 600 den",
        "The SMTP settings will not do: {path} may be read by others: chmod 600 it",
    ),
    "smtp.problem.host_port": ("värd och port behövs", "host and port needed"),
    "smtp.problem.login_tls": (
        "en inloggning kräver TLS (security = starttls eller tls)",
        "a login needs TLS (security = starttls or tls)",
    ),
    "smtp.problem.host_from": (
        "host och from behövs (i inställningsfilen, eller RISKREG_SMTP_HOST och "
        "RISKREG_SMTP_FROM)",
        "host and from are needed (the configuration file or RISKREG_SMTP_HOST and "
        "RISKREG_SMTP_FROM)",
    ),
    "smtp.problem.from": (
        "from behövs (i inställningsfilen, eller RISKREG_SMTP_FROM)",
        "from is needed (the configuration file or RISKREG_SMTP_FROM)",
    ),
    "smtp.problem.password": (
        "inget lösenord i inställningsfilen: använd RISKREG_SMTP_PASSWORD eller "
        "password_file",
        "no password in the configuration file: use RISKREG_SMTP_PASSWORD or "
        "password_file",
    ),
    "delivery.greeting": ("Hej,", "Hello,"),
    "delivery.greeting.named": ("Hej {name},", "Dear {name},"),
    "delivery.closing": ("Med vänliga hälsningar", "Kind regards"),
    "delivery.register_default": ("Riskregistret", "The risk register"),
    "delivery.status.subject": (
        "Lägesrapport {register}: {orgs} (utgåva {edition})",
        "Status report {register}: {orgs} (edition {edition})",
    ),
    "delivery.status.intro": (
        "Här är lägesrapporten från {register} för {orgs}, utgåva {edition} ({date}).",
        "Here is the status report of {register} for {orgs}, edition {edition} ({date}).",
    ),
    "delivery.status.attached": (
        "Rapporten är bifogad: {files}.",
        "The report is attached: {files}.",
    ),
    "delivery.status.first": (
        "Det här är den första lägesrapporten som skickas till dig härifrån; den bifogade "
        "rapporten visar vad som ändrats sedan organisationens förra utgåva.",
        "This is the first status report sent to you from here; the attached report shows "
        "what changed since the organisation's previous edition.",
    ),
    "delivery.status.changes": (
        "Ändrat sedan utgåva {edition} ({date}), den senaste du fått",
        "Changed since edition {edition} ({date}), the last one you received",
    ),
    "delivery.status.no_changes": ("Inget har ändrats.", "Nothing has changed."),
    "delivery.status.uncertain": (
        "Under bedömning, och när besluten ska vara bedömda",
        "Being assessed, and by when",
    ),
    "delivery.status.none_uncertain": (
        "Inga beslut är under bedömning.",
        "No decision is being assessed.",
    ),
    "delivery.status.exposed": (
        "Exponerade risker (inget beslut som mildrar dem gäller nu)",
        "Exposed risks (no decision that mitigates them applies now)",
    ),
    "delivery.status.none_exposed": ("Inga exponerade risker.", "No exposed risks."),
    "delivery.status.flagged": ("Behöver ses över", "Needs review"),
    "delivery.line.uncertain": (
        "{key} {title}: bedöms senast {date}",
        "{key} {title}: to be assessed by {date}",
    ),
    "delivery.line.exposed": ("{key} {title} (riskvärde {value})",
                              "{key} {title} (risk value {value})"),
    "delivery.line.new": ("{key} ny: {title}", "{key} new: {title}"),
    "delivery.line.risk_changed": (
        "{key} ändrad: {title} ({before} → {after}, riskvärde {value_before} → {value_after})",
        "{key} changed: {title} ({before} → {after}, risk value {value_before} → "
        "{value_after})",
    ),
    "delivery.line.closed": ("{key} avslutad: {title}", "{key} closed: {title}"),
    "delivery.line.validity": ("{key} {before} → {after}: {title}",
                               "{key} {before} → {after}: {title}"),
    "delivery.line.changed": ("{key} ändrat: {title}", "{key} changed: {title}"),
    "delivery.line.removed": ("{key} finns inte längre med", "{key} is no longer included"),
    "delivery.line.flagged": ("{key} {title}: {reason}", "{key} {title}: {reason}"),
    "delivery.notice.subject": (
        "Ändrade beslut i Klinisk ledning ({count}) för {groups}",
        "Changed decisions of Klinisk ledning ({count}) for {groups}",
    ),
    "delivery.notice.intro": (
        "Klinisk ledning har ändrat vad som gäller under pausen för beslut som riktar sig "
        "till {groups} ({orgs}).",
        "Klinisk ledning has changed what applies during the pause for decisions addressed "
        "to {groups} ({orgs}).",
    ),
    "delivery.notice.changed": ("Ändrade beslut", "Changed decisions"),
    "delivery.notice.line": ("{key} {title}: {before} → {after}.",
                             "{key} {title}: {before} → {after}."),
    "delivery.notice.rationale": ("Motivering: {rationale}", "Rationale: {rationale}"),
    "delivery.notice.review_by": ("Bedöms senast {date}.", "To be assessed by {date}."),
    "delivery.digest.subject": (
        "Att göra i riskregistret: {count} punkter ({today})",
        "Pending in the risk register: {count} items ({today})",
    ),
    "delivery.digest.intro": (
        "Det här väntar på dig den {today} (förfallet, eller inom {days} dagar).",
        "This is pending on you on {today} (overdue, or due within {days} days).",
    ),
    "delivery.digest.actions": ("Dina åtgärder", "Your actions"),
    "delivery.digest.risks": ("Dina risker", "Your risks"),
    "delivery.digest.decisions": ("Beslut att bedöma", "Decisions to assess"),
    "delivery.digest.action_overdue": ("{key} {title}: {detail} (försenad, skulle vara klar "
                                       "{due})",
                                       "{key} {title}: {detail} (overdue since {due})"),
    "delivery.digest.action_due": ("{key} {title}: {detail} (klar senast {due})",
                                   "{key} {title}: {detail} (due {due})"),
    "delivery.digest.review_overdue": ("{key} {title}: skulle ha setts över {due}",
                                       "{key} {title}: review was due {due}"),
    "delivery.digest.review_due": ("{key} {title}: ses över senast {due}",
                                   "{key} {title}: review due {due}"),
    "delivery.digest.flagged": ("{key} {title}: behöver ses över ({detail})",
                                "{key} {title}: needs review ({detail})"),
    "delivery.digest.assess_by": ("{key} {title}: under bedömning, bedöms senast {due}",
                                  "{key} {title}: uncertain, to be assessed by {due}"),
    "delivery.digest.nothing": ("Inget väntar på {name}.", "Nothing is pending on {name}."),
    "contacts.col.key": ("Nyckel", "Key"),
    "contacts.col.organisation": ("Organisation", "Organisation"),
    "contacts.col.role": ("Roll", "Role"),
    "contacts.col.name": ("Namn", "Name"),
    "contacts.col.address": ("E-post", "E-mail"),
    "contacts.col.target_groups": ("Målgrupper", "Target groups"),
    "contacts.col.owner_names": ("Ägarnamn", "Owner names"),
    "contacts.col.lang": ("Språk", "Language"),
    "contacts.col.login": ("Inloggning", "Login"),
    "contacts.col.active": ("Aktiv", "Active"),
    "contacts.sheet": ("Kontakter", "Contacts"),
    "contacts.import.why": ("Kontakter importerade från {name}",
                            "Contacts imported from {name}"),
    "role.project_lead": ("projektledare", "project lead"),
    "role.management_council": ("ledningsråd", "management council"),
    "role.target_group": ("målgrupp", "target group"),
    "contacts.template.intro": (
        "Kontakter som lägesrapporten och beslutsbeskeden skickas till: en rad per adress. "
        "Rader som börjar med # läses inte. Importera med: riskreg contacts import FIL",
        "Contacts the status report and decision notices are sent to: one row per address. "
        "Rows starting with # are not read. Import with: riskreg contacts import FILE",
    ),
    "contacts.help.key": (
        "Kontaktens nyckel (C-001). Tom för en ny kontakt; en rad utan nyckel med samma "
        "organisation, roll och adress som en befintlig kontakt ändrar den.",
        "The contact's key (C-001). Empty for a new contact; a row without a key with the "
        "organisation, role and address of an existing contact changes that one.",
    ),
    "contacts.help.organisation": (
        "Kommunkod eller namn (1487 eller Vänersborg), eller VGR.",
        "Municipality code or name (1487 or Vänersborg), or VGR.",
    ),
    "contacts.help.role": (
        "projektledare eller ledningsråd (får lägesrapporten), eller målgrupp (får "
        "beslutsbesked för sina målgrupper). Tom: målgrupp.",
        "project lead or management council (receive the status report), or target group "
        "(receive notices for their target groups). Empty: target group.",
    ),
    "contacts.help.name": (
        "Namnet i hälsningen och i Till-fältet (kan vara tomt).",
        "The name in the greeting and the To field (may be empty).",
    ),
    "contacts.help.address": (
        "E-postadressen (kontrolleras, sparas med små bokstäver).",
        "The e-mail address (checked, kept in lower case).",
    ),
    "contacts.help.target_groups": (
        "Målgrupper i Klinisk lednings beslut som kontakten hör till (MAS; "
        "Verksamhetschefer), åtskilda med semikolon.",
        "Target groups of Klinisk ledning's decisions the contact belongs to (MAS; "
        "Verksamhetschefer), separated by semicolons.",
    ),
    "contacts.help.owner_names": (
        "Namn som registret använder för personen som ägare eller bedömare (för "
        "att göra-listan), åtskilda med semikolon.",
        "Names the register uses for the person as an owner or assessor (for the "
        "digest), separated by semicolons.",
    ),
    "contacts.help.lang": ("Meddelandenas språk: sv eller en (tom: sv).",
                           "The messages' language: sv or en (empty: sv)."),
    "contacts.help.login": (
        "Personens inloggning i det delade registret, om hon har en.",
        "The person's login in the shared register, if they have one.",
    ),
    "contacts.help.active": ("ja eller nej (tom: nej; saknas kolumnen: ja).",
                             "yes or no (empty: no; without the column: yes)."),
    "error.delivery.nobody": (
        "Ingen av de {count} valda mottagarna har en projektledare eller ett ledningsråd "
        "med e-postadress; lägg in kontakter först (riskreg contacts import)",
        "None of the {count} chosen recipients has a project lead or ledningsråd with an "
        "e-mail address; add contacts first (riskreg contacts import)",
    ),
    "cli.contacts.added": ("Kontakt {key} tillagd: {address}", "Contact {key} added: {address}"),
    "cli.contacts.removed": ("Kontakt {key} borttagen", "Contact {key} removed"),
    "cli.contacts.imported": (
        "Kontakter från {path}: {added} nya, {updated} ändrade, {removed} borttagna, "
        "{unchanged} oförändrade",
        "Contacts from {path}: {added} added, {updated} updated, {removed} removed, "
        "{unchanged} unchanged",
    ),
    "cli.contacts.would_import": (
        "Provkörning, inget sparat. Kontakter från {path}: {added} nya, {updated} ändrade, "
        "{removed} borttagna, {unchanged} oförändrade",
        "Dry run, nothing saved. Contacts from {path}: {added} added, {updated} updated, "
        "{removed} removed, {unchanged} unchanged",
    ),
    "cli.contacts.line.added": ("ny", "new"),
    "cli.contacts.line.updated": ("ändras", "changed"),
    "cli.contacts.line.removed": ("tas bort", "removed"),
    "cli.contacts.exported": ("Skrev {count} kontakter till {path}",
                              "Wrote {count} contacts to {path}"),
    "cli.contacts.none": ("Inga kontakter", "No contacts"),
    "cli.contacts.count": ("{count} kontakter, {status} får lägesrapporten",
                           "{count} contacts, {status} receive the status report"),
    "cli.col.address": ("E-post", "E-mail"),
    "cli.col.groups": ("Målgrupper", "Target groups"),
    "cli.col.lang": ("Språk", "Lang"),
    "cli.col.active": ("Aktiv", "Active"),
    "cli.send.exported": ("Utgåva {edition} exporterad till {out} ({recipients} mottagare)",
                          "Edition {edition} exported to {out} ({recipients} recipients)"),
    "cli.send.previewed": (
        "Förhandsversion (utgåva {edition}, registreras inte) exporterad till {out}",
        "Preview (edition {edition}, not recorded) exported to {out}",
    ),
    "cli.send.taken": ("Skickar utgåva {edition} från {out}",
                       "Sending edition {edition} from {out}"),
    "cli.send.progress": ("[{done}/{total}] {kind} {address}: {outcome} ({answer})",
                          "[{done}/{total}] {kind} {address}: {outcome} ({answer})"),
    "cli.send.progress_dry": ("[{done}/{total}] {kind} {address}: {file}",
                              "[{done}/{total}] {kind} {address}: {file}"),
    "cli.send.outcome.sent": ("skickat", "sent"),
    "cli.send.outcome.failed": ("misslyckades", "failed"),
    "cli.send.outcome.pending": ("oklart om det kom fram", "may have arrived"),
    "cli.send.done": (
        "Utgåva {edition}: {sent} skickade, {failed} misslyckade, {pending} oklara, "
        "{skipped} hade den redan",
        "Edition {edition}: {sent} sent, {failed} failed, {pending} uncertain, {skipped} "
        "had it already",
    ),
    "cli.send.done_other": (
        "{kind}: {sent} skickade, {failed} misslyckade, {pending} oklara",
        "{kind}: {sent} sent, {failed} failed, {pending} uncertain",
    ),
    "cli.send.dry_run": (
        "Provkörning av utgåva {edition}: {count} meddelanden skrivna till {out}; inget "
        "skickat, inget i utskicksloggen",
        "Dry run of edition {edition}: {count} messages written to {out}; nothing sent, "
        "nothing in the delivery log",
    ),
    "cli.send.nothing": ("Inget att skicka: alla har redan fått utgåva {edition}",
                         "Nothing to send: everyone has had edition {edition}"),
    "cli.send.nobody": (
        "Varning: ingen projektledare eller ledningsråd att skicka till för {orgs}",
        "Warning: no project lead or ledningsråd to send to for {orgs}",
    ),
    "cli.send.uncertain_before": (
        "Varning: {count} meddelanden från en tidigare körning kan ha kommit fram ({addresses}); "
        "de skickas inte igen utan --resend-pending",
        "Warning: {count} messages of an earlier run may have arrived ({addresses}); they "
        "are not sent again without --resend-pending",
    ),
    "cli.send.retry": (
        "Det som misslyckades skickas igen nästa gång samma kommando körs",
        "What failed is sent again the next time the same command runs",
    ),
    "cli.send.aborted": (
        "Avbrutet: {reason}; {count} meddelanden försöktes inte (kör igen när servern svarar)",
        "Stopped: {reason}; {count} messages not tried (run again when the server answers)",
    ),
    "cli.digest.title": ("Att göra för {names}", "Pending on {names}"),
    "cli.deliveries.kind": ("Slag", "Kind"),
    "cli.deliveries.serial": ("Nr", "No"),
    "cli.deliveries.outcome": ("Utfall", "Outcome"),
    "cli.deliveries.answer": ("Serverns svar", "Server's answer"),
    "cli.deliveries.at": ("När", "When"),
    "cli.deliveries.none": ("Utskicksloggen är tom", "The delivery log is empty"),
    "cli.deliveries.kind.status": ("lägesrapport", "status"),
    "cli.deliveries.kind.notice": ("beslutsbesked", "notice"),
    "cli.deliveries.kind.digest": ("att göra", "digest"),
    "cli.deliveries.kinds.status": ("Lägesrapporter", "Status reports"),
    "cli.deliveries.kinds.notice": ("Beslutsbesked", "Decision notices"),
    "cli.deliveries.kinds.digest": ("Att göra-listor", "Digests"),
    # --- end of delivery ----------------------------------------------------------------
    # --- TUI (tui/: the review UI; keys "tui.…") ------------------------------------
    "tui.screen.overview": ("Översikt", "Overview"),
    "tui.screen.risks": ("Risker", "Risks"),
    "tui.screen.decisions": ("Beslut", "Decisions"),
    "tui.screen.dependencies": ("Beroenden", "Dependencies"),
    "tui.screen.export": ("Export av lägesrapporter", "Status report export"),
    "tui.key.export_view": ("Export", "Export"),
    "tui.tip.export_view": ("Lägesrapporter till kommunerna: välj mottagare och format",
                            "Status reports to the municipalities: choose recipients and formats"),
    "tui.key.export": ("Exportera", "Export"),
    "tui.tip.export": ("Skriv rapporterna för de valda mottagarna och formaten",
                       "Write the reports for the chosen recipients and formats"),
    "tui.key.recipients": ("Mottagare", "Recipients"),
    "tui.tip.recipients": ("Gå till listan över kommuner (mellanslag väljer)",
                           "Go to the list of municipalities (space toggles)"),
    "tui.export.group": ("Välj grupp", "Choose a group"),
    "tui.export.group.all": ("Alla kommuner ({n})", "All municipalities ({n})"),
    "tui.export.group.association": ("Kommunalförbund {name} ({n})",
                                     "Municipal association {name} ({n})"),
    "tui.export.group.care_area": ("Vårdsamverkan {name} ({n})",
                                   "Care area {name} ({n})"),
    "tui.export.group.none": ("Ingen (välj själv)", "None (pick your own)"),
    "tui.export.chosen": ("{n} av {total} valda", "{n} of {total} chosen"),
    "tui.export.lang": ("Språk", "Language"),
    "tui.export.lang.sv": ("Svenska", "Swedish"),
    "tui.export.lang.en": ("Engelska", "English"),
    "tui.export.out": ("Mapp", "Folder"),
    "tui.export.out_placeholder": ("Mapp att skriva rapporterna i",
                                   "Folder to write the reports in"),
    "tui.export.preview": ("Förhandsversion", "Preview"),
    "tui.export.preview_tip": (
        "Skriv rapporterna utan att registrera utgåvan (nästa utgåva jämförs som förut)",
        "Write the reports without recording the edition (the next one compares as before)",
    ),
    "tui.export.button": ("Exportera", "Export"),
    "tui.export.idle": ("Välj mottagare och format, sedan Exportera (Ctrl+S)",
                        "Choose recipients and formats, then Export (Ctrl+S)"),
    "tui.export.running": ("{done}/{total} {name}", "{done}/{total} {name}"),
    "tui.export.busy": ("En export pågår redan", "An export is already running"),
    "tui.export.no_recipients": ("Välj minst en mottagare", "Choose at least one recipient"),
    "tui.export.no_formats": ("Välj minst ett format", "Choose at least one format"),
    "tui.export.no_out": ("Ange en mapp att skriva i", "Give a folder to write in"),
    "tui.export.done": (
        "Utgåva {number}: {recipients} mottagare, {files} filer i {out}",
        "Edition {number}: {recipients} recipients, {files} files in {out}",
    ),
    "tui.export.done_preview": (
        "Förhandsversion: {recipients} mottagare, {files} filer i {out} (inte registrerad)",
        "Preview: {recipients} recipients, {files} files in {out} (not recorded)",
    ),
    "tui.export.failed": ("Exporten misslyckades: {text}", "The export failed: {text}"),
    "tui.export.files_none": ("Inga filer skrivna ännu", "No files written yet"),
    "tui.col.file": ("Fil", "File"),
    "tui.col.format": ("Format", "Format"),
    "tui.col.recipient": ("Mottagare", "Recipient"),
    "tui.col.size": ("Storlek", "Size"),
    "tui.key.send": ("Skicka", "Send"),
    "tui.tip.send": (
        "Skicka den exporterade utgåvan till projektledare och ledningsråd (eller provkör)",
        "Send the edition exported to the project leads and ledningsråd (or a dry run)",
    ),
    "tui.col.address": ("E-post", "E-mail"),
    "tui.col.outcome": ("Utfall", "Outcome"),
    "tui.col.answer": ("Svar", "Answer"),
    "tui.send.outcome.sent": ("skickat", "sent"),
    "tui.send.outcome.failed": ("misslyckades", "failed"),
    "tui.send.outcome.pending": ("oklart", "uncertain"),
    "tui.send.outcome.written": ("skrivet", "written"),
    "tui.send.dry_run": ("Provkörning", "Dry run"),
    "tui.send.dry_run_tip": (
        "Skriv meddelandena som .eml-filer bredvid rapporterna; inget skickas eller loggas",
        "Write the messages as .eml files beside the reports; nothing is sent or logged",
    ),
    "tui.send.smtp": ("SMTP", "SMTP"),
    "tui.send.smtp_placeholder": ("inställningsfil (annars RISKREG_SMTP_*)",
                                  "settings file (else RISKREG_SMTP_*)"),
    "tui.send.button": ("Skicka", "Send"),
    "tui.send.none": ("Inget skickat ännu", "Nothing sent yet"),
    "tui.send.no_edition": ("Exportera en utgåva först", "Export an edition first"),
    "tui.send.folder": ("meddelanden", "messages"),
    "tui.send.busy": ("En export eller ett utskick pågår redan",
                      "An export or a send is already running"),
    "tui.send.starting": ("Förbereder meddelandena…", "Preparing the messages…"),
    "tui.send.running": ("{done}/{total} {address}: {outcome}",
                         "{done}/{total} {address}: {outcome}"),
    "tui.send.done": (
        "Utgåva {edition}: {sent} skickade, {failed} misslyckade, {pending} oklara, "
        "{already} hade den redan",
        "Edition {edition}: {sent} sent, {failed} failed, {pending} uncertain, {already} "
        "had it already",
    ),
    "tui.send.dry_done": (
        "Provkörning av utgåva {edition}: {count} meddelanden skrivna till {out}; inget skickat",
        "Dry run of edition {edition}: {count} messages written to {out}; nothing sent",
    ),
    "tui.send.aborted": ("Avbrutet: {reason}; {count} försöktes inte",
                         "Stopped: {reason}; {count} not tried"),
    "tui.send.nobody": (
        "Ingen projektledare eller ledningsråd att skicka till för {orgs}",
        "No project lead or ledningsråd to send to for {orgs}",
    ),
    "tui.send.failed": ("Utskicket misslyckades: {text}", "The send failed: {text}"),
    "tui.palette.export": ("Exportera lägesrapporter", "Export status reports"),
    "tui.palette.export_help": ("Öppna exporten: mottagare, format, förlopp och skrivna filer",
                                "Open the export: recipients, formats, progress and files written"),
    "tui.loading": ("Laddar…", "Loading…"),
    "tui.none": ("inga", "none"),
    "tui.no_match": ("Inget matchar filtret (x rensar filtren)",
                     "Nothing matches the filter (x clears the filters)"),
    "tui.count_of": ("{shown}/{total}", "{shown}/{total}"),
    "tui.nothing_selected": ("Välj en rad först", "Select a row first"),
    "tui.filters_cleared": ("Filtren är rensade så att {key} syns",
                            "The filters are cleared to show {key}"),
    "tui.needs_review": ("behöver granskas", "needs review"),
    "tui.flag.review": ("granska", "review"),
    "tui.flag.conflict": ("konflikt", "conflict"),
    "tui.flag.review_by_passed": ("försenad", "overdue"),
    "tui.flag.superseded": ("ersatt", "superseded"),
    "tui.review_overdue": ("granskning försenad", "review overdue"),
    "tui.review_by_passed": ("bedömningsdatum passerat", "review-by date passed"),
    "tui.in_conflict": ("i konflikt", "in conflict"),
    "tui.not_assessed": ("ej bedömd", "not assessed"),
    "tui.rating": ("{likelihood} × {impact}", "{likelihood} × {impact}"),
    "tui.recognition_text": ("rapporterad av {n} parter", "reported by {n} parties"),
    "tui.due": ("senast {date}", "due {date}"),
    "tui.done_on": ("klar {date}", "done {date}"),
    "tui.assessed_by": ("{on} av {by}", "{on} by {by}"),
    "tui.date_placeholder": ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
    "tui.why_placeholder": ("Varför ändringen görs (sparas i historiken)",
                            "Why the change is made (kept in the history)"),
    "tui.reported_by_placeholder": ("kommuner, namn eller kod: Vänersborg, Göteborg, 1487",
                                    "municipalities, name or code: Vänersborg, Göteborg, 1487"),
    "tui.search.placeholder": ("/ sök i nyckel, titel, text, ägare",
                               "/ search key, title, text, owner"),
    "tui.search.placeholder_short": ("/ sök", "/ search"),
    "tui.reloaded": (
        "Registret ändrades av någon annan och är inläst på nytt (version {revision})",
        "The register was changed by someone else and is reloaded (revision {revision})"),
    "tui.no_open_actions": ("{key} har inga öppna åtgärder", "{key} has no open actions"),
    "tui.decision_not_flagged": ("{key} är inte flaggat för granskning; bedöm det med v",
                                 "{key} is not flagged for review; assess it with v"),
    "tui.matrix.axes": ("↑ sannolikhet · konsekvens →", "↑ likelihood · impact →"),
    # columns
    "tui.col.key": ("Nyckel", "Key"),
    "tui.col.area": ("Område", "Area"),
    "tui.col.title": ("Titel", "Title"),
    "tui.col.level": ("Nivå", "Level"),
    "tui.col.status": ("Status", "Status"),
    "tui.col.owner": ("Ägare", "Owner"),
    "tui.col.recognition": ("Parter", "Parties"),
    "tui.col.flags": ("Flaggor", "Flags"),
    "tui.col.validity": ("Giltighet", "Validity"),
    "tui.col.review_by": ("Bedöms senast", "Review by"),
    "tui.col.care_areas": ("Vårdområden", "Areas of care"),
    "tui.col.risks": ("Risker", "Risks"),
    "tui.col.open": ("Öppna", "Open"),
    "tui.col.high": ("Höga", "High"),
    "tui.col.severity": ("Allvar", "Severity"),
    "tui.col.finding": ("Fynd", "Finding"),
    # filters
    "tui.filter.area": ("Område: alla", "Area: all"),
    "tui.filter.status": ("Status: alla", "Status: all"),
    "tui.filter.level": ("Nivå: alla", "Level: all"),
    "tui.filter.organisation": ("Berör: alla", "Concerns: all"),
    "tui.filter.needs_review": ("Granskning: alla", "Review: all"),
    "tui.filter.review_yes": ("behöver granskas", "needs review"),
    "tui.filter.review_no": ("behöver inte granskas", "no review needed"),
    "tui.filter.validity": ("Giltighet: alla", "Validity: all"),
    "tui.filter.care_area": ("Vårdområde: alla", "Area of care: all"),
    "tui.filter.due": ("Bedöms senast: alla", "Review by: all"),
    "tui.filter.due_0": ("senast i dag (passerat)", "by today (passed)"),
    "tui.filter.due_30": ("inom 30 dagar", "within 30 days"),
    "tui.filter.due_90": ("inom 90 dagar", "within 90 days"),
    # overview
    "tui.overview.areas": ("Risker per område", "Risks per area"),
    "tui.overview.matrix_residual": ("Riskmatris · restrisk · {n} öppna",
                                     "Risk matrix · residual · {n} open"),
    "tui.overview.matrix_residual_loading": ("Riskmatris · restrisk", "Risk matrix · residual"),
    "tui.overview.matrix_inherent_loading": ("Riskmatris · inneboende",
                                             "Risk matrix · inherent"),
    "tui.overview.matrix_inherent": ("Riskmatris · inneboende · {n} öppna",
                                     "Risk matrix · inherent · {n} open"),
    "tui.overview.validity": ("Beslut per giltighet:", "Decisions by validity:"),
    "tui.overview.findings": ("Kontroll:", "Check:"),
    "tui.overview.check.errors": ("{n} fel", "{n} errors"),
    "tui.overview.check.warnings": ("{n} varningar", "{n} warnings"),
    "tui.overview.check.conflicts": ("{n} konflikter", "{n} conflicts"),
    "tui.overview.check.exposed": ("{n} exponerade risker", "{n} exposed risks"),
    "tui.overview.check.overdue": ("{n} försenade granskningar", "{n} overdue reviews"),
    "tui.overview.check.review_by": ("{n} passerade bedömningsdatum",
                                     "{n} review-by dates passed"),
    "tui.overview.check.review": ("{n} flaggor för granskning", "{n} review flags"),
    "tui.overview.no_findings": ("Inga fynd", "No findings"),
    # detail
    "tui.detail.none": ("Ingen rad vald", "No row selected"),
    "tui.detail.description": ("Beskrivning", "Description"),
    "tui.detail.consequences": ("Konsekvenser ({n})", "Consequences ({n})"),
    "tui.detail.actions": ("Åtgärder ({n})", "Actions ({n})"),
    "tui.detail.linked_decisions": ("Kopplade beslut ({n})", "Linked decisions ({n})"),
    "tui.detail.linked_risks": ("Kopplade risker ({n})", "Linked risks ({n})"),
    "tui.detail.history": ("Historik ({n})", "History ({n})"),
    "tui.detail.review_reasons": ("Därför behöver den granskas", "Why it needs review"),
    "tui.detail.flag_path": ("via", "via"),
    "tui.detail.summary": ("Sammanfattning", "Summary"),
    "tui.detail.reported_by": ("Rapporterad av ({n})", "Reported by ({n})"),
    "tui.filter.status_value": ("Status: {value}", "Status: {value}"),
    "tui.filter.level_value": ("Nivå: {value}", "Level: {value}"),
    "tui.change.add": ("lade till", "added"),
    "tui.change.update": ("ändrade", "changed"),
    "tui.change.review": ("granskade", "reviewed"),
    "tui.change.assess": ("bedömde", "assessed"),
    "tui.change.flag": ("flaggade för granskning", "flagged for review"),
    "tui.change.link": ("länkade", "linked"),
    "tui.change.unlink": ("tog bort länken", "unlinked"),
    "tui.change.submit": ("lämnade in", "submitted"),
    "tui.change.withdraw": ("drog tillbaka inlämningen", "withdrew the submission"),
    "tui.change.take": ("tog in i den gemensamma analysen", "took into the joint analysis"),
    "tui.change.recognise": ("registrerade igenkänning", "recorded recognition"),
    "tui.change.action_status": ("ändrade en åtgärds status", "changed an action's status"),
    "tui.change.note": ("skrev en anteckning", "added a note"),
    "tui.change.propose_acceptance": ("föreslog acceptans", "proposed acceptance"),
    "tui.change.approve_acceptance": ("godkände acceptansen", "approved the acceptance"),
    "tui.change.reject_acceptance": ("avslog acceptansen", "rejected the acceptance"),
    "tui.change.lapse": ("acceptansen upphörde", "the acceptance lapsed"),
    "tui.change.remove": ("tog bort", "removed"),
    "tui.change.export": ("exporterade", "exported"),
    "tui.change.export_complete": ("slutförde exporten", "completed the export"),
    # fields
    "tui.field.title": ("Titel", "Title"),
    "tui.field.area": ("Område", "Area"),
    "tui.field.owner": ("Ägare", "Owner"),
    "tui.field.status": ("Status", "Status"),
    "tui.field.inherent": ("Inneboende", "Inherent"),
    "tui.field.residual": ("Restrisk", "Residual"),
    "tui.field.inherent_likelihood": ("Sannolikhet (inneboende)", "Likelihood (inherent)"),
    "tui.field.inherent_impact": ("Konsekvens (inneboende)", "Impact (inherent)"),
    "tui.field.residual_likelihood": ("Sannolikhet (restrisk)", "Likelihood (residual)"),
    "tui.field.residual_impact": ("Konsekvens (restrisk)", "Impact (residual)"),
    "tui.field.scope": ("Berör", "Concerns"),
    "tui.field.visibility": ("Synlighet", "Visibility"),
    "tui.field.recognition": ("Igenkänning", "Recognition"),
    "tui.field.reported_by": ("Rapporterad av", "Reported by"),
    "tui.field.created": ("Skapad", "Created"),
    "tui.field.last_reviewed": ("Senast granskad", "Last reviewed"),
    "tui.field.next_review": ("Nästa granskning", "Next review"),
    "tui.field.revision": ("Version", "Revision"),
    "tui.subtitle": ("{name} · version {revision}", "{name} · revision {revision}"),
    "tui.field.description": ("Beskrivning", "Description"),
    "tui.field.consequences": ("Konsekvenser (en per rad)", "Consequences (one per line)"),
    "tui.field.why": ("Varför", "Why"),
    "tui.field.note": ("Anteckning", "Note"),
    "tui.field.action": ("Åtgärd", "Action"),
    "tui.field.action_text": ("Åtgärd", "Action"),
    "tui.field.action_status": ("Läge", "Progress"),
    "tui.field.due": ("Klar senast (ÅÅÅÅ-MM-DD)", "Due (YYYY-MM-DD)"),
    "tui.field.decided_on": ("Beslutat", "Decided on"),
    "tui.field.validity": ("Giltighet", "Validity"),
    "tui.field.assessed": ("Bedömt", "Assessed"),
    "tui.field.rationale": ("Motivering", "Rationale"),
    "tui.field.review_by": ("Bedöms senast", "Review by"),
    "tui.field.care_areas": ("Vårdområden", "Areas of care"),
    "tui.field.target_groups": ("Målgrupper", "Target groups"),
    # forms
    "tui.form.required": ("{field} måste fyllas i", "{field} is required"),
    "tui.form.both_scales": ("Ange både sannolikhet och konsekvens för restrisken (eller ingen)",
                             "Give both likelihood and impact for the residual risk (or neither)"),
    "tui.form.no_changes": ("Inget är ändrat", "Nothing has changed"),
    "tui.form.discard_question": ("Du har ändrat i formuläret. Kasta ändringarna?",
                                  "You have changed the form. Discard the changes?"),
    "tui.button.keep_editing": ("Fortsätt redigera", "Keep editing"),
    "tui.button.discard": ("Kasta ändringarna", "Discard the changes"),
    "tui.key.keep_editing": ("Fortsätt redigera", "Keep editing"),
    "tui.tip.keep_editing": ("Tillbaka till formuläret med det du skrivit",
                             "Back to the form with what you typed"),
    "tui.button.save": ("Spara", "Save"),
    "tui.button.cancel": ("Avbryt", "Cancel"),
    "tui.button.add": ("Lägg till", "Add"),
    "tui.button.complete": ("Markera klar", "Mark done"),
    "tui.button.mark_reviewed": ("Markera granskad", "Mark reviewed"),
    "tui.button.confirm_assess": ("Bekräfta bedömningen", "Confirm the assessment"),
    "tui.edit.title": ("Ändra {key} (version {revision})", "Edit {key} (revision {revision})"),
    "tui.review.title": ("Markera {key} som granskad", "Mark {key} as reviewed"),
    "tui.review.placeholder": ("T.ex. Genomgången på projektledarmötet, oförändrad",
                               "E.g. Gone through at the project leads' meeting, unchanged"),
    "tui.action.add_title": ("Ny åtgärd för {key}", "New action for {key}"),
    "tui.action.complete_title": ("Markera en åtgärd för {key} som klar",
                                  "Mark an action of {key} done"),
    "tui.assess.title": ("Bedöm {key} under pausen", "Assess {key} during the pause"),
    "tui.assess.preview": ("Vad bedömningen påverkar", "What the assessment affects"),
    "tui.assess.if": ("Om {key} blir \"{validity}\":", "If {key} becomes \"{validity}\":"),
    "tui.assess.unchanged": ("Giltigheten ändras inte; inget flaggas.",
                             "The validity does not change; nothing is flagged."),
    "tui.assess.check": ("Kontrollen efteråt: {added} nya anmärkningar, {resolved} upphör",
                         "The check afterwards: {added} new findings, {resolved} resolved"),
    "tui.assess.direct": ("Påverkas direkt: {n}", "Affected directly: {n}"),
    "tui.assess.indirect": ("Påverkas indirekt: {n} {keys}", "Affected indirectly: {n} {keys}"),
    "tui.assess.flagged": ("Flaggas \"behöver granskas\": {n} {keys}",
                           "Flagged \"needs review\": {n} {keys}"),
    "tui.assess.review_by_hint": ("Krävs när beslutet är under bedömning.",
                                  "Required when the decision is uncertain."),
    "tui.assess.wait_preview": ("Vänta på förhandsvisningen och bekräfta sedan",
                                "Wait for the preview, then confirm"),
    "tui.saved.title": ("Sparat", "Saved"),
    "tui.saved.risk": ("{key} är sparad", "{key} is saved"),
    "tui.saved.reviewed": ("{key} är markerad som granskad", "{key} is marked reviewed"),
    "tui.saved.action_added": ("Åtgärden är tillagd i {key}", "The action is added to {key}"),
    "tui.saved.action_done": ("Åtgärden i {key} är klar", "The action of {key} is done"),
    "tui.saved.assessed": ("{key} bedömd som \"{validity}\"; {n} poster flaggade för granskning",
                           "{key} assessed as \"{validity}\"; {n} items flagged for review"),
    # dependencies
    "tui.dependencies.key": ("Nyckel", "Key"),
    "tui.dependencies.key_placeholder": ("R-001 eller KL-2022-07", "R-001 or KL-2022-07"),
    "tui.dependencies.legend": (
        "→ utgående länk (det posten vilar på) · ← inkommande länk (det som vilar på posten)",
        "→ outgoing link (what the item rests on) · ← incoming link (what rests on the item)",
    ),
    "tui.dependencies.empty": (
        "Välj en risk eller ett beslut (g i Risker eller Beslut) eller skriv en nyckel (/)",
        "Pick a risk or decision (g in Risks or Decisions) or type a key (/)",
    ),
    "tui.dependencies.rests_on": ("→ {key} vilar på ({n}, utgående)",
                                  "→ {key} rests on ({n}, outgoing)"),
    "tui.dependencies.rested_on": ("← Vilar på {key} ({n}, inkommande)",
                                   "← Rests on {key} ({n}, incoming)"),
    # palette and check
    "tui.palette.risk": ("risk", "risk"),
    "tui.palette.decision": ("beslut", "decision"),
    "tui.palette.check": ("Kör kontroll", "Run check"),
    "tui.palette.check_help": (
        "Konflikter, exponerade risker, försenade granskningar, passerade bedömningsdatum",
        "Conflicts, exposed risks, overdue reviews, passed review-by dates",
    ),
    "tui.palette.show": ("Visa {view}", "Show {view}"),
    "tui.palette.placeholder": ("Sök kommando, risk eller beslut (nyckel eller titel)…",
                                "Search a command, risk or decision (key or title)…"),
    "tui.system.theme": ("Byt tema", "Change theme"),
    "tui.system.theme_help": ("Välj ett ljust eller mörkt färgtema",
                              "Choose a light or dark colour theme"),
    "tui.system.quit": ("Avsluta", "Quit"),
    "tui.system.quit_help": ("Stäng programmet (allt sparat är redan sparat)",
                             "Close the program (everything saved is already saved)"),
    "tui.check.running": ("Kontrollerar registret…", "Checking the register…"),
    "tui.check.done": ("Kontroll klar: {errors} fel, {warnings} varningar",
                       "Check done: {errors} errors, {warnings} warnings"),
    # keys (footer, help) and their tooltips
    "tui.key.views": ("Vyer", "Views"),
    "tui.key.overview": ("Översikt", "Overview"),
    "tui.key.risks": ("Risker", "Risks"),
    "tui.key.decisions": ("Beslut", "Decisions"),
    "tui.key.dependencies_view": ("Beroenden", "Dependencies"),
    "tui.key.help": ("Hjälp", "Help"),
    "tui.key.palette": ("Palett", "Palette"),
    "tui.key.all_keys": ("Alla tangenter", "All keys"),
    "tui.key.close_list": ("Stäng listan", "Close the list"),
    "tui.tip.close_list": ("Stäng listan utan att välja", "Close the list without choosing"),
    "tui.quit_hint": ("Tryck q (eller Ctrl+Q) för att avsluta", "Press q (or Ctrl+Q) to quit"),
    "tui.quit_hint.title": ("Vill du avsluta?", "Do you want to quit?"),
    "tui.tip.palette": ("Hoppa till en risk eller ett beslut, kör kontroll, exportera, byt tema",
                        "Jump to a risk or decision, run the check, export, change theme"),
    "tui.key.theme": ("Ljust/mörkt", "Light/dark"),
    "tui.key.reload": ("Läs om", "Reload"),
    "tui.key.quit": ("Avsluta", "Quit"),
    "tui.key.search": ("Sök", "Search"),
    "tui.key.filters": ("Filter", "Filters"),
    "tui.key.clear": ("Rensa filter", "Clear filters"),
    "tui.key.edit": ("Ändra", "Edit"),
    "tui.key.review": ("Granskad", "Reviewed"),
    "tui.key.add_action": ("Ny åtgärd", "Add action"),
    "tui.key.complete_action": ("Åtgärd klar", "Action done"),
    "tui.key.dependencies": ("Beroenden", "Dependencies"),
    "tui.key.detail": ("Detaljer", "Details"),
    "tui.key.table": ("Tabell", "Table"),
    "tui.key.assess": ("Bedöm", "Assess"),
    "tui.key.toggle_matrix": ("Inneb./rest", "Inherent/resid."),
    "tui.key.open": ("Öppna", "Open"),
    "tui.key.up": ("Upp", "Up"),
    "tui.key.down": ("Ned", "Down"),
    "tui.key.page_up": ("Sida upp", "Page up"),
    "tui.key.page_down": ("Sida ned", "Page down"),
    "tui.key.first": ("Första raden", "First row"),
    "tui.key.last": ("Sista raden", "Last row"),
    "tui.key.sort": ("Sortera", "Sort"),
    "tui.key.sort_reverse": ("Vänd sortering", "Reverse sort"),
    "tui.key.expand": ("Fäll ut", "Expand"),
    "tui.key.reroot": ("Utgå härifrån", "Start here"),
    "tui.key.back": ("Tillbaka", "Back"),
    "tui.key.choose_key": ("Nyckel", "Key"),
    "tui.key.tree": ("Trädet", "Tree"),
    "tui.key.cancel": ("Avbryt", "Cancel"),
    "tui.key.save": ("Spara", "Save"),
    "tui.key.close": ("Stäng", "Close"),
    "tui.tip.overview": ("Risker per område, riskmatris, beslut per giltighet, kontroll",
                         "Risks per area, risk matrix, decisions by validity, check"),
    "tui.tip.risks": ("Alla risker: filtrera, sök, sortera, ändra, granska",
                      "All risks: filter, search, sort, edit, review"),
    "tui.tip.decisions": ("Klinisk lednings beslut: filtrera och bedöm",
                          "Klinisk ledning's decisions: filter and assess"),
    "tui.tip.dependencies_view": ("Vad en post vilar på och vad som vilar på den",
                                  "What an item rests on and what rests on it"),
    "tui.tip.help": ("Alla tangenter", "All keys"),
    "tui.tip.theme": ("Växla mellan ljust och mörkt tema", "Switch between light and dark theme"),
    "tui.tip.reload": ("Läs om registerfilen om någon annan har ändrat den",
                       "Reload the register file if someone else changed it"),
    "tui.tip.quit": ("Avsluta programmet", "Quit the program"),
    "tui.tip.search": ("Sök medan du skriver; Enter går till tabellen",
                       "Search as you type; Enter goes to the table"),
    "tui.tip.filters": ("Gå till filtren (Tab mellan dem)", "Go to the filters (Tab between them)"),
    "tui.tip.clear": ("Ta bort alla filter och sökningen", "Remove every filter and the search"),
    "tui.tip.edit_risk": ("Ändra den valda risken", "Edit the selected risk"),
    "tui.tip.review": ("Markera den valda posten som granskad, med en anteckning",
                       "Mark the selected item reviewed, with a note"),
    "tui.tip.review_decision": ("Markera ett flaggat beslut som granskat",
                                "Mark a flagged decision reviewed"),
    "tui.tip.add_action": ("Lägg till en åtgärd till den valda risken",
                           "Add an action to the selected risk"),
    "tui.tip.complete_action": ("Markera en öppen åtgärd som klar", "Mark an open action done"),
    "tui.tip.dependencies": ("Visa beroenden för den valda posten",
                             "Show the selected item's dependencies"),
    "tui.tip.detail": ("Gå till detaljrutan (pilar rullar)",
                       "Go to the detail pane (arrows scroll)"),
    "tui.tip.table": ("Tillbaka till tabellen", "Back to the table"),
    "tui.tip.assess": ("Bedöm beslutets giltighet, med förhandsvisning av påverkan",
                       "Assess the decision's validity, with a preview of the impact"),
    "tui.tip.toggle_matrix": ("Växla matrisen mellan inneboende risk och restrisk",
                              "Switch the matrix between inherent and residual risk"),
    "tui.tip.open": ("Öppna raden", "Open the row"),
    "tui.tip.open_item": ("Gå till posten i Risker eller Beslut",
                          "Go to the item in Risks or Decisions"),
    "tui.tip.sort": ("Sortera efter nästa kolumn (klicka på en rubrik)",
                     "Sort by the next column (or click a header)"),
    "tui.tip.sort_reverse": ("Vänd sorteringsordningen", "Reverse the sort order"),
    "tui.tip.expand": ("Fäll ut eller ihop noden", "Expand or collapse the node"),
    "tui.tip.reroot": ("Visa beroenden utgående från den markerade posten",
                       "Show dependencies starting from the highlighted item"),
    "tui.tip.back": ("Tillbaka till förra posten", "Back to the previous item"),
    "tui.tip.choose_key": ("Skriv en nyckel att visa", "Type a key to show"),
    "tui.tip.tree": ("Tillbaka till trädet", "Back to the tree"),
    "tui.tip.cancel": ("Stäng utan att spara", "Close without saving"),
    "tui.tip.save": ("Spara (ändringen sparas beständigt innan formuläret stängs)",
                     "Save (the change is durable before the form closes)"),
    "tui.tip.close": ("Stäng hjälpen", "Close the help"),
    # help
    "tui.help.title": ("Hjälp: tangenter", "Help: keys"),
    "tui.help.general": ("Överallt", "Everywhere"),
    "tui.help.tables": ("I tabeller", "In tables"),
    "tui.help.tree": ("I beroendeträdet", "In the dependency tree"),
    "tui.help.forms": ("I formulär", "In forms"),
    "tui.help.symbols": ("Tecken i listorna", "Marks in the lists"),
    "tui.help.symbol.flag": (
        "flaggad för granskning: något den vilar på har ändrats (detaljen säger vad, och vägen "
        "dit); r markerar den granskad",
        "flagged for review: something it rests on changed (the detail says what, and the "
        "path); r marks it reviewed"),
    "tui.help.symbol.alert": (
        "behöver åtgärdas: konflikt (gäller men vilar på något som inte gäller), försenad "
        "(bedömningsdatum passerat) eller ersatt (gäller fast det som ersätter det gäller); "
        "+1 betyder en sak till, detaljen listar alla",
        "needs action: conflict (applies but rests on something that does not), overdue "
        "(review-by date passed) or superseded (applies though what supersedes it applies); "
        "+1 means one more, the detail lists them all"),
    "tui.help.symbol.parties": (
        "hur många parter (kommuner, regionen) som rapporterat risken: igenkänning",
        "how many parties (municipalities, the region) reported the risk: recognition"),
    "tui.help.symbol.arrows": (
        "utgående länk (det posten vilar på) och inkommande länk (det som vilar på posten)",
        "outgoing link (what the item rests on) and incoming link (what rests on the item)"),
    "tui.help.moving": (
        "Tab och Skift+Tab flyttar mellan fälten; pilar, PgUp/PgDn, Home/End flyttar i listor "
        "och träd (Skift+pil: förälder och syskon i trädet); Enter väljer.",
        "Tab and Shift+Tab move between fields; arrows, PgUp/PgDn, Home/End move in lists and "
        "trees (Shift+arrow: parent and siblings in the tree); Enter chooses.",
    ),
    "tui.help.mouse": (
        "Musen fungerar också: klicka på rader, rubriker (sortera), nycklar i detaljrutan och "
        "filter. Ctrl+P öppnar paletten: hoppa till en risk eller ett beslut, kör kontroll, "
        "exportera lägesrapporter, byt tema.",
        "The mouse works too: click rows, headers (sort), keys in the detail pane and filters. "
        "Ctrl+P opens the palette: jump to a risk or decision, run the check, export the status "
        "reports, change theme.",
    ),
    "tui.help.footer": ("Esc, F1 eller q stänger", "Esc, F1 or q closes"),
    # --- who is working, and what their role may do (issue 10) ------------------------
    "tui.who.person": ("som {name} ({role}, {org})", "as {name} ({role}, {org})"),
    "tui.who.title": ("Vem ändringarna registreras som", "Who changes are recorded as"),
    "tui.who.now": ("Ändringar registreras nu som {user}.", "Changes are recorded as {user} now."),
    "tui.who.name": ("Ditt namn", "Your name"),
    "tui.who.hint": (
        "Gäller tills du stänger programmet. Starta med --user NAMN (eller RISKREG_USER=NAMN) "
        "för att alltid registreras som NAMN.",
        "Holds until you close the program. Start with --user NAME (or RISKREG_USER=NAME) to "
        "be recorded as NAME from the start."),
    "tui.who.saved": ("Ändringar registreras nu som {user}", "Changes are now recorded as {user}"),
    "tui.key.who": ("Vem är jag", "Who am I"),
    "tui.tip.who": ("Visa och ändra vem ändringarna registreras som",
                    "Show and change who changes are recorded as"),
    "tui.who.single": ("som {user} (en användare)", "as {user} (single user)"),
    "tui.who.person_tip": (
        "Inloggad som {login}; ändringar registreras som {user}, och servern bestämmer vad "
        "din roll får läsa och ändra",
        "Logged in as {login}; changes are recorded as {user}, and the server decides what "
        "your role may read and change",
    ),
    "tui.who.single_tip": (
        "Registerfilen har en användare: ändringar registreras som {user}, och åtkomsten är "
        "filens behörigheter",
        "The register file has one user: changes are recorded as {user}, and its access is "
        "the file's permissions",
    ),
    "tui.screen.home": ("Kommunens sida", "Municipality page"),
    "tui.key.home": ("Kommunens sida", "Municipality page"),
    "tui.tip.home": ("Din kommuns sida: vad som gäller, risker, åtgärder, inlämningar, nytt",
                     "Your municipality's page: what applies, risks, actions, submissions, news"),
    "tui.screen.submissions": ("Inlämningar", "Submissions"),
    "tui.key.submissions": ("Inlämningar", "Submissions"),
    "tui.tip.submissions": ("Kommunernas egna risker som väntar på att tas in i den "
                            "gemensamma analysen",
                            "The municipalities' own risks waiting to be taken into the joint "
                            "analysis"),
    "tui.home.as_of": ("per {date} · version {revision}", "as of {date} · revision {revision}"),
    "tui.home.decisions": ("Beslut:", "Decisions:"),
    "tui.home.risks": ("{n} risker berör {org} ({own} rapporterade av er)",
                       "{n} risks concern {org} ({own} reported by you)"),
    "tui.home.actions": ("egna åtgärder: {n} (försenade: {overdue})",
                         "own actions: {n} (overdue: {overdue})"),
    "tui.home.submissions": ("väntande inlämningar: {n}", "pending submissions: {n}"),
    "tui.home.changed": ("nytt för dig sedan version {revision}: {n}",
                         "new to you since revision {revision}: {n}"),
    "tui.home.changed_first": ("nytt: {n} (du har inte tittat förut)",
                               "new: {n} (you have not looked before)"),
    "tui.home.tab.risks": ("Risker ({n})", "Risks ({n})"),
    "tui.home.tab.decisions": ("Beslut ({n})", "Decisions ({n})"),
    "tui.home.tab.actions": ("Åtgärder ({n})", "Actions ({n})"),
    "tui.home.tab.submissions": ("Inlämningar ({n})", "Submissions ({n})"),
    "tui.home.tab.changed": ("Nytt ({n})", "New ({n})"),
    "tui.home.empty.risks": ("Inga delade risker berör {org}", "No shared risks concern {org}"),
    "tui.home.empty.decisions": ("Inga beslut som berör {org} gäller nu eller är under "
                                 "bedömning",
                                 "No decisions concerning {org} apply now or are under "
                                 "assessment"),
    "tui.home.empty.actions": ("{org} äger inga öppna åtgärder", "{org} owns no open actions"),
    "tui.home.empty.submissions": ("Inga inlämningar väntar (i lämnar in en risk)",
                                   "No submissions pending (i submits a risk)"),
    "tui.home.empty.changed": ("Inget nytt sedan du senast tittade (version {revision})",
                               "Nothing new since you last looked (revision {revision})"),
    "tui.home.no_person": (
        "Registret har inga personer (en registerfil, en användare): ingen kommunsida",
        "The register has no people (a register file, one user): no municipality page",
    ),
    "tui.home.choose_risk": ("Välj en gemensam risk under Risker först",
                             "Choose a joint risk under Risks first"),
    "tui.home.choose_item": ("Välj en risk eller ett beslut först",
                             "Choose a risk or a decision first"),
    "tui.home.choose_action": ("Välj en åtgärd under Åtgärder först",
                               "Choose an action under Actions first"),
    "tui.col.own": ("Egen", "Own"),
    "tui.col.action": ("Åtgärd", "Action"),
    "tui.col.due": ("Senast", "Due"),
    "tui.col.change": ("Ändring", "Change"),
    "tui.col.who": ("Av", "By"),
    "tui.col.when": ("När", "When"),
    "tui.col.created": ("Inlämnad", "Submitted"),
    "tui.col.submitted_by": ("Från", "From"),
    "tui.key.recognise": ("Känner igen", "Recognise"),
    "tui.tip.recognise": ("Ange att din kommun känner igen risken (den läggs till bland dem "
                          "som rapporterar den)",
                          "Record that your municipality recognises the risk (it joins those "
                          "reporting it)"),
    "tui.key.note": ("Anteckning", "Note"),
    "tui.tip.note": ("Skriv en anteckning (läses av din organisation, redaktörer och "
                     "bedömare)",
                     "Add a note (read by your organisation, editors and assessors)"),
    "tui.key.submit": ("Lämna in", "Submit"),
    "tui.tip.submit": ("Lämna in en egen risk för din kommun", "Submit your municipality's own "
                       "risk"),
    "tui.key.action_status": ("Åtgärdsstatus", "Action status"),
    "tui.tip.action_status": ("Ändra status på en åtgärd som din organisation äger",
                              "Change the status of an action your organisation owns"),
    "tui.key.mark_seen": ("Markera sett", "Mark seen"),
    "tui.tip.mark_seen": ("Markera det nya som sett (görs också när du avslutar)",
                          "Mark what is new as seen (also done when you quit)"),
    "tui.key.tab_previous": ("Föregående flik", "Previous tab"),
    "tui.key.tab_next": ("Nästa flik", "Next tab"),
    "tui.tip.tab": ("Byt lista", "Switch list"),
    "tui.key.acceptance": ("Acceptans", "Acceptance"),
    "tui.tip.acceptance": ("Föreslå, godkänn eller avslå att risken accepteras",
                           "Propose, approve or turn down accepting the risk"),
    "tui.key.take": ("Ta in som ny", "Take in as new"),
    "tui.tip.take": ("Ta in inlämningen som en ny gemensam risk (eller välj en att matcha)",
                     "Take the submission in as a new joint risk (or choose one to match)"),
    "tui.key.match": ("Matcha", "Match"),
    "tui.tip.match": ("Matcha inlämningen med den mest lika gemensamma risken",
                      "Match the submission into the most similar joint risk"),
    "tui.tip.edit_submission": ("Ändra inlämningen", "Edit the submission"),
    "tui.key.withdraw": ("Dra tillbaka", "Withdraw"),
    "tui.tip.withdraw": ("Dra tillbaka inlämningen", "Withdraw the submission"),
    "tui.button.recognise": ("Känner igen", "Recognise"),
    "tui.button.set_status": ("Spara status", "Save status"),
    "tui.button.submit": ("Lämna in", "Submit"),
    "tui.button.take": ("Ta in", "Take in"),
    "tui.button.withdraw": ("Dra tillbaka", "Withdraw"),
    "tui.recognise.title": ("Känner igen {key}", "Recognise {key}"),
    "tui.recognise.text": ("{org} läggs till bland dem som rapporterar {key} (i dag {n} "
                           "parter); inget annat ändras.",
                           "{org} joins those reporting {key} (now {n} parties); nothing else "
                           "changes."),
    "tui.recognise.placeholder": ("Kommentar (frivillig)", "Comment (optional)"),
    "tui.recognise.already": ("{org} rapporterar redan {key}", "{org} already reports {key}"),
    "tui.note.title": ("Anteckning om {key}", "Note on {key}"),
    "tui.note.hint": ("Läses av din organisation, redaktörerna och bedömarna",
                      "Read by your organisation, the editors and the assessors"),
    "tui.field.note_text": ("Anteckning", "Note"),
    "tui.detail.notes": ("Anteckningar ({n})", "Notes ({n})"),
    "tui.submit.title": ("Lämna in en risk för {org}", "Submit a risk for {org}"),
    "tui.submit.hint": (
        "Risken är kommunens egen tills redaktionen tar in den i den gemensamma analysen; "
        "den lämnar aldrig registret dessförinnan",
        "The risk is the municipality's own until the central team takes it into the joint "
        "analysis; it never leaves the register before that",
    ),
    "tui.submit.choose_area": ("Välj område", "Choose an area"),
    "tui.submit.why_placeholder": ("Kommentar till redaktionen (frivillig)",
                                   "Comment for the central team (optional)"),
    "tui.action.status_title": ("Åtgärdsstatus för {key}", "Action status of {key}"),
    "tui.acceptance.title": ("Acceptans av {key}", "Acceptance of {key}"),
    "tui.acceptance.none": ("Risken är inte accepterad", "The risk is not accepted"),
    "tui.acceptance.proposed": ("Föreslagen av {by} {on}, till och med {expires}; väntar på "
                                "godkännande av en annan redaktör",
                                "Proposed by {by} on {on}, until {expires}; waiting for another "
                                "editor's approval"),
    "tui.acceptance.approved": ("Accepterad till och med {expires} (föreslagen av {by} {on}, "
                                "godkänd av {approver})",
                                "Accepted until {expires} (proposed by {by} on {on}, approved "
                                "by {approver})"),
    "tui.acceptance.choice.propose": ("Föreslå acceptans", "Propose acceptance"),
    "tui.acceptance.choice.approve": ("Godkänn förslaget", "Approve the proposal"),
    "tui.acceptance.choice.reject": ("Avslå eller återkalla", "Turn down or revoke"),
    "tui.acceptance.nothing": ("Inget att göra med acceptansen här",
                               "Nothing to do with the acceptance here"),
    "tui.field.acceptance": ("Acceptans", "Acceptance"),
    "tui.field.acceptance_choice": ("Vad du gör", "What you do"),
    "tui.field.expires": ("Gäller till och med", "Valid until"),
    "tui.field.submitted_by": ("Inlämnad av", "Submitted by"),
    "tui.field.take_into": ("Ta in som", "Take in as"),
    "tui.submissions.count": ("{n} inlämningar väntar", "{n} submissions pending"),
    "tui.submissions.none": ("Inga inlämningar väntar", "No submissions pending"),
    "tui.submissions.matches": ("Mest lika gemensamma risker", "Most similar joint risks"),
    "tui.take.title": ("Ta in {key} från {org}", "Take in {key} from {org}"),
    "tui.take.as_new": ("en ny gemensam risk ({key})", "a new joint risk ({key})"),
    "tui.take.into": ("samma som {key} {title} ({score} % lika)",
                      "the same as {key} {title} ({score} % alike)"),
    "tui.take.no_matches": ("Ingen gemensam risk liknar den", "No joint risk is like it"),
    "tui.withdraw.title": ("Dra tillbaka {key}", "Withdraw {key}"),
    "tui.withdraw.text": ("Inlämningen tas bort; dess nyckel används aldrig igen",
                          "The submission is removed; its key is never used again"),
    "tui.saved.submitted": ("Inlämnad: {title}", "Submitted: {title}"),
    "tui.saved.recognised": ("{org} känner igen {key}", "{org} recognises {key}"),
    "tui.saved.note": ("Anteckningen om {key} sparad", "The note on {key} saved"),
    "tui.saved.action_status": ("{key}: åtgärd {number} är nu {status}",
                                "{key}: action {number} is now {status}"),
    "tui.saved.acceptance_proposed": ("Acceptans av {key} föreslagen till och med {expires}",
                                      "Acceptance of {key} proposed until {expires}"),
    "tui.saved.acceptance_approved": ("Acceptansen av {key} godkänd",
                                      "The acceptance of {key} approved"),
    "tui.saved.acceptance_rejected": ("Acceptansen av {key} avslagen",
                                      "The acceptance of {key} turned down"),
    "tui.saved.taken_new": ("{key} är nu en gemensam risk", "{key} is now a joint risk"),
    "tui.saved.taken_into": ("{key} matchad in i {into}", "{key} matched into {into}"),
    "tui.saved.withdrawn": ("{key} tillbakadragen", "{key} withdrawn"),
    # --- end of TUI -------------------------------------------------------------------
    # --- a newcomer's first hour (issue 11): placeholders, undo, export folders ------------
    "error.placeholder.why": (
        "”{value}” är ingen förklaring: skriv varför ändringen görs",
        "'{value}' is no reason: say why the change is made",
    ),
    "error.placeholder.rationale": (
        "”{value}” är ingen motivering: skriv vad ställningstagandet bygger på",
        "'{value}' is no rationale: say what the position rests on",
    ),
    "error.export.not_an_export": (
        "Mappen {path} innehåller annat än en tidigare export (till exempel {name}): "
        "välj en tom mapp, eller mappen för en tidigare export som ska ersättas",
        "The folder {path} holds more than an earlier export (for example {name}): "
        "choose an empty folder, or the folder of an earlier export to replace",
    ),
    # the report a municipality reads: contents, what to review, changes field by field
    "report.section.contents": ("Innehåll", "Contents"),
    "report.section.review": ("Att se över efter ändrade beslut",
                              "To look at again after changed decisions"),
    "report.intro.review": (
        "Risker och beslut i rapporten som ett beslut med ändrad giltighet når, med länkarna "
        "dit: registret flaggar dem för granskning.",
        "Risks and decisions in the report that a decision whose validity changed reaches, "
        "with the links that lead there: the register flags them for review.",
    ),
    "report.section.uncertain_first": ("Under bedömning: vad som avgörs och när",
                                       "Under assessment: what is decided, and when"),
    "report.intro.uncertain_first": (
        "Beslut som bedöms på nytt, det som ska vara klart först överst. Ett passerat datum "
        "är markerat som försenat.",
        "Decisions being assessed again, the one due first on top. A date that has passed "
        "is marked overdue.",
    ),
    "report.overdue": ("försenad", "overdue"),
    "report.see_above": ("se ovan", "see above"),
    "report.summary.uncertain": ("Beslut under bedömning", "Decisions under assessment"),
    "report.summary.next_due": ("först {date}", "first due {date}"),
    "report.summary.applies": ("Beslut som gäller nu", "Decisions that apply now"),
    "report.field.inherent": ("Inneboende risk", "Inherent risk"),
    "report.field.residual": ("Restrisk", "Residual risk"),
    "report.field.assessment": ("Bedömning", "Assessment"),
    "report.changes.added": ("tillagt: {items}", "added: {items}"),
    "report.changes.dropped": ("borttaget: {items}", "removed: {items}"),
    "report.changes.order": ("ordningen ändrad", "the order changed"),
    "report.changes.action_new": ("ny: {text}", "new: {text}"),
    "report.changes.action_removed": ("borttagen: {text}", "removed: {text}"),
    "report.changes.action_status": ("{text}: {before} → {after}", "{text}: {before} → {after}"),
    "report.changes.action_changed": ("{text}: ändrad", "{text}: changed"),
    "report.footer.report": (
        "Skapad med riskreg ur registret {register}. Rapporten innehåller bara det som berör "
        "{name}; poster som är markerade som interna ingår aldrig.",
        "Made with riskreg from the register {register}. The report holds only what concerns "
        "{name}; items marked internal are never included.",
    ),
    "report.footer.index": (
        "Skapad med riskreg ur registret {register}. Varje kommuns rapport innehåller bara det "
        "som berör kommunen; poster som är markerade som interna ingår aldrig.",
        "Made with riskreg from the register {register}. Each municipality's report holds only "
        "what concerns it; items marked internal are never included.",
    ),
    "error.undo.nothing": (
        "{user} har ingen ändring att ångra i registret",
        "{user} has no change to undo in this register",
    ),
    "error.undo.changed_since": (
        "Din ändring (version {revision}) kan inte ångras: {user} ändrade {key} {at}, efter dig",
        "Your change (version {revision}) cannot be undone: {user} changed {key} on {at}, "
        "after you",
    ),
    "error.undo.removed": (
        "Din ändring (version {revision}) tog bort {key}, och ett borttaget objekt kan inte "
        "ångras tillbaka (nyckeln används aldrig igen): lägg till det på nytt",
        "Your change (version {revision}) removed {key}, and undo cannot bring back a "
        "removed item (its key is never used again): add it anew",
    ),
    "error.undo.kind": (
        "Din ändring (version {revision}: {key} {what}) kan inte ångras",
        "Your change (version {revision}: {key} {what}) cannot be undone",
    ),
    "error.undo.moved": (
        "Din senaste ändring är nu version {found}, inte {expected}: ingenting ångrades",
        "Your last change is now version {found}, not {expected}: nothing was undone",
    ),
    "tui.key.undo": ("Ångra", "Undo"),
    "tui.tip.undo": ("Ångra din senaste ändring (u två gånger: först visas vad som ångras)",
                     "Undo your last change (u twice: first it shows what is undone)"),
    "tui.undo.confirm": ("Tryck u igen för att ångra din ändring i version {revision}: {what}",
                         "Press u again to undo your change of version {revision}: {what}"),
    "tui.saved.undone": ("Ångrade din ändring i version {revision}: {what}",
                         "Undid your change of version {revision}: {what}"),
    "cli.history.undo": ("ångrad", "undone"),
    "cli.history.contact_add": ("kontakt tillagd", "contact added"),
    "cli.history.contact_update": ("kontakt ändrad", "contact changed"),
    "cli.history.contact_remove": ("kontakt borttagen", "contact removed"),
    "cli.history.delivery": ("leverans", "delivery"),
    "cli.undo.done": (
        "Ångrade din ändring i version {revision} ({at}):",
        "Undid your change of version {revision} ({at}):",
    ),
    "cli.undo.would": (
        "Provkörning, inget sparades. Skulle ångra din ändring i version {revision} ({at}):",
        "Dry run, nothing saved. Would undo your change of version {revision} ({at}):",
    ),
    "error.undo.changed": (
        "Din ändring (version {revision}) kan inte ångras: {key} har ändrats efter den",
        "Your change (version {revision}) cannot be undone: {key} was changed after it",
    ),
    "cli.export.replaced": (
        "Utgåva {number} i mappen ersattes (dess filer togs bort)",
        "Edition {number} in the folder was replaced (its files were removed)",
    ),
}


class Term(str):
    """A catalogue key passed as a message parameter; translated along with the message."""

    __slots__ = ()


def resolve_language(lang: str | None = None) -> str:
    """``lang`` if given, else ``RISKREG_LANG``, else Swedish (also for unknown languages)."""
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
    if kind == "acceptance_lapsed":
        # the detail as riskreg.acceptance writes it: "value 4 -> 9", "inherent 4 -> 9",
        # "validity applies -> suspended" or "unlinked"
        what, _, change = detail.partition(" ")
        old, _, new = change.partition(" -> ")
        if what == "validity":
            old, new = word("validity", old, lang), word("validity", new, lang)
        text = translate(f"reason.{kind}.{what}", lang, trigger=trigger, old=old, new=new)
        if text != f"reason.{kind}.{what}":
            return text
    text = translate(f"reason.{kind}", lang, trigger=trigger, detail=detail)
    return text if text != f"reason.{kind}" else f"{trigger}: {detail}"
