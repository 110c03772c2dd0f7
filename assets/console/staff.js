// The staff console's other tabs: announcements (one request for the whole
// form, character counters, a preview of the card), hashtag prompts (the
// console's and the config file's), what the screen shows now (refreshed
// while the tab is open), source health, blocked authors, and the audit log
// in words, with the post each entry is about.
"use strict";

// --- announcements ---------------------------------------------------------------------
const chars = (s) => [...s].length;
const HTML_TAG = /<\s*\/?\s*[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?\/?\s*>/;

TABS.announcements = { load: loadAnnouncements };

// On a hub, announcements and prompts can be aimed at some screen groups:
// the group fields appear with the groups the hub knows.
const groupsText = (groups) => (groups && groups.length ? " \u2014 for " + groups.join(", ") : "");
async function offerGroupFields() {
  let data;
  try {
    const res = await fetch("/api/screens", { credentials: "same-origin" });
    if (!res.ok) return;
    data = await res.json();
  } catch (e) { return; }
  const names = (data.groups || []).map((g) => g.name);
  for (const box of document.querySelectorAll(".fleet-only")) box.hidden = false;
  for (const hint of document.querySelectorAll(".groups-known"))
    hint.textContent = names.length ? "Groups on this hub: " + names.join(", ") : "No screen groups yet.";
}

async function loadAnnouncements() {
  offerGroupFields();
  let data;
  try { data = await api("GET", "/api/announcements"); } catch (e) { say(e.message, true); return; }
  const form = $("#announcement-form");
  $("#announcements").replaceChildren(...data.announcements.map((a) => el("li", { "data-id": a.id },
    a.image ? el("img", { class: "thumb", src: a.image, alt: "Image of the announcement" }) : null,
    el("span", {}, [a.title, a.body].filter(Boolean).join(": ") + " \u2014 from " + when(a.starts) + (a.ends ? " until " + when(a.ends) : "") + groupsText(a.groups)),
    el("button", { type: "button", onclick: () => {
      form.elements.item_id.value = a.id; form.elements.title.value = a.title; form.elements.body.value = a.body;
      form.elements.starts.value = isoToLocal(a.starts); form.elements.ends.value = isoToLocal(a.ends);
      form.elements.groups.value = (a.groups || []).join(", ");
      showCurrentImage(a.image);
      updateAnnouncementForm();
      form.elements.title.focus();
    } }, "Edit"),
    el("button", { type: "button", class: "reject", onclick: async () => {
      if (!(await ask("Delete this announcement?", [el("p", {}, a.title || a.body)], "Delete"))) return;
      try { await api("POST", "/api/announcements/delete", { id: a.id }); say("Announcement deleted."); loadAnnouncements(); }
      catch (e) { say(e.message, true); }
    } }, "Delete"))));
  updateAnnouncementForm();
}

function showCurrentImage(src) {
  $("#ann-image-now").hidden = !src;
  if (src) $("#ann-image-thumb").src = src; else $("#ann-image-thumb").removeAttribute("src");
  $("#announcement-form").elements.remove_image.checked = false;
}

// Counters in characters, a warning for HTML, and the preview card.
let previewUrl = "";
let previewFile;
function updateAnnouncementForm() {
  const f = $("#announcement-form");
  let ok = true;
  for (const [input, counter] of [[f.elements.title, $("#ann-title-count")], [f.elements.body, $("#ann-body-count")]]) {
    const n = chars(input.value), limit = Number(counter.dataset.limit);
    counter.textContent = n.toLocaleString() + " of " + limit.toLocaleString() + " characters" + (n > limit ? ": " + (n - limit).toLocaleString() + " too many" : "");
    counter.classList.toggle("bad", n > limit);
    input.setAttribute("aria-invalid", n > limit ? "true" : "false");
    ok = ok && n <= limit;
  }
  const tag = HTML_TAG.exec(f.elements.title.value + " " + f.elements.body.value);
  $("#ann-html").textContent = tag ? "The wall shows text exactly as typed, so " + tag[0] + " would appear on the screen: remove the tag." : "";
  $("#ann-preview-heading").textContent = f.elements.title.value;
  $("#ann-preview-body").textContent = f.elements.body.value;
  const file = f.elements.image.files[0];
  const img = $("#ann-preview-image");
  const current = f.elements.remove_image.checked ? "" : $("#ann-image-thumb").getAttribute("src");
  if (file !== previewFile) {
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = file ? URL.createObjectURL(file) : "";
    previewFile = file;
  }
  if (file) img.src = previewUrl;
  else if (current) img.src = current;
  else img.removeAttribute("src");
  img.hidden = !file && !current;
  const box = $("#ann-preview .ann-preview-text");
  $("#ann-preview-note").textContent = box.scrollHeight > box.clientHeight + 2
    ? "The text is longer than the card shows at a glance: the wall may cut it. Shorter is better from across the room."
    : "About how the card looks on the wall.";
  return ok && !tag;
}
for (const name of ["title", "body", "image", "remove_image"])
  $("#announcement-form").elements[name].addEventListener(name === "image" || name === "remove_image" ? "change" : "input", updateAnnouncementForm);

// The whole form in one request: the server checks everything, the image
// included, before it stores anything.
$("#announcement-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  if (!updateAnnouncementForm()) { say("Nothing was saved: fix what is marked in the form first.", true); return; }
  const form = new FormData();
  form.append("id", f.elements.item_id.value);
  form.append("title", f.elements.title.value);
  form.append("body", f.elements.body.value);
  form.append("starts", localToIso(f.elements.starts.value));
  form.append("ends", localToIso(f.elements.ends.value));
  form.append("groups", f.elements.groups.value);
  form.append("remove_image", f.elements.remove_image.checked ? "true" : "false");
  const file = f.elements.image.files[0];
  if (file) form.append("image", file, file.name);
  try {
    await api("POST", "/api/announcements/form", form);
  } catch (e) {
    say("Nothing was saved: " + e.message + ".", true);
    return;
  }
  f.reset();
  say(file ? "Announcement and image saved." : "Announcement saved.");
  loadAnnouncements();
});
$("#announcement-form").addEventListener("reset", (ev) => {
  ev.target.elements.item_id.value = "";
  showCurrentImage("");
  setTimeout(updateAnnouncementForm, 0);
});

