"""Finding a colleague by name, to list them among a workshop's participants (§77, §103).

A workshop gathers people from several teams, and the server accepts anyone active as a
participant; the facilitator's device knows only her own team and the people of her past
workshops. This lookup answers a name typed on the workshop form with at most ten active
people, each with their name and area: never their manager, coach, challenges or notes, so
it is a staff directory and nothing more. Not the teamwork helper search (helpers.py), which
finds only people who offered to help, by the topic they offered.

Rate-limited per person (PEOPLE_LOOKUP_RATE_LIMIT); not in the audit log, which holds
security events, not reads of a directory every colleague may read.
"""

import re
import unicodedata

from flask import jsonify, request
from peewee import JOIN

from .. import access
from ..auth.sessions import current_scope, login_required
from ..errors import ApiError, Code
from ..limits import limiter, people_lookup_limit
from ..models import Area, Person
from . import bp

MAX_QUERY = 60
MAX_WORDS = 4
MAX_RESULTS = 10


# At least two characters in a row that are not white space; words are split on ASCII white
# space only, as the OpenAPI document's pattern says (str.split() and str.strip() know more
# white space than JSON Schema's \s does).
LETTERS = r"[^ \t\n\r\f\v]{2}"


def fold(text):
    """A name as a search compares it: any case, without accents ("Élodie Cœur" -> "elodie
    coeur"), the same on SQLite and PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("œ", "oe").replace("æ", "ae")


def _words(query):
    return [w for w in re.split(r"[ \t\n\r\f\v]+", fold(query)) if w][:MAX_WORDS]


@bp.get("/people/lookup")
@limiter.limit(people_lookup_limit)
@login_required
def look_up_people():
    """Active people whose name holds every word typed, by name; with their area."""
    scope = current_scope()
    if not access.may_look_up_people(scope):
        raise ApiError(403, Code.FORBIDDEN, "You may not look people up.")
    query = request.args.get("q", "")
    if len(query) > MAX_QUERY:
        raise ApiError(
            400, Code.VALIDATION_ERROR, f"A name to look up is at most {MAX_QUERY} characters."
        )
    if not re.search(LETTERS, query):
        raise ApiError(400, Code.QUERY_TOO_SHORT, "Type at least two letters of the name.")
    words = _words(query)
    # Names are compared in Python, folded (any case, any accent: "elodie" finds "Élodie",
    # which SQLite's LIKE would not): one pass over the active people's names and areas.
    everyone = (
        Person.select(Person.id, Person.name, Area.name.alias("area_name"))
        .join(Area, JOIN.LEFT_OUTER, on=(Person.area == Area.id))
        .where(access.people_found_by_lookup(scope))
        .order_by(Person.name, Person.id)
        .dicts()
    )
    found = []
    for person in everyone.iterator():
        name = fold(person["name"])
        if all(word in name for word in words):
            found.append({"id": person["id"], "name": person["name"], "area": person["area_name"]})
            if len(found) == MAX_RESULTS:
                break
    return jsonify({"people": found})


@bp.record_once
def _describe(state):
    """The route in /api/openapi.json (described here: server.openapi imports this package)."""
    from ..openapi import Op, describe
    from ..responses import PeopleFound

    describe(
        "GET",
        "/api/people/lookup",
        Op(
            "Active people whose name holds every word typed, with their area (a workshop's "
            "participants, §103); rate-limited per person",
            answer=PeopleFound,
            params={
                "q": {
                    "in": "query",
                    "required": True,
                    "schema": {
                        "type": "string",
                        "maxLength": MAX_QUERY,
                        # two characters in a row that are not (ASCII) white space
                        "pattern": LETTERS,
                    },
                }
            },
        ),
    )
