#!/usr/bin/env python3
"""The layering of crates/api, checked (issue 13; docs/architecture.md):

1. No import cycles between modules of crates/api/src (a module is a file;
   `mod.rs` is its directory's module). `crate::…` and `super::…` paths
   outside `#[cfg(test)]` code count, brace groups (`super::{a, b::{c}}`)
   expanded.
2. Only the wiring (startup, cli, openapi, lib/main) and routes/ itself may
   import from routes/: every other module, present or future, is below it
   (storage, rules, auth, operations, http, shell, views, the homepage
   build, the background jobs, the support modules).
3. Storage owns every row write: no ActiveModel(Trait), `Set(` (however
   qualified), `.insert(`, `.update(`, `.delete(`, `.save(` on a connection
   or transaction (also `tx.reads()`), `Entity::insert…(`, `*_many(`, nor
   any raw statement (`execute`, `execute_unprepared`, `Statement::from…`)
   anywhere outside storage/ (db.rs may set connection pragmas).
4. The entities (the tables' shapes) are used only inside storage/.

    scripts/check-architecture.py   (exit 1 with the reasons)
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "crates", "api", "src")

# Outside storage/, only the connection setup runs raw statements.
RAW_SQL_ALLOWED = {"db.rs"}
# Modules that may import routes/ (the wiring, and routes itself); every
# other module is below routes, so a new one is checked without a list to
# remember.
ABOVE_ROUTES = ("routes", "startup", "cli", "openapi", "")
# A sea-orm write: building a row, or a write call on a connection.
ROW_WRITE = re.compile(
    r"ActiveModel\w*|(?<!Patch::)\bSet\(|\b(?:insert|update|delete)_many\(|"
    r"\bActiveModelTrait::\w+\(|\bEntity::(?:insert|update|delete)\w*\(|"
    r"\.(?:insert|update|delete|save|exec|exec_with_returning)\(\s*&?\s*(?:txn|db|conn|tx|state\.db)\b|"
    r"\.(?:insert|update|delete|save|exec)\([^)]*\breads\(\)|"
    r"\.execute(?:_unprepared|_raw)?\(|\bStatement::from_"
)


def module_of(rel):
    parts = rel[:-3].split("/")
    if parts[-1] == "mod":
        parts = parts[:-1]
    if parts == ["lib"] or parts == ["main"]:
        return ""
    return "::".join(parts)


def sources():
    for d, _, files in os.walk(ROOT):
        for f in files:
            if f.endswith(".rs"):
                path = os.path.join(d, f)
                rel = os.path.relpath(path, ROOT).replace(os.sep, "/")
                if rel.startswith("bin/"):
                    continue
                text = open(path, encoding="utf-8").read()
                # Tests sit at the end of a file, after #[cfg(test)].
                text = text.split("#[cfg(test)]", 1)[0]
                text = re.sub(r"//[^\n]*", "", text)
                yield rel, module_of(rel), text


files = list(sources())
modules = {m for _, m, _ in files}


def resolve(path):
    """The longest known module that `path` (a::b::c) starts with."""
    parts = path.split("::")
    for n in range(len(parts), 0, -1):
        cand = "::".join(parts[:n])
        if cand in modules:
            return cand
    return None


def split_top(body):
    """`a, b::{c, d}, e` split at the commas outside braces."""
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def expand(prefix, rest):
    """Every path a `use` tree names: `x::{a, b::{c, d}}` gives x::a, x::b::c, x::b::d."""
    rest = re.sub(r"\s+", "", rest)
    if "{" not in rest:
        name = rest.split("as", 1)[0] if re.search(r"\bas\b", rest) else rest
        return [f"{prefix}::{name}".rstrip(":") if name else prefix]
    head, body = rest.split("{", 1)
    body = body[: body.rindex("}")] if "}" in body else body
    base = f"{prefix}::{head.rstrip(':')}".rstrip(":") if head.strip(":") else prefix
    out = []
    for part in split_top(body):
        out += [base] if part == "self" else expand(base, part)
    return out


def after_group(text, start):
    """The index just past the brace group that opens at `text[start]`."""
    depth, j = 0, start
    while j < len(text):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        j += 1
        if depth == 0:
            break
    return j


def use_trees(text, root):
    """The paths of every `root::…` use tree (braces expanded), as root-relative."""
    out = []
    for m in re.finditer(rf"\b{root}::", text):
        i = m.end()
        n = re.match(r"(?:[a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)?(?:::)?\{?", text[i:])
        path = n.group(0) if n else ""
        if path.endswith("{"):
            end = after_group(text, i + len(path) - 1)
            out += [p.split("::", 1)[1] for p in expand(root, text[i:end]) if "::" in p]
        elif path:
            out.append(path.rstrip(":"))
    return out


edges = {}
for rel, mod, text in files:
    targets = set()
    for path in use_trees(text, "crate"):
        t = resolve(path)
        if t:
            targets.add(t)
    # `super` is the parent module (of a file, or of a directory's mod.rs).
    base = mod.rsplit("::", 1)[0] if "::" in mod else ""
    for path in use_trees(text, "super"):
        full = f"{base}::{path}" if base else path
        t = resolve(full)
        if t:
            targets.add(t)
    targets.discard(mod)
    targets.discard("")
    edges[mod] = targets

problems = []

# 1. cycles
state = {}
stack = []


def visit(m):
    state[m] = 1
    stack.append(m)
    for t in sorted(edges.get(m, ())):
        if state.get(t) == 1:
            cycle = stack[stack.index(t):] + [t]
            problems.append("import cycle: " + " -> ".join(cycle))
        elif t not in state:
            visit(t)
    stack.pop()
    state[m] = 2


for m in sorted(edges):
    if m not in state:
        visit(m)

# 2. layers
for m, ts in sorted(edges.items()):
    if m.split("::")[0] not in ABOVE_ROUTES:
        for t in sorted(ts):
            if t == "routes" or t.startswith("routes::"):
                problems.append(f"{m} imports {t}: nothing below routes may")

# 3. row writes outside storage
for rel, mod, text in files:
    if rel.startswith("storage/") or rel in RAW_SQL_ALLOWED:
        continue
    for i, l in enumerate(text.split("\n")):
        if ROW_WRITE.search(l):
            problems.append(f"{rel}:{i + 1}: row write outside storage (storage owns writes)")
            break

# 4. entities only inside storage
for m, ts in sorted(edges.items()):
    if m.split("::")[0] != "storage":
        for t in sorted(ts):
            if t == "storage::entities" or t.startswith("storage::entities::"):
                problems.append(f"{m} imports {t}: entities are storage's own")

for p in problems:
    print(p)
print(f"architecture: {len(edges)} modules, {sum(len(t) for t in edges.values())} imports, "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)
