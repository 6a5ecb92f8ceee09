"""Checks that every code block of README.md that claims to run is a tested file.

A block preceded by `<!-- include: PATH -->` must equal that file byte for byte; those files
are run by the test suites (the examples' own tests). Every other block must be a shell
command block (`sh`), configuration (`toml`) or output (`text`)."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[1]
readme = (root / "README.md").read_text(encoding="utf-8")
block = re.compile(r"(?:<!-- include: (?P<path>\S+) -->\n)?```(?P<lang>\w*)\n(?P<code>.*?)```\n", re.S)
problems, included = [], 0
for m in block.finditer(readme):
    path, lang, code = m["path"], m["lang"], m["code"]
    if path:
        included += 1
        file = root / path
        if not file.is_file():
            problems.append(f"{path}: included but missing")
        elif file.read_text(encoding="utf-8") != code:
            problems.append(f"{path}: the README's copy differs from the file")
    elif lang not in ("sh", "toml", "text"):
        problems.append(f"a ```{lang} block is not an included, tested file:\n{code[:200]}")
for p in problems:
    print("README:", p)
print(f"README: {included} included examples match their tested files" if not problems else "")
sys.exit(1 if problems else 0)
