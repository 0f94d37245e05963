"""The services directory and referrals: connecting a family to help and checking what came of it.

A referral shares a family's details with an outside organisation, so it needs the family's
`sharing` consent and leaves an entry in the disclosure log. Each referral schedules an
outcome-check follow-up; closing the referral closes that follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.models import (
    REFERRAL_CLOSED,
    REFERRAL_STATUSES,
    Family,
    FollowUp,
    Referral,
    Service,
    fold,
    parse_number,
)
from ..core.suggest import choice_error
from ..errors import ConflictError, NotFoundError, UsageError
from ..storage import Session
from .app import App
from .audit import record_disclosure
from .families import get_family
from .family_input import parse_lang
from .scheduling import create_followup

# The categories liaisons refer to most; any other single word or phrase is accepted too.
SERVICE_CATEGORIES = (
    "tutoring", "counselling", "food", "housing", "health", "esl", "adult-classes", "legal",
    "clothing", "transport", "childcare", "employment", "other",
)
_CATEGORY_ALIASES = {"counseling": "counselling", "ell": "esl", "esl/adult classes": "esl",
                     "adult classes": "adult-classes", "mental-health": "counselling",
                     "dental": "health", "medical": "health"}

# Which status may follow which. A liaison often learns of a step late (the service calls
# back to say the child finished tutoring), so forward skips are allowed; going back is not,
# and a closed referral stays closed (make a new one instead).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "referred": ("accepted", "in-progress", "completed", "declined", "no-response"),
    "accepted": ("in-progress", "completed", "declined", "no-response"),
    "in-progress": ("completed", "declined", "no-response"),
    "completed": (),
    "declined": (),
    "no-response": (),
}
_STATUS_ALIASES = {"in progress": "in-progress", "inprogress": "in-progress", "started": "in-progress",
                   "no response": "no-response", "noresponse": "no-response", "done": "completed",
                   "complete": "completed", "accept": "accepted", "decline": "declined",
                   "refused": "declined"}


# --------------------------------------------------------------------------- parsing


def parse_status(text: str, *, allow_open: bool = False) -> str:
    t = " ".join(text.strip().lower().replace("_", " ").split())
    t = _STATUS_ALIASES.get(t, t.replace(" ", "-"))
    allowed = REFERRAL_STATUSES + (("open", "closed") if allow_open else ())
    if t not in allowed:
        raise choice_error("--status", text, allowed)
    return t


def parse_category(text: str) -> str:
    t = " ".join(text.strip().lower().split())
    if not t:
        raise UsageError(f"A service needs a category, like --category tutoring ({', '.join(SERVICE_CATEGORIES)}).")
    return _CATEGORY_ALIASES.get(t, t.replace(" ", "-"))


# --------------------------------------------------------------------------- the directory


def _service(key: str, rec: dict[str, Any]) -> Service:
    return Service.from_dict({**rec, "id": f"S{key}"})


def insert_service(s: Session, app: App, *, name: str, category: str, organisation: str = "",
                   phone: str = "", address: str = "", languages: list[str] = (),
                   eligibility: str = "") -> Service:
    """Add one service inside an open write session (the sample caseload uses this too)."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("A service needs a name: --name \"Homework Club\".")
    category = parse_category(category)
    wanted = fold(name)
    for key, rec in s.services.rows().items():
        if fold(rec.get("name")) == wanted:
            raise ConflictError(f"The directory already has {name!r} as S{key}; pick another name.")
    now = app.stamp()
    svc = Service(id="", name=name, category=category, organisation=organisation.strip(),
                  phone=phone.strip(), address=address.strip(),
                  languages=[code for code in (parse_lang(x, "--lang") for x in languages) if code],
                  eligibility=eligibility.strip(), created=now, updated=now)
    d = svc.to_dict()
    del d["id"]
    svc.id = f"S{s.services.add(d)}"
    return svc


def add_service(app: App, **fields_: Any) -> Service:
    with app.store.write() as s:
        return insert_service(s, app, **fields_)


def list_services(app: App, search: str | None = None, *, category: str | None = None,
                  lang: str | None = None) -> list[Service]:
    """The directory, optionally searched (name, organisation, category, eligibility; accents and
    case ignored) and filtered by category and by a language served."""
    words = fold(search).split() if search else []
    cat = parse_category(category) if category else ""
    code = parse_lang(lang).split("-")[0] if lang else ""
    with app.store.read() as s:
        rows = s.services.rows()
    out = []
    for key, rec in rows.items():
        svc = _service(key, rec)
        if cat and svc.category != cat:
            continue
        if code and code not in {x.split("-")[0] for x in svc.languages}:
            continue
        text = fold(" ".join([svc.name, svc.organisation, svc.category, svc.eligibility, svc.address]))
        if words and not all(w in text for w in words):
            continue
        out.append(svc)
    out.sort(key=lambda x: (x.category, fold(x.name)))
    return out


