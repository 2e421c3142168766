"""Edit-on-source links: from a case page to its data file on the Git server.

Only the file under data/ is worth editing (the generated page would be
overwritten), so the link points there. Links are built from URL patterns,
never from a call to the server's API (readers are on an intranet).
"""

from __future__ import annotations

from urllib.parse import urlsplit

PATTERNS = {
    "github": "{repo}/edit/{branch}/{path}",
    "gitlab": "{repo}/-/edit/{branch}/{path}",
    "gitea": "{repo}/_edit/{branch}/{path}",
}
"""Edit-page URL of a file, per kind of Git server."""


class EditConfigError(ValueError):
    """The repository settings cannot produce edit links."""


def edit_template(repo: str, kind: str = "", branch: str = "main") -> str:
    """A template with ``{path}`` for edit links, or ``""`` when *repo* is empty.

    *kind* is ``github``, ``gitlab`` or ``gitea``; when empty it is guessed
    from the host name (github.com, gitlab.*), otherwise it must be given.
    """
    repo = repo.strip().rstrip("/")
    if not repo:
        return ""
    parts = urlsplit(repo)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EditConfigError(f"仓库地址“{repo}”应以 http:// 或 https:// 开头")
    if repo.endswith(".git"):
        repo = repo[:-4]
    host = parts.hostname or ""
    if not kind:
        if host == "github.com" or host.startswith("github."):
            kind = "github"
        elif host.startswith("gitlab.") or host == "gitlab.com":
            kind = "gitlab"
        else:
            raise EditConfigError(f"无法从“{host}”判断仓库类型，请设置 HANDBOOK_REPO_KIND="
                                  "github、gitlab 或 gitea")
    if kind not in PATTERNS:
        raise EditConfigError(f"未知的仓库类型“{kind}”，可用：" + "、".join(PATTERNS))
    return PATTERNS[kind].format(repo=repo, branch=branch.strip() or "main", path="{path}")
