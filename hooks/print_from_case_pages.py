"""MkDocs adapter: the print-everything page is filled with the case pages' own HTML.

The generator writes ``library/print.md`` as a frame: its heading, an empty
``<div class="print-all">`` and the order of the cases in its front matter. Once
MkDocs has made every page (and the sanitizer has cleaned them), this fills the
frame, so no case is converted from Markdown twice. The rules are in
:mod:`generator.print_all`, tested without MkDocs.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.toc import AnchorLink

from generator import print_all
from generator.site import CASES_DIR, PRINT_PAGE


def on_env(env, config, files):  # type: ignore[no-untyped-def]
    frame = files.get_file_from_path(PRINT_PAGE)
    page = frame.page if frame else None
    if page is None or page.content is None or print_all.ORDER_KEY not in page.meta:
        return env                        # not made in this build (dirty preview), or the preview's note
    order = str(page.meta[print_all.ORDER_KEY]).split()
    contents = {}
    for slug in order:
        case = files.get_file_from_path(f"{CASES_DIR}/{slug}.md")
        contents[slug] = (case.url, case.page.content if case.page else None) if case else ("", None)
    try:
        page.content, sections = print_all.assemble(page.content, order, contents, frame.url)
    except print_all.PrintError as error:
        raise PluginError(str(error)) from error
    links = [AnchorLink(s.title, s.anchor, 2) for s in sections]
    top = list(page.toc)
    if top and top[0].level == 1:
        top[0].children = links            # the theme lists the children of the page's h1
    else:
        page.toc.items = links
    return env
