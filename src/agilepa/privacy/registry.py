"""The record of processing activities (art. 30 GDPR) as data, read from the platform's models.

Every model of our apps that holds personal data names here the activity it serves; every model
whose fields only look personal (a body's name, a hub's address) says why it holds none.
tests/privacy/test_registry_covers_the_models.py walks the models and fails for one that is in
neither list, so the register grows with the data model. The register is in Italian, the
language of the act the body keeps, whatever the reader's locale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import models

from agilepa.org.models import Body


@dataclass(frozen=True)
class RetentionTerms:
    """The retention terms in force for a body, and whether the body set its own."""

    people_years: int
    import_days: int
    login_failure_days: int
    task_result_days: int
    set_by_body: bool


# The retention rules' defaults (the retention app's policy: docs/privacy.md, "Retention"). A
# body sets its own people and import terms in its retention policy; the platform's login and
# task terms are settings.
DEFAULT_PERSON_YEARS = 5
DEFAULT_IMPORT_DAYS = 7
DEFAULT_LOGIN_FAILURE_DAYS = 90
DEFAULT_TASK_RESULT_DAYS = 30


def retention_terms(body: Body | None = None) -> RetentionTerms:
    people, imports, own = DEFAULT_PERSON_YEARS, DEFAULT_IMPORT_DAYS, False
    try:
        policies = apps.get_model("retention", "RetentionPolicy")
    except LookupError:  # an installation without the retention app keeps the defaults
        policies = None
    policy = policies.objects.filter(body=body).first() if policies and body else None
    if policy is not None:
        people, imports, own = policy.person_years, policy.import_days, True
    return RetentionTerms(
        people_years=people,
        import_days=imports,
        login_failure_days=int(
            getattr(settings, "RETENTION_LOGIN_FAILURE_DAYS", DEFAULT_LOGIN_FAILURE_DAYS)
        ),
        task_result_days=int(
            getattr(settings, "RETENTION_TASK_RESULT_DAYS", DEFAULT_TASK_RESULT_DAYS)
        ),
        set_by_body=own,
    )


def retention_placeholders(body: Body | None = None) -> dict[str, str]:
    """The retention terms as the model notice's placeholders."""
    terms = retention_terms(body)
    return {
        "anni_persone": str(terms.people_years),
        "giorni_accessi": str(terms.login_failure_days),
        "giorni_import": str(terms.import_days),
        "giorni_attivita": str(terms.task_result_days),
    }


COMMON = "dati comuni"
SPECIAL = "categorie particolari (art. 9 GDPR)"
EMPLOYEES = "dipendenti dell'ente"
USERS = "utenti della piattaforma (dipendenti, dirigenti, ufficio personale, osservatori)"
C = "art. 6, par. 1, lett. c) GDPR (obbligo di legge: L. 81/2017)"
E = (
    "art. 6, par. 1, lett. e) GDPR e art. 2-ter D.Lgs. 196/2003 (compito di interesse pubblico, "
    "gestione del rapporto di lavoro pubblico: D.Lgs. 165/2001, CCNL di comparto)"
)
B9 = (
    "art. 9, par. 2, lett. b) GDPR e art. 2-sexies D.Lgs. 196/2003 (obblighi in materia di "
    "diritto del lavoro e protezione sociale)"
)
HR = "ufficio personale dell'ente"
MANAGERS = "dirigenti e responsabili, per le persone delle unità che dirigono"
STAFF_RETENTION = (
    "per la durata del rapporto; {people} anni dopo la cessazione nome, codice fiscale, e-mail "
    "e comune di residenza sono rimossi (pseudonimizzazione), i conteggi restano"
)


@dataclass(frozen=True)
class Activity:
    """One processing activity of the register (art. 30, par. 1, lett. b-g)."""

    key: str
    name: str
    purposes: str
    legal_basis: tuple[str, ...]
    subjects: tuple[str, ...]
    data: tuple[str, ...]
    special: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: str
    security: tuple[str, ...] = ()


