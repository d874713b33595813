"""Pages of the compliance app (thin: parse input, call a service or selector, render)."""
