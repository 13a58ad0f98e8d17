// A job's page: header, progress (with the stop rule's ETA), live estimates over server-sent events, the two charts (uPlot),
// the density at an output time against the PDE limit (uPlot in 1D, heat maps on canvases in 2D: job-heatmap.js), the
// particles-vs-limit table, downloads, and the paged realisations table with "rerun this seed".
"use strict";

(() => {
  const id = decodeURIComponent(location.pathname.split("/")[2] || "");
  const api = `/api/jobs/${encodeURIComponent(id)}`;
  const $ = name => document.getElementById(name);
  const pick = { observable: $("pick-observable"), species: $("pick-species"), component: $("pick-component") };
  const verdicts = new Map(); // seed -> rerun verdict, kept across table refreshes
  let choices = null, events = null, updates = 0, finished = false;
  let realPage = 1, realPages = 1;
  let momentsChart = null, seChart = null, wasFinished = false, spec = null, limitViewsAt = performance.now();

  function showProgress(p) {
    $("job-name").textContent = p.name ?? p.id;
    $("job-id").textContent = p.id;
    const status = $("job-status");
    status.textContent = p.status;
    status.className = `status ${p.status}`;
    $("job-source").textContent = p.live ? "live from its coordinator" : "from the database (last checkpoint)";
    $("progress-fill").style.width = `${(p.progress * 100).toFixed(2)}%`;
    const done = p.succeeded + p.failed;
    const held = p.awaitingCollection > 0 ? ` (${p.awaitingCollection} computed, awaiting collection)` : "";
    let text = `${done}/${p.total} done (${p.succeeded} succeeded, ${p.failed} failed, ${p.inFlight} in flight${held}, ${p.retries} retries)`;
    text += ` · ${ensemble.number(p.throughput, 3)} realisations/s`;
    if (!p.finished) text += ` · ETA ${ensemble.duration(p.etaSeconds)}`;
    if (p.stoppedAt) text += ` · stopped early at R' = ${p.stoppedAt}`;
    $("progress-text").textContent = text;
    ensemble.showError($("job-message"), p.message ?? null);
    finished = p.finished;
  }

  function showSpec(spec) {
    const items = [
      ["model", `${spec.model}, d = ${spec.dimension}`],
      ["species", spec.species.map(s => `${s.name} (N = ${s.particles})`).join(", ")],
      ["R", spec.realisations], ["master seed", spec.masterSeed], ["dt", spec.dt], ["T", spec.horizon],
      ["steps", spec.steps], ["output times", (spec.outputTimes ?? [spec.horizon]).join(", ")], ["code version", spec.codeVersion],
    ];
    items[items.length - 1][0] = "served by code version"; // the job records none of its own: this is the server's
    $("job-spec").replaceChildren(...items.flatMap(([k, v]) => [ensemble.el("dt", k), ensemble.el("dd", v)]));
  }

  function fill(select, values, preferred) {
    const keep = select.value || preferred;
    select.replaceChildren(...values.map(v => { const o = ensemble.el("option", v); o.value = v; return o; }));
    if (values.includes(keep)) select.value = keep;
  }

  function fillComponents() {
    const observable = choices.observables.find(o => o.name === pick.observable.value) ?? choices.observables[0];
    fill(pick.component, observable ? observable.components : [], "x");
  }

  function showEstimates(estimates) {
    $("estimates-note").textContent = estimates.partial
      ? `partial: ${estimates.realisations} realisations folded in so far` : `final: ${estimates.realisations} realisations`;
    document.querySelector("#estimates tbody").replaceChildren(...estimates.rows.map(r => {
      const tr = ensemble.row([r.observable, r.species, ensemble.number(r.time, 4), r.component, r.count, ensemble.number(r.mean),
        ensemble.number(r.se), r.ciLow === undefined ? "–" : `[${ensemble.number(r.ciLow)}, ${ensemble.number(r.ciHigh)}]`]);
      tr.className = "estimate";
      return tr;
    }));
    drawMoments(estimates.rows);
  }

  function showStop(convergence) {
    const stop = convergence ? convergence.stop : null;
    const node = $("stop-text");
    node.hidden = !stop;
    if (!stop) return;
    const target = ensemble.number(stop.targetSe ?? null, 3);
    if (stop.reached) {
      const where = stop.stoppedAt ? ` at R' = ${stop.stoppedAt}` : stop.atRealisations ? ` at R = ${stop.atRealisations}` : "";
      node.textContent = `target se ${target} reached${where}`;
    } else if (stop.currentSe === undefined) {
      node.textContent = `stop rule: target se ${target}; no se yet to extrapolate from`;
    } else {
      node.textContent = `stop rule: se ${ensemble.number(stop.currentSe, 3)} at R = ${stop.atRealisations}, target ${target}` +
        ` · needs R' ≈ ${stop.neededRealisations}${stop.capped ? " (capped at the job's R: the target may not be reached)" : ""}` +
        (finished ? "" : ` · ETA to the target ${ensemble.duration(stop.etaSeconds ?? null)}`) + " (extrapolating se ∝ R^-1/2)";
    }
  }

  function chartWidth(node) { return Math.max(320, node.clientWidth || 560); }

  function drawMoments(rows) {
    const sorted = [...rows].sort((a, b) => a.time - b.time);
    // The sample sd across realisations, sd = se·√R: how far one realisation strays, not how well the mean is known.
    const sd = r => (r.se === undefined || r.mean === undefined) ? null : r.se * Math.sqrt(r.count);
    // Drawn in series order: the wide spread band first, the CI band over it, the mean on top.
    const data = [sorted.map(r => r.time), sorted.map(r => sd(r) === null ? null : r.mean - sd(r)), sorted.map(r => sd(r) === null ? null : r.mean + sd(r)),
      sorted.map(r => r.ciLow ?? null), sorted.map(r => r.ciHigh ?? null), sorted.map(r => r.mean ?? null)];
    const label = `${pick.observable.value} ${pick.component.value} of ${pick.species.value}`;
    $("moments-caption").textContent = `${label} over time: 95% CI of the mean and the spread of single realisations`;
    if (momentsChart) { momentsChart.setData(data); return; }
    const node = $("moments-chart");
    momentsChart = new uPlot({
      width: chartWidth(node), height: 260,
      scales: { x: { time: false } },
      // Enough digits that ticks 0.0015 and 0.002 do not both read 0.002.
      axes: [{ label: "time t", values: (u, splits) => splits.map(v => Number(v.toPrecision(4)).toString()) }, { label: "estimate" }],
      series: [{ label: "t" },
        { label: "spread of single realisations (± 1 sd), low", stroke: "rgb(200,110,0)", dash: [5, 4], width: 1 },
        { label: "+1 sd", stroke: "rgb(200,110,0)", dash: [5, 4], width: 1 },
        { label: "95% CI of the mean, low", stroke: "rgba(47,125,225,0.6)", width: 1 },
        { label: "high", stroke: "rgba(47,125,225,0.6)", width: 1 },
        { label: "mean", stroke: "#2f7de1", width: 2, points: { show: true } }],
      bands: [{ series: [2, 1], fill: "rgba(230,140,20,0.14)" }, { series: [4, 3], fill: "rgba(47,125,225,0.35)" }],
      legend: { live: false },
    }, data, node);
  }

  // The se of the picked estimate (at its last output time) each time more realisations folded in, as this page saw them: any
  // estimate's se against R, beside the coordinator's record of one estimate over seed-ordered prefixes. Reset on a new pick.
  let pickedTrace = { key: "", points: [] };

  function tracePicked(rows) {
    const last = rows.reduce((a, r) => (a === null || r.time > a.time ? r : a), null);
    if (!last || !(last.se > 0)) return;
    const key = `${last.observable}|${last.species}|${last.component}|${last.time}`;
    if (pickedTrace.key !== key) pickedTrace = { key, label: `${last.observable} ${last.component} of ${last.species} at t = ${last.time}`, points: [] };
    const points = pickedTrace.points;
    if (points.length === 0 || last.count > points[points.length - 1].realisations) points.push({ realisations: last.count, se: last.se });
  }

  function drawConvergence(convergence) {
    const record = (convergence ? convergence.points : []).filter(p => p.se && p.se > 0);
    const recordKey = convergence ? `${convergence.observable}|${convergence.species}|${convergence.component}|${convergence.time}` : null;
    const picked = pickedTrace.key && pickedTrace.key !== recordKey ? pickedTrace.points : [];
    $("se-empty").hidden = record.length >= 2 || picked.length >= 2;
    if (record.length < 2 && picked.length < 2) return;
    const recordLabel = convergence ? `${convergence.observable} ${convergence.component} of ${convergence.species} at t = ${convergence.time}` : "";
    $("se-caption").textContent = "Standard error against R: " + [record.length >= 2 ? recordLabel : null,
      picked.length >= 2 ? pickedTrace.label : null].filter(x => x).join(" and ");
    // One x axis for both series (uPlot's layout): the union of their R, each series null where it has no point.
    const xs = [...new Set([...record, ...picked].map(p => p.realisations))].sort((a, b) => a - b);
    const at = points => { const m = new Map(points.map(p => [p.realisations, p.se])); return xs.map(x => m.get(x) ?? null); };
    const anchor = record.length >= 2 ? record[record.length - 1] : picked[picked.length - 1];
    const c = anchor.se * Math.sqrt(anchor.realisations);
    const data = [xs, at(record), at(picked), xs.map(x => c / Math.sqrt(x))];
    if (seChart) { seChart.setData(data); return; }
    const node = $("se-chart");
    seChart = new uPlot({
      width: chartWidth(node), height: 260,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [{ label: "realisations R (log)" }, { label: "standard error (log)" }],
      series: [{ label: "R" },
        { label: "coordinator's record (first R seeds)", stroke: "#d9480f", width: 2, points: { show: true }, spanGaps: true },
        { label: "picked estimate, as folded in", stroke: "#2f7de1", width: 2, points: { show: true }, spanGaps: true },
        { label: "reference ∝ R^-1/2", stroke: "#555", dash: [6, 4] }],
      legend: { live: false },
    }, data, node);
  }

  function listen() {
    if (events) events.close();
    if (!choices || choices.observables.length === 0) return;
    const query = new URLSearchParams({ observable: pick.observable.value, species: pick.species.value, component: pick.component.value });
    events = new EventSource(`${api}/events?${query}`);
    events.addEventListener("update", message => {
      const update = JSON.parse(message.data);
      updates++;
      document.body.dataset.updates = String(updates);
      (window.ensembleUpdateTimes ??= []).push(performance.now()); // when each update reached the page (the tests read it)
      showProgress(update.progress);
      showEstimates(update.estimates);
      tracePicked(update.estimates.rows);
      drawConvergence(update.convergence);
      showStop(update.convergence);
      if (update.progress.finished) { events.close(); events = null; refreshRealisations(); if (!wasFinished) refreshLimitViews(); }
      // The density and the errors against the limit follow the job as it runs too, every 5 s (each is a larger read than an update).
      else if (performance.now() - limitViewsAt > 5000) { limitViewsAt = performance.now(); refreshLimitViews(); }
      wasFinished = update.progress.finished;
    });
    events.onerror = () => { if (finished && events) { events.close(); events = null; } };
  }

  function token() { return $("token").value.trim(); }

  async function rerun(seed, cell, button) {
    button.disabled = true;
    cell.replaceChildren(ensemble.el("span", "rerunning…", "verdict"));
    const headers = token() ? { Authorization: `Bearer ${token()}` } : {};
    try {
      const answer = await ensemble.json(`${api}/realisations/${seed}/rerun`, { method: "POST", headers });
      verdicts.set(seed, answer);
      showVerdict(cell, answer);
    } catch (e) {
      cell.replaceChildren(ensemble.el("span", e.message, "error"));
    } finally {
      button.disabled = false;
    }
  }

  function showVerdict(cell, answer) {
    const span = ensemble.el("span", answer.verdict, `verdict ${answer.verdict}`);
    span.title = answer.explanation;
    cell.replaceChildren(span);
  }

  async function refreshRealisations() {
    try {
      const page = await ensemble.json(`${api}/realisations?page=${realPage}&size=20`);
      realPages = page.pages;
      $("real-page").textContent = `page ${page.page} of ${page.pages} (${page.total} seeds)`;
      document.querySelector("#realisations tbody").replaceChildren(...page.items.map(r => {
        const verdict = ensemble.el("span");
        const button = ensemble.el("button", "rerun this seed");
        button.type = "button";
        button.disabled = r.status === "pending";
        const wrap = ensemble.el("span");
        wrap.append(button, " ", verdict);
        button.addEventListener("click", () => rerun(r.seed, verdict, button));
        if (verdicts.has(r.seed)) showVerdict(verdict, verdicts.get(r.seed));
        const tr = ensemble.row([r.seed, r.status, r.attempts, r.silo ?? "–", r.milliseconds === undefined ? "–" : `${r.milliseconds.toFixed(0)} ms`,
          r.checksum ?? "–", r.failureReason ?? "", wrap]);
        tr.dataset.seed = String(r.seed);
        return tr;
      }));
      // A coordinator keeps no silo or duration per seed; they reach the page from the database's saved records, when there is one.
      const unknown = page.items.some(r => r.status !== "pending" && r.silo === undefined);
      $("real-note").hidden = !unknown;
      $("real-note").textContent = unknown ? "silo and duration “–”: not known for these seeds. A coordinator keeps only state, attempts and " +
        "checksum per seed; where and how long a seed ran is kept in the database, saved with each checkpoint (none for a job without PostgreSQL)." : "";
      ensemble.showError($("job-error"), null);
    } catch (e) {
      ensemble.showError($("job-error"), e);
    }
  }

  function showDownloads() {
    $("download-csv").href = `${api}/estimates.csv`;
    $("download-json").href = `${api}/estimates.json`;
    $("download-report").href = `${api}/report.zip`;
  }

  // ---- density at an output time and the particles-vs-limit table ----
  const densityPick = { time: $("pick-time"), species: $("pick-density-species"), equation: $("pick-equation") };
  let densityChart = null, lastDensity = null;

  function prepareLimitViews() {
    const times = choices.times.map(t => String(t));
    const hasDensity = !!spec.histogram;
    $("density-section").hidden = !hasDensity;
    $("errors-section").hidden = !spec.hasLimit;
    if (!hasDensity && !spec.hasLimit) return;
    fill(densityPick.time, times, times[times.length - 1]);
    fill(densityPick.species, choices.species.filter(s => s !== "all"), null);
    refreshLimitViews();
  }

  function refreshLimitViews() {
    if (!spec || !choices) return;
    if (spec.histogram) loadDensity();
    if (spec.hasLimit) loadErrors();
  }

  async function loadDensity() {
    const query = new URLSearchParams({ time: densityPick.time.value, species: densityPick.species.value });
    try {
      const d = await ensemble.json(`${api}/density?${query}`);
      lastDensity = d;
      drawDensity(d);
      ensemble.showError($("density-error"), null);
    } catch (e) {
      ensemble.showError($("density-error"), e);
    }
  }

  function drawDensity(d) {
    $("density-note").textContent = `t = ${ensemble.number(d.time, 4)}, species ${d.species}, over R = ${d.count} realisations`;
    const equations = d.pde.map(p => p.equation);
    $("pick-equation-label").hidden = d.dimension !== 2 || equations.length < 2;
    if (d.dimension === 2) fill(densityPick.equation, equations, equations[0]);
    densityChart?.destroy();
    densityChart = null;
    $("density-chart").replaceChildren();
    $("density-maps").replaceChildren();
    $("density-chart").hidden = d.dimension !== 1;
    $("density-maps").hidden = d.dimension !== 2;
    if (d.dimension === 1) drawDensity1D(d);
    else if (d.dimension === 2) ensembleHeatMaps.draw($("density-maps"), d, d.pde.find(p => p.equation === densityPick.equation.value) ?? null);
    else $("density-caption").textContent = `d = ${d.dimension}: no density view (the CSV has every bin)`;
    document.body.dataset.density = `${d.dimension}d`;
  }

  const pdeColours = ["#111111", "#b3261e", "#7048e8"];

  function drawDensity1D(d) {
    const tables = [[d.centres[0], d.mean, d.ciLow, d.ciHigh]];
    const pdes = d.pde.filter(p => p.x && p.density);
    for (const p of pdes) tables.push([p.x, p.density]);
    const data = uPlot.join(tables);
    const series = [{ label: "x" },
      { label: `${d.species}: ensemble-averaged histogram`, stroke: "#2f7de1", width: 2, spanGaps: true, points: { show: false } },
      { label: "95% CI low", stroke: "rgba(47,125,225,0.5)", width: 1, spanGaps: true },
      { label: "95% CI high", stroke: "rgba(47,125,225,0.5)", width: 1, spanGaps: true },
      ...pdes.map((p, i) => ({ label: `${p.equation} PDE density`, stroke: pdeColours[i % pdeColours.length], width: 2,
        dash: i === 0 ? [8, 5] : [2, 4], spanGaps: true, points: { show: false } }))];
    const node = $("density-chart");
    densityChart = new uPlot({
      width: Math.max(480, node.clientWidth || 900), height: 320,
      scales: { x: { time: false, range: [d.lower[0], d.upper[0]] } },
      axes: [{ label: "x" }, { label: "density ρ(x)" }],
      series,
      legend: { live: false }, // names only: the values under the cursor would be "--" most of the time
      bands: [{ series: [3, 2], fill: "rgba(47,125,225,0.2)" }],
    }, data, node);
    $("density-caption").textContent = pdes.length === 0
      ? "The job has no PDE limit: the ensemble-averaged histogram and its 95% CI (shaded) alone."
      : "Solid: the ensemble-averaged histogram (bin means), shaded its 95% CI; dashed/dotted: each PDE equation's cell averages on its own grid.";
  }

  async function loadErrors() {
    try {
      const c = await ensemble.json(`${api}/limit-comparison?time=${encodeURIComponent(densityPick.time.value)}`);
      showErrors(c);
    } catch (e) {
      $("errors-empty").hidden = false;
      $("errors-empty").textContent = e.message;
    }
  }

  function interval(low, high) { return low === undefined ? "–" : `[${ensemble.number(low)}, ${ensemble.number(high)}]`; }

  function showErrors(c) {
    const empty = $("errors-empty");
    if (!c.hasLimit) {
      empty.hidden = false;
      empty.textContent = c.failure ? `no limit: ${c.failure}` : "the job has no solved limit";
      return;
    }
    $("errors-note").textContent = `t = ${ensemble.number(c.time, 4)}; weak error = particles − nonlocal PDE`;
    const head = ["species", "quantity", "particles", "95% CI", ...c.equations.map(e => `${e} PDE`), "weak error (nonlocal)", "95% CI"];
    document.querySelector("#limit-moments thead tr").replaceChildren(...head.map(h => ensemble.el("th", h)));
    document.querySelector("#limit-moments tbody").replaceChildren(...c.moments.map(m => ensemble.row([m.species, m.quantity,
      ensemble.number(m.particles), interval(m.ciLow, m.ciHigh), ...m.pde.map(v => ensemble.number(v)), ensemble.number(m.weakError),
      interval(m.weakErrorLow, m.weakErrorHigh)])));
    document.querySelector("#limit-distances tbody").replaceChildren(...c.distances.map(r => ensemble.row([r.observable, r.species, r.component,
      r.count, ensemble.number(r.mean), ensemble.number(r.se), interval(r.ciLow, r.ciHigh)])));
    empty.hidden = c.moments.length > 0 || c.distances.length > 0;
    empty.textContent = "no particle moments at this time";
  }

  densityPick.time.addEventListener("change", refreshLimitViews);
  densityPick.species.addEventListener("change", () => { if (spec?.histogram) loadDensity(); });
  densityPick.equation.addEventListener("change", () => { if (lastDensity) drawDensity(lastDensity); });

  async function start() {
    try {
      const detail = await ensemble.json(api);
      document.title = `Ensemble — ${detail.progress.name ?? detail.progress.id}`;
      showProgress(detail.progress);
      showSpec(detail.spec);
      spec = detail.spec;
      wasFinished = detail.progress.finished;
      drawConvergence(detail.convergence);
      showStop(detail.convergence);
      showDownloads();
      choices = detail.choices;
      fill(pick.observable, choices.observables.map(o => o.name), "mean");
      fill(pick.species, choices.species, choices.species[0]);
      fillComponents();
      listen();
      prepareLimitViews();
    } catch (e) {
      $("job-name").textContent = id;
      ensemble.showError($("job-error"), e);
    }
    refreshRealisations();
    setInterval(() => { if (!finished) refreshRealisations(); }, 2000);
  }

  pick.observable.addEventListener("change", () => { fillComponents(); momentsChart?.destroy(); momentsChart = null; listen(); });
  pick.species.addEventListener("change", () => { momentsChart?.destroy(); momentsChart = null; listen(); });
  pick.component.addEventListener("change", () => { momentsChart?.destroy(); momentsChart = null; listen(); });
  $("token").addEventListener("change", () => {
    document.cookie = `ensemble_dashboard_token=${encodeURIComponent(token())}; path=/; SameSite=Strict`;
  });
  $("real-prev").addEventListener("click", () => { if (realPage > 1) { realPage--; refreshRealisations(); } });
  $("real-next").addEventListener("click", () => { if (realPage < realPages) { realPage++; refreshRealisations(); } });
  start();
})();
