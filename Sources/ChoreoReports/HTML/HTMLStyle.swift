/// The report's colours and its inline style sheet (system fonts only: nothing fetched).
struct TeamColors {
    /// Tableau 20, dark shades first, so that up to ten teams get clearly distinct colours.
    private static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
        "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#f1ce63", "#86bcb6",
        "#ff9d9a", "#d37295", "#fabfd2", "#d4a6c8",
    ]

    /// Teams in the order their colours were given.
    private(set) var teams: [String] = []

    /// Colours for `teams`, given in order of first appearance.
    init(teams names: [String]) {
        for name in names where !teams.contains(name) { teams.append(name) }
    }

    /// The colour of `team` (grey for a team not listed).
    func color(of team: String?) -> String {
        guard let team, let index = teams.firstIndex(of: team) else { return "#8a8a8a" }
        return TeamColors.palette[index % TeamColors.palette.count]
    }
}

/// The inline style sheet: system fonts, no web fonts or images.
enum HTMLStyle {
    static let sheet = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; background: #fafafa; color: #1f2328;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
        main { max-width: 1240px; margin: 0 auto; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 6px; padding-top: 16px; border-top: 1px solid #ddd; }
        p.lead, p.note { color: #57606a; margin: 2px 0 10px; }
        .figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 16px 0 6px; }
        .figure { background: #fff; border: 1px solid #d8dee4; border-radius: 6px;
          padding: 8px 14px; min-width: 110px; }
        .figure .label { font-size: 12px; color: #57606a; }
        .figure .value { font-size: 20px; font-weight: 600; }
        .figure.wide .value { font-size: 14px; font-weight: 500; line-height: 1.9; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 8px 0; font-size: 13px; }
        .legend span { display: inline-flex; align-items: center; gap: 6px; }
        .swatch { display: inline-block; width: 14px; height: 12px; border-radius: 2px; }
        .swatch.light { opacity: 0.35; }
        .swatch.hatched { background: repeating-linear-gradient(45deg, #8c959f 0 1.5px,
          #fff 1.5px 4px); border: 1px solid #d8dee4; }
        .swatch.critical { background: #fff7d6; border: 2px solid #1f2328; }
        .swatch.bracket { height: 6px; border: 2px solid #6e7781; border-bottom: none;
          border-radius: 0; }
        svg { display: block; width: 100%; height: auto; background: #fff;
          border: 1px solid #d8dee4; border-radius: 6px; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
          fill: #1f2328; }
        table { border-collapse: collapse; background: #fff; border: 1px solid #d8dee4;
          font-size: 13px; margin: 6px 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid #eaeef2; text-align: left;
          white-space: nowrap; }
        th { background: #f3f5f7; font-weight: 600; }
        td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
        td.name { max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
        td.muted, span.muted { color: #6e7781; }
        tr.critical td.name { font-weight: 600; }
        .meter { display: inline-block; vertical-align: middle; width: 140px; height: 10px;
          background: #eaeef2; border-radius: 2px; position: relative; margin-right: 8px; }
        .meter > i { position: absolute; top: 0; bottom: 0; left: 0; background: #4e79a7;
          border-radius: 2px; }
        .meter.diverging::after { content: ""; position: absolute; left: 50%; top: -2px;
          bottom: -2px; border-left: 1px solid #57606a; }
        .meter.diverging > i.negative { left: auto; background: #59a14f; }
        .meter.diverging > i.positive { background: #e15759; }
        footer { margin-top: 36px; color: #6e7781; font-size: 12px; }
        """
}