SECURITY = (
    "accesso solo con credenziali personali; secondo fattore per l'ufficio personale e gli "
    "amministratori; accesso tramite SPID/CIE o directory dell'ente dove configurato",
    "ogni persona vede solo i dati del proprio ruolo nel proprio ente (controllo su ogni pagina e "
    "ogni chiamata API, verificato da test automatici per ogni ruolo e per un ente estraneo)",
    "cifratura in transito (HTTPS con HSTS); sessioni con scadenza per inattività",
    "registro delle attività a prova di manomissione (voci concatenate da hash per ente)",
    "copie di sicurezza del database e dei file caricati",
    "nessun controllo a distanza dell'attività lavorativa (art. 4 L. 300/1970)",
)

ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        key="staff",
        name="Anagrafica del personale e organizzazione",
        purposes=(
            "tenere l'elenco delle persone dell'ente, delle unità organizzative e dei loro "
            "responsabili, su cui si fondano accordi, pianificazione e indicatori"
        ),
        legal_basis=(E,),
        subjects=(EMPLOYEES,),
        data=(
            "nome, cognome, codice fiscale, matricola, e-mail di lavoro",
            "unità, sede, contratto e percentuale di part-time, categoria, data di assunzione e "
            "di cessazione",
            "file di importazione dall'archivio del personale, fino alla conferma",
        ),
        special=(),
        recipients=(HR, MANAGERS),
        retention=STAFF_RETENTION + "; file di importazione: {imports} giorni",
    ),
    Activity(
        key="access",
        name="Accesso alla piattaforma e sicurezza",
        purposes=(
            "riconoscere gli utenti, assegnare i ruoli, proteggere gli account da accessi non "
            "autorizzati, rendere conto di chi ha fatto cosa"
        ),
        legal_basis=(E, "art. 32 GDPR (sicurezza del trattamento)"),
        subjects=(USERS,),
        data=(
            "e-mail e nome dell'utente, ruoli, token API (solo l'impronta SHA-256)",
            "accessi riusciti e non riusciti con e-mail e indirizzo IP, eventi di accesso tramite "
            "fornitore di identità, dispositivi del secondo fattore",
            "registro delle attività: autore, modalità di accesso, azione, oggetto, campi "
            "modificati (i valori di categorie particolari come 'modificato'), IP, data e ora",
            "lettura dell'informativa privacy (versione e data)",
        ),
        special=(),
        recipients=(HR + ", per il registro delle attività del proprio ente",),
        retention=(
            "account: finché l'utente ha un ruolo; tentativi di accesso non riusciti: {logins} "
            "giorni; esiti delle elaborazioni in background: {tasks} giorni; registro delle "
            "attività: [da stabilire dall'ente]"
        ),
    ),
    Activity(
        key="rights",
        name="Richieste degli interessati",
        purposes=(
            "dare seguito alle richieste di accesso, copia, portabilità e rettifica dei dati "
            "(artt. 15-22 GDPR) e documentarne l'esito"
        ),
        legal_basis=("art. 6, par. 1, lett. c) GDPR (obblighi degli artt. 12-22 GDPR)",),
        subjects=(EMPLOYEES,),
        data=(
            "richiesta, dati interessati e correzione chiesta, esito, chi l'ha trattata e quando",
        ),
        special=(),
        recipients=(HR, "responsabile della protezione dei dati"),
        retention=STAFF_RETENTION,
    ),
    Activity(
        key="agreements",
        name="Accordi individuali di lavoro agile",
        purposes=(
            "richiesta, istruttoria, stipula, modifica e recesso dell'accordo individuale "
            "(artt. 18-23 L. 81/2017, CCNL); comunicazione al Ministero del lavoro; deroghe alla "
            "prevalenza della presenza (direttiva del Ministro per la PA 29/12/2023); requisiti "
            "di sicurezza, dotazioni e formazione; informativa annuale sui rischi (art. 22)"
        ),
        legal_basis=(C, E, B9),
        subjects=(EMPLOYEES,),
        data=(
            "contenuto dell'accordo: durata, giornate, fasce di contattabilità e inoperabilità, "
            "luoghi dichiarati, dotazioni",
            "storia delle decisioni con autore e data, motivi di rifiuto o recesso",
            "verifiche della postazione, dotazioni assegnate, formazione, informativa sulla "
            "sicurezza consegnata",
            "comunicazioni al Ministero (numero di ricevuta)",
        ),
        special=(
            "condizione di disabilità (L. 68/1999)",
            "categorie di priorità (art. 18, c. 3-bis, L. 81/2017: figli con disabilità, "
            "disabilità grave, caregiver, lavoratori fragili)",
            "motivi di salute, personali o familiari di una deroga, visibili solo alla persona, "
            "all'ufficio personale e al dirigente che decide; ogni lettura è registrata",
        ),
        recipients=(
            HR,
            "dirigente che decide la richiesta",
            "Ministero del lavoro e delle politiche sociali (comunicazione art. 23 L. 81/2017) "
            "e INAIL",
        ),
        retention=STAFF_RETENTION + "; accordi: [secondo il piano di conservazione dell'ente]",
    ),
    Activity(
        key="planning",
        name="Pianificazione delle giornate, spazi e obiettivi",
        purposes=(
            "organizzare le giornate in presenza e a distanza, garantire la presenza minima dei "
            "servizi e la prevalenza della presenza, prenotare postazioni e sale, programmare il "
            "lavoro per obiettivi"
        ),
        legal_basis=(E,),
        subjects=(EMPLOYEES,),
        data=(
            "piani mensili, modifiche e consuntivi delle giornate, assenze pianificate",
            "prenotazioni di postazioni e sale, liste d'attesa, calendari sottoscritti",
            "obiettivi, risultati chiave, aggiornamenti e resoconti di attività dichiarati",
        ),
        special=(),
        recipients=(HR, MANAGERS, "colleghi, per la sola presenza in ufficio del giorno"),
        retention=STAFF_RETENTION,
    ),
    Activity(
        key="mobility",
        name="Mobilità casa-lavoro e impatti ambientali",
        purposes=(
            "stimare i chilometri, il tempo e le emissioni risparmiati con il lavoro a distanza "
            "(impatti del PIAO 3.2), promuovere campagne di mobilità"
        ),
        legal_basis=(E,),
        subjects=(EMPLOYEES,),
        data=(
            "comune di residenza o domicilio dichiarato",
            "profilo di spostamento (mezzo, distanza, tempo), adesioni alle campagne",
        ),
        special=(),
        recipients=(HR, "rete di enti e pubblico, solo in forma aggregata"),
        retention=STAFF_RETENTION,
    ),
    Activity(
        key="surveys",
        name="Indagini sul benessere organizzativo",
        purposes="misurare il benessere e la conciliazione dei tempi (PIAO 3.2, indicatori)",
        legal_basis=(E,),
        subjects=(EMPLOYEES,),
        data=(
            "invito e chi ha già risposto, mai il contenuto della risposta; le risposte sono "
            "anonime e non collegabili all'invito (docs/surveys.md)",
        ),
        special=(),
        recipients=(HR, "CUG e RSU, solo risultati aggregati per gruppi di almeno 5 persone"),
        retention="inviti: per la durata dell'ondata di rilevazione",
    ),
    Activity(
        key="indicators",
        name="Indicatori e rendicontazione",
        purposes=(
            "calcolare gli indicatori del lavoro agile per il PIAO (sezione 3.2) e la "
            "performance organizzativa, confrontarli nella rete"
        ),
        legal_basis=(C, E),
        subjects=(EMPLOYEES,),
        data=(
            "riepilogo mensile per persona (giornate in presenza, agili, da remoto)",
            "valori dichiarati e obiettivi, con l'autore",
        ),
        special=(),
        recipients=(HR, "CUG, RSU, rete di enti e pubblico, solo in forma aggregata"),
        retention=STAFF_RETENTION,
    ),
    Activity(
        key="community",
        name="Formazione, eventi e comunità della rete",
        purposes=(
            "iscrizioni e presenze a corsi ed eventi (formazione sul lavoro agile, art. 20 "
            "L. 81/2017), tavoli tematici, materiali condivisi, autovalutazione e premi della rete"
        ),
        legal_basis=(E,),
        subjects=(EMPLOYEES, "referenti degli enti della rete, giurati"),
        data=(
            "iscrizioni, presenze, partecipazione ai tavoli e agli incontri",
            "autore di materiali, candidature, autovalutazioni e punteggi",
        ),
        special=(),
        recipients=(HR, "enti della rete, per i nomi dei partecipanti ai tavoli e agli eventi"),
        retention=STAFF_RETENTION,
    ),
)

