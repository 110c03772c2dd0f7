// The staff console's script: talks to lobbywall's /api, renders the queue,
// the approved and rejected lists, staff content, the kill switch, the
// screenshot, source health and the audit log. Plain JavaScript, no build
// step, no outside requests. All post content is inserted as text nodes,
// never as HTML. Live updates: /api/status is polled every 2 s. Controls
// only an admin may use carry the class admin-only and are hidden for a
// moderator (the server refuses them with 403 anyway).
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = {
  csrf: "", user: "", tab: "pending", posts: [], current: 0, selected: new Set(),
  status: null, auditBefore: 0, lastUndo: null, timer: null,
};
const POST_TABS = ["pending", "approved", "rejected"];

// --- talking to the server -------------------------------------------------------
async function api(method, path, body) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (method !== "GET") {
    opts.headers["X-CSRF-Token"] = state.csrf;
    if (body instanceof FormData) {
      opts.body = body;  // the browser sets multipart/form-data with its boundary
    } else {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body || {});
    }
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 401 && path !== "/api/login") { showLogin(); }
  if (!res.ok) throw new Error((data && data.error) || ("HTTP " + res.status));
  return data;
}

function say(text, bad) {
  const m = $("#message");
  m.textContent = text;
  m.classList.toggle("bad", !!bad);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

// --- log in / out ------------------------------------------------------------------
function showLogin() {
  clearInterval(state.timer);
  state.timer = null;
  $("#app-view").hidden = true;
  $("#login-view").hidden = false;
  $("#login-name").focus();
}

function showApp(info) {
  state.csrf = info.csrf;
  state.user = info.user;
  state.role = info.role;
  document.body.classList.toggle("role-moderator", info.role !== "admin");
  $("#whoami").textContent = info.user + " (" + info.role + ")";
  $("#login-view").hidden = true;
  $("#app-view").hidden = false;
  selectTab(state.tab);
  poll();
  if (!state.timer) state.timer = setInterval(poll, 2000);
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("#login-error").textContent = "";
  try {
    const info = await api("POST", "/api/login", {
      name: $("#login-name").value, password: $("#login-password").value,
    });
    $("#login-password").value = "";
    showApp(info);
  } catch (e) {
    $("#login-error").textContent = e.message;
  }
});

$("#logout").addEventListener("click", async () => {
  try { await api("POST", "/api/logout"); } catch (e) { /* logged out anyway */ }
  state.csrf = "";
  showLogin();
});

// --- tabs and live updates -------------------------------------------------------------
function selectTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll(".tabs button"))
    b.setAttribute("aria-selected", b.dataset.tab === tab ? "true" : "false");
  const postTab = POST_TABS.includes(tab);
  $("#tab-posts").hidden = !postTab;
  for (const t of ["announcements", "prompts", "screen", "sources", "audit"])
    $("#tab-" + t).hidden = t !== tab;
  say("");
  if (postTab) { state.selected.clear(); state.current = 0; loadPosts(); }
  else if (tab === "announcements") loadAnnouncements();
  else if (tab === "prompts") loadPrompts();
  else if (tab === "screen") loadScreen();
  else if (tab === "sources") loadSources();
  else if (tab === "audit") loadAudit(true);
}
for (const b of document.querySelectorAll(".tabs button"))
  b.addEventListener("click", () => selectTab(b.dataset.tab));

async function poll() {
  let s;
  try { s = await api("GET", "/api/status"); } catch (e) { return; }
  const old = state.status;
  state.status = s;
  for (const k of POST_TABS) $("#count-" + k).textContent = s.counts[k] ? String(s.counts[k]) : "";
  const ks = $("#kill-switch");
  ks.setAttribute("aria-pressed", s.kill_switch ? "true" : "false");
  ks.textContent = "Kill switch: " + (s.kill_switch ? "ON (house content only)" : "off");
  const changed = !old || old.version !== s.version || old.newest_pending !== s.newest_pending ||
    POST_TABS.some((k) => old.counts[k] !== s.counts[k]);
  if (changed && old && POST_TABS.includes(state.tab)) loadPosts();
}

