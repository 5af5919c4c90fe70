"""Hooks of the contract run (scripts/api-contract).

Each changes a request only where the contract stack, which runs no rewind-worker so that nothing
schemathesis sends can act on a target, could not answer it at once. A changed request stays
exactly as valid or invalid as it was generated, so every check still judges the answer.
"""

import re

import schemathesis

VALID_WAIT = re.compile(r"(0?[0-9]|[1-5][0-9]|60)s?")


@schemathesis.hook
def before_call(context, case, kwargs):
    """Edits the case in place; schemathesis revalidates it before sending."""
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
