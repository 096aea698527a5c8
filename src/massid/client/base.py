"""What :class:`~massid.client.Client` and :class:`~massid.client.AsyncClient` share: how they
are configured and the state (rate limit, token cache, ordering guard) behind their calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from massid.client.config import ClientConfig, resolve_config
from massid.client.endpoints import Endpoints
from massid.client.ratelimit import TokenBucket

TransportT = TypeVar("TransportT")
SleepT = TypeVar("SleepT")


class ClientBase(Generic[TransportT, SleepT]):
    """Credentials and URLs come from the arguments, else from ``config``, else from the
    environment (:meth:`ClientConfig.from_env`). ``bucket`` shares one rate limit between
    several clients; ``transport``, ``sleep`` and ``clock`` let tests run without waiting."""

    def __init__(
        self,
        api_url: str | None = None,
        *,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_url: str | None = None,
        environment: str | None = None,
        rate_limit: float | None = None,
        config: ClientConfig | None = None,
        bucket: TokenBucket | None = None,
        transport: TransportT | None = None,
        sleep: SleepT | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.config = resolve_config(
            config,
            api_url=api_url,
            token_url=token_url,
            client_id=client_id,
            client_secret=client_secret,
            environment=environment,
            rate_limit=rate_limit,
        )
        self._api = Endpoints(self.config, bucket=bucket, clock=clock)
        self._sleep: SleepT = sleep if sleep is not None else self._default_sleep()
        self._connect(transport)

    def _default_sleep(self) -> SleepT:
        raise NotImplementedError

    def _connect(self, transport: TransportT | None) -> None:
        raise NotImplementedError