// --- posts -------------------------------------------------------------------------------
async function loadPosts() {
  const tab = state.tab;
  let data;
  try { data = await api("GET", "/api/posts?state=" + tab + "&limit=200"); }
  catch (e) { say(e.message, true); return; }
  if (tab !== state.tab) return;
  const keepId = state.posts[state.current] && state.posts[state.current].id;
  state.posts = data.posts;
  const at = state.posts.findIndex((p) => p.id === keepId);
  state.current = Math.min(at >= 0 ? at : state.current, Math.max(0, state.posts.length - 1));
  for (const id of [...state.selected]) if (!state.posts.some((p) => p.id === id)) state.selected.delete(id);
  renderPosts();
}

// "Held: looks like a phone number" in the queue; "Flagged: ..." in the
// approved and rejected lists, where a person has decided already.
function privacyLabel(why) {
  return (state.tab === "pending" ? "Held: " : "Flagged: ") + why;
}

function renderText(post) {
  const box = el("div", { class: "text" });
  for (const part of post.text_parts) {
    if (part.flag) {
      box.append(el("mark", { title: "privacy: " + part.flag }, part.text),
        el("span", { class: "why", role: "note" }, privacyLabel(part.why || part.flag)));
    } else box.append(part.text);
  }
  return box;
}

const FIELD_NAMES = { author: "the author's name", content_warning: "the content warning" };
function fieldName(field) {
  if (FIELD_NAMES[field]) return FIELD_NAMES[field];
  const m = /^media\[(\d+)\]\.alt$/.exec(field);
  return m ? "the alt text of image " + (Number(m[1]) + 1) : field;
}

function renderPost(post, index) {
  const tab = state.tab;
  const sel = el("input", { type: "checkbox", "aria-label": "Select post by " + (post.author || post.handle) });
  sel.checked = state.selected.has(post.id);
  sel.addEventListener("change", () => { toggleSelect(post.id, sel.checked); });
  const meta = el("div", { class: "meta" }, sel, el("strong", {}, post.author || post.handle),
    el("span", {}, post.handle), el("span", {}, when(post.created)),
    el("span", {}, post.source_id), post.pinned ? el("span", { class: "pinned" }, "Pinned") : null);
  const reasons = el("ul", { class: "reasons", "aria-label": "Reasons" });
  for (const r of post.reasons)
    reasons.append(el("li", { class: r.startsWith("privacy:") ? "privacy" : "" }, r));
  for (const h of post.highlights.filter((h) => h.field !== "text"))
    reasons.append(el("li", { class: "privacy" }, privacyLabel(h.why || h.reason) + ", in " + fieldName(h.field) + ": \u201c" + h.match + "\u201d"));
  const media = el("div", { class: "media" });
  for (const m of post.media) {
    const fig = el("figure", {});
    if (m.src) fig.append(el("img", { src: m.src, alt: m.alt || "image without a description", loading: "lazy" }));
    fig.append(el("figcaption", {}, m.alt ? "Alt: " + m.alt : "No alt text" + (m.src ? "" : " (image not downloaded yet)")));
    media.append(fig);
  }
  const act = (label, cls, fn, key) =>
    el("button", { type: "button", class: cls, onclick: fn, "aria-keyshortcuts": key }, label);
  const actions = el("div", { class: "actions" });
  if (tab === "pending") {
    actions.append(act("Approve", "approve", () => decide([post.id], "approved"), "a"),
      act("Reject", "reject", () => decide([post.id], "rejected"), "r"),
      act("Approve and pin", "", () => approveAndPin(post), "p"));
  } else if (tab === "approved") {
    actions.append(act(post.pinned ? "Unpin" : "Pin", "", () => pin(post, !post.pinned), "p"),
      act("Reject", "reject", () => decide([post.id], "rejected"), "r"),
      act("Undo: back to queue", "", () => decide([post.id], "pending"), "u"));
  } else {
    actions.append(act("Approve", "approve", () => decide([post.id], "approved"), "a"),
      act("Undo: back to queue", "", () => decide([post.id], "pending"), "u"));
  }
  if (post.handle) actions.append(act("Block author", "", () => blockAuthor(post.handle)));
  const card = el("article", {
    class: "post" + (index === state.current ? " current" : "") + (sel.checked ? " selected" : ""),
    "data-id": post.id, tabindex: "-1", "aria-label": "Post by " + (post.author || post.handle),
  }, meta, post.content_warning ? el("div", { class: "cw" }, "CW: " + post.content_warning) : null,
  renderText(post), post.media.length ? media : null, reasons, actions);
  card.addEventListener("click", (ev) => {
    if (ev.target.closest("button, input, a")) return;
    state.current = index;
    markCurrent();
  });
  return card;
}

