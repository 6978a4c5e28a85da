#!/usr/bin/env bash
# Until the first release, the schema lives in one initial migration regenerated from
# the models. After a release, add new revisions with `alembic revision --autogenerate`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f app/migrations/versions/0001_initial*.py
LONTAR_DATA_DIR="$tmp" .venv/bin/python - <<'PY'
from alembic import command
from config import load_settings
from app.migrate import alembic_config
cfg = alembic_config(load_settings(dotenv=False))
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001_initial")
PY
rm -rf "$tmp"
echo "regenerated the initial migration"
