"""The sample district's config.yaml: a complete, commented file, with the school year that
holds today (`sample_config_text`)."""

from __future__ import annotations

import datetime as dt

from .calendar import school_year
from .district import SCHOOLS


def _q(value: str) -> str:
    """Quote a value so it stays text for any YAML reader."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


SUPPLY_LISTS = {
    "LES": {
        "K": ["a backpack (no wheels)", "24 crayons", "4 glue sticks", "blunt-tip scissors",
              "a change of clothes in a bag", "a box of tissues"],
        "1": ["a backpack", "24 crayons", "12 pencils", "2 pink erasers", "4 glue sticks",
              "a plastic folder"],
        "2": ["24 pencils", "2 wide-ruled notebooks", "colored pencils", "4 glue sticks",
              "a pencil box", "headphones"],
        "3": ["24 pencils", "3 wide-ruled notebooks", "2 folders", "colored pencils",
              "a highlighter", "headphones"],
        "4": ["24 pencils", "4 notebooks", "3 folders", "a ruler (inches and cm)", "red pens",
              "headphones", "a reusable water bottle"],
        "5": ["24 pencils", "5 notebooks", "a 1-inch binder", "3 folders", "a ruler",
              "a calculator (basic)", "headphones"],
    },
    "RMS": {
        "6": ["a 2-inch binder with 5 dividers", "loose-leaf paper", "pencils and blue pens",
              "a protractor", "a basic calculator", "earbuds", "a combination lock for PE"],
        "7": ["a 2-inch binder with 5 dividers", "loose-leaf paper", "pencils and blue pens",
              "graph paper", "a scientific calculator", "earbuds"],
        "8": ["a 2-inch binder with 6 dividers", "loose-leaf paper", "pencils and blue pens",
              "graph paper", "a scientific calculator", "earbuds", "highlighters"],
    },
    "JHS": {
        "9": ["a notebook or binder for each class", "pens and pencils", "a scientific calculator",
              "a USB flash drive", "earbuds", "PE clothes and sneakers"],
        "10": ["a notebook or binder for each class", "pens and pencils",
               "a scientific calculator", "earbuds", "index cards"],
        "11": ["a notebook or binder for each class", "pens and pencils",
               "a graphing calculator (the school can lend one)", "earbuds"],
        "12": ["a notebook or binder for each class", "pens and pencils",
               "a graphing calculator (the school can lend one)", "earbuds"],
    },
}


_SCHOOL_DETAILS = {
    "LES": ("1200 Maple Avenue, Riverton, MA 02190", "617-555-0180", "Dr. Angela Brooks",
            "Monday to Friday, 7:45 to 3:30"),
    "RMS": ("45 Washington Street, Riverton, MA 02190", "617-555-0181", "Mr. Daniel Okafor",
            "Monday to Friday, 7:15 to 3:00"),
    "JHS": ("300 Harbor Road, Riverton, MA 02191", "617-555-0182", "Ms. Rebecca Lindqvist",
            "Monday to Friday, 7:00 to 2:45"),
}


def sample_config_text(today: dt.date) -> str:
    """A complete, commented config.yaml for the sample district (Riverton)."""
    terms, closures = school_year(today)
    lines = [_CONFIG_HEAD.rstrip("\n"), "", "# The schools you serve. `short` is what you type with --school.",
             "schools:"]
    for short, name in SCHOOLS.items():
        address, phone, principal, hours = _SCHOOL_DETAILS[short]
        lines += [
            f"  - name: {name}",
            f"    short: {short}",
            f"    address: {_q(address)}",
            f"    phone: {_q(phone)}",
            f"    principal: {_q(principal)}",
            f"    office_hours: {_q(hours)}",
            "    supply_lists:               # by grade; the welcome pack prints the child's list",
        ]
        for grade, items in SUPPLY_LISTS[short].items():
            lines.append(f"      {_q(grade)}: [{', '.join(_q(i) for i in items)}]")
    lines += ["", _CONFIG_MIDDLE.rstrip("\n"), "",
              "# School days skip weekends, closures and the days outside terms.", "calendar:",
              "  terms:"]
    for name, start, end in terms:
        lines.append(f"    - {{name: {name}, start: {start}, end: {end}}}")
    lines.append("  closures:")
    for name, start, end in closures:
        if start == end:
            lines.append(f"    - {{name: {_q(name)}, date: {start}}}")
        else:
            lines.append(f"    - {{name: {_q(name)}, date: {start}, end: {end}}}")
    lines += ["", _CONFIG_TAIL]
    return "\n".join(lines)


_CONFIG_HEAD = """\
# liaison configuration for the SAMPLE district (Riverton Public Schools, all invented).
# Every value is read as text, so `lang: no` stays Norwegian and `zip: 02134` keeps its
# leading zero. Run `liaison paths` to see where this file lives.

# You: printed at the foot of letters.
liaison:
  name: "Marisol Vega"
  title: "Family Liaison"
  phone: "617-555-0123"
  email: "m.vega@riverton.k12.example"
  languages: [en, es]      # languages you speak yourself (codes: en, es, ar, vi, zh, so, ht, pt, fr, prs)
"""

_CONFIG_MIDDLE = """\
default_language: en       # letters fall back to this language
week_start: monday         # the first day of your week: monday or sunday
paper: letter              # letter or a4, for PDF letters
letterhead: "Riverton Public Schools · Family and Community Engagement Office"
templates_dir: ""          # your own letter templates; they override the built-in ones
playbooks_dir: ""          # your own playbooks"""

_CONFIG_TAIL = """\
# How often each kind of family should hear from you. Only a reached contact resets the clock.
cadence:
  newcomer: {every: 1w, first_term_only: yes}
  housing-insecure: 2w
  refugee: 2w

# Who counts as unreachable: this many failed attempts in a row, or no reached contact in days.
unreachable:
  attempts: "3"
  days: "30"

referrals:
  check_after_school_days: "10"   # when to check what came of a referral

lock_timeout: "10"         # seconds to wait for another liaison command to finish
page_size: "25"            # rows shown before a listing says how to see more
"""
