"""Traces' settings (docs/operations.md "Traces"): off by default, the exporter chosen, the
standard OTEL_* variables refused at start when the SDK could not use them, and the SDK set up
from them (the service's name, the exporter)."""

from __future__ import annotations

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from server.http.tracing import SERVICE_NAME, Tracing
from server.settings import Settings, SettingsError


def test_traces_are_off_unless_asked_for():
    assert Settings().tracing == "off"
    assert Settings.from_env({}).tracing == "off"
    assert Settings.from_env({"CAMPAIGN_GRAPH_TRACING": "0"}).tracing == "off"


@pytest.mark.parametrize(
    ("value", "mode"), [("on", "otlp"), ("1", "otlp"), ("OTLP", "otlp"), ("console", "console")]
)
def test_traces_go_over_otlp_or_to_the_console(value: str, mode: str):
    assert Settings.from_env({"CAMPAIGN_GRAPH_TRACING": value}).tracing == mode


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CAMPAIGN_GRAPH_TRACING": "jaeger"}, "CAMPAIGN_GRAPH_TRACING"),
        ({"OTEL_TRACES_SAMPLER": "sometimes"}, "OTEL_TRACES_SAMPLER"),
        ({"OTEL_TRACES_SAMPLER_ARG": "2"}, "OTEL_TRACES_SAMPLER_ARG"),
        ({"OTEL_TRACES_SAMPLER_ARG": "half"}, "OTEL_TRACES_SAMPLER_ARG"),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, "OTEL_EXPORTER_OTLP_ENDPOINT"),
        (
            {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "grpc://collector:4317"},
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        ),
    ],
)
def test_values_the_sdk_cannot_use_are_refused_with_the_variable_named(
    env: dict[str, str], named: str
):
    with pytest.raises(SettingsError, match=named):
        Settings.from_env({"CAMPAIGN_GRAPH_TRACING": "on", **env})


def test_otel_variables_are_not_read_while_traces_are_off():
    settings = Settings.from_env({"OTEL_TRACES_SAMPLER": "sometimes"})

    assert settings.tracing == "off"


def test_a_valid_sampler_and_endpoint_pass():
    env = {
        "CAMPAIGN_GRAPH_TRACING": "on",
        "OTEL_TRACES_SAMPLER": "ParentBased_TraceIdRatio",
        "OTEL_TRACES_SAMPLER_ARG": "0.25",
        "OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector.internal:4318",
    }
    assert Settings.from_env(env).tracing == "otlp"


@pytest.mark.parametrize(
    ("mode", "exporter"), [("otlp", OTLPSpanExporter), ("console", ConsoleSpanExporter)]
)
def test_the_sdk_is_set_up_from_the_settings_and_the_standard_variables(
    monkeypatch: pytest.MonkeyPatch, mode: str, exporter: type
):
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.delenv("OTEL_RESOURCE_ATTRIBUTES", raising=False)
    tracing = Tracing.from_settings(Settings(tracing=mode))  # type: ignore[arg-type]
    try:
        processor = tracing.provider._active_span_processor._span_processors[0]
        assert isinstance(processor._batch_processor._exporter, exporter)
        assert tracing.provider.resource.attributes["service.name"] == SERVICE_NAME
    finally:
        tracing.shutdown()

    monkeypatch.setenv("OTEL_SERVICE_NAME", "crm-eu")
    named = Tracing.from_settings(Settings(tracing="console"))
    try:
        assert named.provider.resource.attributes["service.name"] == "crm-eu"
    finally:
        named.shutdown()
