"""The pages' Altair (Vega-Lite) specs rendered for print by vl-convert: SVG for Typst, PNG
for Word. The web pages size charts to their container; print needs a fixed width."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

import vl_convert

PRINT_WIDTH = 440  # px: the text width of an A4 page at the renderers' scale


def _printable(spec: dict[str, Any]) -> dict[str, Any]:
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = PRINT_WIDTH
    spec.setdefault("width", PRINT_WIDTH)
    spec.setdefault("background", "white")
    return spec


@functools.lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(_printable(json.loads(spec_json)))


@functools.lru_cache(maxsize=64)
def _png(spec_json: str) -> bytes:
    return vl_convert.vegalite_to_png(_printable(json.loads(spec_json)), scale=2)


def svg(spec: dict[str, Any]) -> str:
    return _svg(json.dumps(spec, sort_keys=True))


def png(spec: dict[str, Any]) -> bytes:
    return _png(json.dumps(spec, sort_keys=True))
