"""One family read without parsing them all: where each family's record lies in families.json.

`show`, `letter` and the other commands about one family need one record, but families.json
holds every family (3.7 MB at 5,000 families, about 110 ms to parse). When the roster is rebuilt
(every commit that changes a family) it also keeps, under `at`, the byte span of each family's
record in the file as liaison writes it, and the digest of that file. A session then reads the file's bytes, checks they are what meta.json recorded (the same check every read makes,
so a hand-edited file is still parsed and validated in full) and parses that one span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from .layout import ROSTER, content_digest

if TYPE_CHECKING:
    from .session import Session

NOT_KNOWN = object()  # the spans cannot answer: read the whole file


def spans(document: dict[str, Any]) -> dict[str, Any] | None:
    """{digest, spans: {number: [start, end]}} of families.json as liaison writes `document`;
    None when the document is not the one-table document this layout knows."""
    rows = document.get("families")
    if set(document) != {"families"} or not isinstance(rows, dict):
        return None
    parts, at, pos = [b'{"families":{'], {}, len(b'{"families":{')
    for i, (key, record) in enumerate(rows.items()):
        head = (b"," if i else b"") + orjson.dumps(key) + b":"
        body = orjson.dumps(record)
        at[key] = [pos + len(head), pos + len(head) + len(body)]
        parts += [head, body]
        pos += len(head) + len(body)
    # The digest of these bytes is what meta.json records for the file when `dumps` writes the
    # same bytes (it does: compact orjson); if it ever did not, the digests would differ and
    # every read would simply parse the whole file.
    return {"digest": content_digest(b"".join([*parts, b"}}"])), "spans": at}


def one_family(session: Session, number: str) -> Any:
    """The stored record of family `number`, None when there is none, or NOT_KNOWN when only
    the whole file can say (an encrypted store, spans older than the file, or a session that has
    read or changed the families already: then its copy is the answer). A write session may
    use it too (a letter records its contact in one): the lock is held, the file is as meta.json
    recorded it, and a change to a family loads the whole file first."""
    store = session.store
    if store.codec.encrypted or session.loaded("families"):
        return NOT_KNOWN
    recorded = (session.meta.get("files", {}).get("families") or [None])[0]
    at = session.raw_document(ROSTER).get("at")
    if not recorded or not isinstance(at, dict) or at.get("digest") != recorded:
        return NOT_KNOWN
    span = at.get("spans", {}).get(number)
    if span is None:
        return None
    data = session.family_bytes
    if data is None:  # read and checked once per session (a merge reads 1,000 families)
        try:
            data = store.path_of("families").read_bytes()
        except OSError:
            return NOT_KNOWN  # the whole-file read says what is wrong
        if content_digest(data) != recorded:
            return NOT_KNOWN  # changed behind liaison's back: parsed and validated in full
        session.family_bytes = data
    return orjson.loads(data[span[0]:span[1]])
