"""The public site: browsing and reading published practices."""

from nsc_library.public.views import bp

__all__ = ["bp"]
