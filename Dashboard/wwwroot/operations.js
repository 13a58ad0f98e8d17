// The operations page: /api/operations every 2 s (the server reads the cluster at most once a second for all pages),
// the silos and jobs tables, and a uPlot chart of the server's recent samples.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  let chart = null, updates = 0;

  function bytes(n) {
    if (n === null || n === undefined) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let i = 0, x = n;
    while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
    return `${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
  }

  const count = n => (n === null || n === undefined ? "–" : String(n));

  function siloRow(silo) {
    const memory = silo.memoryBytes === undefined ? "–"
      : silo.totalMemoryBytes ? `${bytes(silo.memoryBytes)} of ${bytes(silo.totalMemoryBytes)}` : bytes(silo.memoryBytes);
    const note = ensemble.el("span", silo.problem ?? (silo.overloaded ? "overloaded" : ""), silo.problem || silo.overloaded ? "error" : "muted");
    const name = ensemble.el("span", silo.name ?? "");
    if (silo.host) name.title = `host ${silo.host}`;
    const tr = ensemble.row([name, silo.address, ensemble.el("span", silo.status, `status silo-${silo.status}`), ensemble.time(silo.startedAt),
      count(silo.workers), count(silo.busyWorkers), count(silo.realisations),
      silo.cpuPercent === undefined ? "–" : `${silo.cpuPercent.toFixed(0)} %`, memory, count(silo.activations), note]);
    tr.dataset.silo = silo.address;
    tr.dataset.status = silo.status;
    return tr;
  }

  function jobRow(job) {
    const link = ensemble.el("a", job.id);
    link.href = `/jobs/${encodeURIComponent(job.id)}`;
    return ensemble.row([link, job.name ?? "", ensemble.el("span", job.status, `status ${job.status}`), String(job.inFlight),
      `${job.done}/${job.total}`, `${ensemble.number(job.throughput, 3)} /s`, job.coordinator ?? "–"]);
  }

  function summary(t) {
    const rate = t.throughput === null || t.throughput === undefined ? "–" : ensemble.number(t.throughput, 3);
    return `${t.activeSilos} active silo${t.activeSilos === 1 ? "" : "s"} · ${t.workers} workers, ${t.busyWorkers} busy · ` +
      `${t.realisations} realisations computing on the silos · ${t.runningJobs} job${t.runningJobs === 1 ? "" : "s"} running, ` +
      `${count(t.inFlight)} realisations in flight · ${rate} finished/s`;
  }

  function draw(history) {
    const data = [history.map(s => Date.parse(s.at) / 1000), history.map(s => s.realisations), history.map(s => s.inFlight ?? null),
      history.map(s => s.throughput ?? null)];
    if (chart) { chart.setData(data); return; }
    const node = $("ops-chart");
    chart = new uPlot({
      width: Math.max(480, node.clientWidth || 900), height: 280,
      // At least the last two minutes across, filling from the right: a page opened a moment ago shows no sub-second ticks.
      scales: {
        x: { time: true, range: (u, min, max) => [Math.min(min, max - 120), max] },
        rate: { range: (u, min, max) => [0, Math.max(1, (max ?? 0) * 1.1)] },
      },
      legend: { live: false },
      axes: [{ label: "time" }, { label: "realisations" }, { scale: "rate", side: 1, label: "finished per second", grid: { show: false } }],
      series: [{ label: "time" },
        { label: "computing on the silos", stroke: "#2f7de1", width: 2 },
        { label: "in flight over the jobs", stroke: "#7048e8", width: 2, dash: [6, 4] },
        { label: "throughput (finished/s)", stroke: "#d9480f", width: 2, scale: "rate" }],
    }, data, node);
  }

  async function refresh() {
    try {
      const ops = await ensemble.json("/api/operations");
      $("ops-summary").textContent = summary(ops.totals);
      $("ops-updated").textContent = `at ${ensemble.time(ops.at)}`;
      document.querySelector("#silos tbody").replaceChildren(...ops.silos.map(siloRow));
      document.querySelector("#ops-jobs tbody").replaceChildren(...ops.jobs.map(jobRow));
      $("ops-jobs-empty").hidden = ops.jobs.length > 0;
      $("ops-jobs-empty").textContent = ops.jobsProblem ?? "No job is running.";
      draw(ops.history);
      document.body.dataset.updates = String(++updates);
      ensemble.showError($("ops-error"), null);
    } catch (e) {
      ensemble.showError($("ops-error"), e);
    }
  }

  refresh();
  setInterval(refresh, 2000);
})();
