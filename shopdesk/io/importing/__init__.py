"""Spreadsheet imports: customers, vehicles, parts, price updates and stock counts.

    report = run_import(actor, "parts", "parts.xlsx", dry_run=True)
    print(report.summary()); for p in report.problems: print(p)
    write_error_workbook(report, "rejected.xlsx")  # fix and import again, as is
"""

from shopdesk.io.importing.engine import Sample, open_for, preview, read_sample, run_import
from shopdesk.io.importing.error_workbook import write_error_workbook
from shopdesk.io.importing.fields import (
    FIELDS,
    KIND_LABELS,
    KINDS,
    guess_mapping,
    missing_fields,
)
from shopdesk.io.importing.rows import ImportReport, Problem

__all__ = ["FIELDS", "KINDS", "KIND_LABELS", "ImportReport", "Problem", "Sample",
           "guess_mapping", "missing_fields", "open_for", "preview", "read_sample", "run_import",
           "write_error_workbook"]
