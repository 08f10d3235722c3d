"""Coaching records, each registered with the sync engine: observations, learning goals,
challenges (four modes), check-ins, mentor notes, kaizen workshops with their ideas, and the
principles library."""

from . import challenges, checkins, goals, mentor_notes, observations, workshops  # noqa: F401
from . import principles  # noqa: F401
