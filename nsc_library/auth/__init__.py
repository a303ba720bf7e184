"""Signing in and out, invitations and password resets."""

from nsc_library.auth.views import bp

__all__ = ["bp"]
