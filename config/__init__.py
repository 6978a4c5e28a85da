"""Lontar settings: one validated object built from the environment."""
from config.settings import Settings, SettingsError, load_settings, require_secret_key

__all__ = ["Settings", "SettingsError", "load_settings", "require_secret_key"]
