"""Nordic Safe Cities Practice Library: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext

from nsc_library import i18n, rate_limits, routing, security
from nsc_library.config import instance_path_for, load_config

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> str:
    """templates/ or static/: inside an installed package first, beside it in a checkout second."""
    packaged = PACKAGE_DIR / name
    return str(packaged if packaged.is_dir() else PACKAGE_DIR.parent / name)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app from defaults, instance/config.py, NSC_* variables and `config`, in order."""
    instance = instance_path_for(config)
    instance.mkdir(parents=True, exist_ok=True)
    app = Flask(
        __name__,
        instance_path=str(instance.resolve()),
        instance_relative_config=True,
        template_folder=resource_dir("templates"),
        static_folder=resource_dir("static"),
    )
    routing.use_cached_rules(app)
    load_config(app, config)
    security.init_app(app)
    rate_limits.init_app(app)
    i18n.init_app(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from nsc_library import database
    from nsc_library.extensions import csrf, db, login_manager
    from nsc_library.rates import load_table
    from nsc_library.search.state import init_app as init_search
    from nsc_library.services import mail
    from nsc_library.services.accounts import load_user

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = lazy_gettext("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str  # the lazy message, in the language of the request
    database.configure_engine(app)
    init_search(app)
    mail.register_listeners()
    app.extensions["eur_rates"] = load_table(app.config["EUR_RATES_FILE"])


def register_blueprints(app: Flask) -> None:
    from nsc_library.admin.views import bp as admin_bp
    from nsc_library.api.views import bp as api_bp
    from nsc_library.auth.views import bp as auth_bp
    from nsc_library.contribute.views import bp as contribute_bp
    from nsc_library.opendata.views import bp as opendata_bp
    from nsc_library.public.views import bp as public_bp
    from nsc_library.review.views import bp as review_bp

    for blueprint in (public_bp, api_bp, opendata_bp, auth_bp, contribute_bp, review_bp, admin_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from nsc_library.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from nsc_library.rendering import register

    register(app)


def register_commands(app: Flask) -> None:
    from nsc_library.cli import commands

    for command in commands:
        app.cli.add_command(command)
