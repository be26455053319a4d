"""One HTML page (plus PNGs) describing every kernel of a fitted MotifInspector."""

import html
from pathlib import Path

import numpy as np

from skseq.utils import progress


def _save(disp, path):
    disp.figure_.savefig(path, dpi=80)
    if disp.figure_.canvas.manager is not None:  # a pyplot figure: release it
        import matplotlib.pyplot as plt

        plt.close(disp.figure_)
    return path.name


def _panels(n, size):
    """``n`` Axes, one below the other, on a plain Figure with fixed margins.

    The report draws about three figures per kernel: outside pyplot and without a layout
    engine (constrained layout took half of the report's time), each is drawn once, when it
    is saved.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size[0], size[1] * n), dpi=80)
    axes = fig.subplots(n, 1, squeeze=False)[:, 0]
    fig.subplots_adjust(
        left=0.8 / size[0],
        right=1 - 0.25 / size[0],
        bottom=0.55 / (size[1] * n),
        top=1 - 0.45 / (size[1] * n),
        hspace=0.55,
    )
    return axes


def _matches_table(matches, kernel):
    if matches is None:
        return (
            "<p class='note'>No comparison with known motifs (pass "
            "<code>matches=inspector.match(...)</code> to <code>report()</code>).</p>"
        )
    rows = matches[matches["kernel"] == kernel]
    if rows.empty:
        return "<p class='note'>No match computed (the kernel has no sites).</p>"
    cells = "".join(
        f"<tr><td>{html.escape(r.target_id)}</td><td>{html.escape(str(r.target_name))}</td>"
        f"<td>{r.p_value:.2e}</td><td>{r.e_value:.2e}</td><td>{r.q_value:.2e}</td>"
        f"<td>{r.orientation}</td></tr>"
        for r in rows.itertuples()
    )
    return (
        "<table><tr><th>id</th><th>name</th><th>p</th><th>E</th><th>q</th>"
        f"<th>strand</th></tr>{cells}</table>"
    )


def _check_matches(matches, n_kernels):
    if matches is None:
        return None
    missing = {"kernel", "target_id", "target_name", "p_value"} - set(
        getattr(matches, "columns", [])
    )
    if missing:
        raise ValueError(
            f"matches must be the DataFrame MotifInspector.match() returns; it lacks the "
            f"columns {sorted(missing)}"
        )
    bad = sorted(set(matches["kernel"].tolist()) - set(range(n_kernels)))
    if bad:
        raise ValueError(f"matches name kernels {bad}, but the layer has {n_kernels} kernels")
    return matches


def _draw_kernel(k, plots, out):
    """Draw and save one kernel's Displays; returns the file names (runs in a worker too)."""
    names = []
    for suffix, disp, n_panels, size in plots:
        disp.plot(ax=_panels(n_panels, size))
        names.append(_save(disp, out / f"kernel_{k}_{suffix}.png"))
    return names


def _kernel_plots(inspector, k):
    """One kernel's Displays, not drawn yet: (file suffix, display, panels, panel size)."""
    from skseq.plotting import (
        ClassEnrichmentDisplay,
        MotifLogoDisplay,
        PositionEnrichmentDisplay,
        TrackProfileDisplay,
    )

    logo = MotifLogoDisplay._numbers(inspector, k)
    plots = [
        ("logo", logo, len(logo.motifs), (6, 2.3)),
        ("positions", PositionEnrichmentDisplay._numbers(inspector, k), 2, (6, 2.2)),
        ("classes", ClassEnrichmentDisplay._numbers(inspector, k), 1, (4, 3)),
    ]
    if inspector.track_groups_ and inspector.n_sites_[k] > 0:
        plots.append(("tracks", TrackProfileDisplay._numbers(inspector, k), 1, (5, 2.5)))
    return plots


def _same_motif(groups, k):
    """The sentence naming the other kernels of kernel ``k``'s group ("" when alone)."""
    if groups is None:
        return ""
    row = groups[groups["kernel"] == k].iloc[0]
    others = [
        f"{m}{' (reverse complement)' if o == '-' else ''}"
        for m, o in zip(row["kernels"][1:], row["orientations"][1:])
    ]
    if not others:
        return ""
    return (
        f"<p>The same motif is read by kernel{'s' if len(others) > 1 else ''} "
        f"{html.escape(', '.join(others))} (TomTom); it is shown once.</p>"
    )


def _modisco_section(result, out):
    """The TF-MoDISco motifs: a logo each and a table (motif, seqlets, match, kernel)."""
    from skseq.plotting import MotifLogoDisplay

    if result is None:
        return ""
    if not result.motifs:
        return "<section><h2>Motifs from attributions (TF-MoDISco)</h2><p>None found.</p></section>"
    table = result.table.set_index("motif")
    parts = []
    for name, ppm in result.motifs.items():
        row = table.loc[name]
        disp = MotifLogoDisplay({"sequence": ppm}, title=f"{name}: {row['n_seqlets']} seqlets")
        disp.plot(ax=_panels(1, (5, 2.2)))
        image = _save(disp, out / f"modisco_{name}.png")
        facts = [f"{int(row['n_seqlets'])} seqlets", f"consensus <code>{row['consensus']}</code>"]
        if "best_match" in row and isinstance(row["best_match"], str):
            facts.append(
                f"best match {html.escape(row['best_match'])} (p {row['match_p_value']:.2e})"
            )
        if "kernel" in row and row["kernel"] == row["kernel"]:
            facts.append(f"closest kernel {int(row['kernel'])} (p {row['kernel_p_value']:.2e})")
        parts.append(
            f"<div class='imgs'><img src='{image}' alt='{name}'></div>"
            f"<p>{html.escape(name)} ({'raises' if row['sign'] == '+' else 'lowers'} the "
            f"output): {' &middot; '.join(facts)}</p>"
        )
    return (
        "<section><h2>Motifs from attributions (TF-MoDISco)</h2>"
        "<p class='note'>Seqlets of high attribution clustered by modisco-lite; compare "
        f"them with the kernel motifs below.</p>{''.join(parts)}</section>"
    )


