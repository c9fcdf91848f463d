#!/usr/bin/env python3
"""The house rules a machine can check (docs/style.md): file and function
length, no ad-hoc error strings in public headers, SQLite only inside the
storage layers, and CMake files that list their sources without silently
dropping any. Prints each breach as `path:line: rule: detail`; exit 1 if any.

Function length is measured on the text between a function's braces, for
every top-level function or method body (lambdas count in their function).

Known debts are listed in scripts/house-rules-debt.txt as `path: rule`, each
with the reason on the line above: they are reported but do not fail. A debt
that is paid (no longer found) must be removed from the list, so it only
shrinks."""
import os
import re
import subprocess
import sys

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 80
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_DIRS = ("common", "models", "scanner", "sync", "edge", "tests", "bench")
# Files allowed to include sqlite3.h: the one SQLite wrapper, which owns the
# error switch. Tests and benchmarks may read a database file with a reader of
# their own, independent of the code under test.
SQLITE_ALLOWED = re.compile(r"^(common/src/sqlite/|tests/|bench/)")
CONTROL = re.compile(r"\b(if|for|while|switch|catch|return)\s*\(.*\)\s*$", re.S)
FUNC_TAIL = re.compile(r"\)\s*(const|override|final|noexcept|mutable|volatile|&|&&|->\s*[\w:<>,\s*&]+|\s)*$", re.S)


def tracked_files():
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if os.path.exists(os.path.join(ROOT, f))]


def strip_code(text):
    """Comments and string/char literals blanked, newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def long_functions(text):
    code = strip_code(text)
    depth, in_func_depth, start_line, last_stop = 0, None, 0, 0
    for i, c in enumerate(code):
        if c == "{":
            if in_func_depth is None:
                head = code[last_stop:i]
                head = re.sub(r"#[^\n]*", "", head)
                if FUNC_TAIL.search(head) and not CONTROL.search(head.strip()):
                    in_func_depth, start_line = depth, code.count("\n", 0, i) + 1
            depth += 1
            last_stop = i + 1
        elif c == "}":
            depth -= 1
            last_stop = i + 1
            if in_func_depth is not None and depth == in_func_depth:
                end_line = code.count("\n", 0, i) + 1
                if end_line - start_line - 1 > MAX_FUNCTION_LINES:
                    yield start_line, end_line - start_line - 1
                in_func_depth = None
        elif c == ";":
            last_stop = i + 1


def check(files):
    breaches = []
    for f in files:
        path = os.path.join(ROOT, f)
        top = f.split("/")[0]
        if f.endswith((".cpp", ".h")) and top in SOURCE_DIRS:
            text = open(path, encoding="utf-8", errors="replace").read()
            lines = text.count("\n")
            if lines > MAX_FILE_LINES:
                breaches.append(f"{f}:1: file-length: {lines} lines (at most {MAX_FILE_LINES})")
            for line, length in long_functions(text):
                breaches.append(f"{f}:{line}: function-length: {length} lines (at most {MAX_FUNCTION_LINES})")
            if "/include/" in f:
                for n, l in enumerate(text.splitlines(), 1):
                    if re.search(r"std::string\s+error\s*[;={]", l) and not f.startswith("common/"):
                        breaches.append(f"{f}:{n}: error-string: use smartstore::Error / Result<T> (common/)")
            if "<sqlite3.h>" in text and not SQLITE_ALLOWED.match(f):
                breaches.append(f"{f}:1: sqlite-above-storage: only the storage layer includes sqlite3.h")
        if f.endswith(("CMakeLists.txt", ".cmake")):
            text = open(path, encoding="utf-8").read()
            for n, l in enumerate(text.splitlines(), 1):
                if re.search(r"include\(.*OPTIONAL\)|if\(\s*(NOT\s+)?EXISTS|cmake_language\(\s*DEFER", l):
                    breaches.append(f"{f}:{n}: cmake-silent: a missing file must fail the build")
    return breaches


def known_debts():
    path = os.path.join(ROOT, "scripts", "house-rules-debt.txt")
    if not os.path.exists(path):
        return set()
    lines = open(path, encoding="utf-8").read().splitlines()
    return {l.strip() for l in lines if l.strip() and not l.lstrip().startswith("#")}


def main():
    files = sys.argv[1:] or tracked_files()
    breaches = check(files)
    debts = known_debts() if not sys.argv[1:] else set()
    found = set()
    new = []
    for b in breaches:
        path, _, rest = b.split(":", 2)
        key = f"{path}: {rest.strip().split(':')[0]}"
        if key in debts:
            found.add(key)
            print(f"{b} (known debt)")
        else:
            new.append(b)
            print(b)
    paid = sorted(debts - found)
    for d in paid:
        print(f"{d}: paid: remove it from scripts/house-rules-debt.txt")
    print(f"house rules: {len(new)} new breach(es), {len(found)} known debt(s), {len(paid)} paid debt(s) still listed,"
          f" in {len(files)} files", file=sys.stderr)
    return 1 if new or paid else 0


if __name__ == "__main__":
    sys.exit(main())
