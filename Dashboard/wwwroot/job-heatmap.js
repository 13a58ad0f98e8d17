// 2D densities as heat maps on <canvas>: particles | PDE | particles − PDE. uPlot draws series against one x axis and has no
// raster; a histogram is a regular grid of cells, so each cell is one fillRect on a canvas (exact cell edges, a few hundred to
// a few thousand rectangles, no library), with its own axes and colour bar. The two densities share one colour scale (0 to the
// larger maximum), so equal colours are equal densities; the signed difference gets a diverging scale of its own, symmetric about 0.
"use strict";

const ensembleHeatMaps = (() => {
  const viridis = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const diverging = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];
  const size = { plot: 260, left: 46, top: 28, bottom: 42, bar: 14, barGap: 12, barLabels: 64 };

  function colour(stops, f) {
    if (f === null || !Number.isFinite(f)) return "rgb(200,200,200)";
    const x = Math.min(1, Math.max(0, f)) * (stops.length - 1);
    const i = Math.min(stops.length - 2, Math.floor(x)), t = x - i;
    const c = stops[i].map((v, k) => Math.round(v + t * (stops[i + 1][k] - v)));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  function ticks(low, high, count) { return Array.from({ length: count }, (_, i) => low + (i * (high - low)) / (count - 1)); }

  // One panel: title, cells (x fastest from the lower corner, so row iy is drawn from the bottom), axes, colour bar.
  function panel(title, values, d, stops, min, max, barLabel) {
    const [nx, ny] = d.bins;
    const width = size.left + size.plot + size.barGap + size.bar + size.barLabels, height = size.top + size.plot + size.bottom;
    const canvas = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio; canvas.height = height * ratio;
    canvas.style.width = `${width}px`; canvas.style.height = `${height}px`;
    canvas.setAttribute("aria-label", title);
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.fillStyle = "#fff"; g.fillRect(0, 0, width, height);
    const cw = size.plot / nx, ch = size.plot / ny;
    for (let iy = 0; iy < ny; iy++)
      for (let ix = 0; ix < nx; ix++) {
        const v = values[ix + nx * iy];
        g.fillStyle = colour(stops, v === null || v === undefined ? null : (v - min) / (max - min || 1));
        // +0.5 px overlap: no hairline gaps between cells at fractional sizes.
        g.fillRect(size.left + ix * cw, size.top + size.plot - (iy + 1) * ch, cw + 0.5, ch + 0.5);
      }
    g.strokeStyle = "#555"; g.lineWidth = 1;
    g.strokeRect(size.left, size.top, size.plot, size.plot);
    g.fillStyle = "#1d2329"; g.font = "600 13px 'DejaVu Sans', sans-serif"; g.textAlign = "left";
    g.fillText(title, size.left, 18);
    g.font = "11px 'DejaVu Sans', sans-serif";
    g.textAlign = "center";
    for (const x of ticks(d.lower[0], d.upper[0], 5)) {
      const px = size.left + ((x - d.lower[0]) / (d.upper[0] - d.lower[0])) * size.plot;
      g.fillText(ensemble.number(x, 3), px, size.top + size.plot + 14);
    }
    g.fillText("x", size.left + size.plot / 2, size.top + size.plot + 32);
    g.textAlign = "right";
    for (const y of ticks(d.lower[1], d.upper[1], 5)) {
      const py = size.top + size.plot - ((y - d.lower[1]) / (d.upper[1] - d.lower[1])) * size.plot;
      g.fillText(ensemble.number(y, 3), size.left - 4, py + 4);
    }
    g.save(); g.translate(12, size.top + size.plot / 2); g.rotate(-Math.PI / 2); g.textAlign = "center"; g.fillText("y", 0, 0); g.restore();
    // The colour bar, min at the bottom.
    const bx = size.left + size.plot + size.barGap;
    for (let i = 0; i < size.plot; i++) {
      g.fillStyle = colour(stops, 1 - i / size.plot);
      g.fillRect(bx, size.top + i, size.bar, 1.5);
    }
    g.strokeRect(bx, size.top, size.bar, size.plot);
    g.textAlign = "left"; g.fillStyle = "#1d2329";
    for (const v of ticks(min, max, 5)) {
      const py = size.top + size.plot - ((v - min) / (max - min || 1)) * size.plot;
      g.fillText(ensemble.number(v, 3), bx + size.bar + 4, py + 4);
    }
    g.fillText(barLabel, bx - 10, size.top + size.plot + 32);
    const figure = document.createElement("figure");
    figure.appendChild(canvas);
    return figure;
  }

  function finiteMax(values) { return values.reduce((m, v) => (v !== null && v !== undefined && Number.isFinite(v) && v > m ? v : m), 0); }

  function draw(container, d, pde) {
    const particles = d.mean;
    const limit = pde && pde.binAverages && pde.binAverages.some(v => v !== null) ? pde.binAverages : null;
    const top = Math.max(finiteMax(particles), limit ? finiteMax(limit) : 0) || 1;
    const panels = [panel(`particles (${d.species}), t = ${ensemble.number(d.time, 4)}`, particles, d, viridis, 0, top, "density ρ")];
    if (limit) {
      panels.push(panel(`${pde.equation} PDE (bin averages)`, limit, d, viridis, 0, top, "density ρ"));
      const difference = particles.map((v, i) => (v === null || limit[i] === null ? null : v - limit[i]));
      const reach = Math.max(finiteMax(difference.map(v => (v === null ? null : Math.abs(v)))), 1e-300);
      panels.push(panel("particles − PDE", difference, d, diverging, -reach, reach, "Δρ"));
    }
    container.replaceChildren(...panels);
    const caption = document.getElementById("density-caption");
    caption.textContent = limit
      ? `Left and middle share one colour scale (0 to ${ensemble.number(top, 3)}); the difference has its own, symmetric about 0 ` +
        `(blue: fewer particles than the PDE, red: more). Grey: no estimate.`
      : "The job has no PDE bin averages at this time: the ensemble-averaged histogram alone.";
  }

  return { draw };
})();