// --- prompts ---------------------------------------------------------------------------
TABS.prompts = { load: loadPrompts };

async function loadPrompts() {
  let data;
  offerGroupFields();
  try { data = await api("GET", "/api/prompts"); } catch (e) { say(e.message, true); return; }
  const form = $("#prompt-form");
  const line = (p) => p.text + " #" + p.hashtag + (p.url ? " \u2192 " + p.url : "") + groupsText(p.groups);
  $("#prompts").replaceChildren(...data.prompts.map((p) => el("li", {},
    el("span", {}, line(p)),
    el("button", { type: "button", class: "admin-only", onclick: () => {
      form.elements.item_id.value = p.id; form.elements.text.value = p.text; form.elements.hashtag.value = p.hashtag; form.elements.url.value = p.url;
      form.elements.groups.value = (p.groups || []).join(", ");
    } }, "Edit"),
    el("button", { type: "button", class: "reject admin-only", onclick: async () => {
      if (!(await ask("Delete this prompt?", [el("p", {}, line(p))], "Delete"))) return;
      try { await api("POST", "/api/prompts/delete", { id: p.id }); say("Prompt deleted."); loadPrompts(); }
      catch (e) { say(e.message, true); }
    } }, "Delete"))));
  if (!data.prompts.length) $("#prompts").replaceChildren(el("li", {}, el("span", {}, "None yet.")));
  $("#config-prompts").replaceChildren(...(data.config_prompts.length ? data.config_prompts.map((p) => el("li", {}, el("span", {}, line(p))))
    : [el("li", {}, el("span", {}, "None in the config file."))]));
}

