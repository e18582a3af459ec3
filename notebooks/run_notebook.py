#!/usr/bin/env python3
"""Executes a notebook headless and checks that its figures are in it (ctest notebook_*).

    run_notebook.py NOTEBOOK.ipynb OUTPUT_DIR

Runs `jupyter nbconvert --to notebook --execute` (Debian's, with the kernel's own matplotlib
backend: the notebooks select the inline one, as in Jupyter), then reads the executed copy: every
code cell that makes a figure (plt.subplots / plt.figure) must have an image/png output, and no
cell may have an error. A notebook that draws on a non-interactive backend and calls plt.show()
executes without error and shows nothing: this check is what catches that.
"""
import pathlib
import re
import subprocess
import sys

import nbformat

FIGURE = re.compile(r"\bplt\.(subplots|figure)\(")


def check(executed: pathlib.Path) -> list:
    nb = nbformat.read(executed, as_version=4)
    problems, figures = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                problems.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
        if FIGURE.search(cell.source):
            figures += 1
            images = [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
            if not images:
                first = cell.source.strip().splitlines()[0]
                problems.append(f"cell {index} ({first!r}) draws a figure but has no image/png output")
    if figures == 0:
        problems.append("no cell draws a figure: nothing was checked")
    return problems


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    notebook, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    subprocess.run(["jupyter-nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
                    "--output-dir", str(out_dir), str(notebook)], check=True)
    executed = out_dir / notebook.name
    problems = check(executed)
    for p in problems:
        print(f"{executed}: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"{executed}: every figure rendered")


if __name__ == "__main__":
    main()
