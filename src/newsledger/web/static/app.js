// newsledger dashboard: highlight the passage named by a #<start>-<end> URL fragment.
// The document text is rendered so that its text content is exactly the cleaned text,
// so character offsets from the ledger can be found again by walking its text nodes.
(function () {
  "use strict";

  function unwrapTargets(root) {
    root.querySelectorAll("mark.target").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  function textNodesIn(root, start, end) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var found = [];
    var pos = 0;
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var len = node.data.length;
      if (pos + len > start && pos < end) found.push([node, pos]);
      pos += len;
      if (pos >= end) break;
    }
    return found;
  }

  function highlight(root, start, end) {
    var marks = [];
    textNodesIn(root, start, end).forEach(function (entry) {
      var node = entry[0], pos = entry[1];
      var from = Math.max(start - pos, 0), to = Math.min(end - pos, node.data.length);
      if (to < node.data.length) node.splitText(to);
      if (from > 0) node = node.splitText(from);
      var mark = document.createElement("mark");
      mark.className = "target";
      node.parentNode.insertBefore(mark, node);
      mark.appendChild(node);
      marks.push(mark);
    });
    return marks;
  }

  function apply() {
    var root = document.getElementById("doc-text");
    if (!root) return;
    unwrapTargets(root);
    var status = document.getElementById("target-status");
    var match = /^#(\d+)-(\d+)$/.exec(window.location.hash);
    if (!match) {
      if (status) status.textContent = "";
      return;
    }
    var start = parseInt(match[1], 10), end = parseInt(match[2], 10);
    var length = root.textContent.length;
    if (end <= start || end > length) {
      if (status) status.textContent = "The linked passage (" + start + "–" + end + ") is not in this document.";
      return;
    }
    var marks = highlight(root, start, end);
    if (!marks.length) return;
    marks[0].id = "target";
    marks[0].setAttribute("tabindex", "-1");
    marks[0].scrollIntoView({ block: "center" });
    marks[0].focus({ preventScroll: true });
    if (status) {
      var quoted = root.textContent.slice(start, end);
      if (quoted.length > 160) quoted = quoted.slice(0, 160) + "…";
      status.textContent = "Highlighted: “" + quoted + "” (characters " + start + "–" + end + ")";
    }
  }

  window.addEventListener("hashchange", apply);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", apply);
  } else {
    apply();
  }
})();
