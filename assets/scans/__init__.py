"""Network-scan engine: scope validation, safe nmap runs, safe XML parsing, reconciliation.

Pure Python: no Django models, no database. Storage (ScanScope/ScanRun/Finding
models) lives elsewhere and calls these functions.
"""
