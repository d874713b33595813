"""Web pages of the assets app (thin: parse input, call a selector or service, render)."""