$("#prompt-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api("POST", "/api/prompts", {
      id: f.elements.item_id.value || undefined, text: f.elements.text.value, hashtag: f.elements.hashtag.value, url: f.elements.url.value,
      groups: f.elements.groups.value,
    });
    f.reset();
    f.elements.item_id.value = "";
    say("Prompt saved.");
    loadPrompts();
  } catch (e) { say(e.message, true); }
});
$("#prompt-form").addEventListener("reset", (ev) => { ev.target.elements.item_id.value = ""; });

// --- on screen now: a same-origin image URL, refreshed while the tab is open ------------
let screenTimer = null;
TABS.screen = {
  load: () => { loadScreen(); clearInterval(screenTimer); screenTimer = setInterval(loadScreen, 5000); },
  leave: () => { clearInterval(screenTimer); screenTimer = null; },
};
function loadScreen() {
  if (document.hidden) return;
  const img = $("#screen-image");
  const next = new Image();
  next.onload = () => {
    img.src = next.src;
    img.hidden = false;
    $("#screen-error").hidden = true;
    $("#screen-time").textContent = "Last picture: " + new Date().toLocaleTimeString(undefined, { timeStyle: "medium", ...zoneOptions() }) + ".";
  };
  next.onerror = async () => {
    // The image route answers JSON with the reason when it has no picture.
    let why = "the screen did not answer";
    try { await api("GET", "/api/screen.png?background=1", null, true); } catch (e) { why = e.message; }
    img.hidden = true;
    $("#screen-error").hidden = false;
    $("#screen-error").textContent = "No picture of the screen: " + why + ".";
  };
  next.src = "/api/screen.png?background=1&t=" + Date.now();
}
$("#screen-refresh").addEventListener("click", loadScreen);

// --- sources ---------------------------------------------------------------------------
TABS.sources = { load: loadSources };
async function loadSources() {
  let data;
  try { data = await api("GET", "/api/sources"); } catch (e) { say(e.message, true); return; }
  $("#sources").replaceChildren(...data.sources.map((s) => el("tr", { class: s.healthy ? "" : "bad" },
    el("td", {}, s.source_id), el("td", {}, s.kind), el("td", {}, when(s.last_success) || "never"),
    el("td", {}, when(s.last_attempt)), el("td", {}, when(s.next_poll)), el("td", {}, String(s.posts_seen)),
    el("td", {}, String(s.consecutive_failures)), el("td", {}, s.last_error))));
  if (!data.sources.length) $("#sources").replaceChildren(el("tr", {}, el("td", { colspan: "8" }, "No source has been polled yet.")));
}

// --- blocked authors -------------------------------------------------------------------
TABS.blocked = { load: loadBlocked };
async function loadBlocked() {
  let data;
  try { data = await api("GET", "/api/blocked-authors"); } catch (e) { say(e.message, true); return; }
  const unblock = (label, body) => el("button", { type: "button", class: "admin-only", onclick: async () => {
    if (!(await ask("Lift the block on " + label + "?", [el("p", {}, "New posts will be moderated as usual again. Posts rejected by the block stay rejected; approve them from Rejected if you wish.")], "Unblock"))) return;
    try { await api("POST", "/api/blocked-authors", { ...body, blocked: false }); say("Unblocked " + label + "."); loadBlocked(); }
    catch (e) { say(e.message, true); }
  } }, "Unblock");
  const items = [
    ...data.authors.map((h) => el("li", {}, el("span", {}, h), unblock(h, { handle: h }))),
    ...data.feed_authors.map((b) => el("li", {}, el("span", {}, b.author + " (in the feed " + b.source + ")"),
      unblock(b.author, { source: b.source, author: b.author }))),
  ];
  $("#blocked").replaceChildren(...(items.length ? items : [el("li", {}, el("span", {}, "Nobody is blocked."))]));
}

