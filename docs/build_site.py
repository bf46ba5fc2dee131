"""Build the study site: ``python docs/build_site.py [--serve] [--skip-projects]``.

1. Assemble the Sphinx sources in ``build/docs-src/`` from what the repository already holds:
   the chapter notes (``foundations/notes``), the chapter map (``foundations/README.md``), one
   notebook per chapter (``notebooks/``), each project's README with a sample report made by
   running the project now, and an API reference page per part (autodoc stubs).
2. Run Sphinx with warnings as errors into ``build/site/`` (``index.html`` at its root).

Links that point outside the site (to source files, tests, benchmarks) become links to the
repository (``REPOSITORY`` in ``pyproject.toml``'s ``[project.urls]``); links between pages stay
relative, so a broken one fails the build.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "build" / "docs-src"
SITE = ROOT / "build" / "site"
PARTS = {
    "linalg": "Linear algebra (chapters 1–8)",
    "calculus": "Calculus (chapters 9–14)",
    "multivariable": "Multivariable calculus (chapters 15–17)",
    "probability": "Probability (chapters 18–20)",
}
LINK = re.compile(r"(!?\[[^\]]*\])\(([^)\s]+)\)")


def repository_url() -> str:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["urls"]["Repository"].rstrip("/")


#: Folders copied whole into the site: repository folder -> folder under SRC.
FOLDERS = {
    ROOT / "foundations" / "notes" / "figures": SRC / "chapters" / "figures",
    DOCS / "_static": SRC / "_static",
}


def _copy_of(resolved: Path, mapping: dict[Path, Path]) -> Path | None:
    if resolved in mapping:
        return mapping[resolved]
    for folder, copy in FOLDERS.items():
        if resolved.is_relative_to(folder.resolve()):
            return copy / resolved.relative_to(folder.resolve())
    return None


def rewrite_links(text: str, source: Path, target: Path, mapping: dict[Path, Path]) -> str:
    """Point each relative link of ``source`` (a repository file) at its place in the site.

    ``mapping`` sends repository files to their copies under ``SRC``; a link to a repository
    file with no copy becomes a link to the file in the repository.
    """
    repo = repository_url()

    def fix(match: re.Match) -> str:
        label, href = match.groups()
        if "://" in href or href.startswith(("#", "mailto:")):
            return match.group(0)
        path, _, anchor = href.partition("#")
        resolved = (source.parent / path).resolve()
        copy = _copy_of(resolved, mapping)
        if copy is not None:
            rel = Path(*[".."] * (len(target.parent.relative_to(SRC).parts))) / copy.relative_to(
                SRC
            )
            return f"{label}({rel.as_posix()}{'#' + anchor if anchor else ''})"
        if resolved.is_relative_to(ROOT) and resolved.exists():
            kind = "tree" if resolved.is_dir() else "blob"
            return f"{label}({repo}/{kind}/main/{resolved.relative_to(ROOT).as_posix()})"
        return match.group(0)  # left as it is: Sphinx reports it if it is broken

    return LINK.sub(fix, text)


def chapter_notes() -> list[Path]:
    return sorted((ROOT / "foundations" / "notes").glob("ch[0-9][0-9]_*.md"))


def notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("ch[0-9][0-9]_*.md"))


def projects() -> list[str]:
    folder = ROOT / "projects"
    return sorted(
        p.name for p in folder.iterdir() if (p / "__main__.py").is_file() and p.name[0] != "_"
    )


def api_page(part: str) -> str:
    """One page per part: every public module of ``foundations.<part>``, by autodoc."""
    package = importlib.import_module(f"foundations.{part}")
    lines = [f"# API: `foundations.{part}`", "", f"{PARTS[part]}.", ""]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "figures":
            continue
        name = f"foundations.{part}.{info.name}"
        lines += [f"## `{name}`", "", "```{eval-rst}", f".. automodule:: {name}", "```", ""]
    return "\n".join(lines)


def toolkit_page() -> str:
    import toolkit

    lines = ["# API: `toolkit`", "", "What the projects share that is not mathematics.", ""]
    for info in sorted(pkgutil.iter_modules(toolkit.__path__), key=lambda i: i.name):
        name = f"toolkit.{info.name}"
        lines += [f"## `{name}`", "", "```{eval-rst}", f".. automodule:: {name}", "```", ""]
    return "\n".join(lines)


def run_project(name: str, out: Path, skip: bool) -> Path | None:
    """Run one project on its default data into ``out``; return its report.md."""
    if skip:
        return None
    cmd = [sys.executable, "-m", f"projects.{name}", "--out", str(out)]
    subprocess.run(cmd, cwd=ROOT, check=True, env={**_env(), "MPLBACKEND": "Agg"})
    return out / "report.md"


def _env() -> dict:
    import os

    return dict(os.environ)


def assemble(skip_projects: bool = False) -> None:
    shutil.rmtree(SRC, ignore_errors=True)
    (SRC / "chapters").mkdir(parents=True)
    for folder, copy in FOLDERS.items():
        shutil.copytree(folder, copy)
    mapping: dict[Path, Path] = {
        (ROOT / "foundations" / "README.md").resolve(): SRC / "chapter_map.md",
        (ROOT / "README.md").resolve(): SRC / "index.md",
    }
    for note in chapter_notes():
        mapping[note.resolve()] = SRC / "chapters" / note.name
    for nb in notebooks():
        mapping[nb.resolve()] = SRC / "notebooks" / nb.name
    for name in projects():
        mapping[(ROOT / "projects" / name / "README.md").resolve()] = (
            SRC / "projects" / f"{name}.md"
        )
    for source, target in mapping.items():
        if source.name == "README.md" and source.parent == ROOT:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = rewrite_links(source.read_text(encoding="utf-8"), source, target, mapping)
        target.write_text(text, encoding="utf-8")
    (SRC / "api").mkdir()
    for part in PARTS:
        (SRC / "api" / f"{part}.md").write_text(api_page(part), encoding="utf-8")
    (SRC / "api" / "toolkit.md").write_text(toolkit_page(), encoding="utf-8")
    for name in projects():
        report = run_project(name, SRC / "projects" / f"{name}_report", skip_projects)
        if report is not None:
            page = SRC / "projects" / f"{name}_report" / "report.md"
            text = page.read_text(encoding="utf-8")
            page.write_text(f"# Sample report: `{name}`\n\n" + _demote(text), encoding="utf-8")
            readme = SRC / "projects" / f"{name}.md"
            readme.write_text(
                readme.read_text(encoding="utf-8")
                + f"\n\n## Sample report\n\n```{{toctree}}\n:maxdepth: 1\n\n{name}_report/report\n```\n",
                encoding="utf-8",
            )
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    (SRC / "index.md").write_text(index, encoding="utf-8")
    shutil.copy(DOCS / "conf.py", SRC / "conf.py")


def _demote(markdown: str) -> str:
    """Headings one level down, so the page's own title stays the only top-level one."""
    return re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", markdown, flags=re.M)


def build() -> None:
    shutil.rmtree(SITE, ignore_errors=True)
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-q"]
    subprocess.run([*cmd, str(SRC), str(SITE)], check=True, env={**_env(), "MLMB_ROOT": str(ROOT)})


def serve(port: int = 8000) -> None:
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving {SITE} at http://127.0.0.1:{port}/ (Ctrl-C stops)")
        httpd.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the study site into build/site/.")
    parser.add_argument("--serve", action="store_true", help="serve the site on localhost after")
    parser.add_argument("--serve-only", action="store_true", help="serve the built site, no build")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--skip-projects", action="store_true", help="no sample reports (a faster draft build)"
    )
    args = parser.parse_args(argv)
    if args.serve_only:
        serve(args.port)
        return 0
    assemble(skip_projects=args.skip_projects)
    build()
    print(f"site: {SITE / 'index.html'}")
    if args.serve:
        serve(args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
