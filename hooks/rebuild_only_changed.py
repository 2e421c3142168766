"""MkDocs adapter: under ``make serve`` (``mkdocs serve --dirty``), rebuild only the pages an edit changed.

The generator rewrites exactly the pages whose Markdown changes and leaves every
other file, with its timestamp, alone; so MkDocs' dirty build, which renders only
pages newer than their HTML, renders every page an edit touched and nothing else
(see generator/preview.py for why that is exact here, and for what is not).

It also moves the server's file watching from polling to the operating system's
change notices (:func:`generator.preview.watch_natively`): at 10,000 cases polling
the watched files held the interpreter most of the time and slowed every rebuild.
The generator's output folder is left out of what asks for a rebuild: the generator
writes there at the start of the rebuild that reads it.
"""

from __future__ import annotations

from pathlib import Path

from generator import Settings, preview

_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    global _dirty
    _dirty = command == "serve" and dirty
    if _dirty:
        preview.quiet_dirty_notice()


def on_pre_build(config) -> None:  # type: ignore[no-untyped-def]
    if _dirty:
        preview.rebuild_all_if_site_changed(Path(config.config_file_path).parent, Path(config.site_dir))


def on_serve(server, config, builder):  # type: ignore[no-untyped-def]
    root = Path(config.config_file_path).parent
    preview.watch_natively(server, generated=[Settings.for_root(root).out])
    return server


def on_env(env, config, files):  # type: ignore[no-untyped-def]
    return preview.keep_compiled_templates(env) if _dirty else env
