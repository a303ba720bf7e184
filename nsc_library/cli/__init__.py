"""Command-line interface: `flask --app nsc_library COMMAND`, one module per group of commands.

Each command parses its arguments, calls one service and commits what the service changed.
"""

from nsc_library.cli import accounts, backup, database, mail, practices, search

commands = [
    *database.commands,
    *accounts.commands,
    *practices.commands,
    *search.commands,
    *backup.commands,
    *mail.commands,
]
