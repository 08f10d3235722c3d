"""Coaching records, each registered with the sync engine: observations, learning goals,
challenges (four modes), check-ins, and mentor notes."""
from . import challenges, checkins, goals, mentor_notes, observations  # noqa: F401