function renderPosts() {
  const list = $("#posts");
  list.replaceChildren(...state.posts.map(renderPost));
  $("#posts-empty").hidden = state.posts.length > 0;
  $("#select-all").checked = state.posts.length > 0 && state.selected.size === state.posts.length;
}

function markCurrent(scroll) {
  const cards = document.querySelectorAll("#posts .post");
  cards.forEach((c, i) => c.classList.toggle("current", i === state.current));
  const card = cards[state.current];
  if (card && scroll) { card.focus({ preventScroll: true }); card.scrollIntoView({ block: "nearest" }); }
}

function toggleSelect(id, on) {
  if (on) state.selected.add(id); else state.selected.delete(id);
  renderPosts();
}

async function decide(ids, to) {
  if (!ids.length) return;
  const from = state.tab;
  try {
    await api("POST", "/api/posts/decide", { ids, state: to });
    state.lastUndo = { ids, state: from };
    for (const id of ids) state.selected.delete(id);
    say((ids.length === 1 ? "Post" : ids.length + " posts") + " moved to " + to + ". Press u to undo.");
    await loadPosts();
    poll();
  } catch (e) { say(e.message, true); }
}

async function pin(post, on) {
  try {
    await api("POST", "/api/posts/pin", { id: post.id, pinned: on });
    say(on ? "Pinned." : "Unpinned.");
    await loadPosts();
  } catch (e) { say(e.message, true); }
}

async function approveAndPin(post) {
  try {
    await api("POST", "/api/posts/decide", { ids: [post.id], state: "approved" });
    await api("POST", "/api/posts/pin", { id: post.id, pinned: true });
    state.lastUndo = { ids: [post.id], state: "pending" };
    say("Approved and pinned.");
    await loadPosts();
    poll();
  } catch (e) { say(e.message, true); }
}

async function blockAuthor(handle) {
  if (!confirm("Block " + handle + "? Their posts waiting in the queue are rejected, and new ones will be.")) return;
  try {
    const r = await api("POST", "/api/blocked-authors", { handle, blocked: true });
    say("Blocked " + handle + "; " + r.rejected + " waiting post(s) rejected.");
    await loadPosts();
  } catch (e) { say(e.message, true); }
}

$("#select-all").addEventListener("change", (ev) => {
  state.selected = new Set(ev.target.checked ? state.posts.map((p) => p.id) : []);
  renderPosts();
});
for (const b of document.querySelectorAll("[data-bulk]"))
  b.addEventListener("click", () => decide([...state.selected], b.dataset.bulk));

document.addEventListener("keydown", (ev) => {
  if (!POST_TABS.includes(state.tab) || $("#app-view").hidden) return;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.target.closest && ev.target.closest("input, textarea, select")) return;
  const post = state.posts[state.current];
  const key = ev.key;
  if (key === "j" || key === "k") {
    const n = state.posts.length;
    if (!n) return;
    state.current = Math.max(0, Math.min(n - 1, state.current + (key === "j" ? 1 : -1)));
    markCurrent(true);
  } else if (key === "a" && post && state.tab !== "approved") decide([post.id], "approved");
  else if (key === "r" && post && state.tab !== "rejected") decide([post.id], "rejected");
  else if (key === "p" && post) {
    if (state.tab === "approved") pin(post, !post.pinned);
    else if (state.tab === "pending") approveAndPin(post);
  } else if (key === "x" && post) toggleSelect(post.id, !state.selected.has(post.id));
  else if (key === "u" && state.lastUndo) {
    const u = state.lastUndo;
    state.lastUndo = null;
    api("POST", "/api/posts/decide", u).then(() => { say("Undone."); loadPosts(); poll(); })
      .catch((e) => say(e.message, true));
  } else return;
  ev.preventDefault();
});

