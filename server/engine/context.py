"""The per-request GraphQL context: acting user, clock, loaders and limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from server.engine.loaders import Loaders
from server.services.core.context import ServiceContext


@dataclass
class GraphQLContext:
    """What every resolver gets as `info.context`."""

    service: ServiceContext
    request_id: str
    default_page_size: int = 20
    max_page_size: int = 100
    request: Any = None
    response: Any = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.service)
