"""Checks that every code block of the READMEs that claims to run is a tested file.

Reads README.md and every bindings-*/README.md. A block preceded by `<!-- include: PATH -->`
(PATH relative to the repository root) must equal that file byte for byte; those files are
run or type-checked by the test suites (the examples' own tests). A block preceded by
`<!-- outline -->` is an API outline (signatures with placeholders), not code to run. Every
other block must be a shell command block (`sh`), configuration (`toml`) or output (`text`)."""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parents[1]
readmes = [root / "README.md", *sorted(root.glob("bindings-*/README.md"))]
block = re.compile(
    r"(?:<!-- (?:include: (?P<path>\S+)|(?P<outline>outline)) -->\n)?```(?P<lang>\w*)\n(?P<code>.*?)```\n",
    re.S,
)
problems, included, outlines = [], 0, 0
for readme in readmes:
    name = readme.relative_to(root)
    text = readme.read_text(encoding="utf-8")
    markers = len(re.findall(r"<!-- (?:include: \S+|outline) -->", text))
    if markers != len(re.findall(r"<!-- (?:include: \S+|outline) -->\n```", text)):
        problems.append(f"{name}: an include or outline marker is not right before a code block")
    for m in block.finditer(text):
        path, lang, code = m["path"], m["lang"], m["code"]
        if path:
            included += 1
            file = root / path
            if not file.is_file():
                problems.append(f"{name}: {path} is included but missing")
            elif file.read_text(encoding="utf-8") != code:
                problems.append(f"{name}: the copy of {path} differs from the file")
        elif m["outline"]:
            outlines += 1
        elif lang not in ("sh", "toml", "text"):
            problems.append(f"{name}: a ```{lang} block is not an included, tested file:\n{code[:200]}")
for p in problems:
    print("README:", p)
if not problems:
    print(f"READMEs ({len(readmes)}): {included} included examples match their tested files; {outlines} API outlines")
sys.exit(1 if problems else 0)