def write_report(
    inspector, path, *, top=None, matches=None, n_jobs=None, groups=None, modisco=None
):
    """Write ``index.html`` and one PNG per plot into the folder ``path``.

    Kernels are ranked by ``importance_``; each gets its logo(s), position enrichment, class
    enrichment, track profile (when tracks are present) and best matches (when ``matches``,
    the table :meth:`MotifInspector.match` returns, is given). The page starts with the
    clustered activation heatmap.

    With ``modisco`` (what :meth:`MotifInspector.modisco` returns) the motifs TF-MoDISco
    found in the attributions come first, with their matches and closest kernels.

    With ``groups`` (the table :meth:`MotifInspector.kernel_groups` returns), each group
    of kernels reading one motif gets one section, its representative's, naming the others.

    With ``n_jobs`` the kernels' figures are drawn in that many processes (joblib); only
    the numbers to draw travel to them, never the network. A progress bar counts the kernels
    drawn (with the inspector's ``verbose``, see :func:`skseq.utils.progress`).

    Returns
    -------
    pathlib.Path
        The path of ``index.html``.
    """
    from joblib import Parallel, delayed

    from skseq.plotting import ActivationHeatmapDisplay

    matches = _check_matches(matches, len(inspector.motifs_))
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    order = np.argsort(-np.asarray(inspector.importance_), kind="stable")
    if groups is not None:  # one section per motif: its most important kernel's
        order = np.asarray(groups["kernel"], dtype=int)
    if top is not None:
        order = order[:top]
    heatmap = _save(
        ActivationHeatmapDisplay.from_inspector(inspector), out / "activation_heatmap.png"
    )
    order = [int(k) for k in order]
    jobs = (delayed(_draw_kernel)(k, _kernel_plots(inspector, k), out) for k in order)
    drawn = list(
        progress(
            Parallel(n_jobs=n_jobs, return_as="generator")(jobs),
            total=len(order),
            desc="motif report",
            unit="kernel",
            verbose=inspector.verbose,
        )
    )
    sections = []
    for rank, (k, images) in enumerate(zip(order, drawn), start=1):
        imgs = "".join(f"<img src='{name}' alt='{name}'>" for name in images)
        sections.append(
            f"<section><h2>#{rank}: kernel {k}</h2>"
            f"<p>importance {inspector.importance_[k]:.4g} &middot; "
            f"{int(inspector.n_sites_[k])} sites &middot; threshold "
            f"{inspector.thresholds_[k]:.3g} &middot; consensus "
            f"<code>{html.escape(inspector.consensus_[k] or 'none (no sites)')}</code></p>"
            f"{_same_motif(groups, k)}<div class='imgs'>{imgs}</div>"
            f"{_matches_table(matches, k)}</section>"
        )
    counts = np.bincount(inspector.sample_groups_, minlength=len(inspector.groups_))
    groups = ", ".join(
        f"{html.escape(str(g))}: {int(count)}" for g, count in zip(inspector.groups_, counts)
    )
    missing = [html.escape(str(g)) for g, count in zip(inspector.groups_, counts) if count == 0]
    note = (
        f"<p class='note'><b>No sequence of class {', '.join(missing)} was inspected</b>: its "
        "plots are empty. Inspect a sample that holds every class.</p>"
        if missing
        else ""
    )
    dedup = (
        f"; kernels reading one motif share a section ({len(order)} shown)"
        if groups is not None
        else ""
    )
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>skseq motif report</title>
<style>
body {{ font-family: sans-serif; max-width: 1200px; margin: auto; }}
section {{ border-top: 1px solid #ccc; padding: 0.5em 0; }}
.imgs img {{ max-height: 260px; margin: 4px; vertical-align: top; }}
table {{ border-collapse: collapse; font-size: small; }}
td, th {{ border: 1px solid #ddd; padding: 2px 6px; }}
.note {{ color: #666; font-size: small; }}
</style></head><body>
<h1>What the first-layer kernels learned</h1>
<p>Layer <code>{html.escape(inspector.layer_name_)}</code>, {len(inspector.motifs_)} kernels,
{len(inspector.sample_groups_)} sequences ({groups}). Threshold rule
<code>{html.escape(str(inspector.threshold))}</code>; importance
<code>{html.escape(inspector.importance)}</code>. Kernels ranked by importance{dedup}.</p>
{note}
{_modisco_section(modisco, out)}
<img src="{heatmap}" alt="activation heatmap" style="max-width: 100%">
{"".join(sections)}
</body></html>
"""
    index = out / "index.html"
    index.write_text(page)
    return index
