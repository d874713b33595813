"""Turn dataclass dumps (dates, decimals, enums, sets) into plain JSON values."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        return super().default(o)


def jsonable(value: Any) -> Any:
    """``value`` as JSON-native types (Decimal and dates become strings)."""
    return json.loads(json.dumps(value, cls=_Encoder))
