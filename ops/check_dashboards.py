#!/usr/bin/env python3
"""Check that every metric the Grafana dashboards (and the Prometheus rules)
query exists in real scrapes.

A dashboard that names a metric nobody exports shows "No data" forever and
nobody notices; this catches renamed or misspelt metrics before that.

    python3 ops/check_dashboards.py \
        --yass-metrics http://127.0.0.1:8081/metrics \
        --exporter-metrics node.prom mysqld.prom postgres.prom ...

* yass_* metrics are looked up in --yass-metrics (a URL or a file); without
  it they are listed as "not checked" and do not fail the run.
* every other metric is looked up in the --exporter-metrics files/URLs.
* names with a colon are recording rules: they must be defined by a
  `record:` in --rules (default ops/prometheus/rules).
* up, ALERTS, scrape_* are made by Prometheus itself and always accepted.

A metric counts as present when it appears in a `# TYPE`/`# HELP` line or
as a sample (a counter never incremented has no sample yet). Histogram
series (_bucket/_sum/_count) match their histogram's name.

Stdlib only. Exit status: 0 all present, 1 something missing, 2 usage.
"""
import argparse
import glob
import json
import os
import re
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))

# PromQL functions, aggregations and keywords: never metric names.
NOT_METRICS = set("""
abs absent absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min
count_over_time day_of_month day_of_week day_of_year days_in_month delta deriv exp
floor histogram_count histogram_fraction histogram_quantile histogram_stddev
histogram_stdvar histogram_sum holt_winters hour idelta increase irate label_join
label_replace last_over_time ln log10 log2 mad_over_time max_over_time min_over_time
minute month predict_linear present_over_time quantile_over_time rate resets round
scalar sgn sort sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time time
timestamp vector year acos acosh asin asinh atan atanh cos cosh deg pi rad sin sinh
tan tanh
sum min max avg group stddev stdvar count count_values bottomk topk quantile
by without on ignoring group_left group_right bool and or unless offset atop
inf nan label_values query_result metrics label_names
""".split())

# Series Prometheus makes itself (no exporter exposes them).
SYNTHETIC = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds",
             "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
             "scrape_series_added"}

IDENT = re.compile(r"(?<![\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)")


def metric_names(expr):
    """Metric names used in one PromQL expression (Grafana variables allowed)."""
    s = expr
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', s)  # strings
    s = re.sub(r"\$\{[^}]*\}|\$\w+", "1", s)                                 # $var, ${var}
    s = re.sub(r"\{[^}]*\}", "{}", s)                                        # label matchers
    s = re.sub(r"\[[^\]]*\]", "[]", s)                                       # ranges
    # label lists after by/without/on/ignoring/group_left/group_right
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", s)
    # label_values(metric, label) / label_values(label): keep the metric only
    s = re.sub(r"\blabel_values\s*\(\s*([^,()]*?)\s*,\s*\w+\s*\)", r"\1", s)
    s = re.sub(r"\blabel_values\s*\(\s*\w+\s*\)", " ", s)
    names = []
    for m in IDENT.finditer(s):
        name = m.group(1)
        rest = s[m.end():].lstrip()
        if name in NOT_METRICS or (rest.startswith("(") and ":" not in name):
            continue
        if re.fullmatch(r"\d.*|[eE]\d+", name):
            continue
        names.append(name)
    return names


def dashboard_queries(path):
    """(where, expr) for every panel target and templating query of a dashboard."""
    with open(path, encoding="utf-8") as f:
        dash = json.load(f)
    out = []

    def walk(panels):
        for p in panels:
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append((f"{os.path.basename(path)}: {p.get('title', '?')}", t["expr"]))
            walk(p.get("panels", []))

    walk(dash.get("panels", []))
    for v in dash.get("templating", {}).get("list", []):
        q = v.get("query")
        q = q.get("query") if isinstance(q, dict) else q
        if v.get("type") == "query" and q:
            out.append((f"{os.path.basename(path)}: variable ${v.get('name')}", q))
    return dash, out


def dashboard_problems(path, dash):
    """Structural checks Grafana would otherwise only show at import."""
    problems = []
    for key in ("uid", "title", "schemaVersion", "panels"):
        if key not in dash:
            problems.append(f"{path}: missing {key}")
    ids = []

    def walk(panels):
        for p in panels:
            ids.append(p.get("id"))
            ds = p.get("datasource")
            if p.get("type") != "row" and (not isinstance(ds, dict) or ds.get("uid") != "prometheus"):
                problems.append(f"{path}: panel '{p.get('title')}' does not use data source uid 'prometheus'")
            walk(p.get("panels", []))

    walk(dash.get("panels", []))
    if len(ids) != len(set(ids)):
        problems.append(f"{path}: duplicate panel ids")
    return problems


