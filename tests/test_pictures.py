"""The README's pictures are the ones the browser tests take: none stale, none missing, none drawn by hand."""

import ast
import re
from pathlib import Path

from browser import SCREENSHOTS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
PICTURE = re.compile(r"\.(png|jpe?g|gif|webp|svg)$", re.IGNORECASE)


def taken_by_the_tests() -> dict[str, str]:
    """Each picture a browser test saves (a `screenshot(..., "name.png")` call), with the test file that saves it."""
    found = {}
    for path in sorted(Path(__file__).resolve().parent.glob("test_*browser*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "screenshot":
                name = node.args[1]
                assert isinstance(name, ast.Constant), f"{path.name}: name the picture with a literal"
                found[name.value] = path.name
    return found


def shown_in_the_readme() -> list[str]:
    """The targets of the README's images, in order."""
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", README) + re.findall(r'<img[^>]+src="([^"]+)"', README)


def test_every_picture_in_docs_is_one_the_tests_take():
    pictures = sorted(p.name for p in DOCS.iterdir() if PICTURE.search(p.name))
    assert pictures, "docs/ has no pictures"
    assert set(pictures) <= set(taken_by_the_tests()), "pictures in docs/ that no browser test takes"


def test_every_picture_listed_is_taken_by_a_test():
    assert set(taken_by_the_tests()) == set(SCREENSHOTS)


def test_the_readme_shows_every_picture_and_each_exists():
    shown = shown_in_the_readme()
    assert len(shown) == len(set(shown)), "a picture is shown twice"
    for target in shown:
        assert target.startswith("docs/"), target
        assert (ROOT / target).is_file(), f"{target} is missing: run make screenshots"
    assert {Path(t).name for t in shown} == set(SCREENSHOTS), "the README should show each picture once"


def test_the_pictures_are_pictures():
    for name in SCREENSHOTS:
        head = (DOCS / name).read_bytes()[:24]
        assert head.startswith(b"\x89PNG\r\n\x1a\n"), name
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        assert width >= 300 and height >= 300, (name, width, height)
