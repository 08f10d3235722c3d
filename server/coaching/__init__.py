"""Coaching records, each registered with the sync engine: observations, learning goals,
challenges (four modes), check-ins, mentor notes, and kaizen workshops with their ideas."""

from . import challenges, checkins, goals, mentor_notes, observations, workshops  # noqa: F401