def rule_file_exprs(path):
    """(where, expr) of each rule and the set of recorded names, without a YAML library."""
    lines = open(path, encoding="utf-8").read().splitlines()
    exprs, records, current = [], set(), "?"
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"\s*-?\s*(record|alert):\s*(\S+)", line)
        if m:
            current = m.group(2)
            if m.group(1) == "record":
                records.add(current)
        m = re.match(r"^(\s*)expr:\s*(.*)$", line)
        if m:
            indent, value = len(m.group(1)), m.group(2).strip()
            if value in (">", ">-", "|", "|-", ""):
                body = []
                i += 1
                while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                    body.append(lines[i].strip())
                    i += 1
                value = " ".join(body)
                i -= 1
            elif value[:1] in "'\"":
                value = value[1:-1]
            exprs.append((f"{os.path.basename(path)}: {current}", value))
        i += 1
    return exprs, records


def read_scrape(src):
    if re.match(r"https?://", src):
        req = urllib.request.Request(src)
        token = os.environ.get("YASS_METRICS_TOKEN")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    with open(src, encoding="utf-8", errors="replace") as f:
        return f.read()


def scrape_names(text):
    names = set()
    for line in text.splitlines():
        m = re.match(r"#\s*(TYPE|HELP)\s+(\S+)(?:\s+(\S+))?", line)
        if m:
            name = m.group(2)
            names.add(name)
            if m.group(1) == "TYPE" and m.group(3) in ("histogram", "summary"):
                names.update({name + "_bucket", name + "_sum", name + "_count"})
            continue
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)[{\s]", line)
        if m:
            names.add(m.group(1))
    return names


def present(name, names):
    if name in names:
        return True
    base = re.sub(r"_(bucket|sum|count)$", "", name)
    return base != name and base in names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--yass-metrics", help="URL or file of a yass /metrics scrape (token: env YASS_METRICS_TOKEN)")
    ap.add_argument("--exporter-metrics", nargs="*", default=[], help="URLs or files of exporter scrapes")
    ap.add_argument("--dashboards", default=os.path.join(HERE, "grafana", "dashboards"))
    ap.add_argument("--rules", default=os.path.join(HERE, "prometheus", "rules"),
                    help="rules directory: recorded names, and rule expressions are checked too")
    args = ap.parse_args()

    uses = []  # (where, expr)
    problems = []
    dash_files = sorted(glob.glob(os.path.join(args.dashboards, "*.json")))
    if not dash_files:
        print(f"no dashboards in {args.dashboards}", file=sys.stderr)
        return 2
    for path in dash_files:
        try:
            dash, queries = dashboard_queries(path)
        except (OSError, ValueError) as e:
            problems.append(f"{path}: {e}")
            continue
        problems += dashboard_problems(os.path.basename(path), dash)
        uses += queries
    records = set()
    for path in sorted(glob.glob(os.path.join(args.rules, "*.yml"))):
        exprs, recs = rule_file_exprs(path)
        uses += exprs
        records |= recs

    try:
        yass_names = scrape_names(read_scrape(args.yass_metrics)) if args.yass_metrics else None
        exporter_names = set()
        for src in args.exporter_metrics:
            exporter_names |= scrape_names(read_scrape(src))
    except (OSError, ValueError) as e:
        print(f"cannot read a scrape: {e}", file=sys.stderr)
        return 2

    missing, unchecked, checked = {}, {}, set()
    for where, expr in uses:
        for name in metric_names(expr):
            if name in SYNTHETIC:
                continue
            if ":" in name:
                ok = name in records
            elif name.startswith("yass_"):
                if yass_names is None:
                    unchecked.setdefault(name, where)
                    continue
                # yass's own, or one its tools publish through an exporter
                # (the backup's time, via node exporter's textfile collector).
                ok = present(name, yass_names) or present(name, exporter_names)
            else:
                ok = present(name, exporter_names)
            checked.add(name)
            if not ok:
                missing.setdefault(name, []).append(where)

    for p in problems:
        print(f"PROBLEM {p}")
    for name in sorted(missing):
        print(f"MISSING {name}  (used by {'; '.join(sorted(set(missing[name]))[:3])})")
    if unchecked:
        print(f"not checked (no --yass-metrics): {len(unchecked)} yass metrics: {', '.join(sorted(unchecked))}")
    print(f"check_dashboards: {len(dash_files)} dashboards, {len(uses)} queries, "
          f"{len(checked) - len(missing)} metrics present, {len(missing)} missing, {len(problems)} problems")
    return 1 if missing or problems else 0


if __name__ == "__main__":
    sys.exit(main())
