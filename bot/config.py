"""Settings from the environment, validated once at start; secrets never printed."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/llmbot.db"
DATABASE_SCHEMES = ("sqlite:///", "postgresql://", "postgres://")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


class Secret:
    """Holds a token so that `repr`, logs and tracebacks show stars, not the value."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def _int(env: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw[:20]!r}") from None


def _secret(env: Mapping[str, str], name: str) -> Secret | None:
    raw = env.get(name, "").strip()
    return Secret(raw) if raw else None


def _url(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    raw = env.get(name, "").strip() or default
    if raw is not None and not raw.startswith(("http://", "https://", "ws://", "wss://")):
        raise ConfigError(f"{name} must be an http(s) or ws(s) URL")
    return raw


def _grace_minutes(env: Mapping[str, str]) -> int:
    """How late a missed daily post may still go out (default 2 hours)."""
    minutes = _int(env, "LLMBOT_DAILY_GRACE_MINUTES", 120)
    if minutes is None or not 0 <= minutes <= 24 * 60:
        raise ConfigError("LLMBOT_DAILY_GRACE_MINUTES must be between 0 and 1440")
    return minutes


def _float(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw[:20]!r}") from None
    if not low < value <= high:
        raise ConfigError(f"{name} must be above {low:g} and at most {high:g}")
    return value


@dataclass(frozen=True)
class DailyPacing:
    """How the daily fan-out uses the platforms (see `bot.engine.fanout`)."""

    post_timeout_s: float = 10.0
    concurrency: int = 64
    discord_per_s: float = 40.0
    slack_workspace_per_s: float = 1.5

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DailyPacing:
        concurrency = _int(env, "LLMBOT_DAILY_CONCURRENCY", 64)
        if concurrency is None or not 1 <= concurrency <= 1024:
            raise ConfigError("LLMBOT_DAILY_CONCURRENCY must be between 1 and 1024")
        return cls(
            post_timeout_s=_float(env, "LLMBOT_DAILY_POST_TIMEOUT_S", 10.0, 0, 300),
            concurrency=concurrency,
            # Under Discord's 50 requests/s, so replies to commands always find room.
            discord_per_s=_float(env, "LLMBOT_DAILY_RATE_DISCORD", 40.0, 0, 49),
            slack_workspace_per_s=_float(env, "LLMBOT_DAILY_RATE_SLACK", 1.5, 0, 100),
        )


_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    """At most `count` uses per `window_s` seconds, written like `5/10m`."""

    count: int
    window_s: int


def parse_rate(name: str, raw: str) -> Rate:
    found = _RATE.match(raw)
    if found is None or int(found.group(1)) < 1 or found.group(2) == "0":
        raise ConfigError(f"{name} must look like 5/10m (uses per s, m, h or d), got {raw[:20]!r}")
    count, amount, unit = found.groups()
    return Rate(int(count), int(amount or 1) * _UNIT_SECONDS[unit])


@dataclass(frozen=True)
class LlmSettings:
    """An OpenAI-compatible endpoint for `/llm ask`; without `base_url`, answers are extractive."""

    base_url: str | None = None
    model: str = ""
    api_key: Secret | None = None
    timeout_s: float = 20.0
    rate: Rate = field(default_factory=lambda: Rate(5, 600))
    daily_tokens: int = 200_000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LlmSettings:
        base_url = _url(env, "LLMBOT_LLM_BASE_URL")
        if base_url is not None and not base_url.startswith(("http://", "https://")):
            raise ConfigError("LLMBOT_LLM_BASE_URL must be an http(s) URL")
        model = env.get("LLMBOT_LLM_MODEL", "").strip()
        if base_url is not None and not model:
            raise ConfigError("LLMBOT_LLM_BASE_URL needs LLMBOT_LLM_MODEL (the model's name)")
        raw_timeout = env.get("LLMBOT_LLM_TIMEOUT_S", "").strip() or "20"
        try:
            timeout_s = float(raw_timeout)
        except ValueError:
            timeout_s = -1.0
        if not 0 < timeout_s <= 600:
            raise ConfigError("LLMBOT_LLM_TIMEOUT_S must be a number of seconds from 0 to 600")
        daily_tokens = _int(env, "LLMBOT_LLM_DAILY_TOKENS", 200_000)
        if daily_tokens is None or daily_tokens < 0:
            raise ConfigError("LLMBOT_LLM_DAILY_TOKENS must be 0 or more")
        return cls(
            base_url=base_url.rstrip("/") if base_url else None,
            model=model,
            api_key=_secret(env, "LLMBOT_LLM_API_KEY"),
            timeout_s=timeout_s,
            rate=parse_rate("LLMBOT_LLM_RATE", env.get("LLMBOT_LLM_RATE", "").strip() or "5/10m"),
            daily_tokens=daily_tokens,
        )


@dataclass(frozen=True)
class DiscordSettings:
    token: Secret | None = None
    api_base: str = "https://discord.com/api/v10"
    gateway_url: str | None = None
    guild_id: int | None = None
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()
    application_id: int | None = None


@dataclass(frozen=True)
class SlackSettings:
    bot_token: Secret | None = None
    app_token: Secret | None = None
    signing_secret: Secret | None = None
    api_base_url: str | None = None
    port: int = 3000
    admin_users: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    """The process's own settings, from the environment (not a workspace's: those are
    `WorkspaceSettingsRecord`s, changed with `/llm settings`)."""

    database_url: str = DEFAULT_DATABASE_URL
    content_path: Path | None = None
    seed: int | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    public_base_url: str | None = None
    ops_port: int | None = None
    daily_grace_minutes: int = 120
    daily_pacing: DailyPacing = field(default_factory=DailyPacing)
    ops_host: str = "0.0.0.0"
    discord: DiscordSettings = field(default_factory=DiscordSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    llm: LlmSettings = field(default_factory=LlmSettings)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        log_format = env.get("LLMBOT_LOG_FORMAT", "text").strip().lower() or "text"
        if log_format not in ("text", "json"):
            raise ConfigError("LLMBOT_LOG_FORMAT must be text or json")
        shard_ids_raw = env.get("DISCORD_SHARD_IDS", "").strip()
        try:
            shard_ids = tuple(int(s) for s in shard_ids_raw.split(",") if s.strip())
        except ValueError:
            raise ConfigError("DISCORD_SHARD_IDS must be comma-separated numbers") from None
        shard_count = _int(env, "DISCORD_SHARD_COUNT")
        if shard_ids and shard_count is None:
            raise ConfigError("DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT")
        if shard_count is not None and any(not 0 <= s < shard_count for s in shard_ids):
            raise ConfigError("every DISCORD_SHARD_IDS entry must be below DISCORD_SHARD_COUNT")
        content = env.get("LLMBOT_CONTENT_PATH", "").strip()
        database_url = env.get("LLMBOT_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        if not database_url.startswith(DATABASE_SCHEMES):
            raise ConfigError(
                "LLMBOT_DATABASE_URL must start with sqlite:/// (a file) or postgresql://"
            )
        return cls(
            database_url=database_url,
            content_path=Path(content) if content else None,
            seed=_int(env, "LLMBOT_SEED"),
            log_level=env.get("LLMBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO",
            log_format=log_format,
            public_base_url=_url(env, "LLMBOT_PUBLIC_BASE_URL"),
            ops_port=_int(env, "LLMBOT_OPS_PORT"),
            daily_grace_minutes=_grace_minutes(env),
            daily_pacing=DailyPacing.from_env(env),
            ops_host=env.get("LLMBOT_OPS_HOST", "").strip() or "0.0.0.0",
            discord=DiscordSettings(
                token=_secret(env, "DISCORD_TOKEN"),
                api_base=(
                    _url(env, "DISCORD_API_BASE", "https://discord.com/api/v10") or ""
                ).rstrip("/"),
                gateway_url=_url(env, "DISCORD_GATEWAY_URL"),
                guild_id=_int(env, "DISCORD_GUILD_ID"),
                shard_count=shard_count,
                shard_ids=shard_ids,
                application_id=_int(env, "DISCORD_APPLICATION_ID"),
            ),
            slack=SlackSettings(
                bot_token=_secret(env, "SLACK_BOT_TOKEN"),
                app_token=_secret(env, "SLACK_APP_TOKEN"),
                signing_secret=_secret(env, "SLACK_SIGNING_SECRET"),
                api_base_url=_url(env, "SLACK_API_BASE_URL"),
                port=_int(env, "PORT", 3000) or 3000,
                admin_users=tuple(
                    u.strip() for u in env.get("SLACK_ADMIN_USERS", "").split(",") if u.strip()
                ),
            ),
            llm=LlmSettings.from_env(env),
        )

    def secrets(self) -> list[str]:
        """Every secret value, so the log filter can mask them wherever they appear."""
        found = [
            self.discord.token,
            self.slack.bot_token,
            self.slack.app_token,
            self.slack.signing_secret,
            self.llm.api_key,
        ]
        return [s.reveal() for s in found if s]