# Each model of our apps holding personal data: the activity it serves.
DECLARED: dict[str, str] = {
    "org.Person": "staff",
    "org.OrgUnit": "staff",
    "org.ImportBatch": "staff",
    "retention.RetentionPolicy": "staff",
    "retention.Pseudonymisation": "staff",
    "rights.SubjectRequest": "rights",
    "core.User": "access",
    "core.RoleAssignment": "access",
    "core.ApiToken": "access",
    "core.LoginFailure": "access",
    # The uploaded files themselves (signed agreements, attachments, materials) when a
    # several-host site keeps them in the database (AGILEPA_FILE_STORAGE=database): their
    # activity is that of the record that holds them; listed with the staff records, the
    # broadest one, so the register names the table.
    "core.StoredBlob": "staff",
    "identity.IdentityEvent": "access",
    "audit.AuditEntry": "access",
    "privacy.PrivacyNotice": "access",
    "privacy.NoticeVersion": "access",
    "privacy.NoticeAcknowledgement": "access",
    "agreements.Regulation": "agreements",
    "agreements.Agreement": "agreements",
    "agreements.AgreementTransition": "agreements",
    "agreements.PresenceDerogation": "agreements",
    "agreements.ReasonAccess": "agreements",
    "agreements.MinistryCommunication": "agreements",
    "agreements.WorkstationCheck": "agreements",
    "agreements.EquipmentItem": "agreements",
    "agreements.TrainingCompletion": "agreements",
    "agreements.SafetyNotice": "agreements",
    "planning.Absence": "planning",
    "planning.PlanningProfile": "planning",
    "planning.MonthPlan": "planning",
    "planning.PlanDay": "planning",
    "planning.PlanChange": "planning",
    "planning.CalendarFeed": "planning",
    "planning.ChangeRequest": "planning",
    "planning.ActualDay": "planning",
    "spaces.Booking": "planning",
    "spaces.Slot": "planning",
    "spaces.WaitlistEntry": "planning",
    "spaces.RoomBooking": "planning",
    "objectives.Objective": "planning",
    "objectives.CheckIn": "planning",
    "objectives.ActivityEntry": "planning",
    "measurement.CommuteProfile": "mobility",
    "measurement.CampaignBody": "mobility",
    "measurement.Pledge": "mobility",
    "surveys.Invitation": "surveys",
    "indicators.PersonMonth": "indicators",
    "indicators.DeclaredValue": "indicators",
    "indicators.Target": "indicators",
    "indicators.BenchmarkOptIn": "indicators",
    "indicators.OpenDataOptIn": "indicators",
    "indicators.ReportSignature": "indicators",
    "events.Event": "community",
    "events.Registration": "community",
    "maturity.Assessment": "community",
    "community.TableMember": "community",
    "community.MeetingRegistration": "community",
    "community.Material": "community",
    "community.MaterialVersion": "community",
    "community.Reuse": "community",
    "awards.AwardCall": "community",
    "awards.Juror": "community",
    "awards.Application": "community",
    "awards.Attachment": "community",
    "awards.ScoreEvent": "community",
}

