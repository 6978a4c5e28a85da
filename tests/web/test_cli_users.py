"""`lontar users create` and `lontar users token` against a real migrated database."""
from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from app.cli.main import main
from app.models import User
from app.services.users import user_for_token


def _env(settings) -> dict:
    return {"LONTAR_DATA_DIR": str(settings.data_dir), "LONTAR_SECRET_KEY": "test-secret"}


def test_create_user_and_token(runtime, settings):
    runner = CliRunner()
    result = runner.invoke(main, ["users", "create", "sari", "--role", "arsiparis", "--password", "panjang-sekali",
                                  "--full-name", "Sari Dewi"], env=_env(settings))
    assert result.exit_code == 0, result.output
    prompted = runner.invoke(main, ["users", "create", "budi", "--role", "staf"], input="kata-sandi-1\nkata-sandi-1\n",
                             env=_env(settings))
    assert prompted.exit_code == 0, prompted.output
    token = runner.invoke(main, ["users", "token", "sari"], env=_env(settings))
    assert token.exit_code == 0
    with runtime.session_scope() as s:
        assert s.scalar(select(User).where(User.username == "sari")).full_name == "Sari Dewi"
        assert user_for_token(s, token.output.strip()).username == "sari"


def test_cli_refusals_are_clear(runtime, settings):
    runner = CliRunner()
    short = runner.invoke(main, ["users", "create", "x", "--role", "staf", "--password", "short"], env=_env(settings))
    assert short.exit_code == 1 and "at least 12" in short.output
    bad_pos = runner.invoke(main, ["users", "create", "y", "--role", "staf", "--password", "panjang-sekali",
                                   "--position-id", "999"], env=_env(settings))
    assert bad_pos.exit_code == 1 and "no position" in bad_pos.output
    nobody = runner.invoke(main, ["users", "token", "nobody"], env=_env(settings))
    assert nobody.exit_code == 1 and "no user" in nobody.output
