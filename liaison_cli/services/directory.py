"""Changing the services directory: edit a service, remove one.

Referrals keep their own copy of the service's name and organisation (what the family was
referred to, on that day), and since this change the service's id too; so editing or removing
a directory entry never changes or breaks an old referral. A service that families were
referred to is only removed on purpose (`force`): the outcome checks and letters of its open
referrals lose its phone and address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.models import Contact, Service, fold
from ..errors import ConflictError, UsageError
from ..storage import Session
from .app import App
from .contacts import record_contact
from .families import get_family
from .family_input import parse_lang
from .referrals import find_service, match_student, parse_category


def referral_keys(s: Session, svc: Service) -> list[str]:
    """The referrals made to `svc`: by its id, or (referrals made before ids were kept) by its
    name."""
    wanted = fold(svc.name)
    return [k for k, r in s.referrals.rows().items()
            if r.get("service_id") == svc.id
            or (not r.get("service_id") and fold(r.get("service")) == wanted)]


_TEXT_FIELDS = ("organisation", "phone", "address", "eligibility")


def edit_service(app: App, ref: str, *, name: str | None = None, category: str | None = None,
                 languages: list[str] | None = None, **text: str | None) -> tuple[Service, list[str]]:
    """Change a service's fields; returns it and the names of the fields that changed.
    `languages` replaces the list; an empty text clears that field."""
    unknown = set(text) - set(_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"unknown service fields: {sorted(unknown)}")
    with app.store.write() as s:
        svc = find_service(s, ref)
        changes: dict[str, Any] = {}
        if name is not None:
            new = " ".join(name.split())
            if not new:
                raise UsageError("A service needs a name: --name \"Homework Club\".")
            for key, rec in s.services.rows().items():
                if f"S{key}" != svc.id and fold(rec.get("name")) == fold(new):
                    raise ConflictError(f"The directory already has {new!r} as S{key}; pick another name.")
            if new != svc.name:
                # Referrals made before ids were kept find their service by name: give them its
                # id now, so the rename does not cut them off.
                for key in referral_keys(s, svc):
                    s.referrals.update(key, {"service_id": svc.id})
                changes["name"] = new
        if category is not None and parse_category(category) != svc.category:
            changes["category"] = parse_category(category)
        if languages is not None:
            codes = [c for c in (parse_lang(x, "--lang") for x in languages) if c]
            if codes != svc.languages:
                changes["languages"] = codes
        for field_, value in text.items():
            if value is not None and value.strip() != getattr(svc, field_):
                changes[field_] = value.strip()
        if not changes:
            raise UsageError(f"Nothing to change on {svc.id}; give --name, --category, --phone, "
                             "--address, --organisation, --lang or --eligibility.")
        changes["updated"] = app.stamp()
        s.services.update(svc.id[1:], changes)
        for k, v in changes.items():
            setattr(svc, k, v)
    return svc, [k for k in changes if k != "updated"]


@dataclass
class Removed:
    service: Service
    referrals: int


def remove_service(app: App, ref: str, *, force: bool = False) -> Removed:
    """Take a service out of the directory. One that families were referred to stays unless
    `force`; its referrals keep their copy of its name and organisation either way."""
    with app.store.write() as s:
        svc = find_service(s, ref)
        keys = referral_keys(s, svc)
        if keys and not force:
            many = "referral" if len(keys) == 1 else "referrals"
            raise ConflictError(
                f"{svc.id} has {len(keys)} {many}; they would keep its name but lose its phone and "
                f"address. Add --force to remove it anyway, or `liaison service edit {svc.id}` to "
                "change it instead.")
        for key in keys:
            s.referrals.update(key, {"service_id": svc.id})
        s.services.remove(svc.id[1:])
    return Removed(svc, len(keys))


@dataclass
class Signposted:
    contact: Contact
    service: Service


def signpost(app: App, family_ref: str, service: str, *, student: str | None = None,
             note: str = "") -> Signposted:
    """Record that a family was given a service's contact details to get in touch themselves.
    Nothing about the family goes to the service, so no consent is needed and nothing is
    written to the disclosure log: the family's record gets a contact of kind `signpost`."""
    with app.store.write() as s:
        family = get_family(s, family_ref)
        if family.status == "closed":
            raise ConflictError(f"{family.id} is closed; run `liaison reopen {family.id}` first.")
        svc = find_service(s, service)
        kid = match_student(family, student) if student else ""
        reach = ", ".join(x for x in (svc.organisation, svc.phone) if x)
        summary = f"Gave the family the contact details of {svc.name}" + (f" ({reach})" if reach else "")
        summary += (f", for {kid}" if kid else "") + (f": {note.strip()}" if note.strip() else "")
        contact = record_contact(s, app, family, kind="signpost", summary=summary, date=app.today)
    return Signposted(contact, svc)
