"""schemathesis hooks for tests/test_fuzz_api.py (loaded through tests/schemathesis.toml).

A push's mutation ids must count up by one (docs/sync.md: the device numbers its own queue),
which JSON Schema cannot say. Generated *valid* pushes are renumbered that way, so that
"valid data is accepted" still tests the push; invalid ones are left as generated.
"""
import schemathesis


@schemathesis.hook
def map_case(context, case):
    if context.operation is None or context.operation.path != "/api/sync/push":
        return case
    meta = case.meta
    positive = meta is not None and not meta.generation.mode.is_negative
    mutations = case.body.get("mutations") if isinstance(case.body, dict) else None
    if positive and isinstance(mutations, list) and mutations \
            and all(isinstance(m, dict) and _integer(m.get("id")) for m in mutations):
        first = max(1, min(int(mutations[0]["id"]), 2 ** 62))
        for offset, mutation in enumerate(mutations):
            mutation["id"] = first + offset
    return case


def _integer(value):
    """An integer as JSON Schema sees it: 3 or 3.0."""
    return (type(value) is int) or (type(value) is float and value.is_integer())
