// Keyboard use of the console: j/k (or arrows) move through a list, Enter opens, "/" goes to the filter;
// on the review page a approves, e edits, r rejects, Esc returns to the queue. Citation links highlight their clause.
(function () {
  "use strict";

  function typing(event) {
    var t = event.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function setupList(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    if (!rows.length) return;
    var current = -1;
    function select(index) {
      if (index < 0 || index >= rows.length) return;
      if (current >= 0) rows[current].classList.remove("selected");
      current = index;
      rows[current].classList.add("selected");
      rows[current].setAttribute("aria-selected", "true");
      rows[current].focus({ preventScroll: false });
    }
    rows.forEach(function (row, i) {
      row.addEventListener("click", function (e) {
        if (e.target.tagName !== "A") { window.location = row.dataset.href; }
      });
      row.addEventListener("focus", function () { if (current !== i) select(i); });
    });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "j" || e.key === "ArrowDown") { select(current + 1); e.preventDefault(); }
      else if (e.key === "k" || e.key === "ArrowUp") { select(Math.max(current - 1, 0)); e.preventDefault(); }
      else if ((e.key === "Enter" || e.key === "o") && current >= 0) { window.location = rows[current].dataset.href; }
      else if (e.key === "/") {
        var first = document.querySelector("#queue-filter select, #queue-filter input");
        if (first) { first.focus(); e.preventDefault(); }
      }
    });
    select(0);
  }

  function setupReview(form) {
    var text = form.querySelector("#reply-text");
    var reason = form.querySelector("#reject-reason");
    var approve = form.querySelector("#approve");
    var reject = form.querySelector("#reject");
    var label = approve ? approve.innerHTML : "";
    function edited() {
      return text && text.value.replace(/\s+/g, " ").trim() !== (text.dataset.original || "").replace(/\s+/g, " ").trim();
    }
    var suggestion = form.querySelector("#suggestion-id");
    function relabel() {
      approve.innerHTML = edited() ? approve.dataset.editedLabel + " <kbd>a</kbd>" : label;
    }
    if (text && approve) {
      text.addEventListener("input", function () {
        if (suggestion && !edited()) suggestion.value = "";  // back to the draft
        relabel();
      });
    }
    // "Use this reply" on another suggestion (loaded later by htmx): it replaces the reply and is remembered
    document.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("button.use-alternative") : null;
      if (!button || !text) return;
      text.value = button.dataset.text;
      if (suggestion) suggestion.value = button.dataset.suggestion;
      relabel();
      text.focus();
    });
    if (reject && reason) {
      reject.addEventListener("click", function (e) {
        if (!reason.value.trim()) { e.preventDefault(); reason.required = true; reason.focus(); reason.reportValidity(); }
      });
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && typing(e)) { e.target.blur(); return; }
      if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === "a" && approve) { approve.click(); e.preventDefault(); }
      else if (e.key === "e" && text) { text.focus(); e.preventDefault(); }
      else if (e.key === "r" && reason) { reason.focus(); e.preventDefault(); }
    });
  }

  function setupCitations() {
    document.querySelectorAll("a.cite").forEach(function (link) {
      link.addEventListener("click", function () {
        document.querySelectorAll(".clause.highlight").forEach(function (c) { c.classList.remove("highlight"); });
        var clause = document.getElementById("clause-" + link.dataset.clause);
        if (clause) { clause.classList.add("highlight"); clause.focus({ preventScroll: true }); }
      });
    });
  }

  function setupBack() {
    var back = document.getElementById("back-to-queue");
    if (!back) return;
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !typing(e)) { window.location = back.href; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var path = window.location.pathname;
    document.querySelectorAll("header nav a").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href === path || (href !== "/" && path.indexOf(href) === 0)) a.setAttribute("aria-current", "page");
    });
    document.querySelectorAll("[data-keyboard-list]").forEach(setupList);
    var form = document.getElementById("review-form");
    if (form) setupReview(form);
    setupCitations();
    setupBack();
  });
})();
