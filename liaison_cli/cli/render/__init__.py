"""Drawing results for a person: output.py (the console: text, tables, cards, JSON, paging) and
followups.py (the follow-up listings and the morning screen, shared with the fast path in
liaison_cli/__main__.py). typer-free, so the fast path can import them."""
