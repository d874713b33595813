"""Write-side use cases of the assets app (one module per family)."""
