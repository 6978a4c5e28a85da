"""`lontar` commands of this area (being written)."""
COMMANDS: list = []
