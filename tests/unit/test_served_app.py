"""``massid serve`` freezes the objects built at start out of the garbage collector's view."""

from __future__ import annotations

import gc
from pathlib import Path

from massid.cli.serve import create_served_app
from massid.config import Settings


def test_the_served_app_leaves_its_startup_objects_to_the_permanent_generation(
    tmp_path: Path,
) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/m.db", data_dir=tmp_path)
    gc.unfreeze()
    try:
        app = create_served_app(settings)
        assert app.title == "massid"
        assert gc.get_freeze_count() > 10_000  # modules, tables, schemas, routes
    finally:
        gc.unfreeze()
