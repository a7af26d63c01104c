"""Settings read once from the environment (docs/operations.md "Configuration")."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

Environment = Literal["development", "production"]
EventBroker = Literal["auto", "memory", "postgres"]
TrustedDocumentsMode = Literal["off", "permissive", "on"]
TracingMode = Literal["off", "otlp", "console"]
SharedState = Literal["auto", "process", "postgres", "redis"]

DEFAULT_DATABASE_URL = "sqlite://data/campaign-graph.sqlite3"


#: The schemes of a database URL that Tortoise opens with asyncpg.
POSTGRES_SCHEMES = ("postgres", "postgresql", "asyncpg")


def is_postgres(database_url: str) -> bool:
    """True for a PostgreSQL database URL (any scheme Tortoise opens with asyncpg)."""
    return urlsplit(database_url).scheme in POSTGRES_SCHEMES


class SettingsError(ValueError):
    """An environment variable holds a value the server cannot use."""


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None
    if not value > 0:
        raise SettingsError(f"{name} must be positive, got {raw!r}")
    return value


def _trusted_mode(raw: str) -> TrustedDocumentsMode:
    value = raw.strip().lower()
    if value in ("", "off", "0", "false", "no"):
        return "off"
    if value in ("on", "1", "true", "yes"):
        return "on"
    if value == "permissive":
        return "permissive"
    raise SettingsError(
        f"CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS must be off, permissive or on, got {raw!r}"
    )


#: The samplers OpenTelemetry's SDK knows by name (OTEL_TRACES_SAMPLER).
TRACE_SAMPLERS = frozenset(
    {
        "always_on",
        "always_off",
        "traceidratio",
        "parentbased_always_on",
        "parentbased_always_off",
        "parentbased_traceidratio",
    }
)


def _tracing(env: Mapping[str, str]) -> TracingMode:
    """CAMPAIGN_GRAPH_TRACING, and when traces are on, the standard OTEL_* variables the SDK
    would otherwise only warn about (and then ignore) or fail on at the first export."""
    raw = env.get("CAMPAIGN_GRAPH_TRACING", "")
    value = raw.strip().lower()
    mode: TracingMode
    if value in ("", "off", "0", "false", "no"):
        return "off"
    if value in ("on", "1", "true", "yes", "otlp"):
        mode = "otlp"
    elif value == "console":
        mode = "console"
    else:
        raise SettingsError(
            f"CAMPAIGN_GRAPH_TRACING must be off, otlp (or on) or console, got {raw!r}"
        )
    sampler = env.get("OTEL_TRACES_SAMPLER", "").strip()
    if sampler and sampler.lower() not in TRACE_SAMPLERS:
        raise SettingsError(
            f"OTEL_TRACES_SAMPLER must be one of {', '.join(sorted(TRACE_SAMPLERS))}, "
            f"got {sampler!r}"
        )
    ratio = env.get("OTEL_TRACES_SAMPLER_ARG", "").strip()
    if ratio:
        try:
            valid = 0.0 <= float(ratio) <= 1.0
        except ValueError:
            valid = False
        if not valid:
            raise SettingsError(
                f"OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got {ratio!r}"
            )
    if mode == "otlp":
        for name in ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
            url = env.get(name, "").strip()
            if url and not re.match(r"^https?://[^/\s]+", url):
                raise SettingsError(f"{name} must be an http:// or https:// URL, got {url!r}")
    return mode


def _shared_state(env: Mapping[str, str], database_url: str) -> tuple[SharedState, str | None]:
    """CAMPAIGN_GRAPH_SHARED_STATE and REDIS_URL, checked against each other and the database."""
    raw = env.get("CAMPAIGN_GRAPH_SHARED_STATE", "")
    value = raw.strip().lower() or "auto"
    if value not in ("auto", "process", "postgres", "redis"):
        raise SettingsError(
            f"CAMPAIGN_GRAPH_SHARED_STATE must be auto, process, postgres or redis, got {raw!r}"
        )
    redis_url = env.get("REDIS_URL", "").strip() or None
    if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        # The URL itself is not repeated: it may hold a password.
        scheme = redis_url.split("://")[0] + "://" if "://" in redis_url else "no scheme"
        raise SettingsError(
            f"REDIS_URL must be redis://host:port/db, rediss://… or unix:///path, got {scheme}"
        )
    if value == "redis" and redis_url is None:
        raise SettingsError("CAMPAIGN_GRAPH_SHARED_STATE=redis needs REDIS_URL")
    if value == "postgres" and not is_postgres(database_url):
        raise SettingsError("CAMPAIGN_GRAPH_SHARED_STATE=postgres needs a PostgreSQL DATABASE_URL")
    return value, redis_url  # type: ignore[return-value]


#: The shortest scrape token accepted: a guessable one would open the metrics to anyone.
MIN_METRICS_TOKEN = 16

#: The most operations one batched request may ever hold, whatever the settings say.
BATCH_CEILING = 100


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Everything configurable about one server process."""

    database_url: str = DEFAULT_DATABASE_URL
    environment: Environment = "development"
    graphiql: bool = True
    introspection: bool = True
    demo_mode: bool = False
    cors_origins: tuple[str, ...] = ()
    default_page_size: int = 20
    max_page_size: int = 100
    max_body_bytes: int = 1024 * 1024
    log_level: str = "INFO"
    #: One log line per HTTP request (uvicorn's access log). Off in production: a proxy in
    #: front keeps one anyway, /metrics counts every request by route and status, and errors
    #: are logged with their request id; writing and flushing a line per request cost a small
    #: query about a tenth of its time.
    access_log: bool = True
    # Protection (docs/api.md "Protection"): checked before anything executes.
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_directives: int = 5
    max_cost: int = 50_000
    max_batch: int = 0
    suggestions: bool = True
    request_timeout: float = 15.0
    #: Query cost each caller may spend per minute (token bucket); 0 turns the limit off.
    rate_limit: int = 600_000
    #: Automatic persisted queries kept per process (least recently used go first); 0 = none.
    apq_cache_size: int = 1000
    #: Trusted documents (docs/api.md "Trusted documents"): "off" runs any operation and knows no
    #: document ids; "permissive" runs registered documents by id and any other operation too
    #: (the step before "on"); "on" runs registered documents only.
    trusted_documents: TrustedDocumentsMode = "off"
    #: Where subscription events travel: "auto" (PostgreSQL LISTEN/NOTIFY on PostgreSQL, a
    #: table of the database file on SQLite, in-process for an in-memory database), "memory"
    #: (this process only) or "postgres".
    event_broker: EventBroker = "auto"
    #: Where rate-limit budgets and persisted queries are kept together by the server
    #: processes (docs/operations.md "Several machines"): "auto" (Redis when `redis_url` is
    #: set, else PostgreSQL on PostgreSQL, else each process alone), "process", "postgres" or
    #: "redis".
    shared_state: SharedState = "auto"
    #: The Redis of the shared state (redis://, rediss:// or unix://), if any.
    redis_url: str | None = None
    #: What the keys this server writes in Redis start with (one prefix per deployment).
    redis_prefix: str = "campaign_graph:"
    #: Events one subscriber may have waiting; a slower subscriber is dropped.
    subscription_queue_size: int = 100
    #: Serve Prometheus metrics on GET /metrics.
    metrics: bool = True
    #: The bearer token a scraper must send to /metrics; without one, production serves no
    #: metrics (they tell what the API is used for), development serves them to anyone.
    metrics_token: str | None = None
    #: OpenTelemetry traces (docs/operations.md "Traces"): "off", or spans exported over
    #: OTLP/HTTP ("otlp", where the standard OTEL_EXPORTER_OTLP_* variables say) or written to
    #: stderr ("console"). Off, nothing of OpenTelemetry is imported.
    tracing: TracingMode = "off"

    @property
    def is_production(self) -> bool:
        """True when running with production defaults (no GraphiQL, no demo)."""
        return self.environment == "production"

    @property
    def shared_engine(self) -> Literal["process", "postgres", "redis"]:
        """Where the shared state lives, "auto" resolved."""
        if self.shared_state != "auto":
            return self.shared_state
        if self.redis_url:
            return "redis"
        return "postgres" if is_postgres(self.database_url) else "process"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from environment variables (defaults suit development)."""
        env = os.environ if env is None else env
        environment = env.get("CAMPAIGN_GRAPH_ENV", "development").strip().lower()
        if environment not in ("development", "production"):
            raise SettingsError(
                f"CAMPAIGN_GRAPH_ENV must be 'development' or 'production', got {environment!r}"
            )
        production = environment == "production"
        origins = tuple(
            o.strip() for o in env.get("CAMPAIGN_GRAPH_CORS_ORIGINS", "").split(",") if o.strip()
        )
        default_page = _int(env, "CAMPAIGN_GRAPH_DEFAULT_PAGE_SIZE", 20)
        max_page = _int(env, "CAMPAIGN_GRAPH_MAX_PAGE_SIZE", 100)
        if default_page > max_page:
            raise SettingsError("CAMPAIGN_GRAPH_DEFAULT_PAGE_SIZE may not exceed the maximum")
        demo = _flag(env, "CAMPAIGN_GRAPH_DEMO", False)
        if demo and production:
            raise SettingsError("CAMPAIGN_GRAPH_DEMO cannot be used in production")
        max_cost = _int(env, "CAMPAIGN_GRAPH_MAX_COST", 50_000)
        rate_limit = _int(env, "CAMPAIGN_GRAPH_RATE_LIMIT", 600_000, minimum=0)
        if 0 < rate_limit < max_cost:
            raise SettingsError(
                "CAMPAIGN_GRAPH_RATE_LIMIT must be 0 (off) or at least CAMPAIGN_GRAPH_MAX_COST"
            )
        max_batch = _int(env, "CAMPAIGN_GRAPH_MAX_BATCH", 0, minimum=0)
        if max_batch > BATCH_CEILING:
            raise SettingsError(f"CAMPAIGN_GRAPH_MAX_BATCH may be at most {BATCH_CEILING}")
        broker = env.get("CAMPAIGN_GRAPH_EVENT_BROKER", "auto").strip().lower() or "auto"
        if broker not in ("auto", "memory", "postgres"):
            raise SettingsError(
                f"CAMPAIGN_GRAPH_EVENT_BROKER must be auto, memory or postgres, got {broker!r}"
            )
        database_url = env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        if broker == "postgres" and not is_postgres(database_url):
            raise SettingsError(
                "CAMPAIGN_GRAPH_EVENT_BROKER=postgres needs a PostgreSQL DATABASE_URL"
            )
        shared, redis_url = _shared_state(env, database_url)
        trusted = _trusted_mode(env.get("CAMPAIGN_GRAPH_TRUSTED_DOCUMENTS", ""))
        metrics_token = env.get("CAMPAIGN_GRAPH_METRICS_TOKEN", "").strip() or None
        if metrics_token is not None and len(metrics_token) < MIN_METRICS_TOKEN:
            raise SettingsError(
                f"CAMPAIGN_GRAPH_METRICS_TOKEN must be at least {MIN_METRICS_TOKEN} characters"
            )
        return cls(
            database_url=database_url,
            environment="production" if production else "development",
            graphiql=_flag(env, "CAMPAIGN_GRAPH_GRAPHIQL", not production),
            introspection=_flag(env, "CAMPAIGN_GRAPH_INTROSPECTION", not production),
            demo_mode=demo,
            cors_origins=origins,
            default_page_size=default_page,
            max_page_size=max_page,
            max_body_bytes=_int(env, "CAMPAIGN_GRAPH_MAX_BODY_BYTES", 1024 * 1024),
            log_level=env.get("CAMPAIGN_GRAPH_LOG_LEVEL", "INFO").strip().upper() or "INFO",
            access_log=_flag(env, "CAMPAIGN_GRAPH_ACCESS_LOG", not production),
            max_depth=_int(env, "CAMPAIGN_GRAPH_MAX_DEPTH", 12),
            max_aliases=_int(env, "CAMPAIGN_GRAPH_MAX_ALIASES", 30, minimum=0),
            max_tokens=_int(env, "CAMPAIGN_GRAPH_MAX_TOKENS", 5000),
            max_directives=_int(env, "CAMPAIGN_GRAPH_MAX_DIRECTIVES", 5, minimum=0),
            max_cost=max_cost,
            max_batch=max_batch,
            suggestions=_flag(env, "CAMPAIGN_GRAPH_SUGGESTIONS", not production),
            request_timeout=_float(env, "CAMPAIGN_GRAPH_REQUEST_TIMEOUT", 15.0),
            rate_limit=rate_limit,
            apq_cache_size=_int(env, "CAMPAIGN_GRAPH_APQ_CACHE_SIZE", 1000, minimum=0),
            trusted_documents=trusted,
            event_broker=broker,  # type: ignore[arg-type]
            shared_state=shared,
            redis_url=redis_url,
            redis_prefix=env.get("CAMPAIGN_GRAPH_REDIS_PREFIX", "").strip() or "campaign_graph:",
            subscription_queue_size=_int(env, "CAMPAIGN_GRAPH_SUBSCRIPTION_QUEUE_SIZE", 100),
            metrics=_flag(env, "CAMPAIGN_GRAPH_METRICS", True),
            metrics_token=metrics_token,
            tracing=_tracing(env),
        )
