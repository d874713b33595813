"""Incidents (issue 10): recording, significance, reporting clocks, drafts, review."""
