// A job's page: header, progress, live estimates over server-sent events, the two charts (uPlot) and the paged
// realisations table with "rerun this seed".
"use strict";

(() => {
  const id = decodeURIComponent(location.pathname.split("/")[2] || "");
  const api = `/api/jobs/${encodeURIComponent(id)}`;
  const $ = name => document.getElementById(name);
  const pick = { observable: $("pick-observable"), species: $("pick-species"), component: $("pick-component") };
  const verdicts = new Map(); // seed -> rerun verdict, kept across table refreshes
  let choices = null, events = null, updates = 0, finished = false;
  let realPage = 1, realPages = 1;
  let momentsChart = null, seChart = null;

  function showProgress(p) {
    $("job-name").textContent = p.name ?? p.id;
    $("job-id").textContent = p.id;
    const status = $("job-status");
    status.textContent = p.status;
    status.className = `status ${p.status}`;
    $("job-source").textContent = p.live ? "live from its coordinator" : "from the database (last checkpoint)";
    $("progress-fill").style.width = `${(p.progress * 100).toFixed(2)}%`;
    const done = p.succeeded + p.failed;
    let text = `${done}/${p.total} done (${p.succeeded} succeeded, ${p.failed} failed, ${p.inFlight} in flight, ${p.retries} retries)`;
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

  function chartWidth(node) { return Math.max(320, node.clientWidth || 560); }

  function drawMoments(rows) {
    const sorted = [...rows].sort((a, b) => a.time - b.time);
    const data = [sorted.map(r => r.time), sorted.map(r => r.mean ?? null), sorted.map(r => r.ciLow ?? null), sorted.map(r => r.ciHigh ?? null)];
    const label = `${pick.observable.value} ${pick.component.value} of ${pick.species.value}`;
    $("moments-caption").textContent = `${label} over time with its 95% CI`;
    if (momentsChart) { momentsChart.setData(data); return; }
    const node = $("moments-chart");
    momentsChart = new uPlot({
      width: chartWidth(node), height: 260,
      scales: { x: { time: false } },
      axes: [{ label: "time t" }, { label: "estimate" }],
      series: [{ label: "t" },
        { label: "mean", stroke: "#2f7de1", width: 2, points: { show: true } },
        { label: "95% CI low", stroke: "rgba(47,125,225,0.5)", dash: [4, 4] },
        { label: "95% CI high", stroke: "rgba(47,125,225,0.5)", dash: [4, 4] }],
      bands: [{ series: [3, 2], fill: "rgba(47,125,225,0.15)" }],
    }, data, node);
  }

  function drawConvergence(convergence) {
    const points = (convergence ? convergence.points : []).filter(p => p.se && p.se > 0);
    $("se-empty").hidden = points.length >= 2;
    if (points.length < 2) return;
    $("se-caption").textContent =
      `Standard error of ${convergence.observable} ${convergence.component} of ${convergence.species} at t = ${convergence.time} against R`;
    const last = points[points.length - 1];
    const c = last.se * Math.sqrt(last.realisations);
    const data = [points.map(p => p.realisations), points.map(p => p.se), points.map(p => c / Math.sqrt(p.realisations))];
    if (seChart) { seChart.setData(data); return; }
    const node = $("se-chart");
    seChart = new uPlot({
      width: chartWidth(node), height: 260,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [{ label: "realisations R (log)" }, { label: "standard error (log)" }],
      series: [{ label: "R" },
        { label: "se of the estimate", stroke: "#d9480f", width: 2, points: { show: true } },
        { label: "reference ∝ R^-1/2", stroke: "#555", dash: [6, 4] }],
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
      drawConvergence(update.convergence);
      if (update.progress.finished) { events.close(); events = null; refreshRealisations(); }
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
      ensemble.showError($("job-error"), null);
    } catch (e) {
      ensemble.showError($("job-error"), e);
    }
  }

  async function start() {
    try {
      const detail = await ensemble.json(api);
      document.title = `Ensemble — ${detail.progress.name ?? detail.progress.id}`;
      showProgress(detail.progress);
      showSpec(detail.spec);
      drawConvergence(detail.convergence);
      choices = detail.choices;
      fill(pick.observable, choices.observables.map(o => o.name), "mean");
      fill(pick.species, choices.species, choices.species[0]);
      fillComponents();
      listen();
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
