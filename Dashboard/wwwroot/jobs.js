// The front page: the jobs list and the studies list, each refreshed every 2 s, filtered by status and paged by the server.
"use strict";

(() => {
  function progressCell(item) {
    const wrap = ensemble.el("span");
    const bar = ensemble.el("span", null, "mini bar");
    const fill = ensemble.el("span", null, "fill");
    fill.style.display = "block";
    fill.style.width = `${(item.progress * 100).toFixed(1)}%`;
    bar.appendChild(fill);
    wrap.append(bar, `${item.succeeded + item.failed}/${item.total}`);
    return wrap;
  }

  function link(text, href) {
    const a = ensemble.el("a", text);
    a.href = href;
    return a;
  }

  // One list: `ids` names its table, filter, count, pager and error elements; `row` makes a table row of an item.
  function pagedList({ url, ids, noun, row }) {
    const body = document.querySelector(`#${ids.table} tbody`);
    const filter = document.getElementById(ids.filter);
    const error = document.getElementById(ids.error);
    let page = 1, pages = 1;

    async function refresh() {
      const query = new URLSearchParams({ page: String(page), size: "25" });
      if (filter.value) query.set("status", filter.value);
      try {
        const list = await ensemble.json(`${url}?${query}`);
        pages = list.pages;
        body.replaceChildren(...list.items.map(row));
        document.getElementById(ids.count).textContent = `${list.total} ${noun(list.total)}`;
        document.getElementById(ids.page).textContent = `page ${list.page} of ${list.pages}`;
        ensemble.showError(error, null);
      } catch (e) {
        if (page > 1 && String(e.message).startsWith("page")) { page = 1; return refresh(); }
        ensemble.showError(error, e);
      }
    }

    filter.addEventListener("change", () => { page = 1; refresh(); });
    document.getElementById(ids.prev).addEventListener("click", () => { if (page > 1) { page--; refresh(); } });
    document.getElementById(ids.next).addEventListener("click", () => { if (page < pages) { page++; refresh(); } });
    refresh();
    setInterval(refresh, 2000);
  }

  pagedList({
    url: "/api/jobs",
    ids: { table: "jobs", filter: "status-filter", error: "jobs-error", count: "jobs-count", page: "jobs-page", prev: "jobs-prev", next: "jobs-next" },
    noun: n => (n === 1 ? "job" : "jobs"),
    row: job => ensemble.row([link(job.id, `/jobs/${encodeURIComponent(job.id)}`), job.name ?? "", job.model ?? "",
      ensemble.el("span", job.status, `status ${job.status}`), progressCell(job), `${ensemble.number(job.throughput, 3)} /s`,
      job.finished ? "–" : ensemble.duration(job.etaSeconds), ensemble.time(job.startedAt), ensemble.time(job.finishedAt)]),
  });

  pagedList({
    url: "/api/studies",
    ids: {
      table: "studies", filter: "study-status-filter", error: "studies-error", count: "studies-count", page: "studies-page", prev: "studies-prev",
      next: "studies-next",
    },
    noun: n => (n === 1 ? "study" : "studies"),
    row: study => {
      const tr = ensemble.row([link(study.id, `/studies/${encodeURIComponent(study.id)}`), ensemble.el("span", study.status, `status ${study.status}`),
        `${study.pointsFinished}/${study.points}`, progressCell(study), study.finished ? "–" : `${ensemble.number(study.throughput, 3)} /s`,
        study.finished ? "–" : ensemble.duration(study.etaSeconds), ensemble.time(study.startedAt), ensemble.time(study.finishedAt)]);
      tr.dataset.study = study.id;
      return tr;
    },
  });
})();
