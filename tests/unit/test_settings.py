"""Settings from the environment: defaults, production hardening, refusals."""

from __future__ import annotations

import pytest

from server.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def test_defaults_suit_development():
    settings = Settings.from_env({})

    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.graphiql is True
    assert (settings.default_page_size, settings.max_page_size) == (20, 100)


def test_production_turns_off_graphiql_and_introspection_by_default():
    settings = Settings.from_env({"CAMPAIGN_GRAPH_ENV": "production"})

    assert settings.is_production
    assert settings.graphiql is False
    assert settings.introspection is False
    assert settings.suggestions is False


def test_protection_limits_are_configurable():
    settings = Settings.from_env(
        {
            "CAMPAIGN_GRAPH_MAX_DEPTH": "8",
            "CAMPAIGN_GRAPH_MAX_COST": "1000",
            "CAMPAIGN_GRAPH_RATE_LIMIT": "0",
            "CAMPAIGN_GRAPH_MAX_BATCH": "10",
            "CAMPAIGN_GRAPH_REQUEST_TIMEOUT": "2.5",
        }
    )

    assert (settings.max_depth, settings.max_cost, settings.rate_limit) == (8, 1000, 0)
    assert (settings.max_batch, settings.request_timeout) == (10, 2.5)
    assert Settings.from_env({}).suggestions is True


def test_values_are_parsed():
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "CAMPAIGN_GRAPH_CORS_ORIGINS": "https://a.example, https://b.example",
            "CAMPAIGN_GRAPH_GRAPHIQL": "off",
            "CAMPAIGN_GRAPH_MAX_PAGE_SIZE": "50",
        }
    )

    assert settings.database_url == "postgres://u@h/db"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.graphiql is False
    assert settings.max_page_size == 50


@pytest.mark.parametrize(
    ("raw", "mode"),
    [
        ("", "off"),
        ("off", "off"),
        ("0", "off"),
        ("ON", "on"),
        ("true", "on"),
        ("permissive", "permissive"),
    ],
)
def test_the_trusted_documents_mode_is_read(raw: str, mode: str):
    assert Settings.from_env({"CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS": raw}).trusted_documents == mode
    assert Settings.from_env({}).trusted_documents == "off"


@pytest.mark.parametrize(
    "env",
    [
        {"CAMPAIGN_GRAPH_ENV": "staging"},
        {"CAMPAIGN_GRAPH_GRAPHIQL": "maybe"},
        {"CAMPAIGN_GRAPH_MAX_PAGE_SIZE": "ten"},
        {"CAMPAIGN_GRAPH_MAX_PAGE_SIZE": "0"},
        {"CAMPAIGN_GRAPH_DEFAULT_PAGE_SIZE": "200"},
        {"CAMPAIGN_GRAPH_ENV": "production", "CAMPAIGN_GRAPH_DEMO": "1"},
        {"CAMPAIGN_GRAPH_REQUEST_TIMEOUT": "-1"},
        {"CAMPAIGN_GRAPH_REQUEST_TIMEOUT": "soon"},
        {"CAMPAIGN_GRAPH_RATE_LIMIT": "10"},
        {"CAMPAIGN_GRAPH_MAX_BATCH": "101"},
        {"CAMPAIGN_GRAPH_MAX_DEPTH": "0"},
        {"CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS": "strict"},
    ],
)
def test_bad_values_are_refused_with_the_variable_named(env: dict[str, str]):
    with pytest.raises(SettingsError, match="CAMPAIGN_GRAPH_"):
        Settings.from_env(env)


@pytest.mark.parametrize(
    ("env", "engine"),
    [
        ({}, "process"),
        ({"DATABASE_URL": "postgres://cg@db/cg"}, "postgres"),
        ({"REDIS_URL": "redis://cache:6379/0"}, "redis"),
        ({"DATABASE_URL": "postgres://cg@db/cg", "REDIS_URL": "rediss://cache/1"}, "redis"),
        (
            {"DATABASE_URL": "postgres://cg@db/cg", "CAMPAIGN_GRAPH_SHARED_STATE": "process"},
            "process",
        ),
        ({"REDIS_URL": "unix:///run/redis.sock", "CAMPAIGN_GRAPH_SHARED_STATE": "redis"}, "redis"),
    ],
)
def test_the_shared_state_follows_redis_then_postgresql(env: dict[str, str], engine: str):
    assert Settings.from_env(env).shared_engine == engine


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAMPAIGN_GRAPH_SHARED_STATE": "memcached"}, "must be auto, process, postgres or redis"),
        ({"CAMPAIGN_GRAPH_SHARED_STATE": "redis"}, "needs REDIS_URL"),
        ({"CAMPAIGN_GRAPH_SHARED_STATE": "postgres"}, "needs a PostgreSQL DATABASE_URL"),
        ({"REDIS_URL": "http://secret@cache"}, "REDIS_URL must be redis://"),
        ({"REDIS_URL": "cache:6379"}, "got no scheme"),
    ],
)
def test_shared_state_settings_that_cannot_work_stop_the_start(env: dict[str, str], message: str):
    with pytest.raises(SettingsError, match=message) as refused:
        Settings.from_env(env)
    assert "secret" not in str(refused.value)  # a URL's password is never repeated
