"""The workshop: appointments, check-in, repair orders from estimate to invoice, the job clock,
parts on jobs, maintenance packages, services due, reminders."""
