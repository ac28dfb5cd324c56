"""The Dockerfile and compose.yaml say what docs/deployment.md promises (no Docker engine here:
their structure is checked, and tests/deploy/test_smoke.py runs the image's commands)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]
DOCKERFILE = (BASE_DIR / "Dockerfile").read_text()
COMPOSE = yaml.safe_load((BASE_DIR / "compose.yaml").read_text())
APP_SERVICES = {"web", "worker", "beat", "migrate"}


def instructions(name):
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(name + " ")]


def test_image_is_multi_stage_locked_and_runs_as_non_root():
    assert len(instructions("FROM")) >= 2
    runs = " ".join(instructions("RUN"))
    assert "uv sync --frozen --no-dev" in runs
    assert "collectstatic --no-input" in runs and "config.settings.production" in runs
    user = instructions("USER")[-1]
    assert user.split(":")[0] not in {"root", "0"}
    assert "config/gunicorn.py" in instructions("CMD")[-1]
    assert "config.healthcheck" in instructions("HEALTHCHECK")[-1]


def test_build_time_secret_is_only_a_placeholder():
    runs = " ".join(instructions("RUN"))
    secret = re.search(r"SECRET_KEY=(\S+)", runs).group(1)
    assert "not-a-secret" in secret
    assert "SECRET_KEY" not in " ".join(instructions("ENV"))


def test_dockerignore_keeps_out_local_state_tests_and_demo():
    ignored = {
        line.strip()
        for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".venv", ".git", "demo/", "tests/", "db.sqlite3", "media/"} <= ignored


def test_compose_has_every_service_with_a_health_check():
    services = COMPOSE["services"]
    assert {"web", "worker", "beat", "db", "redis", "elasticsearch"} <= set(services)
    for name, service in services.items():
        if name == "migrate":
            continue
        assert service["healthcheck"]["test"], name


def test_compose_keeps_data_in_volumes():
    services = COMPOSE["services"]
    mounts = {
        name: {volume.split(":")[0] for volume in service.get("volumes", [])}
        for name, service in services.items()
    }
    assert "pgdata" in mounts["db"] and "redisdata" in mounts["redis"]
    assert "esdata" in mounts["elasticsearch"] and "media" in mounts["web"]
    assert {"pgdata", "redisdata", "esdata", "media", "private-media"} <= set(COMPOSE["volumes"])


def test_app_services_use_production_settings_and_wait_for_migrations():
    services = COMPOSE["services"]
    for name in APP_SERVICES:
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production", name
    for name in APP_SERVICES - {"migrate"}:
        needs = services[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully", name
        assert needs["db"]["condition"] == "service_healthy", name


def test_exactly_one_beat():
    beat = COMPOSE["services"]["beat"]
    assert "beat" in beat["command"]
    assert beat.get("deploy", {}).get("replicas", 1) == 1
    others = [
        n for n, s in COMPOSE["services"].items() if n != "beat" and "beat" in s.get("command", [])
    ]
    assert others == []


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose not installed")
def test_docker_compose_accepts_the_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "SECRET_KEY=x\nALLOWED_HOSTS=shop.example.com\nSTRIPE_PUBLISHABLE_KEY=pk\n"
        "STRIPE_SECRET_KEY=sk\nSTRIPE_WEBHOOK_SECRET=wh\n"
    )
    (tmp_path / "compose.yaml").write_text((BASE_DIR / "compose.yaml").read_text())
    result = subprocess.run(
        [
            "docker-compose",
            "--project-directory",
            str(tmp_path),
            "-f",
            "compose.yaml",
            "config",
            "-q",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
