"""Forms drawn from a settings model (a connector kind's ``config_model``): one input per field, and the submitted
text turned back into settings. Secret fields hold references that are never shown; left blank, the stored one is
kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from starlette.datastructures import FormData

PREFIX = "cfg."  # inputs are named cfg.FIELD so they never clash with the form's own fields
CLEAR = "clear."  # a checkbox clear.FIELD removes a stored optional secret
SCALARS = (str, int, float)


class FormProblem(ValueError):
    """Submitted text that cannot be read as the field's type (the message names the field)."""


@dataclass(frozen=True)
class FormField:
    """How one settings field is shown: its input widget, whether it must be given, its help and limits."""

    name: str
    widget: str  # text, number, checkbox, select, lines, pairs, json or secret
    required: bool
    optional: bool  # the field accepts None
    description: str | None = None
    default: str = ""  # the default as shown, '' when there is none
    choices: tuple[str, ...] = ()
    step: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    min_length: int | None = None
    max_length: int | None = None

    @property
    def input_name(self) -> str:
        """The name the field's input is submitted under."""
        return PREFIX + self.name

    @property
    def clear_name(self) -> str:
        """The name of the checkbox that removes a stored optional secret."""
        return CLEAR + self.name

    @property
    def input_id(self) -> str:
        """The id of the field's input (its label points at it)."""
        return "cfg-" + self.name


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None is allowed."""
    if get_origin(annotation) in (Union, UnionType):
        args = get_args(annotation)
        rest = [a for a in args if a is not NoneType]
        if len(rest) == 1 and len(rest) < len(args):
            return rest[0], True
    return annotation, False


def _widget(kind: Any) -> tuple[str, tuple[str, ...], str | None]:
    """The widget for a type, its choices and its number step."""
    origin, args = get_origin(kind), get_args(kind)
    if kind is SecretStr:
        return "secret", (), None
    if kind is bool:
        return "checkbox", (), None
    if origin is Literal and all(isinstance(a, str) for a in args):
        return "select", tuple(args), None
    if isinstance(kind, type) and issubclass(kind, Enum):
        return "select", tuple(str(m.value) for m in kind), None
    if kind is int:
        return "number", (), "1"
    if kind is float:
        return "number", (), "any"
    if kind is str:
        return "text", (), None
    if origin is list and args and args[0] is str:
        return "lines", (), None
    if origin is dict and len(args) == 2 and args[0] is str and args[1] in SCALARS:
        return "pairs", (), None
    return "json", (), None


def _limit(info: FieldInfo, attribute: str) -> Any:
    """A constraint of the field (``ge``, ``le``, ``min_length``, …), or None."""
    for item in info.metadata:
        value = getattr(item, attribute, None)
        if value is not None:
            return value
    return None


def _default(info: FieldInfo) -> Any:
    """A field's default value (its factory called)."""
    return info.get_default(call_default_factory=True)


def form_fields(model: type[BaseModel]) -> list[FormField]:
    """The fields of a settings model in declaration order, each with its widget."""
    fields = []
    for name, info in model.model_fields.items():
        kind, optional = _unwrap(info.annotation)
        widget, choices, step = _widget(kind)
        required = info.is_required()
        default = "" if required or widget in ("secret", "checkbox") else shown(widget, _default(info))
        minimum, maximum = _limit(info, "ge"), _limit(info, "le")
        fields.append(FormField(
            name=name, widget=widget, required=required, optional=optional, description=info.description,
            default=str(default), choices=choices, step=step, minimum=None if minimum is None else str(minimum),
            maximum=None if maximum is None else str(maximum),
            min_length=_limit(info, "min_length") if widget == "text" else None,
            max_length=_limit(info, "max_length") if widget == "text" else None))
    return fields


def shown(widget: str, value: Any) -> Any:
    """A setting as its input shows it: a bool for a checkbox, else text ('' for nothing)."""
    if widget == "checkbox":
        return bool(value)
    if value is None or widget == "secret":
        return ""
    if widget == "lines":
        return "\n".join(str(v) for v in value)
    if widget == "pairs" and isinstance(value, Mapping):
        return "\n".join(f"{k} = {v}" for k, v in value.items())
    if widget == "json":
        return json.dumps(value, indent=2, ensure_ascii=False)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def default_values(model: type[BaseModel]) -> dict[str, Any]:
    """What a new instance's form starts with: each field's default (secrets stay empty)."""
    return {f.name: bool(_default(model.model_fields[f.name])) if f.widget == "checkbox" else f.default
            for f in form_fields(model) if not f.required and f.widget != "secret"}


def stored_values(fields: list[FormField], settings: Mapping[str, Any]) -> dict[str, Any]:
    """What an existing instance's form shows: its stored settings, never its secrets."""
    return {f.name: shown(f.widget, settings[f.name]) for f in fields
            if f.name in settings and f.widget != "secret"}


def stored_secrets(fields: list[FormField], settings: Mapping[str, Any]) -> set[str]:
    """The secret fields that have a stored reference."""
    return {f.name for f in fields if f.widget == "secret" and settings.get(f.name)}


def _text(form: FormData, key: str) -> str | None:
    value = form.get(key)
    return value if isinstance(value, str) else None


def entered_values(fields: list[FormField], form: FormData) -> dict[str, Any]:
    """What was typed, to show again when the form is refused (secrets are not shown again)."""
    values: dict[str, Any] = {}
    for f in fields:
        if f.widget == "checkbox":
            values[f.name] = _text(form, f.input_name) is not None
        elif f.widget != "secret":
            values[f.name] = _text(form, f.input_name) or ""
    return values


def _pairs(name: str, text: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        key, sign, value = line.partition("=")
        if not sign or not key.strip():
            raise FormProblem(f"{name}: line {number} is not KEY = VALUE")
        if key.strip() in pairs:
            raise FormProblem(f"{name}: {key.strip()} is given twice")
        pairs[key.strip()] = value.strip()
    return pairs


def settings_from_form(fields: list[FormField], form: FormData,
                       stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The settings a form gives: blank fields left out (defaults apply), blank secrets kept unless cleared."""
    settings: dict[str, Any] = {}
    for f in fields:
        raw = _text(form, f.input_name)
        if f.widget == "checkbox":
            settings[f.name] = raw is not None
            continue
        text = (raw or "").strip()
        if f.widget == "secret":
            kept = (stored or {}).get(f.name)
            if text:
                settings[f.name] = text
            elif kept and _text(form, f.clear_name) is None:
                settings[f.name] = kept
        elif f.widget == "lines":
            if raw is not None:
                settings[f.name] = [line.strip() for line in text.splitlines() if line.strip()]
        elif f.widget == "pairs":
            if raw is not None:
                settings[f.name] = _pairs(f.name, text)
        elif not text:
            continue
        elif f.widget == "json":
            try:
                settings[f.name] = json.loads(text)
            except json.JSONDecodeError as exc:
                raise FormProblem(f"{f.name}: not valid JSON ({exc.msg})") from exc
        else:
            settings[f.name] = text
    return settings
