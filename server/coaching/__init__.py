"""Coaching records: observations now; learning goals, challenges and check-ins next."""
from . import observations  # noqa: F401  (registers the entity with the sync engine)
