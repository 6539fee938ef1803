#!/usr/bin/env python3
"""Turns one benchmark run (results.jsonl + meta.json, written by
scripts/bench.sh) into a Markdown report and an SVG chart.

Standard library only. Usage: report.py RUN_DIR OUT.md OUT.svg
"""

import json
import sys
from pathlib import Path


def load(run_dir):
    rows = [json.loads(l) for l in (run_dir / "results.jsonl").read_text().splitlines() if l.strip()]
    meta = json.loads((run_dir / "meta.json").read_text())
    return rows, meta


def rps(r):
    w = r["wrk"]
    return w["requests"] / (w["duration_us"] / 1e6) if w.get("duration_us") else 0.0


def errors(r):
    w = r["wrk"]
    return sum(w.get(k, 0) for k in ("connect", "read", "write", "status", "timeout"))


def ms(us):
    return us / 1000.0


def fmt_ms(us):
    v = ms(us)
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def line(r):
    w = r["wrk"]
    if not w:
        return f"| {r['name']} | {r['conns']} | failed | | | | | |"
    size = w["bytes"] / w["requests"] if w["requests"] else 0
    # The cold pass stops after N responses but wrk still waits out -d.
    rate = "n/a" if r["group"] == "cold" else f"{rps(r):,.0f}"
    c = cpu_us(r)
    cpu = f"{c:,.0f}" if c is not None else "–"
    return (
        f"| {r['name']} | {r['conns']} | {rate} | {fmt_ms(w['p50_us'])} | "
        f"{fmt_ms(w['p99_us'])} | {errors(r)} | {size:,.0f} | {cpu} |"
    )


def cpu_us(r):
    """Server CPU time (user + system) per request, microseconds."""
    w = r["wrk"]
    if r.get("cpu_s") is None or not w or not w.get("requests"):
        return None
    return r["cpu_s"] * 1e6 / w["requests"]