def find_service(s: Session, ref: str) -> Service:
    """A service by id (S4) or by name: exact (accents and case ignored), else a unique prefix,
    else a unique part of the name."""
    rows = s.services.rows()
    t = ref.strip()
    if t[:1].upper() == "S" and t[1:].isdigit():
        rec = rows.get(str(int(t[1:])))
        if rec is not None:
            return _service(str(int(t[1:])), rec)
    wanted = fold(t)
    if not wanted:
        raise UsageError("Give a service by name, like --service \"Homework Club\".")
    for test in (lambda n: n == wanted, lambda n: n.startswith(wanted), lambda n: wanted in n):
        hits = [k for k, v in rows.items() if test(fold(v.get("name")))]
        if len(hits) == 1:
            return _service(hits[0], rows[hits[0]])
        if len(hits) > 1:
            names = ", ".join(sorted(rows[k]["name"] for k in hits)[:5])
            raise UsageError(f"{len(hits)} services match {ref!r} ({names}); give more of the name.")
    raise NotFoundError(f"No service {ref!r} in the directory; run `liaison services` to see them "
                        "or `liaison service add` to add it.")


# --------------------------------------------------------------------------- referrals


def service_of(s: Session, r: Referral) -> Service | None:
    """The directory entry a referral was made to, or None when it has been removed (the
    referral keeps its own copy of the name and organisation). Never another service that
    happens to share the start of its name."""
    rows = s.services.rows()
    if r.service_id:
        key = r.service_id[1:]
        return _service(key, rows[key]) if key in rows else None
    wanted = fold(r.service)
    for key, rec in rows.items():
        if fold(rec.get("name")) == wanted:
            return _service(key, rec)
    return None


def referral_of(key: str | int, rec: dict[str, Any]) -> Referral:
    """The Referral a stored dict holds (`key` is its number)."""
    return Referral.from_dict({**rec, "id": f"R{key}"})


def get_referral(s: Session, ref: str) -> Referral:
    n = parse_number("referrals", ref)
    if n is None:
        raise UsageError(f"{ref!r} is not a referral id; they look like R3.")
    rec = s.referrals.get(n)
    if rec is None:
        raise NotFoundError(f"No referral R{n}; run `liaison referrals` to see them.")
    return referral_of(n, rec)


def _stored(r: Referral) -> dict[str, Any]:
    d = r.to_dict()
    del d["id"]
    return d


@dataclass
class ReferResult:
    referral: Referral
    followup: FollowUp
    consent_recorded: bool = False


def refer(app: App, family_ref: str, service: str, *, student: str | None = None,
          note: str = "", consent_given: bool = False) -> ReferResult:
    """Refer a family (and optionally one student) to a service in the directory."""
    days = app.config.referral_check_school_days
    check_on = app.calendar.add_school_days(app.today, days)
    with app.store.write() as s:
        family = get_family(s, family_ref)
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        svc = find_service(s, service)
        kid = match_student(family, student) if student else ""
        recorded = False
        if "sharing" not in family.consents:
            if not consent_given:
                raise ConflictError(
                    f"{family.id} has not agreed to share their details with partner services; ask "
                    f"them, then add --consent-given (or run `liaison edit {family.id} --consent sharing`)."
                )
            family.consents["sharing"] = app.today.isoformat()
            family.updated = app.stamp()
            s.families.update(family.number, {"consents": family.consents, "updated": family.updated})
            recorded = True
        now = app.stamp()
        today = app.today.isoformat()
        referral = Referral(
            id="", family_id=family.id, service=svc.name, service_id=svc.id, date=today, student=kid,
            organisation=svc.organisation, note=note.strip(),
            history=[{"date": today, "status": "referred", "note": note.strip()}],
            created=now, updated=now,
        )
        # Stored first for its number, which the outcome check names; then linked to the check.
        rid = referral.id = f"R{s.referrals.add(_stored(referral))}"
        fu = create_followup(
            s, app, family.id, check_on, f"Check the outcome of referral {rid} to {svc.name}",
            source=f"referral {rid}", referral_id=rid,
        )
        referral.followup_id = fu.id
        s.referrals.update(rid[1:], {"followup_id": fu.id})
        # Last, so nothing above can fail after the log entry is written.
        record_disclosure(app, s, what="referral", to_whom=svc.organisation or svc.name,
                          why=f"referral {rid} to {svc.name} ({svc.category})",
                          records=[family.id], detail=rid)
    return ReferResult(referral, fu, recorded)


def match_student(family: Family, name: str) -> str:
    """The name of the one student of `family` that `name` names (whole, else in part)."""
    wanted = fold(name)
    hits = [st for st in family.students if fold(st.name) == wanted] or [
        st for st in family.students if wanted and wanted in fold(st.name)]
    if len(hits) != 1:
        raise NotFoundError(
            f"{family.id} has {'no' if not hits else 'more than one'} student matching {name!r}; "
            f"run `liaison show {family.id}` to see the names."
        )
    return hits[0].name


