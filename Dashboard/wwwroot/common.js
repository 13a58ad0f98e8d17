// Shared helpers. Every value from the server goes into the page through textContent (never innerHTML):
// job and species names are user input.
"use strict";

const ensemble = {
  el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  },

  row(cells) {
    const tr = document.createElement("tr");
    for (const cell of cells) {
      if (cell instanceof Node) { const td = document.createElement("td"); td.appendChild(cell); tr.appendChild(td); }
      else tr.appendChild(ensemble.el("td", cell));
    }
    return tr;
  },

  number(x, digits = 5) {
    if (x === null || x === undefined) return "–";
    if (x === 0) return "0";
    const a = Math.abs(x);
    return a >= 1e-3 && a < 1e6 ? Number(x.toPrecision(digits)).toString() : x.toExponential(digits - 1);
  },

  duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${r} s` : `${r} s`;
  },

  time(iso) {
    if (!iso) return "–";
    return new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  },

  async json(url, options) {
    const response = await fetch(url, options);
    let body = null;
    try { body = await response.json(); } catch { body = null; }
    if (!response.ok) throw new Error(body && body.error ? body.error : `${response.status} ${response.statusText}`);
    return body;
  },

  showError(node, error) {
    node.hidden = !error;
    node.textContent = error ? String(error.message || error) : "";
  },
};
