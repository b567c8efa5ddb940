"""Settings from the environment, read so that a person can write them.

`load_settings()` turns any invalid setting into one Swedish line naming the variable and what
it expects (`ConfigError`), never a traceback; `effective_settings()` is what `styrdok config`
prints, with secrets masked.
"""

from __future__ import annotations

import os
import typing
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import SettingsError

from ingest.messages import Messages
from styrdok.settings import PROJECT_ROOT, Settings

PREFIX = "STYRDOK_"
SECRET_WORDS = ("key", "secret", "password", "token")


class ConfigError(Exception):
    """An invalid setting; `str()` is the Swedish line to show."""


def _messages() -> Messages:
    prompts = os.environ.get(PREFIX + "PROMPTS_DIR")
    for candidate in (Path(prompts) if prompts else None, PROJECT_ROOT / "prompts"):
        if candidate is not None and (candidate / "messages.toml").is_file():
            try:
                return Messages.load(candidate)
            except (OSError, ValueError):
                continue
    return Messages.load(PROJECT_ROOT / "prompts")


def _bounds(field: Any) -> tuple[Any, Any]:
    low = high = None
    for m in field.metadata:
        low = getattr(m, "ge", None) if getattr(m, "ge", None) is not None else low
        low = getattr(m, "gt", None) if getattr(m, "gt", None) is not None else low
        high = getattr(m, "le", None) if getattr(m, "le", None) is not None else high
    return low, high


def expectation(name: str, msgs: Messages) -> str:
    """What the setting `name` expects, in Swedish."""
    field = Settings.model_fields[name]
    ann = field.annotation
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    base = (
        args[0]
        if typing.get_origin(ann) in (typing.Union, getattr(typing, "UnionType", ())) and args
        else ann
    )
    if name == "trusted_proxies":
        return msgs.get("config.networks")
    if typing.get_origin(base) is typing.Literal:
        return msgs.render(
            "config.choice", choices=", ".join(str(a) for a in typing.get_args(base))
        )
    if typing.get_origin(base) is list or base is list:
        return msgs.get("config.list")
    if base is bool:
        return msgs.get("config.bool")
    low, high = _bounds(field)
    if base is int:
        if low is not None and high is not None:
            return msgs.render("config.int_range", low=low, high=high)
        if low is not None:
            return msgs.render("config.int_min", low=low)
        return msgs.get("config.int")
    if base is float:
        return (
            msgs.render("config.float_min", low=low)
            if low is not None
            else msgs.get("config.float")
        )
    return msgs.get("config.text")


def describe(exc: ValidationError | SettingsError, overrides: dict[str, Any]) -> str:
    """One Swedish line per invalid variable."""
    msgs = _messages()
    lines: list[str] = []
    if isinstance(exc, ValidationError):
        for err in exc.errors():
            loc = err.get("loc") or ("?",)
            name = str(loc[0])
            if name not in Settings.model_fields or any(name in line for line in lines):
                continue
            variable = PREFIX + name.upper()
            value = os.environ.get(variable, overrides.get(name, err.get("input")))
            lines.append(
                msgs.render(
                    "config.invalid",
                    variable=variable,
                    value=_shown(name, value),
                    expected=expectation(name, msgs),
                )
            )
    if not lines:  # a SettingsError names the field in its text
        text = str(exc)
        name = next((n for n in Settings.model_fields if f'"{n}"' in text or f" {n} " in text), "")
        variable = PREFIX + name.upper() if name else PREFIX + "?"
        expected = expectation(name, msgs) if name else msgs.get("config.text")
        value = os.environ.get(variable, "")
        lines.append(
            msgs.render(
                "config.invalid", variable=variable, value=_shown(name, value), expected=expected
            )
        )
    return "\n".join(lines)


def is_secret(name: str) -> bool:
    return any(word in name.split("_") for word in SECRET_WORDS)


def _shown(name: str, value: Any) -> str:
    if is_secret(name):
        return "…"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment (and `overrides`); ConfigError in Swedish when invalid."""
    try:
        return Settings(**overrides)
    except (ValidationError, SettingsError) as exc:
        raise ConfigError(describe(exc, overrides)) from None


def effective_settings(settings: Settings) -> dict[str, Any]:
    """Every setting by its variable name, as the program uses it; secrets masked."""
    msgs = _messages()
    out: dict[str, Any] = {}
    dumped = settings.model_dump(mode="json")
    dumped["data_dir"] = str(settings.resolved_data_dir())
    for name, value in dumped.items():
        if is_secret(name):
            value = msgs.get("config.masked") if value else msgs.get("config.unset")
        out[PREFIX + name.upper()] = value
    return out
