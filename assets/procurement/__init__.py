"""Procurement: check vendors' security-by-design claims for an offer against evidence."""
