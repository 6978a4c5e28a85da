"""docker-compose.yml describes the production shape; no Docker engine runs here, so the
file is checked against the settings the application really reads."""
from pathlib import Path

import yaml
from importlib.metadata import version

from app import create_app
from app.migrate import upgrade
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
        settings = load_settings({**env, "LONTAR_DATA_DIR": str(tmp_path), "LONTAR_SECRET_KEY": "compose-test-secret-key"})
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


def _depends(service: str) -> dict:
    depends = COMPOSE["services"][service].get("depends_on", {})
    assert isinstance(depends, dict), f"{service}: depends_on needs conditions, not a plain list"
    return {name: spec["condition"] for name, spec in depends.items()}


def test_a_one_shot_migrate_service_runs_the_migrations_before_web_and_worker(tmp_path):
    migrate = COMPOSE["services"]["migrate"]
    assert migrate["command"].split() == ["lontar", "db", "upgrade"]
    assert str(migrate.get("restart", "no")) == "no"
    assert _env("migrate") == _env("web"), "migrate must reach the same database as web and worker"
    assert _depends("migrate") == {"postgres": "service_healthy"}
    for service in APP_SERVICES:
        depends = _depends(service)
        assert depends.pop("migrate") == "service_completed_successfully", service
        assert depends == {"postgres": "service_healthy", "redis": "service_healthy",
                           "elasticsearch": "service_healthy"}, service


def test_every_service_waited_on_has_a_healthcheck(tmp_path):
    waited = {name for service in ("migrate", *APP_SERVICES) for name, condition in _depends(service).items()
              if condition == "service_healthy"}
    for name in waited | {"web"}:
        check = COMPOSE["services"][name].get("healthcheck", {})
        assert check.get("test") and check["test"][0] in ("CMD", "CMD-SHELL"), f"{name} has no healthcheck"
    # The web check asks for a page the app serves without logging in (200, not a redirect).
    web_test = " ".join(COMPOSE["services"]["web"]["healthcheck"]["test"])
    path = web_test.split("127.0.0.1:8000", 1)[1].split("'", 1)[0]
    settings = load_settings({"LONTAR_DATA_DIR": str(tmp_path), "LONTAR_SECRET_KEY": "compose-test-secret-key"})
    upgrade(settings)
    app = create_app(settings)
    assert app.test_client().get(path).status_code == 200