// --- kill switch -------------------------------------------------------------------------
$("#kill-switch").addEventListener("click", async () => {
  const on = !(state.status && state.status.kill_switch);
  const question = on
    ? "Turn the kill switch ON? The wall will show only announcements and prompts until it is turned off."
    : "Turn the kill switch off? Approved social posts will show on the wall again.";
  if (!confirm(question)) return;
  try {
    await api("POST", "/api/kill-switch", { on });
    say(on ? "Kill switch is ON: the wall shows house content only." : "Kill switch is off.");
    poll();
  } catch (e) { say(e.message, true); }
});

// --- announcements and prompts ---------------------------------------------------------------
function localToIso(v) { return v ? new Date(v).toISOString().replace(/\.\d+Z$/, "Z") : ""; }
function isoToLocal(v) {
  if (!v) return "";
  const d = new Date(v);
  const pad = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
}

async function loadAnnouncements() {
  let data;
  try { data = await api("GET", "/api/announcements"); } catch (e) { say(e.message, true); return; }
  const form = $("#announcement-form");
  $("#announcements").replaceChildren(...data.announcements.map((a) => el("li", { "data-id": a.id },
    a.image ? el("img", { class: "thumb", src: a.image, alt: "Image of the announcement" }) : null,
    el("span", {}, [a.title, a.body].filter(Boolean).join(": ") + " \u2014 from " + when(a.starts) + (a.ends ? " until " + when(a.ends) : "")),
    el("button", { type: "button", onclick: () => {
      form.elements.item_id.value = a.id; form.elements.title.value = a.title; form.elements.body.value = a.body;
      form.elements.starts.value = isoToLocal(a.starts); form.elements.ends.value = isoToLocal(a.ends);
      showCurrentImage(a.image);
    } }, "Edit"),
    el("button", { type: "button", class: "reject", onclick: async () => {
      if (!confirm("Delete this announcement?")) return;
      try { await api("POST", "/api/announcements/delete", { id: a.id }); loadAnnouncements(); }
      catch (e) { say(e.message, true); }
    } }, "Delete"))));
}

function showCurrentImage(src) {
  $("#ann-image-now").hidden = !src;
  if (src) $("#ann-image-thumb").src = src; else $("#ann-image-thumb").removeAttribute("src");
  $("#announcement-form").elements.remove_image.checked = false;
}

// Saves the text (JSON), then the image, if one was chosen, as a second
// request (multipart): the server checks it like a feed's image.
$("#announcement-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const file = f.elements.image.files[0];
  let saved;
  try {
    saved = await api("POST", "/api/announcements", {
      id: f.elements.item_id.value || undefined, title: f.elements.title.value, body: f.elements.body.value,
      starts: localToIso(f.elements.starts.value) || undefined, ends: localToIso(f.elements.ends.value) || undefined,
    });
  } catch (e) { say(e.message, true); return; }
  f.elements.item_id.value = saved.id;  // a failed upload can be retried on the same announcement
  try {
    if (file) {
      const form = new FormData();
      form.append("id", saved.id);
      form.append("image", file, file.name);
      await api("POST", "/api/announcements/image", form);
    } else if (f.elements.remove_image.checked) {
      await api("POST", "/api/announcements/image/delete", { id: saved.id });
    }
  } catch (e) {
    say("The announcement is saved, but not its image: " + e.message, true);
    loadAnnouncements();
    return;
  }
  f.reset();
  say(file ? "Announcement and image saved." : "Announcement saved.");
  loadAnnouncements();
});
$("#announcement-form").addEventListener("reset", (ev) => {
  ev.target.elements.item_id.value = "";
  showCurrentImage("");
});

async function loadPrompts() {
  let data;
  try { data = await api("GET", "/api/prompts"); } catch (e) { say(e.message, true); return; }
  const form = $("#prompt-form");
  $("#prompts").replaceChildren(...data.prompts.map((p) => el("li", {},
    el("span", {}, p.text + " #" + p.hashtag + (p.url ? " \u2192 " + p.url : "")),
    el("button", { type: "button", class: "admin-only", onclick: () => {
      form.elements.item_id.value = p.id; form.elements.text.value = p.text; form.elements.hashtag.value = p.hashtag; form.elements.url.value = p.url;
    } }, "Edit"),
    el("button", { type: "button", class: "reject admin-only", onclick: async () => {
      if (!confirm("Delete this prompt?")) return;
      try { await api("POST", "/api/prompts/delete", { id: p.id }); loadPrompts(); }
      catch (e) { say(e.message, true); }
    } }, "Delete"))));
}

