"""The core rules, pure and shared by every room: the date language and school calendar
(dates), languages (langs), names and gender (persons), the records (models), the report's
figures and its HTML page (reports, report_html), CSV (csvfile), did-you-mean (suggest) and
YAML read as text (yamlio, the only yaml import). They import nothing of the rooms above them
(the command line, services, storage, letters, sample) — an import contract checks it."""
