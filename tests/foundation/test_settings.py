import subprocess
import sys

import pytest

from config import SettingsError, load_settings


def test_defaults(tmp_path):
    s = load_settings({"LONTAR_DATA_DIR": str(tmp_path)})
    assert s.data_dir == tmp_path.resolve()
    assert s.database_url == f"sqlite:///{tmp_path.resolve() / 'lontar.sqlite'}"
    assert s.search_url is None and s.uses_embedded_search
    assert s.effective_broker_url.startswith("sqla+sqlite:///")
    assert s.ocr_languages == "ind+eng"
    assert s.ocr_jobs >= 1


@pytest.mark.parametrize(
    "variable,value",
    [
        ("SEARCH_URL", "ftp://es.local"),
        ("DATABASE_URL", "mysql://x/y"),
        ("BROKER_URL", "kafka://q"),
        ("OCR_JOBS", "many"),
        ("OCR_JOBS", "0"),
        ("OCR_LANGUAGES", "ind;rm -rf"),
        ("LONTAR_PDFA_COPY", "perhaps"),
    ],
)
def test_bad_values_name_the_variable(tmp_path, variable, value):
    with pytest.raises(SettingsError) as info:
        load_settings({"LONTAR_DATA_DIR": str(tmp_path), variable: value})
    assert info.value.variable == variable
    assert variable in str(info.value) and value in str(info.value)


def test_unusable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(SettingsError) as info:
        load_settings({"LONTAR_DATA_DIR": str(blocker / "sub")})
    assert info.value.variable == "LONTAR_DATA_DIR"


def test_cli_exits_2_on_bad_setting(tmp_path):
    env = {"LONTAR_DATA_DIR": str(tmp_path), "SEARCH_URL": "gopher://x", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "app.cli", "db", "upgrade"], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "SEARCH_URL" in result.stderr and "gopher://x" in result.stderr


def test_migrations_match_models(runtime):
    from app.migrate import check

    check(runtime.settings)  # raises if a model changed without the migration
