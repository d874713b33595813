"""Services of the compliance app (write side), one module per use-case family."""
