// A study's page: header, one progress bar over all its points, the grid table (each point's job, status, R and fitted
// estimates) and per fitted estimate and grid axis one log-log chart (uPlot) of the estimate against the parameter with
// 95% CI whiskers and the fitted line; live over server-sent events until the study finishes.
"use strict";

(() => {
  const id = decodeURIComponent(location.pathname.split("/")[2] || "");
  const api = `/api/studies/${encodeURIComponent(id)}`;
  const $ = name => document.getElementById(name);
  const charts = new Map(); // "fit/rate" -> { data, plot, slope }
  let events = null, updates = 0, finished = false, columnsFor = "";

  function showProgress(p) {
    $("study-id").textContent = p.id;
    const status = $("study-status");
    status.textContent = p.status;
    status.className = `status ${p.status}`;
    $("study-source").textContent = p.live ? "live from its study grain" : "from the database (each point's last checkpoint)";
    $("progress-fill").style.width = `${(p.progress * 100).toFixed(2)}%`;
    let text = `${p.pointsFinished}/${p.points} points finished · ${p.succeeded + p.failed}/${p.total} realisations done`;
    text += ` (${p.succeeded} succeeded, ${p.failed} failed)`;
    if (!p.finished) text += ` · ${ensemble.number(p.throughput, 3)} realisations/s · ETA ${ensemble.duration(p.etaSeconds)}`;
    text += ` · started ${ensemble.time(p.startedAt)}`;
    if (p.finishedAt) text += ` · finished ${ensemble.time(p.finishedAt)}`;
    $("progress-text").textContent = text;
    ensemble.showError($("study-message"), p.message ?? null);
    finished = p.finished;
  }

  function showSpec(spec) {
    const items = [
      ["model", `${spec.model}, d = ${spec.dimension}`], ["R per point", spec.realisations], ["master seed", spec.seed],
      ["dt", spec.dt], ["T", spec.horizon],
      ...spec.grid.map(a => [`grid: ${a.parameter}`, a.values.map(v => ensemble.number(v, 6)).join(", ")]),
    ];
    $("study-spec").replaceChildren(...items.flatMap(([k, v]) => [ensemble.el("dt", k), ensemble.el("dd", v)]));
  }

  function parameterNames(points) {
    const names = [];
    for (const p of points) for (const v of p.parameters) if (!names.includes(v.name)) names.push(v.name);
    return names;
  }

  function valueOf(point, name) {
    const v = point.parameters.find(x => x.name === name);
    return v ? v.value : null;
  }

  function progressCell(point) {
    const wrap = ensemble.el("span");
    const bar = ensemble.el("span", null, "mini bar");
    const fill = ensemble.el("span", null, "fill");
    fill.style.display = "block";
    fill.style.width = `${(point.progress * 100).toFixed(1)}%`;
    bar.appendChild(fill);
    wrap.append(bar, `${point.succeeded + point.failed}/${point.total}`);
    return wrap;
  }

  function showPoints(study) {
    const names = parameterNames(study.points);
    const header = ["point", ...names.map(n => {
      const tied = study.points.some(p => p.parameters.some(v => v.name === n && v.tied));
      return tied ? `${n} (tied)` : n;
    }), "job", "status", "progress", "R", ...study.fits.map(f => `${f.label} ± se`)];
    const signature = header.join("\n");
    if (signature !== columnsFor) {
      document.querySelector("#points thead tr").replaceChildren(...header.map(h => ensemble.el("th", h)));
      columnsFor = signature;
    }
    document.querySelector("#points tbody").replaceChildren(...study.points.map(p => {
      const link = ensemble.el("a", p.jobId);
      link.href = `/jobs/${encodeURIComponent(p.jobId)}`;
      const estimates = study.fits.map(f => {
        const e = f.estimates.find(x => x.index === p.index);
        return e && e.value !== undefined ? `${ensemble.number(e.value, 4)} ± ${ensemble.number(e.se, 2)}` : "–";
      });
      const tr = ensemble.row([p.index, ...names.map(n => ensemble.number(valueOf(p, n), 6)), link,
        ensemble.el("span", p.status, `status ${p.status}`), progressCell(p), p.realisations, ...estimates]);
      tr.dataset.point = String(p.index);
      for (let k = 0; k < estimates.length; k++) tr.children[tr.children.length - 1 - k].className = "estimate";
      return tr;
    }));
  }

  // |estimate| and its CI on a log axis: a bound at or below zero has no place there (the whisker then runs to the axis).
  function magnitude(e) {
    if (!e || e.value === undefined || e.value === 0) return [null, null, null];
    const sign = e.value > 0 ? 1 : -1;
    const lo = e.ciLow === undefined ? null : sign > 0 ? e.ciLow : -e.ciHigh;
    const hi = e.ciHigh === undefined ? null : sign > 0 ? e.ciHigh : -e.ciLow;
    return [Math.abs(e.value), lo !== null && lo > 0 ? lo : null, hi !== null && hi > 0 ? hi : null];
  }

  // The points that share the rate's fixed values, in the order of its parameter: x, |estimate|, its CI, and the fitted line
  // ln|estimate| = intercept + slope ln x at each x (a straight line on log-log axes).
  function rateData(study, fit, rate) {
    const group = study.points
      .filter(p => rate.fixed.every(x => valueOf(p, x.name) === x.value) && valueOf(p, rate.against) !== null)
      .sort((a, b) => valueOf(a, rate.against) - valueOf(b, rate.against));
    const data = { xs: [], ys: [], lows: [], highs: [], line: [] };
    for (const p of group) {
      const x = valueOf(p, rate.against);
      const [y, lo, hi] = magnitude(fit.estimates.find(e => e.index === p.index));
      data.xs.push(x); data.ys.push(y); data.lows.push(lo); data.highs.push(hi);
      data.line.push(rate.slope !== undefined && rate.intercept !== undefined ? Math.exp(rate.intercept + rate.slope * Math.log(x)) : null);
    }
    return data;
  }

  // Ticks on a log axis at 1, 2, 3, 5 (and 7) times a power of ten inside [min, max]; the ends themselves when fewer than two fit.
  function logSplits(min, max) {
    const ticks = [];
    for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++)
      for (const m of [1, 2, 3, 5, 7]) { const v = m * 10 ** k; if (v >= min && v <= max) ticks.push(v); }
    const sparse = ticks.filter(v => [1, 2, 5].some(m => Math.abs(v / 10 ** Math.floor(Math.log10(v)) - m) < 1e-9));
    if (ticks.length > 8) return sparse;
    return ticks.length >= 2 ? ticks : [min, max];
  }

  function extent(values) {
    const finite = values.filter(v => v !== null && v > 0);
    return finite.length ? [Math.min(...finite), Math.max(...finite)] : [0.1, 1];
  }

  function slopeText(rate) {
    if (rate.slope === undefined) return rate.explanation;
    const interval = `slope ${ensemble.number(rate.slope, 3)} ± ${ensemble.number(rate.slopeSe, 2)}, `
      + `95% CI [${ensemble.number(rate.lower95, 3)}, ${ensemble.number(rate.upper95, 3)}] over ${rate.points} points`;
    return rate.verdict === "meaningful" ? interval : `${interval}: ${rate.explanation.replace(/^.*is not a rate: /, "not a rate: ")}`;
  }

  // The CI of each point as a vertical whisker with caps, drawn on uPlot's canvas after the series; a bound that has no place
  // on the log axis (the CI reaches zero) runs the whisker to the plot's edge.
  function whiskers(chart) {
    return {
      hooks: {
        draw: [u => {
          const { xs, ys, lows, highs } = chart.data;
          const ctx = u.ctx, r = devicePixelRatio, bottom = u.bbox.top + u.bbox.height, top = u.bbox.top;
          ctx.save();
          ctx.setLineDash([]);
          ctx.strokeStyle = "#2f7de1";
          ctx.lineWidth = 1.5 * r;
          for (let i = 0; i < xs.length; i++) {
            if (ys[i] === null) continue;
            const x = u.valToPos(xs[i], "x", true);
            const hi = highs[i] === null ? top : u.valToPos(highs[i], "y", true);
            const lo = lows[i] === null ? bottom : u.valToPos(lows[i], "y", true);
            ctx.beginPath();
            ctx.moveTo(x, hi); ctx.lineTo(x, lo);
            if (highs[i] !== null) { ctx.moveTo(x - 5 * r, hi); ctx.lineTo(x + 5 * r, hi); }
            if (lows[i] !== null) { ctx.moveTo(x - 5 * r, lo); ctx.lineTo(x + 5 * r, lo); }
            ctx.stroke();
          }
          ctx.restore();
        }],
      },
    };
  }

  // One block per fitted estimate: its name, then a chart per grid axis (and per value of the other axis).
  function fitGroup(f, fit) {
    let group = $(`fit-${f}`);
    if (group) return group.querySelector(".charts");
    group = ensemble.el("div", null, "fit");
    group.id = `fit-${f}`;
    const charts = ensemble.el("div", null, "charts");
    group.append(ensemble.el("h3", fit.label), charts);
    $("fits").appendChild(group);
    return charts;
  }

  function chartWidth(node) { return Math.max(320, node.clientWidth || 560); }

  function showFits(study) {
    $("fits-empty").hidden = study.fits.length > 0;
    // A one-axis grid gives each fit one chart: the fits side by side, rather than each alone on a row.
    $("fits").classList.toggle("side-by-side", study.fits.every(f => f.rates.length <= 1));
    study.fits.forEach((fit, f) => fit.rates.forEach((rate, k) => {
      const key = `${f}/${k}`;
      const data = rateData(study, fit, rate);
      let chart = charts.get(key); // { data, plot, slope }
      if (!chart) {
        const figure = ensemble.el("figure");
        figure.id = `fit-${f}-${k}`;
        figure.dataset.observable = fit.observable;
        const against = rate.fixed.length ? `${rate.against} at ${rate.fixed.map(x => `${x.name} = ${ensemble.number(x.value, 6)}`).join(", ")}`
          : rate.against;
        figure.appendChild(ensemble.el("figcaption", `|${fit.observable}| against ${against}`));
        const node = ensemble.el("div", null, "chart");
        const slope = ensemble.el("p", null, "slope");
        figure.append(node, slope);
        fitGroup(f, fit).appendChild(figure);
        chart = { data, slope };
        // The ranges come from the points and their whiskers (not only the plotted series), padded on the log scale.
        const xRange = () => { const [lo, hi] = extent(chart.data.xs); return [lo / 1.3, hi * 1.3]; };
        const yRange = () => {
          const [lo, hi] = extent([...chart.data.ys, ...chart.data.lows, ...chart.data.highs, ...chart.data.line]);
          return [lo / 1.3, hi * 1.3];
        };
        const label = v => ensemble.number(v, 3);
        const every = (u, splits) => splits; // uPlot's log axes would label only some of the ticks asked for
        chart.plot = new uPlot({
          width: chartWidth(node), height: 280,
          legend: { live: false },
          scales: { x: { time: false, distr: 3, range: xRange }, y: { distr: 3, range: yRange } },
          axes: [
            { label: `${rate.against} (log)`, splits: () => chart.data.xs, filter: every, values: (u, splits) => splits.map(v => label(v)) },
            { label: `|${fit.observable}| (log)`, size: 60, splits: (u, i, min, max) => logSplits(min, max), filter: every,
              values: (u, splits) => splits.map(v => label(v)) }],
          series: [{ label: rate.against },
            { label: "|estimate| with its 95% CI", stroke: "#2f7de1", paths: () => null, points: { show: true, size: 8, fill: "#2f7de1" } },
            { label: "fitted line", stroke: "#d9480f", width: 2, dash: [6, 4], points: { show: false } }],
          plugins: [whiskers(chart)],
        }, [data.xs, data.ys, data.line], node);
        charts.set(key, chart);
      } else {
        chart.data = data;
        chart.plot.setData([data.xs, data.ys, data.line]);
      }
      chart.slope.textContent = slopeText(rate);
      chart.slope.className = `slope ${rate.verdict}`;
    }));
  }

  function show(study) {
    showProgress(study.progress);
    showPoints(study);
    showFits(study);
  }

  function listen() {
    events = new EventSource(`${api}/events`);
    events.addEventListener("update", message => {
      updates++;
      document.body.dataset.updates = String(updates);
      const study = JSON.parse(message.data);
      show(study);
      if (study.progress.finished) { events.close(); events = null; }
    });
    events.onerror = () => { if (finished && events) { events.close(); events = null; } };
  }

  async function start() {
    try {
      const detail = await ensemble.json(api);
      document.title = `Ensemble — study ${detail.study.progress.id}`;
      showSpec(detail.spec);
      show(detail.study);
      if (!detail.study.progress.finished) listen();
      else document.body.dataset.updates = "0";
      ensemble.showError($("study-error"), null);
    } catch (e) {
      $("study-id").textContent = id;
      ensemble.showError($("study-error"), e);
    }
  }

  start();
})();
