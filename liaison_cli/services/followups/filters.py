"""What the listings share: which families they keep (`--family`, `--school`, `--tag`) and
whom to call for each. The listings read the store's family index rows, never whole records."""

from __future__ import annotations

from ...models import FamilyIndex
from ...storage import Session
from ..app import App
from ..families import get_family, school_aliases


def contact_point(row: FamilyIndex) -> tuple[str, str, str, bool]:
    """(guardian to call, their phone, the family's language, interpreter needed)."""
    return row.guardian, row.phone, row.language, row.interpreter


def family_filter(app: App, family: str | None, school: str | None, tag: str | None, s: Session):
    fid = get_family(s, family, full=False).id if family else None
    schools = school_aliases(app, school) if school else None
    tag = tag.strip().lower() if tag else None

    def keep(key: str, row: FamilyIndex) -> bool:
        if fid and f"F{key}" != fid:
            return False
        if tag and tag not in row.tags:
            return False
        if schools and not any(sc in schools for sc in row.schools):
            return False
        return True

    return keep

