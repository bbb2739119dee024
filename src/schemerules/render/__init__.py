"""Renderers of traces: text (a payslip with its reasoning), JSON data and a standalone HTML page."""
