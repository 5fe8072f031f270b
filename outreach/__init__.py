"""Outreach: coordinate door-to-door peer support and mutual aid after a disaster."""
from flask import Flask

from . import config, errors
from .extensions import csrf, db, login_manager, migrate


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, CLI. No database access here."""
    app = Flask(__name__, instance_relative_config=True,
                template_folder="../templates", static_folder="../static")
    config.load(app, test_config)
    from .auth import RequestGlobals
    app.app_ctx_globals_class = RequestGlobals
    register_extensions(app)
    register_blueprints(app)
    errors.register(app)
    from . import cli
    cli.register(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions to this app."""
    from . import database, i18n, serving
    database.configure(app)  # engine options must be set before the engine is made
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    from . import housekeeping, ratelimit, security
    i18n.init_app(app)
    serving.init_app(app)
    security.init_app(app)
    ratelimit.init_app(app)
    housekeeping.init_app(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per audience, plus the API; an operation's pages and API live under its slug too."""
    from . import aid, api, auth, coordinator, export, field, i18n, maps, public, routing, signin
    for module in (auth, i18n, signin):
        app.register_blueprint(module.bp)
    app.register_blueprint(api.sms.sms_bp)  # the SMS gateway phone's endpoint: HTTP Basic, its own operation
    routing.register(app, {module.bp.name: module.bp for module in (coordinator, field, aid, api, export, public,
                                                                    maps)})
