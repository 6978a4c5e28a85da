"""Constants shared by the factory and the blueprints (kept apart to avoid import cycles)."""
LANGUAGES = ("id", "en")