// --- audit log, in words -----------------------------------------------------------------
TABS.audit = { load: () => loadAudit(true) };
let auditBefore = 0;
const ACTION_WORDS = {
  "decision": "Decision", "pin": "Pinned", "unpin": "Unpinned", "kill_switch": "Kill switch",
  "setting": "Setting changed", "announcement.put": "Announcement saved", "announcement.delete": "Announcement deleted",
  "announcement.image": "Announcement image", "prompt.put": "Prompt saved", "prompt.delete": "Prompt deleted",
  "login": "Logged in", "login.failed": "Failed log-in", "logout": "Logged out", "retention.purge": "Old entries removed",
};
const SETTING_WORDS = { blocked_authors: "Blocked authors", blocked_feed_authors: "Blocked feed authors", kill_switch: "Kill switch" };

function auditWhat(e) {
  if (e.action === "decision") {
    const m = /^(\w+)(: ([^\n]*))?/.exec(e.details || "");
    const to = m ? m[1] : "";
    const first = m && m[3] ? m[3] : "";
    if (first.startsWith("staff: approved anyway")) return "Approved anyway (held for patient details)";
    if (first === "staff: undo block") return "Block undone: " + (STATE_WORDS[to] || to);
    if (first.startsWith("staff: undo")) return "Undone: " + (STATE_WORDS[to] || to);
    if (first.startsWith("staff: blocked author")) return "Rejected: author blocked";
    return { approved: "Approved", rejected: "Rejected", pending: "Back to the queue" }[to] || to;
  }
  return ACTION_WORDS[e.action] || e.action;
}

function auditItem(e) {
  if (e.post) {
    const p = e.post;
    return el("div", { class: "audit-post" }, el("strong", {}, p.author || p.handle), p.handle && p.handle !== p.author ? " " + p.handle : "",
      el("span", { class: "words" }, "\u201c" + p.words + "\u201d"),
      p.link ? el("a", { href: p.link, rel: "noopener noreferrer", target: "_blank" }, "open the original") : null);
  }
  if (e.post === null) return "a post no longer stored (removed after its retention time)";
  if (e.action === "setting") return SETTING_WORDS[e.target] || e.target;
  return e.target;
}

function auditDetails(e) {
  if (e.action === "decision") {
    return (e.details || "").split("\n").map((line) => line.replace(/^\w+: /, "")).filter((r) => r)
      .map(reasonWords).join("; ");
  }
  return e.details;
}

// Each request is numbered: an answer that arrives after a newer request was
// sent (the tab's full list after the filter was submitted) is dropped.
let auditRequest = 0;
async function loadAudit(fresh) {
  const mine = ++auditRequest;
  const f = $("#audit-form");
  const q = new URLSearchParams();
  for (const k of ["actor", "action", "post"]) if (f.elements[k].value) q.set(k, f.elements[k].value);
  for (const k of ["since", "until"]) if (f.elements[k].value) q.set(k, localToIso(f.elements[k].value));
  if (!fresh && auditBefore) q.set("before", String(auditBefore));
  q.set("limit", "100");
  let data;
  try { data = await api("GET", "/api/audit?" + q.toString()); } catch (e) { say(e.message, true); return; }
  if (mine !== auditRequest) return;
  const rows = data.entries.map((e) => el("tr", {}, el("td", {}, when(e.at)), el("td", {}, e.actor),
    el("td", {}, auditWhat(e)), el("td", {}, auditItem(e)), el("td", {}, auditDetails(e)), el("td", {}, e.address)));
  if (fresh) $("#audit").replaceChildren(...rows); else $("#audit").append(...rows);
  if (fresh && !rows.length) $("#audit").replaceChildren(el("tr", {}, el("td", { colspan: "6" }, "No entries match.")));
  auditBefore = data.next_before;
  $("#audit-more").hidden = data.entries.length < 100;
}
$("#audit-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadAudit(true); });
$("#audit-more").addEventListener("click", () => loadAudit(false));
