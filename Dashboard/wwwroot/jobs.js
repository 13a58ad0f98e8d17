// The jobs list and the studies list: each refreshed every 2 s, filtered by status, paged by the server.
"use strict";

(() => {
  const body = document.querySelector("#jobs tbody");
  const filter = document.getElementById("status-filter");
  const error = document.getElementById("jobs-error");
  let page = 1, pages = 1;

  function progressCell(job) {
    const wrap = ensemble.el("span");
    const bar = ensemble.el("span", null, "mini bar");
    const fill = ensemble.el("span", null, "fill");
    fill.style.display = "block";
    fill.style.width = `${(job.progress * 100).toFixed(1)}%`;
    bar.appendChild(fill);
    wrap.appendChild(bar);
    wrap.appendChild(document.createTextNode(`${job.succeeded + job.failed}/${job.total}`));
    return wrap;
  }

  async function refresh() {
    const query = new URLSearchParams({ page: String(page), size: "25" });
    if (filter.value) query.set("status", filter.value);
    try {
      const list = await ensemble.json(`/api/jobs?${query}`);
      pages = list.pages;
      body.replaceChildren(...list.items.map(job => {
        const link = ensemble.el("a", job.id);
        link.href = `/jobs/${encodeURIComponent(job.id)}`;
        return ensemble.row([link, job.name ?? "", job.model ?? "", ensemble.el("span", job.status, `status ${job.status}`), progressCell(job),
          `${ensemble.number(job.throughput, 3)} /s`, job.finished ? "–" : ensemble.duration(job.etaSeconds),
          ensemble.time(job.startedAt), ensemble.time(job.finishedAt)]);
      }));
      document.getElementById("jobs-count").textContent = `${list.total} job${list.total === 1 ? "" : "s"}`;
      document.getElementById("jobs-page").textContent = `page ${list.page} of ${list.pages}`;
      ensemble.showError(error, null);
    } catch (e) {
      if (page > 1 && String(e.message).startsWith("page")) { page = 1; return refresh(); }
      ensemble.showError(error, e);
    }
  }

  filter.addEventListener("change", () => { page = 1; refresh(); });
  document.getElementById("jobs-prev").addEventListener("click", () => { if (page > 1) { page--; refresh(); } });
  document.getElementById("jobs-next").addEventListener("click", () => { if (page < pages) { page++; refresh(); } });
  refresh();
  setInterval(refresh, 2000);
})();

(() => {
  const body = document.querySelector("#studies tbody");
  const filter = document.getElementById("study-status-filter");
  const error = document.getElementById("studies-error");
  let page = 1, pages = 1;

  function progressCell(study) {
    const wrap = ensemble.el("span");
    const bar = ensemble.el("span", null, "mini bar");
    const fill = ensemble.el("span", null, "fill");
    fill.style.display = "block";
    fill.style.width = `${(study.progress * 100).toFixed(1)}%`;
    bar.appendChild(fill);
    wrap.append(bar, `${study.succeeded + study.failed}/${study.total}`);
    return wrap;
  }

  async function refresh() {
    const query = new URLSearchParams({ page: String(page), size: "25" });
    if (filter.value) query.set("status", filter.value);
    try {
      const list = await ensemble.json(`/api/studies?${query}`);
      pages = list.pages;
      body.replaceChildren(...list.items.map(study => {
        const link = ensemble.el("a", study.id);
        link.href = `/studies/${encodeURIComponent(study.id)}`;
        const tr = ensemble.row([link, ensemble.el("span", study.status, `status ${study.status}`), `${study.pointsFinished}/${study.points}`,
          progressCell(study), study.finished ? "–" : `${ensemble.number(study.throughput, 3)} /s`,
          study.finished ? "–" : ensemble.duration(study.etaSeconds), ensemble.time(study.startedAt), ensemble.time(study.finishedAt)]);
        tr.dataset.study = study.id;
        return tr;
      }));
      document.getElementById("studies-count").textContent = `${list.total} stud${list.total === 1 ? "y" : "ies"}`;
      document.getElementById("studies-page").textContent = `page ${list.page} of ${list.pages}`;
      ensemble.showError(error, null);
    } catch (e) {
      if (page > 1 && String(e.message).startsWith("page")) { page = 1; return refresh(); }
      ensemble.showError(error, e);
    }
  }

  filter.addEventListener("change", () => { page = 1; refresh(); });
  document.getElementById("studies-prev").addEventListener("click", () => { if (page > 1) { page--; refresh(); } });
  document.getElementById("studies-next").addEventListener("click", () => { if (page < pages) { page++; refresh(); } });
  refresh();
  setInterval(refresh, 2000);
})();
