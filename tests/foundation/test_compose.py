"""docker-compose.yml describes the production shape; no Docker engine runs here, so the
file is checked against the settings the application really reads."""
from pathlib import Path

import yaml
from importlib.metadata import version

from config import load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ("web", "worker")
# Every variable the web and worker processes need to reach the production services.
REQUIRED = {"LONTAR_DATA_DIR", "DATABASE_URL", "SEARCH_URL", "BROKER_URL", "LONTAR_SECRET_KEY", "OCR_LANGUAGES"}


def _env(service: str) -> dict:
    return {k: str(v) for k, v in COMPOSE["services"][service]["environment"].items()}


def test_services_present():
    assert {"web", "worker", "redis", "elasticsearch", "postgres"} <= set(COMPOSE["services"])


def test_app_services_set_every_variable(tmp_path):
    for service in APP_SERVICES:
        env = _env(service)
        assert REQUIRED <= set(env), f"{service} misses {REQUIRED - set(env)}"
        # The values must pass the application's own validation.
        settings = load_settings({**env, "LONTAR_DATA_DIR": str(tmp_path), "LONTAR_SECRET_KEY": "x"})
        assert settings.database_url.startswith("postgresql")
        assert settings.search_url == "http://elasticsearch:9200"
        assert settings.broker_url.startswith("redis://redis:")
        volume = COMPOSE["services"][service]["volumes"][0]
        assert volume.endswith(":" + env["LONTAR_DATA_DIR"])


def test_hosts_in_urls_are_services():
    env = _env("web")
    for variable, host in (("DATABASE_URL", "postgres"), ("SEARCH_URL", "elasticsearch"), ("BROKER_URL", "redis")):
        assert f"@{host}:" in env[variable] or f"//{host}:" in env[variable], variable


def test_image_majors_match_clients():
    es_image = COMPOSE["services"]["elasticsearch"]["image"]
    assert es_image.rsplit(":", 1)[1].split(".")[0] == version("elasticsearch").split(".")[0]
    redis_image = COMPOSE["services"]["redis"]["image"]
    assert int(redis_image.rsplit(":", 1)[1].split("-")[0].split(".")[0]) >= 6  # redis-py 5+ needs server 6+
    scripts_es = (ROOT / "scripts/elasticsearch.sh").read_text()
    assert f'ES_VERSION:-{es_image.rsplit(":", 1)[1]}' in scripts_es, "tests must run the production ES version"
