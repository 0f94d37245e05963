"""liaison: a caseload tool for home-school liaison officers."""

__version__ = "0.1.0"
