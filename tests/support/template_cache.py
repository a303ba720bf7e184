"""One Jinja bytecode cache for every app a test process makes.

Each test app has its own Jinja environment, which compiles every template it renders from
source the first time: a tenth to a fifth of a second per app, more than most tests take. Jinja
keeps compiled templates in a bytecode cache when it is given one, keyed by the template's file
and checked against a hash of its source, so a changed template is compiled again. Every app
create_app makes configures Jinja the same way (the same extensions and autoescaping), so a
template compiled for one app is the code any other would compile.
"""

from __future__ import annotations

from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates in this process's memory."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.compiled.clear()


def share_compiled_templates() -> None:
    """Give every Flask app made from now on this process's one bytecode cache."""
    if "bytecode_cache" not in Flask.jinja_options:
        Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": MemoryBytecodeCache()}
