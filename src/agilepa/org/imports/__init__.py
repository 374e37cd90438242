"""HR import of organisational units and people from the files HR systems export.

Three steps. `read_table` (the shared reader in `core/tabular.py`) turns the bytes of a CSV file
(UTF-8 with or without BOM, Windows-1252 or UTF-16; comma, semicolon or tab) or of an XLSX
workbook into numbered rows of cells. `people.plan_people` and `units.plan_units` check those
rows (their columns in `columns.py`) against a snapshot of the body's data and work out what is
new, changed, unchanged or ended: both are pure, testable without the database.
`run.run_import` takes the snapshot, plans and, only when no row has an error, applies the plan
with the bulk writes of `apply.py` inside one transaction. The preview is the same run without
the writes, and the confirmation (`batches.py`) runs everything again against the data as it is
then: a file with any error writes nothing. The columns, formats and rules are documented for
HR offices in docs/hr-import.md.
"""
