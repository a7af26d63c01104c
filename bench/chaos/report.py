"""The chaos run's figures as a table, and the ones that must be zero and are not."""

from __future__ import annotations

from typing import Any

#: Figures that must be zero for the run to pass.
MUST_BE_ZERO = (
    "lost_writes",
    "double_applied",
    "invariant_violations",
    "internal_errors",
    "refused_writes",
    "unanswered_requests",
    "replay_mismatches",
)


ROWS = (
    ("duration (s)", "seconds"),
    ("clients", "clients"),
    ("server workers", "workers"),
    ("kills survived (SIGKILL)", "kills"),
    ("restarts", "restarts"),
    ("rounds of writes", "rounds"),
    ("requests sent", "requests"),
    ("retries (same body, same key)", "retries"),
    ("connection failures", "connection_failures"),
    ("sends cut off mid-request", "sends_cut_by_kill"),
    ("acknowledged writes", "acknowledged_writes"),
    ("acknowledged after a retry", "acknowledged_after_retry"),
    ("retried keys, each applied once", "keys_retried_applied_once"),
    ("applied by a killed server, answered on retry", "applied_before_kill"),
    ("lost writes (must be 0)", "lost_writes"),
    ("double-applied (must be 0)", "double_applied"),
    ("invariant violations (must be 0)", "invariant_violations"),
    ("internal errors (must be 0)", "internal_errors"),
    ("refused writes (must be 0)", "refused_writes"),
    ("unanswered requests (must be 0)", "unanswered_requests"),
    ("replays answering another record (must be 0)", "replay_mismatches"),
)


def markdown(results: dict[str, Any]) -> str:
    kinds = list(results["databases"])
    lines = [
        "| | " + " | ".join(kinds) + " |",
        "|---|" + "---:|" * len(kinds),
    ]
    for label, name in ROWS:
        values = [f"{results['databases'][kind][name]:,}" for kind in kinds]
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    return "\n".join(lines) + "\n"


def failures(results: dict[str, Any]) -> list[str]:
    """The must-be-zero figures that are not, with examples."""
    found = []
    for kind, figures in results["databases"].items():
        for name in MUST_BE_ZERO:
            if figures[name]:
                found.append(f"{kind}: {name} = {figures[name]}")
        for what, examples in figures["examples"].items():
            found.extend(f"{kind}: {what}: {example}" for example in examples)
        found.extend(f"{kind}: internal: {e}" for e in figures["internal_error_examples"])
    return found
