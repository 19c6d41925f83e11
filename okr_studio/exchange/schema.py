"""The JSON Schema of the exchange file, generated from the interchange models.

``python -m okr_studio.exchange.schema`` prints it; the copy in the repository
(docs/exchange.schema.json) is checked by a test to be current.
"""

from __future__ import annotations

import json
from typing import Any


def json_schema() -> dict[str, Any]:
    from okr_studio.model import EXCHANGE_VERSION, ExchangeFile

    schema = ExchangeFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"okr-studio-workshop-v{EXCHANGE_VERSION}.schema.json",
        **schema,
        "title": "OKR Studio workshop (JSON exchange file)",
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_text(), end="")
