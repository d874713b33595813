"""Turn dataclass dumps (dates, decimals, enums, sets) into plain JSON values."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        if isinstance(o, Decimal):  # 78000000.00 and 78000000 are the same fact
            return format(o.normalize(), "f")
        return super().default(o)


def jsonable(value: Any) -> Any:
    """``value`` as JSON-native types (Decimal and dates become strings)."""
    return json.loads(json.dumps(value, cls=_Encoder))
