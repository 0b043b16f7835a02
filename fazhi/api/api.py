"""The HTTP API under /api/v1/: assembled from each app's api.py `router`."""

from fazhi.api.base import build_api

api = build_api()