# Models whose fields look personal but hold no personal data, and why.
NOT_PERSONAL: dict[str, str] = {
    "core.ProcessHeartbeat": "the name and host of a background process",
    "org.Municipality": "the ISTAT list of comuni",
    "org.Body": "a public body's name and address",
    "org.OfficeSite": "an office building",
    "org.Network": "a network of bodies",
    "agreements.Activity": "a kind of work that can be done remotely",
    "planning.PatronDay": "a comune's patron saint's day",
    "spaces.Hub": "a coworking hub's name and address",
    "spaces.FloorPlan": "a floor's plan of a hub and its name (e.g. 'Piano terra')",
    "spaces.TeamZone": "a unit's seats of a hub, by name (a unit, never a person)",
    "spaces.Room": "a meeting room",
    "measurement.Campaign": "a mobility campaign's description",
    "community.Table": "a thematic table's name and description",
    "surveys.ResultsSnapshot": (
        "a survey campaign's aggregate results, groups under its threshold suppressed: no response"
    ),
    "awards.Criterion": "an award's criterion",
    "identity.IdentityProvider": "a login provider's settings (what to match logins by)",
}

PERSON_MODELS = ("org.Person", "core.User")
PERSONAL_NAME = re.compile(r"(^|_)(name|email|ip|home)(_|$)|tax_code|first_name|last_name")


def looks_personal(model: type[models.Model]) -> list[str]:
    """The fields of `model` that look like personal data: a link to a person or a user, an
    e-mail or an IP address, or a name like name, email, tax_code, home, ip."""
    found = []
    for field in model._meta.get_fields():
        if not field.concrete:
            continue
        related = field.related_model
        linked = related is not None and related._meta.label in PERSON_MODELS
        typed = isinstance(field, models.EmailField | models.GenericIPAddressField)
        if linked or typed or PERSONAL_NAME.search(field.name):
            found.append(field.name)
    return found


def our_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("agilepa.")]


def activity(key: str) -> Activity:
    return next(a for a in ACTIVITIES if a.key == key)


def installed(label: str) -> bool:
    """Whether the model of a declaration exists here: an installation may leave an app out."""
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def models_of(key: str) -> list[type[models.Model]]:
    return [apps.get_model(label) for label, k in DECLARED.items() if k == key and installed(label)]


def fill(text: str, terms: RetentionTerms) -> str:
    return text.format(
        people=terms.people_years,
        logins=terms.login_failure_days,
        imports=terms.import_days,
        tasks=terms.task_result_days,
    )
