// newsledger map: one episode's places on Leaflet, over country borders decoded from the
// bundled world-atlas TopoJSON. No tile server. The server sends the places (with the facts
// at each, linked to their sentences) and the theatre box the map opens on.
(function () {
  "use strict";

  var CLUSTER_PX = 26;      // point markers closer than this on screen are drawn as one
  var LABELLED = 10;        // how many places get a permanent label (the most reported)
  var REGION_M = 40000;     // radius of a region drawn as an approximate area
  var COUNTRY_M = 250000;   // radius of a country not found among the borders

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function factList(places) {
    var box = el("div", "map-popup");
    places.forEach(function (p) {
      var head = el("h3", null, p.name);
      var what = [];
      if (p.events) what.push(p.events + " event" + (p.events === 1 ? "" : "s"));
      if (p.figures) what.push(p.figures + " figure" + (p.figures === 1 ? "" : "s"));
      if (p.mentions) what.push(p.mentions + " mention" + (p.mentions === 1 ? "" : "s"));
      if (p.precision === "region" || p.precision === "country") what.push("approximate area (" + p.precision + ")");
      box.appendChild(head);
      box.appendChild(el("p", "meta", what.join(" · ")));
      var list = el("ul");
      p.facts.forEach(function (f) {
        var item = el("li", "fact-" + f.kind);
        var link = el("a", null, f.label);
        link.href = f.href;
        item.appendChild(link);
        list.appendChild(item);
      });
      if (p.more) list.appendChild(el("li", "meta", "and " + p.more + " more"));
      box.appendChild(list);
    });
    return box;
  }

  function isArea(p) { return p.precision === "region" || p.precision === "country"; }

  function rankOf(p) { return (p.events + p.figures) * 1000 + p.mentions; }

  function drawBorders(map, topo, places) {
    var countries = topojson.feature(topo, topo.objects.countries);
    var named = {};
    places.forEach(function (p) { if (p.precision === "country") named[p.name.toLowerCase()] = p; });
    var found = {};
    L.geoJSON(countries, {
      interactive: false,
      style: function (feature) {
        var name = ((feature.properties && feature.properties.name) || "").toLowerCase();
        if (named[name]) found[name] = true;
        return { className: named[name] ? "country country-named" : "country", weight: 0.8 };
      }
    }).addTo(map).bringToBack();
    return found;
  }

  function drawAreas(map, places, bordered) {
    var layer = L.layerGroup().addTo(map);
    places.filter(isArea).forEach(function (p) {
      if (p.precision === "country" && bordered[p.name.toLowerCase()]) {
        // The country itself is outlined; a small handle opens its facts.
        L.circleMarker([p.lat, p.lon], { radius: 5, className: "area-handle" })
          .bindPopup(factList([p])).bindTooltip(p.name, { className: "place-label area-label" }).addTo(layer);
        return;
      }
      var radius = p.precision === "country" ? COUNTRY_M : REGION_M;
      var area = L.circle([p.lat, p.lon], { radius: radius, className: "area area-" + p.precision + (p.violent ? " violent" : "") });
      area.bindPopup(factList([p]));
      area.addTo(layer);
      // The name sits under the area's southern edge, clear of the places inside it.
      L.tooltip({ permanent: true, direction: "bottom", className: "place-label area-label" })
        .setLatLng([p.lat - radius / 111000, p.lon]).setContent(p.name).addTo(layer);
    });
    return layer;
  }

  // Greedy clustering on screen: the most reported place anchors each group.
  function clusters(map, points) {
    var out = [];
    points.slice().sort(function (a, b) { return rankOf(b) - rankOf(a); }).forEach(function (p) {
      var at = map.latLngToLayerPoint([p.lat, p.lon]);
      var home = null;
      for (var i = 0; i < out.length && !home; i++) {
        if (out[i].at.distanceTo(at) < CLUSTER_PX) home = out[i];
      }
      if (home) home.members.push(p); else out.push({ at: at, members: [p] });
    });
    return out;
  }

  function drawPoints(map, points, layer, labelled) {
    layer.clearLayers();
    clusters(map, points).forEach(function (c) {
      var lead = c.members[0];
      var count = c.members.reduce(function (n, p) { return n + p.events + p.figures + p.mentions; }, 0);
      var violent = c.members.some(function (p) { return p.violent; });
      var marker = L.circleMarker([lead.lat, lead.lon], {
        radius: Math.min(6 + 2 * Math.sqrt(count), 22),
        className: "place-marker" + (violent ? " violent" : "") + (c.members.length > 1 ? " cluster" : "")
      });
      var name = lead.name + (c.members.length > 1 ? " +" + (c.members.length - 1) : "");
      marker.bindPopup(factList(c.members), { maxWidth: 420, maxHeight: 320 });
      marker.bindTooltip(name, {
        permanent: c.members.some(function (p) { return labelled[p.name]; }),
        direction: "right", offset: [8, 0], className: "place-label"
      });
      marker.addTo(layer);
    });
  }

  // Hide the labels that would cover a label placed before them (point labels first, the most reported first).
  function declutter(box) {
    var labels = Array.prototype.slice.call(box.querySelectorAll(".leaflet-tooltip.place-label"));
    labels.sort(function (a, b) { return a.classList.contains("area-label") - b.classList.contains("area-label"); });
    var placed = [];
    labels.forEach(function (label) {
      label.classList.remove("label-hidden");
      var r = label.getBoundingClientRect();
      var hit = placed.some(function (q) {
        return r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom;
      });
      if (hit) label.classList.add("label-hidden"); else placed.push(r);
    });
  }

  function sideList(places, map) {
    var list = document.getElementById("map-places");
    if (!list) return;
    places.forEach(function (p) {
      var item = el("li", p.violent ? "violent" : "");
      var button = el("button", "link-button", p.name);
      button.type = "button";
      button.addEventListener("click", function () {
        map.setView([p.lat, p.lon], Math.max(map.getZoom(), isArea(p) ? 7 : 9));
        L.popup({ maxWidth: 420, maxHeight: 320 }).setLatLng([p.lat, p.lon]).setContent(factList([p])).openOn(map);
      });
      item.appendChild(button);
      item.appendChild(el("span", "meta", " " + [p.events && p.events + " ev.", p.figures && p.figures + " fig.",
        p.mentions && p.mentions + " ment."].filter(Boolean).join(", ") + (isArea(p) ? " · area" : "")));
      list.appendChild(item);
    });
  }

  function start() {
    var box = document.getElementById("map");
    if (!box || !window.L) return;
    var map = L.map(box, { zoomSnap: 0.5, worldCopyJump: true, minZoom: 2, maxZoom: 12 });
    box.newsledgerMap = map;
    map.setView([20, 0], 2);
    fetch(box.getAttribute("data-api"), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var places = data.places || [];
        // No animation: labels are decluttered from their positions on screen, which must be final.
        if (data.theatre) {
          map.fitBounds([[data.theatre[0], data.theatre[1]], [data.theatre[2], data.theatre[3]]], { animate: false });
        }
        var labelled = {};
        places.filter(function (p) { return !isArea(p); }).slice(0, LABELLED)
          .forEach(function (p) { labelled[p.name] = true; });
        var points = places.filter(function (p) { return !isArea(p); });
        var pointLayer = L.layerGroup().addTo(map);
        drawPoints(map, points, pointLayer, labelled);
        map.on("zoomend", function () { drawPoints(map, points, pointLayer, labelled); declutter(box); });
        map.on("moveend", function () { declutter(box); });
        sideList(places, map);
        box.setAttribute("data-places", String(places.length));
        return fetch(box.getAttribute("data-borders")).then(function (r) { return r.json(); }).then(function (topo) {
          var bordered = window.topojson ? drawBorders(map, topo, places) : {};
          drawAreas(map, places, bordered);
          declutter(box);
          box.setAttribute("data-ready", "true");
        });
      })
      .catch(function (err) {
        box.setAttribute("data-error", String(err));
        box.appendChild(el("p", "empty", "The map data could not be loaded."));
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