$("#prompt-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api("POST", "/api/prompts", {
      id: f.elements.item_id.value || undefined, text: f.elements.text.value, hashtag: f.elements.hashtag.value, url: f.elements.url.value,
    });
    f.reset();
    f.elements.item_id.value = "";
    say("Prompt saved.");
    loadPrompts();
  } catch (e) { say(e.message, true); }
});
$("#prompt-form").addEventListener("reset", (ev) => { ev.target.elements.item_id.value = ""; });

// --- on screen now, sources, audit -------------------------------------------------------------
async function loadScreen() {
  const img = $("#screen-image");
  const err = $("#screen-error");
  try {
    const res = await fetch("/api/screen.png?t=" + Date.now(), { credentials: "same-origin" });
    if (!res.ok) {
      const data = await res.json().catch(() => ({}));
      throw new Error(data.error || ("HTTP " + res.status));
    }
    const blobUrl = URL.createObjectURL(await res.blob());
    if (img.dataset.url) URL.revokeObjectURL(img.dataset.url);
    img.dataset.url = blobUrl;
    img.src = blobUrl;
    img.hidden = false;
    err.hidden = true;
  } catch (e) {
    img.hidden = true;
    err.hidden = false;
    err.textContent = "No screenshot: " + e.message;
  }
}
$("#screen-refresh").addEventListener("click", loadScreen);

async function loadSources() {
  let data;
  try { data = await api("GET", "/api/sources"); } catch (e) { say(e.message, true); return; }
  $("#sources").replaceChildren(...data.sources.map((s) => el("tr", { class: s.healthy ? "" : "bad" },
    el("td", {}, s.source_id), el("td", {}, s.kind), el("td", {}, when(s.last_success) || "never"),
    el("td", {}, when(s.last_attempt)), el("td", {}, when(s.next_poll)), el("td", {}, String(s.posts_seen)),
    el("td", {}, String(s.consecutive_failures)), el("td", {}, s.last_error))));
  if (!data.sources.length) $("#sources").replaceChildren(el("tr", {}, el("td", { colspan: "8" }, "No source has been polled yet.")));
}

async function loadAudit(fresh) {
  const f = $("#audit-form");
  const q = new URLSearchParams();
  for (const k of ["actor", "action", "target"]) if (f.elements[k].value) q.set(k, f.elements[k].value);
  for (const k of ["since", "until"]) if (f.elements[k].value) q.set(k, localToIso(f.elements[k].value));
  if (!fresh && state.auditBefore) q.set("before", String(state.auditBefore));
  q.set("limit", "100");
  let data;
  try { data = await api("GET", "/api/audit?" + q.toString()); } catch (e) { say(e.message, true); return; }
  const rows = data.entries.map((e) => el("tr", {}, el("td", {}, when(e.at)), el("td", {}, e.actor),
    el("td", {}, e.address), el("td", {}, e.action), el("td", {}, e.target), el("td", {}, e.details)));
  if (fresh) $("#audit").replaceChildren(...rows); else $("#audit").append(...rows);
  state.auditBefore = data.next_before;
  $("#audit-more").hidden = data.entries.length < 100;
}
$("#audit-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadAudit(true); });
$("#audit-more").addEventListener("click", () => loadAudit(false));

// --- start -----------------------------------------------------------------------------------
api("GET", "/api/session").then(showApp).catch(showLogin);

// --- alerts (/api/alerts, alerts_api.cpp) -------------------------------------------------------
// A banner above the console for what needs staff now: a source failing for
// a long time, posts waiting too long. Asked every 5 s while logged in.
async function loadAlerts() {
  if ($("#app-view").hidden) return;
  let data;
  try { data = await api("GET", "/api/alerts"); } catch (e) { return; }
  let banner = $("#alerts");
  if (!banner) {
    banner = el("section", { id: "alerts", class: "alerts", role: "status", "aria-label": "Alerts" });
    $("#app-view").prepend(banner);
  }
  banner.replaceChildren(...data.alerts.map((a) =>
    el("p", { class: "alert " + a.kind }, el("strong", {}, a.message), a.detail ? el("span", {}, a.detail) : null)));
  banner.hidden = data.alerts.length === 0;
}
setInterval(loadAlerts, 5000);
