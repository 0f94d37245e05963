"""Tags on many families at once: `edit F1 F2 F3 --tag x` in one store write, all or nothing."""

from __future__ import annotations

import pytest

from liaison_cli.errors import NotFoundError
from liaison_cli.services.families import add_family, get_family, tag_families

pytestmark = pytest.mark.both_backends


@pytest.fixture
def caseload(app):
    for name in ("García", "Osman", "Nguyen"):
        add_family(app, name=name, home_language="es")
    return app


def test_tags_on_many_families_in_one_write(caseload, monkeypatch):
    writes = []
    real = caseload.store.write

    def counting(*a, **kw):
        writes.append(1)
        return real(*a, **kw)

    monkeypatch.setattr(caseload.store, "write", counting)
    results = tag_families(caseload, ["F1", "F2", "Nguyen"], ["bus"], [])
    assert len(writes) == 1
    assert [(f.id, changed) for f, changed in results] == [
        ("F1", ["tag +bus"]), ("F2", ["tag +bus"]), ("F3", ["tag +bus"])]
    tag_families(caseload, ["F3"], [], ["bus"])
    with pytest.raises(NotFoundError, match="F3 has no tag 'bus'"):
        tag_families(caseload, ["F1", "F2", "F3"], ["y"], ["bus"])
    with caseload.store.read() as s:  # F1 and F2 untouched: all or nothing
        assert [get_family(s, f).tags for f in ("F1", "F2", "F3")] == [["bus"], ["bus"], []]