@dataclass
class UpdateResult:
    referral: Referral
    closed_followups: list[int] = field(default_factory=list)


def update_referral(app: App, ref: str, *, status: str | None = None, note: str = "",
                    outcome: str = "") -> UpdateResult:
    """Move a referral along its lifecycle, or add a note or an outcome to it.

    Every change is appended to its history (which the family's timeline shows). Closing it
    (completed, declined, no-response) marks its open outcome-check follow-ups done.
    """
    new = parse_status(status) if status else None
    note, outcome = note.strip(), outcome.strip()
    if new is None and not note and not outcome:
        raise UsageError("Say what changed: --status accepted, --note TEXT or --outcome TEXT.")
    with app.store.write() as s:
        r = get_referral(s, ref)
        if r.status in REFERRAL_CLOSED and new is not None:
            raise ConflictError(
                f"{r.id} is already {r.status} and cannot change; refer the family again with "
                f"`liaison refer {r.family_id} --service ...` if they need the service again."
            )
        if new is not None and new != r.status and new not in TRANSITIONS[r.status]:
            raise ConflictError(
                f"{r.id} is {r.status}; it can go on to {', '.join(TRANSITIONS[r.status])}, not "
                f"back to {new}."
            )
        if new == r.status:
            raise ConflictError(f"{r.id} is already {r.status}; add just --note to record news.")
        entry = {"date": app.today.isoformat(), "status": new or r.status, "note": note}
        if outcome:
            entry["note"] = "; ".join(x for x in (note, f"outcome: {outcome}") if x)
            r.outcome = outcome
        r.history.append(entry)
        r.status = new or r.status
        r.updated = app.stamp()
        s.referrals.update(r.id[1:], _stored(r))
        closed: list[int] = []
        if new in REFERRAL_CLOSED:
            for key, f in s.followups.open_of_family(r.family_id).items():
                if f.get("referral_id") == r.id:
                    closed.append(int(key))
            for key in closed:
                s.followups.update(
                    key, {"status": "done", "done_on": app.today.isoformat(), "note": "referral closed",
                          "updated": app.stamp()})
    return UpdateResult(r, closed)


@dataclass
class ReferralRow:
    id: str
    family_id: str
    family_name: str
    service: str
    organisation: str
    student: str
    date: str
    status: str
    outcome: str
    check_due: str
    updated_on: str


def list_referrals(app: App, *, status: str | None = None, service: str | None = None,
                   family: str | None = None) -> list[ReferralRow]:
    """Referrals, newest first. `status` may also be `open` (not yet closed) or `closed`."""
    st = parse_status(status, allow_open=True) if status else None
    svc_words = fold(service).split() if service else []
    with app.store.read() as s:
        fid = get_family(s, family).id if family else None
        fams = s.families.rows()
        fus = s.followups.rows()
        out = []
        for key, rec in s.referrals.rows().items():
            r = referral_of(key, rec)
            if fid and r.family_id != fid:
                continue
            if st == "open" and r.status in REFERRAL_CLOSED:
                continue
            if st == "closed" and r.status not in REFERRAL_CLOSED:
                continue
            if st not in (None, "open", "closed") and r.status != st:
                continue
            if svc_words and not all(w in fold(f"{r.service} {r.organisation}") for w in svc_words):
                continue
            check = fus.get(str(r.followup_id)) if r.followup_id else None
            out.append(ReferralRow(
                id=r.id, family_id=r.family_id, family_name=fams.get(r.family_id[1:], {}).get("name", ""),
                service=r.service, organisation=r.organisation, student=r.student, date=r.date,
                status=r.status, outcome=r.outcome,
                check_due=check["due"] if check and check["status"] == "open" else "",
                updated_on=(r.history[-1]["date"] if r.history else r.date),
            ))
    out.sort(key=lambda x: (x.date, int(x.id[1:])), reverse=True)
    return out


@dataclass
class ReferralDetail:
    referral: Referral
    family_name: str
    followup: FollowUp | None
    service: Service | None
    next_statuses: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        d = self.referral.to_dict()
        d["family_name"] = self.family_name
        d["check"] = self.followup.to_dict() if self.followup else None
        d["service_record"] = self.service.to_dict() if self.service else None
        d["next_statuses"] = list(self.next_statuses)
        return d


def show_referral(app: App, ref: str) -> ReferralDetail:
    with app.store.read() as s:
        r = get_referral(s, ref)
        fam = s.families.get(r.family_id[1:]) or {}
        fu_rec = s.followups.get(r.followup_id) if r.followup_id else None
        fu = FollowUp.from_dict({**fu_rec, "id": r.followup_id}) if fu_rec else None
        svc = service_of(s, r)
    return ReferralDetail(r, fam.get("name", ""), fu, svc, TRANSITIONS[r.status])