HEAD = (
    "| Request | Connections | Requests/s | p50 ms | p99 ms | Errors | Bytes/response | Server CPU µs/request |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def find(rows, group, name=None, conns=None):
    for r in rows:
        if r["group"] == group and (name is None or r["name"] == name) and (conns is None or r["conns"] == conns):
            return r
    return None


def svg_chart(rows, meta, out):
    series = [
        ("nginx, same bytes (static file)", "sweep-nginx", "#888888"),
        (f"yass {meta['home_label']}, one site", "sweep-yass", "#1f77b4"),
        (f"yass {meta['home_label']}, random site of {meta['sites']}", "sweep-yass-random", "#d62728"),
    ]
    conc = [1, 8, 64, 256]
    W, H = 900, 380
    pw, ph = 360, 250
    panels = [(70, "Throughput (requests/s)", lambda r: rps(r), False), (520, "p99 latency (ms, log scale)", lambda r: ms(r["wrk"]["p99_us"]), True)]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<text x="{W/2}" y="20" text-anchor="middle" font-size="14">yass on {meta["db"]} vs nginx, {meta["date"]} '
        f'(server on CPU 1, wrk on CPU 0)</text>',
    ]
    import math

    for x0, title, value, log in panels:
        y0 = 50
        data = {}
        for _, group, _ in series:
            pts = []
            for c in conc:
                r = find(rows, group, conns=c)
                if r and r["wrk"]:
                    pts.append((c, value(r)))
            data[group] = pts
        vals = [v for pts in data.values() for _, v in pts if v > 0]
        if not vals:
            continue
        if log:
            lo = 10 ** math.floor(math.log10(min(vals)))
            hi = 10 ** math.ceil(math.log10(max(vals)))
            if hi <= lo:
                hi = lo * 10

            def ypos(v, lo=lo, hi=hi):
                v = max(v, lo)
                return y0 + ph - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * ph

            ticks = []
            t = lo
            while t <= hi * 1.0001:
                ticks.append(t)
                t *= 10
        else:
            lo, hi = 0, max(vals) * 1.1

            def ypos(v, lo=lo, hi=hi):
                return y0 + ph - (v - lo) / (hi - lo) * ph

            step = 10 ** math.floor(math.log10(hi / 4)) if hi > 0 else 1
            while hi / step > 8:
                step *= 2
            ticks = [i * step for i in range(int(hi / step) + 1)]

        def xpos(c):
            return x0 + (conc.index(c) + 0.5) * pw / len(conc)

        parts.append(f'<text x="{x0 + pw/2}" y="{y0 - 8}" text-anchor="middle">{title}</text>')
        parts.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>')
        for t in ticks:
            y = ypos(t)
            label = f"{t:g}" if t < 1000 else f"{t:,.0f}"
            parts.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
            parts.append(f'<text x="{x0 - 5}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
        for c in conc:
            parts.append(f'<text x="{xpos(c):.1f}" y="{y0 + ph + 16}" text-anchor="middle">{c}</text>')
        parts.append(f'<text x="{x0 + pw/2}" y="{y0 + ph + 32}" text-anchor="middle">connections</text>')
        if not log and meta.get("p99_target_ms") is None:
            pass
        for _, group, color in series:
            pts = data[group]
            if not pts:
                continue
            path = " ".join(f"{xpos(c):.1f},{ypos(v):.1f}" for c, v in pts)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            for c, v in pts:
                parts.append(f'<circle cx="{xpos(c):.1f}" cy="{ypos(v):.1f}" r="3" fill="{color}"/>')
        if log:
            y = ypos(10)
            if y0 <= y <= y0 + ph:
                parts.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#2ca02c" stroke-dasharray="4 3"/>')
                parts.append(f'<text x="{x0 + pw - 4}" y="{y - 4:.1f}" text-anchor="end" fill="#2ca02c">10 ms target</text>')
    ly = H - 40
    lx = 70
    for label, _, color in series:
        parts.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{lx + 30}" y="{ly + 4}">{label}</text>')
        lx += 60 + 7 * len(label)
    parts.append("</svg>")
    out.write_text("\n".join(parts) + "\n")


def main():
    run_dir, out_md, out_svg = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    rows, meta = load(run_dir)
    svg_chart(rows, meta, out_svg)
    home = meta["home_label"]
    L = []
    L.append(f"# yass load benchmark: {meta['db']}, {meta['date']}\n")
    L.append(f"Command: `{meta['command']}` (commit `{meta['commit']}`).\n")
    L.append(
        f"Machine: {meta['cpus']} CPUs ({meta['cpu_model']}), {meta['mem']}. "
        "The server under test (yass, and nginx in its turn) is pinned to CPU 1 with "
        "`taskset -c 1`, the load tool (wrk 4, one thread) to CPU 0 with `taskset -c 0`; "
        "the database server is not pinned and shares both CPUs. "
        f"Each measurement runs {meta['duration']} s after a {meta['warmup']} s warm-up. "
        "Errors = socket errors + HTTP status >= 400. "
        f"Load average (1, 5, 15 min) before the run: {meta.get('load_start', '?')}, after: "
        f"{meta.get('load_end', '?')} — anything above ~2 means other work shared the CPUs.\n"
    )
    L.append(
        f"Data: {meta['sites']} sites × {meta['news']} news items (seed {meta['seed']}, anchor {meta['anchor']}), "
        f"plus one site each with {meta['sizes']} items for the scaling run; "
        f"{meta['gen']}.\n"
    )
    if meta.get("home_note"):
        L.append(f"**Note:** {meta['home_note']}\n")
    L.append(f"## Side by side ({meta['main_conns']} connections)\n")
    L.append(HEAD)
    for r in rows:
        if r["group"] == "main":
            L.append(line(r))
    L.append("")
    n64 = find(rows, "main", name="nginx: same JSON as a static file")
    y64 = find(rows, "main", name=f"{home}, one site")
    if n64 and y64 and n64["wrk"] and y64["wrk"]:
        L.append(f"yass/nginx throughput ratio at {meta['main_conns']} connections: **{rps(y64) / rps(n64):.0%}**.")
        cy, cn = cpu_us(y64), cpu_us(n64)
        if cy and cn:
            L.append(
                f"Server CPU per request: yass {cy:,.0f} µs, nginx {cn:,.0f} µs — at equal CPU yass would "
                f"serve **{cn / cy:.0%}** of nginx's rate (this ratio does not depend on what else runs on the machine)."
            )
        L.append("")
    public = [r for r in rows if r["group"] == "public"]
    if public:
        L.append(f"## Every anonymous public read, warm, next to nginx serving the same bytes ({meta['main_conns']} connections)\n")
        L.append(
            "| Read | yass req/s | p99 ms | server CPU µs/req | nginx req/s | nginx p99 ms | nginx CPU µs/req "
            "| yass/nginx (req/s) | nginx/yass (CPU) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        )
        for r in public:
            n = find(rows, "public-nginx", name=r["name"])
            if not (r["wrk"] and n and n["wrk"]):
                continue
            cy, cn = cpu_us(r), cpu_us(n)
            L.append(
                f"| {r['name']} | {rps(r):,.0f} | {fmt_ms(r['wrk']['p99_us'])} | {cy or 0:,.0f} "
                f"| {rps(n):,.0f} | {fmt_ms(n['wrk']['p99_us'])} | {cn or 0:,.0f} "
                f"| {rps(r) / rps(n):.0%} | {(cn / cy if cy and cn else 0):.0%} |"
            )
        L.append("")
    mixed = [r for r in rows if r["group"] in ("mixed", "typhoon")]
    if mixed:
        L.append("## Mixed workload and the typhoon morning\n")
        L.append(HEAD)
        for r in mixed:
            L.append(line(r))
        L.append("")
        seen = find(rows, "typhoon-seen")
        if seen and seen.get("seen"):
            s = seen["seen"]
            L.append(
                f"A platform admin published a city-wide announcement at the start of the typhoon row; "
                f"it was in the homepage of {s.get('seen')} of {s.get('sampled')} sampled schools, the last "
                f"**{s.get('max_ms')} ms** after it was published (the server's own bound is "
                "`YASS_SITE_CACHE_MS`, 1 s; browsers and nginx may add the response's `max-age` on top).\n"
            )
    L.append("## Uncached: the first request for each site after a cold start\n")
    L.append(
        f"The server is started afresh (empty in-process cache), then wrk asks for "
        f"site 1, 2, … {meta['sites']} in turn over {meta['cold_conns']} connections and stops after "
        f"{meta['sites']} responses: every counted request is the first for its site in this process. "
        "First with nothing stored (`yass invalidate-caches` before the start: each request builds the "
        "response from the database), then again after a restart, when each request finds the snapshot "
        "the first pass stored in the database (a restart of the same build), then as a new build "
        "starts (nothing stored for it): each instance builds every homepage ahead, before it "
        "answers `/healthz` (`YASS_PREBUILD_HOMEPAGES`; off for the first two rows).\n"
    )
    L.append(HEAD)
    for r in rows:
        if r["group"] == "cold":
            L.append(line(r))
    L.append("")
    for r in rows:
        if r["group"] == "cold-ready":
            L.append(f"{r['name']}: {r['ms']:,} ms.\n")
    L.append("## Concurrency sweep\n")
    L.append(f"![throughput and p99 against concurrency]({out_svg.name})\n")
    L.append(HEAD)
    for g in ("sweep-yass", "sweep-yass-random", "sweep-nginx"):
        for r in rows:
            if r["group"] == g:
                L.append(line(r))
    L.append("")
    L.append("| Connections | yass/nginx (one site) | yass/nginx (random site) |\n|---:|---:|---:|")
    for c in (1, 8, 64, 256):
        n = find(rows, "sweep-nginx", conns=c)
        a = find(rows, "sweep-yass", conns=c)
        b = find(rows, "sweep-yass-random", conns=c)
        if n and n["wrk"] and rps(n):
            ra = f"{rps(a) / rps(n):.0%}" if a and a["wrk"] else "–"
            rb = f"{rps(b) / rps(n):.0%}" if b and b["wrk"] else "–"
            L.append(f"| {c} | {ra} | {rb} |")
    L.append("")
    L.append("## Scaling: one site with 100, 10,000 and 100,000 news items\n")
    L.append(HEAD)
    for r in rows:
        if r["group"] == "scale":
            L.append(line(r))
    L.append("")
    sizes = [int(s) for s in str(meta["sizes"]).split(",") if s]
    if len(sizes) >= 2:
        small, big = sizes[0], sizes[-1]
        L.append(
            f"| Request | p50 at {big:,} ÷ p50 at {small:,} | req/s at {small:,} ÷ req/s at {big:,} "
            f"| server CPU/request at {big:,} ÷ at {small:,} |\n|---|---:|---:|---:|"
        )
        for kind in (f"{home}", "news list page 1", "news list deep page"):
            a = find(rows, "scale", name=f"{kind}, {small:,} items")
            b = find(rows, "scale", name=f"{kind}, {big:,} items")
            if a and b and a["wrk"] and b["wrk"] and rps(b):
                # wrk records no latency when every request timed out (> 5 s).
                p50 = (
                    f"{b['wrk']['p50_us'] / max(a['wrk']['p50_us'], 1):.2f}"
                    if b["wrk"]["p50_us"] and a["wrk"]["p50_us"]
                    else "requests timed out (> 5 s)"
                )
                ca, cb = cpu_us(a), cpu_us(b)
                cpu = f"{cb / ca:.1f}" if ca and cb else "–"
                L.append(f"| {kind} | {p50} | {rps(a) / rps(b):.2f} | {cpu} |")
        first = [r for r in rows if r["group"] == "scale-first"]
        if first:
            L.append("")
            L.append("First (uncached) homepage request per scaling site, one connection (curl):\n")
            L.append("| Site | Time ms | Status |\n|---|---:|---:|")
            for r in first:
                L.append(f"| {r['name']} | {r['ms']:.1f} | {r['status']} |")
        L.append("")
    L.append("## Login (argon2id, meant to be slow)\n")
    L.append(HEAD)
    for r in rows:
        if r["group"] == "login":
            L.append(line(r))
    L.append("")
    writes = [r for r in rows if r["group"] == "write"]
    if writes:
        L.append("## Writes (each also stores a version and an audit entry)\n")
        L.append(HEAD)
        for r in writes:
            L.append(line(r))
        L.append("")
    L.append("## Memory\n")
    L.append(
        f"yass peak resident memory (VmHWM) over the whole run, {meta['sites'] + len(sizes)} sites loaded: "
        f"**{meta['rss_peak_mb']:.1f} MB** (VmRSS at the end: {meta['rss_end_mb']:.1f} MB).\n"
    )
    if meta.get("rss_steps"):
        L.append("| Phase | Peak so far (VmHWM) MB | Resident now (VmRSS) MB |\n|---|---:|---:|")
        for label, hwm, rss in meta["rss_steps"]:
            L.append(f"| {label} | {hwm / 1024:.1f} | {rss / 1024:.1f} |")
        L.append("")
    L.append("## Targets (issue 7)\n")
    L.append("| Target | Measured | Met |\n|---|---|---|")
    if y64 and n64 and y64["wrk"] and n64["wrk"]:
        ratio = rps(y64) / rps(n64)
        L.append(f"| {home} (cached) ≥ 50% of nginx at {meta['main_conns']} connections | {ratio:.0%} | {'yes' if ratio >= 0.5 else 'no'} |")
        cy, cn = cpu_us(y64), cpu_us(n64)
        if cy and cn:
            L.append(f"| … the same by server CPU per request | {cn / cy:.0%} | {'yes' if cn / cy >= 0.5 else 'no'} |")
        p99 = ms(y64["wrk"]["p99_us"])
        L.append(f"| {home} (cached) p99 < 10 ms at {meta['main_conns']} connections | {p99:.2f} ms | {'yes' if p99 < 10 else 'no'} |")
        L.append(f"| {home} (cached) 0 errors | {errors(y64)} | {'yes' if errors(y64) == 0 else 'no'} |")
    for cold in (r for r in rows if r["group"] == "cold" and r["wrk"]):
        what = cold["name"].split(", first request per site, ", 1)[-1]
        if cpu_us(cold):
            L.append(f"| … server CPU per uncached {home} ({what}) | {cpu_us(cold) / 1000:.2f} ms | |")
        p99 = ms(cold["wrk"]["p99_us"])
        L.append(
            f"| Uncached {home} ({what}) p99 < 50 ms at {meta['cold_conns']} connections | {p99:.1f} ms | "
            f"{'yes' if p99 < 50 else 'no'} |"
        )
    L.append(f"| Peak RSS < 100 MB with {meta['sites']} sites | {meta['rss_peak_mb']:.1f} MB | {'yes' if meta['rss_peak_mb'] < 100 else 'no'} |")
    steps = meta.get("rss_steps") or []
    # Runs before 2026-11-27 09:10 measured login last; later ones measure it
    # after the sweep.
    names = [s[0] for s in steps]
    mark = "after the concurrency sweep" if names.index("after the login runs") > names.index(
        "after the concurrency sweep"
    ) and names.index("after the login runs") < len(names) - 1 else "after the scaling runs"
    before_login = [s for s in steps if s[0] == mark] if "after the login runs" in names else []
    if before_login:
        mb = before_login[0][1] / 1024
        L.append(f"| … peak before the login runs (argon2 allocates 19 MiB per hash in flight) | {mb:.1f} MB | {'yes' if mb < 100 else 'no'} |")
    L.append("")
    out_md.write_text("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
