"""Sign-in and out, invitations, password resets: /login, /logout, /invitation, /reset-password."""
