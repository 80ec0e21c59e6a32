"""riskreg review UI."""
