"""Import circles in imr_desk: every import counts, inside functions and under TYPE_CHECKING too.

    .venv/bin/python tools/import_graph.py          # prints each circle; exit 1 when any is found

The graph is grimp's (the library behind import-linter), which reads every import statement
of every module. A module importing its own package (``imr_desk.core.store.edits`` importing
``imr_desk.core.store``) is not counted as a circle here, as Python runs the package first
anyway; everything else is: a circle means two modules cannot be understood, tested or
loaded one without the other.
"""

from __future__ import annotations

import sys

import grimp


def import_edges(package: str) -> dict[str, set[str]]:
    """module -> the modules of `package` it imports (its own ancestor packages left out)."""
    graph = grimp.build_graph(package, cache_dir=None)
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        imported = graph.find_modules_directly_imported_by(module)
        edges[module] = {other for other in imported if not module.startswith(other + ".")}
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def main() -> int:
    edges = import_edges("imr_desk")
    found = circles(edges)
    for group in found:
        print("circle:", " <-> ".join(group))
    print(f"{len(found)} import circle(s) among {len(edges)} modules of imr_desk")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
