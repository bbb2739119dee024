"""Renderers of traces: the payslip (:mod:`.payslip` decides what it shows, in the employee's or the auditor's
view), laid out as text (:mod:`.text`), a standalone HTML page (:mod:`.html`) and PDF (:mod:`.pdf`, the HTML page
printed by the optional WeasyPrint); and the trace as JSON data (:mod:`.data`)."""
