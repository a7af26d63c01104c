"""Settings of persisted queries and subscriptions."""

from __future__ import annotations

import pytest

from server.settings import Settings, SettingsError


def test_defaults():
    settings = Settings.from_env({})

    assert settings.apq_cache_size == 1000
    assert settings.event_broker == "auto"
    assert settings.subscription_queue_size == 100


def test_values_from_the_environment():
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "CAMPAIGN_GRAPH_APQ_CACHE_SIZE": "0",
            "CAMPAIGN_GRAPH_EVENT_BROKER": "Postgres",
            "CAMPAIGN_GRAPH_SUBSCRIPTION_QUEUE_SIZE": "5",
        }
    )

    assert settings.apq_cache_size == 0
    assert settings.event_broker == "postgres"
    assert settings.subscription_queue_size == 5


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "asyncpg"])
def test_the_postgres_broker_takes_every_postgresql_scheme(scheme: str):
    """Tortoise opens all three with asyncpg; `postgresql://` was refused before."""
    url = f"{scheme}://u@h/db"
    env = {"DATABASE_URL": url, "CAMPAIGN_GRAPH_EVENT_BROKER": "postgres"}

    assert Settings.from_env(env).event_broker == "postgres"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAMPAIGN_GRAPH_EVENT_BROKER": "redis"}, "auto, memory or postgres"),
        ({"CAMPAIGN_GRAPH_EVENT_BROKER": "postgres"}, "needs a PostgreSQL DATABASE_URL"),
        ({"CAMPAIGN_GRAPH_SUBSCRIPTION_QUEUE_SIZE": "0"}, "at least 1"),
        ({"CAMPAIGN_GRAPH_APQ_CACHE_SIZE": "-1"}, "at least 0"),
    ],
)
def test_bad_values_are_refused(env: dict[str, str], message: str):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)
