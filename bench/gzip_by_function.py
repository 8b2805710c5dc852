#!/usr/bin/env python3
"""What gzip makes of each function of a wasm with its names kept.

Build one with names (the shipped one has none):
    cargo build --release --target wasm32-unknown-unknown --lib
    wasm-bindgen --keep-debug --target web --out-dir /tmp/names \
        target/wasm32-unknown-unknown/release/teams_collaborate.wasm
    wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals /tmp/names/teams_collaborate_bg.wasm -o /tmp/names/opt.wasm
then: python3 bench/gzip_by_function.py /tmp/names/opt.wasm [how many rows]

The code section is compressed in order as one deflate stream flushed after every body, so each
function is charged what it adds to the stream (a few bytes more than in one gzip of the file).
Functions are grouped by module, with views and drop glue apart.
"""
import re
import sys
import zlib
from collections import defaultdict


def leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def skip_limits(data, at):
    flags, at = leb(data, at)
    _, at = leb(data, at)
    if flags & 1:
        _, at = leb(data, at)
    return at


def functions(data):
    """(name, body) of every defined function, in order."""
    at, imported, bodies, names = 8, 0, [], {}
    while at < len(data):
        section = data[at]
        size, start = leb(data, at + 1)
        end = start + size
        if section == 2:
            count, p = leb(data, start)
            for _ in range(count):
                for _ in range(2):
                    length, p = leb(data, p)
                    p += length
                kind = data[p]
                p += 1
                if kind == 0:
                    _, p = leb(data, p)
                    imported += 1
                elif kind == 1:
                    p = skip_limits(data, p + 1)
                elif kind == 2:
                    p = skip_limits(data, p)
                elif kind == 3:
                    p += 2
                else:
                    _, p = leb(data, p + 1)
        elif section == 10:
            count, p = leb(data, start)
            for _ in range(count):
                length, p = leb(data, p)
                bodies.append(data[p:p + length])
                p += length
        elif section == 0:
            length, p = leb(data, start)
            if data[p:p + length] == b"name":
                p += length
                while p < end:
                    sub = data[p]
                    sub_size, p = leb(data, p + 1)
                    sub_end = p + sub_size
                    if sub == 1:
                        count, q = leb(data, p)
                        for _ in range(count):
                            index, q = leb(data, q)
                            length, q = leb(data, q)
                            names[index] = data[q:q + length].decode("utf-8", "replace")
                            q += length
                    p = sub_end
        at = end
    return [(names.get(imported + i, "?"), body) for i, body in enumerate(bodies)]


def group(name):
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    if "Stateful>::view" in name:
        return "views (components' html!)"
    if name.startswith("core::ptr::drop_in_place"):
        return "drop glue"
    if "{{vtable.shim}}" in name:
        return "closure call shims"
    ours = re.search(r"teams_collaborate::(\w+)(?:::(\w+))?", name)
    if ours:
        return "teams_collaborate::" + "::".join(p for p in ours.groups() if p)
    crate = re.match(r"<?(\w+)", name)
    return crate.group(1) if crate else name


def main():
    data = open(sys.argv[1], "rb").read()
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    stream = zlib.compressobj(9, zlib.DEFLATED, -15)
    groups = defaultdict(lambda: [0, 0, 0])
    each = []
    for name, body in functions(data):
        gz = len(stream.compress(body)) + len(stream.flush(zlib.Z_SYNC_FLUSH))
        g = groups[group(name)]
        g[0] += gz
        g[1] += len(body)
        g[2] += 1
        each.append((gz, len(body), name))
    print(f"{sum(g[0] for g in groups.values())} B gzipped of code in {len(each)} functions")
    print("gzipped    raw  count  group")
    for key, (gz, raw, count) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:rows]:
        print(f"{gz:7} {raw:7} {count:6}  {key}")
    print("\nlargest functions")
    for gz, raw, name in sorted(each, reverse=True)[:rows]:
        print(f"{gz:7} {raw:7}  {re.sub(r'::h[0-9a-f]{16}$', '', name)[:120]}")


if __name__ == "__main__":
    main()
