"""What a package index and a security scanner read: the licence in the wheel and the sdist, the
metadata, and dependency floors past known advisories (issue 15.25). Built with hatchling, the
build backend pyproject.toml names, in-process and offline."""

from __future__ import annotations

import re
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    from hatchling.builders.sdist import SdistBuilder
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    sdist = next(iter(SdistBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])))
    return {"wheel": Path(wheel), "sdist": Path(sdist)}


def test_the_mit_licence_is_in_the_checkout_the_wheel_and_the_sdist(built):
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text
    with zipfile.ZipFile(built["wheel"]) as whl:
        licences = [n for n in whl.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert licences and whl.read(licences[0]).decode("utf-8") == text
    with tarfile.open(built["sdist"]) as sd:
        member = next(m for m in sd.getmembers() if m.name.endswith("/LICENSE") and m.name.count("/") == 1)
        assert sd.extractfile(member).read().decode("utf-8") == text


def test_the_wheel_metadata_names_licence_authors_classifiers_and_safe_floors(built):
    with zipfile.ZipFile(built["wheel"]) as whl:
        name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(whl.read(name).decode("utf-8"))
    assert meta["License-Expression"] == "MIT"
    assert meta["Author"] or meta["Author-email"]
    classifiers = meta.get_all("Classifier") or []
    assert "Environment :: Console" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    floors = {}
    for req in meta.get_all("Requires-Dist") or []:
        m = re.match(r"([A-Za-z0-9_.-]+)\s*(?:\[.*?\])?\s*([^;]*)", req)
        for spec in m.group(2).split(","):
            if spec.strip().startswith(">="):
                floors.setdefault(m.group(1).lower(), []).append(_version(spec.strip()[2:]))
    # CVE-2024-26130 was fixed in cryptography 42.0.4 (the crypto and test extras both pin it).
    assert floors["cryptography"] and min(floors["cryptography"]) >= (42, 0, 4)
    # fpdf2's changelog: SVG ReDoS fixed in 2.8.4, SVG <use> resource exhaustion in 2.8.8.
    assert min(floors["fpdf2"]) >= (2, 8, 8)
    assert min(floors["jinja2"]) >= (3, 1, 6)


def test_short_version_flag(run):
    from liaison_cli import __version__

    for flag in ("-V", "--version"):
        r = run(flag)
        assert (r.exit_code, r.stdout) == (0, f"liaison {__version__}\n")
