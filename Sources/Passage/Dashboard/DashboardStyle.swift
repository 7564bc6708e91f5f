/// The page's only style sheet, inline: system fonts (no font is fetched),
/// one column that reads from 360 px to 1440 px, tables that scroll
/// sideways on a phone, and a print layout for A4.
enum DashboardStyle {
    static let css: StaticString = """
    :root{color-scheme:light;--ink:#1f1f1f;--muted:#5c5c5c;--rule:#d9d9d9;--paper:#ffffff;--ground:#f6f5f1}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
    body{margin:0;background:var(--ground);color:var(--ink);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
    main{max-width:1180px;margin:0 auto;padding:24px 20px 48px}
    header h1{font-size:28px;line-height:1.2;margin:0 0 4px}
    header p{margin:0;color:var(--muted)}
    .notice{margin-top:12px;padding:10px 14px;border-left:4px solid #E69F00;background:var(--paper)}
    section{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:18px 20px;margin-top:20px}
    h2{font-size:20px;margin:0 0 2px}
    h3{font-size:16px;margin:18px 0 6px}
    .lead{margin:0 0 12px;color:var(--muted)}
    .source{margin:2px 0 12px;font-size:13px;color:var(--muted)}
    code{font:13px ui-monospace,"DejaVu Sans Mono",monospace;background:var(--ground);padding:1px 4px;border-radius:3px}
    .figures{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-top:20px}
    .figure{background:var(--paper);border:1px solid var(--rule);border-radius:6px;padding:12px 14px}
    .figure .value{display:block;font-size:30px;font-weight:650;line-height:1.15;font-variant-numeric:tabular-nums}
    .figure .label{display:block;font-size:14px;color:var(--muted)}
    .figure.alert .value{color:#b34700}
    .chart{display:block;overflow:visible;margin:4px 0 8px}
    .chart text{font-size:13px;fill:var(--ink)}
    .chart .bar-value{font-variant-numeric:tabular-nums;fill:var(--muted)}
    .chart .tick{fill:var(--muted);font-size:12px;paint-order:stroke;stroke:var(--paper);stroke-width:3px;stroke-linejoin:round}
    .chart .col-value{font-size:12px;font-weight:600}
    .chart .grid{stroke:var(--rule);stroke-width:1}
    .chart .axis{stroke:#8c8c8c;stroke-width:1}
    .legend{list-style:none;margin:0 0 6px;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:14px;color:var(--muted)}
    .legend svg{vertical-align:-1px}
    .table-wrap{overflow-x:auto;margin-top:8px}
    table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
    caption{text-align:left;font-size:14px;color:var(--muted);padding:0 0 4px}
    th,td{padding:5px 8px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
    thead th{font-weight:600;border-bottom:2px solid #8c8c8c;vertical-align:bottom}
    td.n,th.n{text-align:right}
    td.n{white-space:nowrap}
    td.time{white-space:nowrap}
    td.code{font:12px ui-monospace,"DejaVu Sans Mono",monospace;white-space:nowrap}
    tbody th{font-weight:500;min-width:10em}
    tbody th .name{display:block}
    tbody th .id{display:block;font:12px ui-monospace,"DejaVu Sans Mono",monospace;color:var(--muted)}
    .pair{display:grid;grid-template-columns:minmax(0,1fr);gap:8px}
    .map{display:block;max-width:100%;height:auto;border:1px solid var(--rule);border-radius:4px}
    .map .map-ground{fill:#fbfaf7}
    .map .route{stroke:#0072B2;stroke-opacity:.55;stroke-linecap:round}
    .map .route.unused{stroke:#8c8c8c;stroke-dasharray:4 4}
    .map .muster-point{fill:#E69F00;stroke:#1f1f1f;stroke-width:1.5}
    .map .gate{fill:#1f1f1f}
    .map .place-key{display:none;font-weight:700;fill:var(--ink);paint-order:stroke;stroke:#fbfaf7;stroke-width:4px}
    .map .route-value{font-size:12px;font-weight:700;fill:#004d7a;paint-order:stroke;stroke:#fbfaf7;stroke-width:4px}
    .map .scale{stroke:#1f1f1f;stroke-width:2}
    .map .place-name{font-size:13px;font-weight:600;fill:var(--ink);paint-order:stroke;stroke:#fbfaf7;stroke-width:3px}
    .map .place-detail{font-size:12px;fill:var(--muted);paint-order:stroke;stroke:#fbfaf7;stroke-width:3px}
    .unplaced{margin:8px 0 0;padding-left:20px}
    footer{margin-top:24px;font-size:13px;color:var(--muted)}
    @media (max-width:760px){
      main{padding:16px 12px 32px}
      .figures{grid-template-columns:repeat(2,minmax(0,1fr))}
      section{padding:14px 12px}
      .map .place-name,.map .place-detail{display:none}
      .map .place-key{display:inline;font-size:26px}
      .map .scale-words,.map .north{display:inline;font-size:24px}
      .map .route-value{font-size:24px}
    }
    @media (min-width:900px){.pair{grid-template-columns:1fr 1fr;gap:24px}}
    @media print{
      @page{size:A4;margin:14mm 12mm}
      body{background:#fff;font-size:11pt}
      main{max-width:none;padding:0}
      *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
      section,.figure{border-color:#bbb;break-inside:avoid-page}
      section{padding:10px 0;border:0;border-top:1px solid #bbb;border-radius:0}
      .figures{grid-template-columns:repeat(4,minmax(0,1fr))}
      .table-wrap{overflow:visible}
      table{font-size:9pt}
      tr{break-inside:avoid}
      h2{break-after:avoid}
      .map .place-name,.map .place-detail{display:inline}
      .map .place-key{display:none}
      .map .route-value{font-size:12px}
      .map .scale-words,.map .north{font-size:12px}
    }
    """
}
