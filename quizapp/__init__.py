"""quizapp: study a country's organized-crime landscape from a published profile."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the application (defaults → instance config → env → test_config)."""
    from quizapp import admin, atlas, auth, classes, instructor, live, main, media, quiz, study, web
    from quizapp.config import configure
    from quizapp.database import start_checkpoints, tune_engine
    from quizapp.export import views as export_views
    from quizapp.extensions import csrf, db, limiter, login_manager, migrate
    from quizapp.paths import migrations_dir

    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("QUIZAPP_INSTANCE_PATH") or None)
    configure(app, test_config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(migrations_dir()), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
        if app.config["CHECKPOINT_SECONDS"]:
            start_checkpoints(app, db.engine, float(app.config["CHECKPOINT_SECONDS"]))
    web.init_app(app)
    for blueprint in (main.bp, auth.bp, study.bp, quiz.bp, instructor.bp, classes.bp,
                      export_views.bp, atlas.bp, admin.bp, media.bp, live.bp):
        app.register_blueprint(blueprint)
    return app
