"""Finding a helper for a teamwork challenge: only people who offered to help, by consent.

A learner who finished a challenge may offer to help others with its topic, in a short
phrase of their own (`Challenge.help_offer`, set through `challenge.update`). The search
matches those phrases only and answers each match's name and offered topic: never a
challenge's title, problem or text, never how many challenges anyone has, never their
reporting line (docs/decisions.md §32).
"""

import re

from flask import jsonify, request
from peewee import fn

from .. import access
from ..auth.sessions import current_scope, login_required
from ..errors import ApiError, Code
from ..models import Challenge, Person
from . import bp

MAX_WORDS = 8
MIN_WORD = 3  # letters: shorter words match too much
MAX_RESULTS = 10
CANDIDATES = 200  # offers read to rank; an offer is a short phrase


def _words(query):
    # Words are split on ASCII white space only, as the OpenAPI document's pattern for `q`
    # says (str.split() also splits on characters JSON Schema's \s does not know).
    return [w for w in re.split(r"[ \t\n\r\f\v]+", query.lower()) if len(w) >= MIN_WORD][:MAX_WORDS]


def _offers(scope, words):
    """(person id, name, topic) of live offers matching any word, from active people."""
    matches = None
    for word in words:
        condition = fn.LOWER(Challenge.help_offer).contains(word)
        matches = condition if matches is None else (matches | condition)
    return (
        Challenge.select(Challenge.learner, Person.name, Challenge.help_offer)
        .join(Person, on=(Challenge.learner == Person.id))
        .where(access.help_offers_visible(scope) & matches)
        .limit(CANDIDATES)
        .tuples()
    )


@bp.get("/people/helpers")
@login_required
def find_helpers():
    """People who offered to help with a topic like the query, best matches first."""
    words = _words(request.args.get("q", ""))
    if not words:
        raise ApiError(
            400,
            Code.QUERY_TOO_SHORT,
            "Describe what the learner is stuck on, in a few words of three letters or more.",
        )
    found = {}
    for person_id, name, topic in _offers(current_scope(), words):
        score = sum(word in topic.lower() for word in words)
        found[(person_id, topic.lower())] = (-score, name, topic, person_id)
    ranked = sorted(found.values())[:MAX_RESULTS]
    return jsonify(
        {
            "helpers": [
                {"id": person_id, "name": name, "topic": topic}
                for _, name, topic, person_id in ranked
            ]
        }
    )
