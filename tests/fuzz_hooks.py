"""schemathesis hooks for tests/test_fuzz_api.py (loaded through tests/schemathesis.toml).

Rules between values that JSON Schema cannot say are applied to generated *valid* requests,
so that "valid data is accepted" still tests these operations; invalid ones stay as generated:
- a push's mutation ids count up by one (docs/sync.md: the device numbers its own queue);
- an audit log range ends on or after its start (`from` <= `to`, else 400 bad_range).
"""

import schemathesis


AUDIT = {"/api/audit", "/api/me/audit", "/api/audit.csv"}


@schemathesis.hook
def map_case(context, case):
    path = context.operation.path if context.operation is not None else None
    meta = case.meta
    positive = meta is not None and not meta.generation.mode.is_negative
    if positive and path in AUDIT:
        _ordered_range(case.query)
    if path != "/api/sync/push":
        return case
    mutations = case.body.get("mutations") if isinstance(case.body, dict) else None
    if (
        positive
        and isinstance(mutations, list)
        and mutations
        and all(isinstance(m, dict) and _integer(m.get("id")) for m in mutations)
    ):
        first = max(1, min(int(mutations[0]["id"]), 2**62))
        for offset, mutation in enumerate(mutations):
            mutation["id"] = first + offset
    return case


def _integer(value):
    """An integer as JSON Schema sees it: 3 or 3.0."""
    return (type(value) is int) or (type(value) is float and value.is_integer())


def _ordered_range(query):
    start, end = (query or {}).get("from"), (query or {}).get("to")
    if isinstance(start, str) and isinstance(end, str) and start > end:
        query["from"], query["to"] = end, start
