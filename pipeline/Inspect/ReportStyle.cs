namespace DataGen.Pipeline.Inspect;

/// <summary>The report's inline stylesheet (allowed by its CSP hash; no external fonts or images).</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #f6f7fa; --card: #fff; --toxic: #c62828; --viol: #f5c2c0; --marker: #a66b00; --cont: #1b7f3b; --bar: #3b6fb6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header { padding: 16px 24px; background: #1d2330; color: #fff; }
        header h1 { margin: 0 0 4px; font-size: 20px; }
        header .input { color: #c5cbd6; font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
        main { padding: 16px 24px 48px; max-width: 1280px; }
        h2 { font-size: 16px; margin: 24px 0 8px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
        .card .v { font-size: 20px; font-weight: 600; }
        .card .k { color: var(--muted); font-size: 12px; }
        table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
        figure.chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        figure.chart figcaption { font-weight: 600; margin-bottom: 4px; }
        svg .bar { fill: var(--bar); }
        svg .bar.toxic { fill: var(--toxic); }
        svg text { font-size: 11px; fill: var(--fg); }
        svg .value { fill: var(--muted); }
        .empty { color: var(--muted); font-style: italic; }
        .filters { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
        .filters input { width: 280px; padding: 4px 6px; }
        details.example { background: var(--card); border: 1px solid var(--line); border-radius: 6px; margin-bottom: 6px; }
        details.example > summary { cursor: pointer; padding: 6px 10px; font-family: ui-monospace, monospace; font-size: 13px; }
        details.example[open] > summary { border-bottom: 1px solid var(--line); }
        .tag { display: inline-block; padding: 0 6px; margin-left: 6px; border-radius: 3px; background: #e8ebf1; font-size: 12px; }
        .tag.violation, .tag.recover, .tag.backtrack { background: #fbe1e0; }
        .body { padding: 8px 12px; }
        .fields { color: var(--muted); font-size: 12px; margin-bottom: 6px; }
        .msg { margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
        .role { font-weight: 600; color: #2f5597; margin-right: 6px; }
        .response { white-space: pre-wrap; word-break: break-word; border-left: 3px solid var(--line); padding: 4px 8px; margin: 6px 0; }
        .seg-toxic { background: var(--toxic); color: #fff; border-radius: 2px; }
        .seg-violation { background: var(--viol); text-decoration: underline wavy var(--toxic); }
        .seg-remainder { color: var(--muted); }
        .seg-marker { color: var(--marker); font-weight: 700; }
        .seg-continuation { color: var(--cont); }
        .seg-rewind { color: var(--marker); font-weight: 700; padding: 0 2px; }
        .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
        .pair > div { border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; white-space: pre-wrap; word-break: break-word; }
        .pair .chosen { border-left: 4px solid var(--cont); }
        .pair .rejected { border-left: 4px solid var(--toxic); }
        .pair h4 { margin: 0 0 4px; font-size: 12px; color: var(--muted); }
        .legend span { margin-right: 10px; }
        .problems li { font-family: ui-monospace, monospace; font-size: 12px; }
        .ok { color: var(--cont); font-weight: 600; }
        .bad { color: var(--toxic); font-weight: 600; }
        """;
}
