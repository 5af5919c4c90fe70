"""Hooks of the contract run (scripts/api-contract).

Each changes a request only where the contract stack, which runs no rewind-worker so that nothing
schemathesis sends can act on a target, could not answer it at once. A changed request stays
exactly as valid or invalid as it was generated, so every check still judges the answer.
"""

import re
import uuid
from collections.abc import MutableMapping

import schemathesis

VALID_WAIT = re.compile(r"(0?[0-9]|[1-5][0-9]|60)s?")
VALID_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")


def _leaves_out_a_parameter(case):
    """A coverage case that omits a required part, the Authorization header among them.

    Schemathesis revalidates an edited case against the declared parameters, where the
    Authorization header of the security scheme is not one: an edited "missing Authorization" case
    would pass as positive and go out with the token after all, and the answer to that token (a 409
    for an active rollback, say) would then be judged as the answer to a request without one. Such
    cases are sent as generated.
    """
    data = getattr(getattr(case.meta, "phase", None), "data", None)
    scenario = getattr(data, "scenario", None)
    return getattr(scenario, "value", scenario) == "missing_parameter"


@schemathesis.hook
def before_call(context, case, kwargs):
    """Edits the case in place; schemathesis revalidates it before sending."""
    if _leaves_out_a_parameter(case):
        return
    operation = case.operation
    method = operation.method.upper()
    if method == "GET" and operation.path == "/api/v1/rollbacks/{id}":
        # ?wait=30s holds the answer until the rollback has ended. Without a worker no rollback
        # ends, so each valid wait would cost its whole length (up to 60 s); 0s is as valid.
        query = case.query
        if isinstance(query, dict) and isinstance(query.get("wait"), str):
            if VALID_WAIT.fullmatch(query["wait"]):
                query["wait"] = "0s"
    elif method == "POST" and operation.path == "/api/v1/rollbacks":
        # A dry run asks the workers to check its preconditions on the targets and answers 503
        # after 30 s when none does. dryRun false is as valid (the api's own tests cover dry runs).
        body = case.body
        if isinstance(body, dict) and body.get("dryRun") is True:
            body["dryRun"] = False
        # The same Idempotency-Key with another body is answered 422 (documented): a rule about the
        # requests before this one, which no schema can state. Schemathesis draws keys such as "0"
        # again and again, so a valid key becomes a fresh valid key; an invalid one stays invalid.
        headers = case.headers  # a requests CaseInsensitiveDict, not a dict
        if isinstance(headers, MutableMapping):
            for name, value in list(headers.items()):
                if name.lower() == "idempotency-key" and isinstance(value, str):
                    if VALID_IDEMPOTENCY_KEY.fullmatch(value):
                        headers[name] = "contract-" + uuid.uuid4().hex
