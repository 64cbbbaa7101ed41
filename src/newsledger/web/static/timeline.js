// newsledger timeline: one episode's dated facts by day and type (rows of marks) under the
// running totals each reporter gave (a step chart) and each tally's reconciled low–best–high
// (a band at its as-of day; an open high reaches the top). Drag across the chart to zoom on a date
// range; "Show all dates" zooms back out. Every mark opens the facts it stands for, each a
// link to its sentence. Plain SVG; the server does the counting (/api/timeline).
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var LEFT = 170, RIGHT = 30, ROW = 30, STEP_H = 170, AXIS = 34, GAP = 26;
  var DAY = 86400000;

  function node(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function html(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function dayNumber(day) { return Date.parse(day + "T00:00:00Z") / DAY; }

  function dayLabel(n) {
    var d = new Date(n * DAY);
    return d.getUTCDate() + " " + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getUTCMonth()]
      + (d.getUTCMonth() === 0 && d.getUTCDate() < 8 ? " " + d.getUTCFullYear() : "");
  }

  function showFacts(panel, title, facts, more) {
    panel.textContent = "";
    panel.appendChild(html("h3", null, title));
    var list = html("ul");
    facts.forEach(function (f) {
      var item = html("li", "fact-" + f.kind);
      var link = html("a", null, f.label);
      link.href = f.href;
      item.appendChild(link);
      list.appendChild(item);
    });
    if (more > 0) list.appendChild(html("li", "meta", "and " + more + " more"));
    panel.appendChild(list);
    panel.hidden = false;
  }

  // The running totals of one kind (killed when reported, else the most reported kind): one scale fits them.
  function shownSeries(all) {
    var counts = {};
    all.forEach(function (s) { var kind = s.tally.split(" ")[0]; counts[kind] = (counts[kind] || 0) + 1; });
    var kind = counts.killed ? "killed" : Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })[0];
    return all.filter(function (s) { return s.tally.split(" ")[0] === kind; });
  }

  // Each tally's low–best–high as of its day: a band (open above when high is unknown) with a tick at best.
  function bands(g, series, domain, x, y, max) {
    var seen = {};
    series.forEach(function (s) {
      if (!s.as_of || seen[s.tally]) return;
      seen[s.tally] = true;
      var n = dayNumber(s.as_of);
      if (n < domain[0] || n > domain[1]) return;
      var top = y(s.high === null ? max : s.high), cx = x(n);
      var text = s.tally + ": low " + s.low.toLocaleString() + ", best " + s.best.toLocaleString() + ", high "
        + (s.high === null ? "unknown" : s.high.toLocaleString()) + " as of " + s.as_of;
      var band = node("g", { "class": "tally-band" + (s.high === null ? " tally-open" : "") });
      band.appendChild(node("rect", { x: cx - 7, y: top, width: 14, height: Math.max(y(s.low) - top, 2) }));
      band.appendChild(node("line", { x1: cx - 10, x2: cx + 10, y1: y(s.best), y2: y(s.best), "class": "tally-best" }));
      band.appendChild(node("title", {}, text));
      g.appendChild(band);
    });
  }

  function draw(box, data, domain) {
    var svg = box.querySelector("svg");
    if (svg) svg.remove();
    var days = data.days.filter(function (d) { var n = dayNumber(d.day); return n >= domain[0] && n <= domain[1]; });
    var rows = [];
    data.days.forEach(function (d) {
      var key = d.group + ":" + d.series;
      if (rows.indexOf(key) < 0) rows.push(key);
    });
    var rank = function (key) {
      var order = ["event:ASSAULT", "reported:ASSAULT", "event:", "reported:", "figure:"];
      for (var i = 0; i < order.length; i++) if (key.indexOf(order[i]) === 0) return i;
      return order.length;
    };
    rows.sort(function (a, b) { return rank(a) - rank(b) || a.localeCompare(b); });
    var series = shownSeries(data.series || []);
    var stepH = series.length ? STEP_H : 0;
    var width = Math.max(box.clientWidth, 600);
    var height = stepH + (stepH ? GAP : 0) + rows.length * ROW + AXIS + 10;
    var x = function (n) { return LEFT + (n - domain[0] + 0.5) / (domain[1] - domain[0] + 1) * (width - LEFT - RIGHT); };
    svg = node("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img",
      "aria-label": "Facts by day and type, with reported running totals" });
    box.insertBefore(svg, box.firstChild);
    var panel = box.parentNode.querySelector(".timeline-facts");

    // Step chart of each reporter's running totals.
    if (stepH) {
      var max = 1;
      series.forEach(function (s) {
        s.points.forEach(function (p) { max = Math.max(max, p.value); });
        max = Math.max(max, s.best, s.high === null ? 0 : s.high);
      });
      var y = function (v) { return 8 + (stepH - 16) * (1 - v / max); };
      var g = node("g", { "class": "steps" });
      g.appendChild(node("text", { x: LEFT - 10, y: y(max), "text-anchor": "end", "class": "tick" }, max.toLocaleString()));
      g.appendChild(node("text", { x: LEFT - 10, y: y(0), "text-anchor": "end", "class": "tick" }, "0"));
      g.appendChild(node("text", { x: 4, y: stepH / 2, "class": "row-label" }, "reported totals:"));
      g.appendChild(node("text", { x: 4, y: stepH / 2 + 15, "class": "row-label" }, series[0].tally.split(" ")[0]));
      g.appendChild(node("line", { x1: LEFT, x2: width - RIGHT, y1: y(0), y2: y(0), "class": "base" }));
      bands(g, series, domain, x, y, max);
      var labelYs = [];
      series.forEach(function (s, i) {
        var pts = s.points.filter(function (p) { return dayNumber(p.day) <= domain[1]; });
        if (!pts.length) return;
        var d = "", last = null;
        pts.forEach(function (p) {
          var px = x(Math.max(dayNumber(p.day), domain[0] - 0.5)), py = y(p.value);
          d += last === null ? "M" + px + "," + py : "H" + px + "V" + py;
          last = py;
        });
        d += "H" + (width - RIGHT);
        var end = pts[pts.length - 1], ly = Math.max(y(end.value) - 5, 12);
        // A label that would cover another one is left to the line's tooltip.
        if (!labelYs.some(function (v) { return Math.abs(v - ly) < 13; })) {
          labelYs.push(ly);
          g.appendChild(node("text", { x: width - RIGHT - 4, y: ly, "text-anchor": "end", "class": "step-label" },
            s.reporter + " (" + s.tally.split(" ").slice(1).join(" ") + "): " + end.value.toLocaleString()));
        }
        var line = node("path", { d: d, "class": "step step-" + (i % 6) });
        line.appendChild(node("title", {}, s.tally + " · " + s.reporter));
        g.appendChild(line);
        pts.forEach(function (p) {
          if (dayNumber(p.day) < domain[0]) return;
          var dot = node("circle", { cx: x(dayNumber(p.day)), cy: y(p.value), r: 4, "class": "step-point step-" + (i % 6), tabindex: 0 });
          dot.appendChild(node("title", {}, s.tally + " · " + s.reporter + ": " + p.value.toLocaleString() + " on " + p.day));
          var open = function () { showFacts(panel, s.tally + " · " + s.reporter + " · " + p.day, [{ kind: "figure", label: p.label, href: p.href }], 0); };
          dot.addEventListener("click", open);
          dot.addEventListener("keydown", function (e) { if (e.key === "Enter") open(); });
          g.appendChild(dot);
        });
      });
      svg.appendChild(g);
    }

    // One row per event type or figure kind, one mark per day.
    var top = stepH + (stepH ? GAP : 0);
    rows.forEach(function (key, i) {
      var yy = top + i * ROW + ROW / 2;
      var parts = key.split(":");
      svg.appendChild(node("line", { x1: LEFT, x2: width - RIGHT, y1: yy, y2: yy, "class": "row-line" }));
      svg.appendChild(node("text", { x: LEFT - 10, y: yy + 4, "text-anchor": "end", "class": "row-label row-" + parts[0] },
        parts[0] === "event" ? parts[1] : parts[0] === "reported" ? parts[1] + " (reported)" : "figures: " + parts[1]));
    });
    days.forEach(function (d) {
      var yy = top + rows.indexOf(d.group + ":" + d.series) * ROW + ROW / 2;
      var mark = node("g", { "class": "mark mark-" + d.group, "data-day": d.day, "data-series": d.series, tabindex: 0, role: "button" });
      mark.appendChild(node("circle", { cx: x(dayNumber(d.day)), cy: yy, r: Math.min(5 + 2.5 * Math.sqrt(d.count), 13) }));
      if (d.count > 1) mark.appendChild(node("text", { x: x(dayNumber(d.day)), y: yy + 4, "text-anchor": "middle" }, String(d.count)));
      mark.appendChild(node("title", {}, d.count + " × " + d.series + " on " + d.day));
      var open = function () { showFacts(panel, d.series + " on " + d.day, d.facts, d.count - d.facts.length); };
      mark.addEventListener("click", open);
      mark.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } });
      svg.appendChild(mark);
    });

    // Date axis.
    var axisY = height - AXIS;
    svg.appendChild(node("line", { x1: LEFT, x2: width - RIGHT, y1: axisY, y2: axisY, "class": "axis" }));
    var span = domain[1] - domain[0] + 1;
    var step = Math.max(1, Math.ceil(span / Math.max(2, Math.floor((width - LEFT - RIGHT) / 70))));
    for (var n = domain[0]; n <= domain[1]; n += step) {
      svg.appendChild(node("line", { x1: x(n), x2: x(n), y1: 4, y2: axisY + 4, "class": "grid" }));
      svg.appendChild(node("text", { x: x(n), y: axisY + 18, "text-anchor": "middle", "class": "tick" }, dayLabel(n)));
    }
    brush(box, svg, data, domain, x, height);
  }

  // Drag across the chart to zoom on the days under the drag.
  function brush(box, svg, data, domain, x, height) {
    var start = null, rect = null;
    var toDay = function (px) {
      var left = x(domain[0] - 0.5), right = x(domain[1] + 0.5);
      return domain[0] - 0.5 + (px - left) / (right - left) * (domain[1] - domain[0] + 1);
    };
    var local = function (e) {
      var r = svg.getBoundingClientRect();
      return (e.clientX - r.left) * (svg.viewBox.baseVal.width / r.width);
    };
    svg.addEventListener("mousedown", function (e) {
      if (e.target.closest && e.target.closest(".mark, .step-point")) return;
      start = local(e);
      rect = node("rect", { x: start, y: 0, width: 0, height: height, "class": "brush" });
      svg.appendChild(rect);
      e.preventDefault();
    });
    svg.addEventListener("mousemove", function (e) {
      if (start === null) return;
      var now = local(e);
      rect.setAttribute("x", Math.min(start, now));
      rect.setAttribute("width", Math.abs(now - start));
    });
    svg.addEventListener("mouseup", function (e) {
      if (start === null) return;
      var a = toDay(Math.min(start, local(e))), b = toDay(Math.max(start, local(e)));
      start = null;
      rect.remove();
      if (b - a < 0.5) return;
      zoom(box, data, [Math.round(a), Math.round(b)]);
    });
  }

  function zoom(box, data, domain) {
    box.setAttribute("data-from", new Date(domain[0] * DAY).toISOString().slice(0, 10));
    box.setAttribute("data-to", new Date(domain[1] * DAY).toISOString().slice(0, 10));
    var reset = box.parentNode.querySelector(".timeline-reset");
    if (reset) reset.hidden = domain[0] === box.fullDomain[0] && domain[1] === box.fullDomain[1];
    draw(box, data, domain);
  }

  function start() {
    var box = document.getElementById("timeline");
    if (!box) return;
    fetch(box.getAttribute("data-api"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var all = data.days.map(function (d) { return dayNumber(d.day); });
        (data.series || []).forEach(function (s) {
          s.points.forEach(function (p) { all.push(dayNumber(p.day)); });
          if (s.as_of) all.push(dayNumber(s.as_of));
        });
        var note = document.querySelector(".timeline-note");
        if (note) note.textContent = data.undated + " undated or historical fact" + (data.undated === 1 ? " is" : "s are") + " not shown.";
        if (!all.length) {
          box.appendChild(html("p", "empty", "No dated event or figure in this episode yet."));
          box.setAttribute("data-ready", "true");
          return;
        }
        box.fullDomain = [Math.min.apply(null, all), Math.max.apply(null, all)];
        var reset = box.parentNode.querySelector(".timeline-reset");
        if (reset) reset.addEventListener("click", function () { zoom(box, data, box.fullDomain); });
        zoom(box, data, box.fullDomain);
        box.setAttribute("data-ready", "true");
      })
      .catch(function (err) { box.setAttribute("data-error", String(err)); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
