"""The commented config.yaml `liaison init` writes."""

from __future__ import annotations

import datetime as dt


def default_config_text(today: dt.date) -> str:
    """A commented config.yaml for `liaison init`."""
    year = today.year if today.month >= 8 else today.year - 1
    return DEFAULT_CONFIG.format(y=year, y1=year + 1)


DEFAULT_CONFIG = """\
# liaison configuration. Every value is read as text, so `lang: no` stays Norwegian and
# `zip: 02134` keeps its leading zero. Run `liaison paths` to see where this file lives.

# You: printed at the foot of letters.
liaison:
  name: ""                 # your name, as parents know you
  title: Family Liaison
  phone: ""
  email: ""
  languages: [en]          # languages you speak yourself (codes: en, es, ar, vi, zh, so, ht, pt, fr, prs)

# The schools you serve. `short` is what you type with --school.
schools:
  - name: My School
    short: MS
    address: ""
    phone: ""
    principal: ""
    office_hours: "Monday to Friday, 8:00 to 3:30"
    supply_lists:
      K: [crayons, glue sticks, a backpack]

default_language: en       # letters fall back to this language
week_start: monday         # the first day of your week: monday or sunday
paper: letter              # letter or a4, for PDF letters
letterhead: ""             # a line printed at the top of PDF letters
persian_digits: yes        # Dari letters print dates and times in Persian digits (no: 0-9)
templates_dir: ""          # your own letter templates; they override the built-in ones
playbooks_dir: ""          # your own playbooks

# School days skip weekends, closures and the days outside terms.
calendar:
  terms:
    - {{name: Fall, start: {y}-09-02, end: {y}-12-19}}
    - {{name: Spring, start: {y1}-01-05, end: {y1}-06-18}}
  closures:
    - {{name: Thanksgiving, date: {y}-11-26, end: {y}-11-27}}

# How often each kind of family should hear from you. Only a reached contact resets the clock.
cadence:
  newcomer: {{every: 1w, first_term_only: yes}}
  housing-insecure: 2w

# Who counts as unreachable: this many failed attempts in a row, or no reached contact in days.
unreachable:
  attempts: 3
  days: 30

referrals:
  check_after_school_days: 10

# Sending letters by email and reading replies (README: Email). Passwords never go here:
# `liaison email password` keeps them in your system's keyring.
email:
  smtp_host: ""            # your district's mail server, like smtp.office365.com
  smtp_port: ""            # blank: 587 for starttls, 465 for ssl, 25 for none
  security: starttls       # starttls, ssl or none
  username: ""             # blank: liaison.email above
  imap_host: ""            # where replies arrive, like outlook.office365.com
  imap_port: ""            # blank: 993 for ssl, 143 otherwise
  imap_folder: INBOX
  imap_security: ssl       # ssl, starttls or none
  rate: 30                 # messages per minute (0: no limit)

lock_timeout: 10           # seconds to wait for another liaison command to finish
page_size: 25              # rows shown before a listing says how to see more
# A district team's PostgreSQL database instead of the store in this folder, like
# postgresql://db.district.org/liaison (never with a password: use ~/.pgpass or PGPASSWORD).
store: ""

# Letters agree with the gender of the staff they name, read from the honorific (Mr., Ms.,
# Mrs.). Give it here for a name whose honorific does not say (Dr., Mx., no honorific):
# f or m; a name left out is written about in neutral words.
staff_gender:              # like {{"Dr. Angela Brooks": f, "Jordan Lee": m}}
timezone: ""               # for timed calendar entries: an IANA name like America/New_York; empty: this computer's zone
"""
