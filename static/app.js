// Comfort only: every page works without this file.
(function () {
  "use strict";
  var DRAFT_PREFIX = "nsc-draft:";
  // The page's words for what this script writes, translated by the server (base.html).
  var TEXT = {};
  try { TEXT = JSON.parse(document.getElementById("ui-text").textContent); } catch (e) { TEXT = {}; }
  function say(key, fallback, values) {
    var text = TEXT[key] || fallback;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // On small screens the filter panel starts folded behind its "Filters" button.
  var filters = document.querySelector("details.filters");
  if (filters && window.matchMedia("(max-width: 48rem)").matches) {
    filters.open = false;
  }

  // Filters apply as soon as a box is ticked; the button stays for people without JavaScript.
  var applyButton = document.querySelector("[data-apply-filters]");
  var searchForm = document.getElementById("search");
  if (applyButton && searchForm) {
    applyButton.hidden = true;
    document.querySelectorAll(".filters input[form=search]").forEach(function (box) {
      box.addEventListener("change", function () { searchForm.requestSubmit ? searchForm.requestSubmit() : searchForm.submit(); });
    });
  }

  // After a failed submit, move focus to the error summary so that it is read first.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Text boxes grow with their text instead of scrolling inside a small box.
  function grow(box) {
    box.style.height = "auto";
    box.style.height = Math.max(box.scrollHeight + 4, box.offsetHeight) + "px";
  }
  document.querySelectorAll("textarea[data-grow]").forEach(function (box) {
    grow(box);
    box.addEventListener("input", function () { grow(box); });
  });

  // "Inspired by": the search finds matches as one types and adds them as unticked boxes, in
  // place of the last matches; ticked boxes stay. Without this, "Find practices" posts the form.
  document.querySelectorAll("fieldset[data-picker]").forEach(function (group) {
    var list = group.querySelector(".picker-list");
    var search = group.querySelector("input[type=search]");
    var button = group.querySelector("button[type=submit]");
    var status = group.querySelector(".picker-status");
    var timer = null;
    var asked = 0;
    function addBox(practice) {
      var index = list.children.length;
      while (document.getElementById(group.id + "-" + index)) { index += 1; }
      var id = group.id + "-" + index;
      var box = document.createElement("div");
      box.className = "checkbox";
      box.innerHTML = '<input id="' + id + '" name="' + group.id + '" type="checkbox" value="' +
        Number(practice.id) + '"> <label for="' + id + '">' + escapeHtml(practice.label) + "</label>";
      list.appendChild(box);
    }
    function show(answer) {
      list.querySelectorAll(".checkbox").forEach(function (box) {
        if (!box.querySelector("input").checked) { box.remove(); }
      });
      var shown = {};
      list.querySelectorAll("input").forEach(function (input) { shown[input.value] = true; });
      answer.practices.forEach(function (practice) {
        if (!shown[String(practice.id)]) { addBox(practice); }
      });
      status.textContent = answer.message;
    }
    function find() {
      window.clearTimeout(timer);
      var text = search.value.trim();
      if (!text) { return; }
      var url = new URL(group.getAttribute("data-picker"), window.location.href);
      url.searchParams.set("q", text);
      var ticket = ++asked;
      window.fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("refused"); }
          return response.json();
        })
        .then(function (answer) { if (ticket === asked) { show(answer); } })
        .catch(function () {
          if (ticket === asked) { status.textContent = say("search_failed", "The search did not answer; press Find practices again."); }
        });
    }
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(find, 250);
    });
    // Enter in the search box searches; it must not save the whole practice form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); find(); }
    });
    button.addEventListener("click", function (event) { event.preventDefault(); find(); });
  });

  // A local copy of the practice form while typing, restored on return.
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = DRAFT_PREFIX + form.getAttribute("data-draft");
    function fields() {
      return Array.prototype.filter.call(form.elements, function (el) {
        return el.name && el.name !== "csrf_token" && el.name !== "base_revision" &&
          el.type !== "submit" && el.type !== "hidden" && el.type !== "search";
      });
    }
    function collect() {
      var values = {};
      fields().forEach(function (el) {
        if (el.type === "checkbox") {
          values[el.name] = values[el.name] || [];
          if (el.checked) { values[el.name].push(el.value); }
        } else { values[el.name] = el.value; }
      });
      return values;
    }
    function apply(values) {
      fields().forEach(function (el) {
        if (!(el.name in values)) { return; }
        if (el.type === "checkbox") { el.checked = values[el.name].indexOf(el.value) >= 0; }
        else { el.value = values[el.name]; }
        if (el.hasAttribute("data-grow")) { grow(el); }
      });
    }
    var original = JSON.stringify(collect());
    var stored = null;
    try { stored = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && stored.values && JSON.stringify(stored.values) !== original) {
      apply(stored.values);
      var note = document.createElement("div");
      note.className = "draft-notice";
      note.setAttribute("role", "status");
      note.innerHTML = "<p>" + escapeHtml(say("restored", "Restored the text you typed on {when} in this browser but had not saved. Save it to keep it.",
        { when: new Date(stored.saved).toLocaleString(document.documentElement.lang) })) +
        ' <button type="button" class="link-button">' + escapeHtml(say("show_saved", "Show the saved version instead")) + "</button></p>";
      form.parentNode.insertBefore(note, form);
      note.querySelector("button").addEventListener("click", function () {
        window.localStorage.removeItem(key);
        apply(JSON.parse(original));
        note.remove();
      });
    }
    var timer = null;
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try {
          window.localStorage.setItem(key, JSON.stringify({ saved: Date.now(), values: collect() }));
        } catch (e) { /* storage full or refused: the server copy still counts */ }
      }, 400);
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      window.localStorage.removeItem(key);
    });
  });

  // Warn five minutes before an idle session ends; one click keeps it going.
  var minutes = parseInt(document.body.getAttribute("data-session-minutes") || "0", 10);
  var keepAlive = document.body.getAttribute("data-keep-alive");
  if (minutes > 5 && keepAlive) {
    var warning = null;
    var warnTimer = null;
    function schedule() {
      window.clearTimeout(warnTimer);
      warnTimer = window.setTimeout(warn, (minutes - 5) * 60 * 1000);
    }
    function warn() {
      warning = document.createElement("div");
      warning.className = "session-warning";
      warning.setAttribute("role", "alert");
      warning.innerHTML = "<p>" + escapeHtml(say("session_ends", "Your session ends in 5 minutes without activity. Text you type is kept in this browser.")) +
        ' <button type="button" class="button-secondary">' + escapeHtml(say("stay_signed_in", "Stay signed in")) + "</button></p>";
      document.getElementById("main").prepend(warning);
      warning.querySelector("button").addEventListener("click", function () {
        window.fetch(keepAlive, { credentials: "same-origin" }).then(function () {
          warning.remove();
          schedule();
        });
      });
    }
    schedule();
  }

  // "Add to shortlist" without a reload: the same POST (CSRF token included), then the button
  // becomes "On your shortlist", the count in the menu follows and a live region says so. If the
  // request fails the form is sent the ordinary way.
  var shortlistForms = document.querySelectorAll("form[data-shortlist-add]");
  if (shortlistForms.length) {
    var announcer = document.createElement("p");
    announcer.className = "visually-hidden";
    announcer.setAttribute("aria-live", "polite");
    announcer.id = "shortlist-status";
    document.body.appendChild(announcer);
    shortlistForms.forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button");
        button.disabled = true;
        window.fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { "Accept": "application/json" }
        }).then(function (response) {
          if (response.status !== 200 && response.status !== 409) { throw new Error("refused"); }
          return response.json();
        }).then(function (answer) {
          announcer.textContent = answer.message;
          if (!answer.added) { button.disabled = false; return; }
          showShortlisted(form);
          showCount(form.getAttribute("data-shortlist-add"), answer.count);
        }).catch(function () { form.submit(); });
      });
    });
  }
  function showShortlisted(form) {
    var done = document.createElement("p");
    done.className = "shortlisted";
    done.id = form.id;
    done.appendChild(document.createTextNode(form.getAttribute("data-done-text") + " · "));
    var link = document.createElement("a");
    link.href = form.getAttribute("data-shortlist-add");
    link.textContent = form.getAttribute("data-compare-text");
    done.appendChild(link);
    form.replaceWith(done);
    link.focus();  // the button is gone: keep the keyboard where it was
  }
  function showCount(page, count) {
    document.querySelectorAll('nav a[href="' + page + '"]').forEach(function (menuLink) {
      var badge = menuLink.querySelector(".count");
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "count";
        menuLink.appendChild(document.createTextNode(" "));
        menuLink.appendChild(badge);
      }
      badge.textContent = "(" + count + ")";
    });
  }

  // Ask before an action that cannot simply be undone (archive, deactivate, revoke).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
