"""The read-only JSON API at /api/v1: every answer is JSON, cacheable and CORS-open."""
