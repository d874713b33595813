"""No Django admin for the inventory: it is organization data.

A platform administrator (or a superuser of the instance) sees no
organization's data unless also a member of it, and the admin site knows no
organizations; support happens through the members' own pages.
tests/bollwerk/test_admin.py keeps every organization-scoped model out of it.
"""
