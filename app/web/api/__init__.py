"""The JSON API (versioned packages below)."""
