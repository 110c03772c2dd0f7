// The staff console's core: talks to lobbywall's /api, logs in and out,
// switches tabs, polls /api/status every 2 s, shows messages in a toast
// that stays in view (with Undo when there is something to undo), asks
// questions in a dialog, and formats times in the hospital's time zone.
// posts.js (the queue) and staff.js (the other tabs) register their tabs in
// TABS. Plain JavaScript, no build step, no outside requests. All content is
// inserted as text nodes, never as HTML. Controls only an admin may use carry
// the class admin-only (the server refuses them with 403 anyway).
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = {
  csrf: "", user: "", role: "", tab: "pending", timeZone: "", idleTimeoutS: 0,
  status: null, timer: null, undo: null, lastSeen: 0, idleWarned: false,
};
// name -> { load(), leave() }: each tab's script registers itself.
const TABS = {};

// --- talking to the server -------------------------------------------------------
// `background`: a request the page makes by itself (polling), which the
// server does not count as the person's activity.
async function api(method, path, body, background) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (background) opts.headers["X-Background"] = "1";
  else state.lastSeen = Date.now();
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
  if (res.status === 401 && path !== "/api/login") sessionEnded();
  if (!res.ok) {
    const err = new Error((data && data.error) || ("the server answered " + res.status));
    err.status = res.status;
    err.data = data;
    throw err;
  }
  return data;
}

// --- messages: a toast at the bottom of the screen, with Undo when offered ---------
let toastTimer = null;
function say(text, bad, undo, undoLabel) {
  const m = $("#message");
  m.textContent = text;
  m.classList.toggle("bad", !!bad);
  $("#toast").hidden = !text;
  $("#toast").classList.toggle("bad", !!bad);
  state.undo = undo || null;
  $("#toast-undo").hidden = !undo;
  $("#toast-undo").textContent = undoLabel || "Undo";
  clearTimeout(toastTimer);
  // Errors and undo offers stay until dismissed or replaced; news fades.
  if (text && !bad && !undo) toastTimer = setTimeout(() => say(""), 8000);
}
$("#toast-close").addEventListener("click", () => say(""));
$("#toast-undo").addEventListener("click", () => runUndo());
async function runUndo() {
  const undo = state.undo;
  if (!undo) return;
  say("");
  try { say(await undo()); } catch (e) { say(e.message, true); }
  reloadTab();
  poll();
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

// A question in a modal dialog: resolves true for the confirm button, false
// for Cancel or Escape. Cancel has the focus, so Enter never confirms by accident.
function ask(title, body, confirmLabel) {
  const d = $("#ask");
  $("#ask-title").textContent = title;
  $("#ask-body").replaceChildren(...body);
  $("#ask-ok").textContent = confirmLabel;
  return new Promise((resolve) => {
    const done = (answer) => {
      $("#ask-ok").onclick = null;
      $("#ask-cancel").onclick = null;
      d.onclose = null;
      if (d.open) d.close();
      resolve(answer);
    };
    $("#ask-ok").onclick = () => done(true);
    $("#ask-cancel").onclick = () => done(false);
    d.onclose = () => done(false);
    d.showModal();
    $("#ask-cancel").focus();
  });
}

// --- times, in the hospital's time zone ---------------------------------------------
function zoneOptions() { return state.timeZone ? { timeZone: state.timeZone } : {}; }
function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", ...zoneOptions() });
}
// Milliseconds the zone is ahead of UTC at instant `ms`.
function zoneOffset(ms) {
  if (!state.timeZone) return -new Date(ms).getTimezoneOffset() * 60000;
  const parts = {};
  for (const p of new Intl.DateTimeFormat("en-GB", { timeZone: state.timeZone, hourCycle: "h23",
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - Math.floor(ms / 1000) * 1000;
}
// "2026-11-24T09:00" typed in a datetime-local box, read in the hospital's zone.
function localToIso(v) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(v || "");
  if (!m) return "";
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ms = asUtc - zoneOffset(asUtc);
  ms = asUtc - zoneOffset(ms);  // again, for a time next to a daylight-saving change
  return new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
}
function isoToLocal(v) {
  if (!v) return "";
  const ms = new Date(v).getTime();
  if (isNaN(ms)) return "";
  return new Date(ms + zoneOffset(ms)).toISOString().slice(0, 16);
}

// --- log in / out ------------------------------------------------------------------
function showLogin(note) {
  clearInterval(state.timer);
  state.timer = null;
  state.csrf = "";
  if (TABS[state.tab] && TABS[state.tab].leave) TABS[state.tab].leave();
  if ($("#ask").open) $("#ask").close();
  $("#app-view").hidden = true;
  $("#login-view").hidden = false;
  $("#login-note").textContent = note || "";
  $("#login-name").focus();
}

// A 401 while logged in: the session ran out (or was ended elsewhere). Say
// so, rather than dropping the moderator on a bare login form.
function sessionEnded() {
  if (!state.csrf) return;
  const minutes = Math.round(state.idleTimeoutS / 60);
  showLogin("Your session has ended" + (minutes ? " (after " + minutes + " minutes without activity, or at the end of a shift)" : "") +
    ". Log in again to carry on; everything you saved is kept.");
}

// The server ends a session after idle_timeout_s without a request from the
// person (polling does not count). A minute before, the toast says so; any
// key or tap, or "Stay logged in", counts as activity again.
const IDLE_SLACK_MS = 30000;  // the server notes activity at most every 30 s
function checkIdle() {
  if (!state.idleTimeoutS || !state.csrf) return;
  const left = state.idleTimeoutS * 1000 - (Date.now() - state.lastSeen) - IDLE_SLACK_MS;
  if (left > 60000) { state.idleWarned = false; return; }
  if (state.idleWarned) return;
  state.idleWarned = true;
  say("Nothing has happened here for a while: you will be logged out in about a minute.", false,
    () => api("GET", "/api/session").then(() => "You stay logged in."), "Stay logged in");
}
for (const kind of ["keydown", "pointerdown"])
  document.addEventListener(kind, () => {
    if (state.csrf && Date.now() - state.lastSeen > 60000) api("GET", "/api/session").catch(() => {});
  }, { capture: true });

function showApp(info) {
  state.csrf = info.csrf;
  state.user = info.user;
  state.role = info.role;
  state.timeZone = info.time_zone || "";
  // A zone name this browser does not know: the browser's own, said so below.
  try { new Intl.DateTimeFormat(undefined, zoneOptions()); } catch (e) { state.timeZone = ""; }
  state.idleTimeoutS = info.idle_timeout_s || 0;
  state.lastSeen = Date.now();
  document.body.classList.toggle("role-moderator", info.role !== "admin");
  $("#whoami").textContent = info.user + " (" + info.role + ")";
  const zone = state.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  $("#zone-note").textContent = "Times are shown in " + zone + (state.timeZone ? ", the hospital's time zone." : ", this computer's time zone.");
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
    $("#login-note").textContent = "";
    showApp(info);
  } catch (e) {
    $("#login-error").textContent = e.message.charAt(0).toUpperCase() + e.message.slice(1) + ".";
  }
});

$("#logout").addEventListener("click", async () => {
  try { await api("POST", "/api/logout"); } catch (e) { /* logged out anyway */ }
  state.csrf = "";
  say("");
  showLogin("You are logged out.");
});

// --- tabs and live updates -------------------------------------------------------------
function selectTab(tab) {
  if (TABS[state.tab] && state.tab !== tab && TABS[state.tab].leave) TABS[state.tab].leave();
  state.tab = tab;
  for (const b of document.querySelectorAll(".tabs button")) {
    if (b.dataset.tab === tab) b.setAttribute("aria-current", "page"); else b.removeAttribute("aria-current");
  }
  const panel = TABS[tab] && TABS[tab].panel ? TABS[tab].panel : "tab-" + tab;
  for (const s of document.querySelectorAll("#app-view > section.panel")) s.hidden = s.id !== panel;
  if (TABS[tab]) TABS[tab].load();
}
function reloadTab() { if (TABS[state.tab]) TABS[state.tab].load(true); }
for (const b of document.querySelectorAll(".tabs button"))
  b.addEventListener("click", () => { say(""); selectTab(b.dataset.tab); });

async function poll() {
  let s;
  checkIdle();
  try { s = await api("GET", "/api/status", null, true); } catch (e) { return; }
  const old = state.status;
  state.status = s;
  for (const k of ["pending", "approved", "rejected"]) $("#count-" + k).textContent = s.counts[k] ? String(s.counts[k]) : "";
  const ks = $("#kill-switch");
  ks.setAttribute("aria-pressed", s.kill_switch ? "true" : "false");
  ks.textContent = "Kill switch: " + (s.kill_switch ? "ON (house content only)" : "off");
  for (const t of Object.values(TABS)) if (t.statusChanged) t.statusChanged(old, s);
}

// --- kill switch -------------------------------------------------------------------------
$("#kill-switch").addEventListener("click", async () => {
  const on = !(state.status && state.status.kill_switch);
  const yes = await ask(on ? "Turn the kill switch on?" : "Turn the kill switch off?",
    [el("p", {}, on ? "The wall will show only announcements and prompts until the kill switch is turned off."
      : "Approved social posts will show on the wall again.")],
    on ? "Turn it on" : "Turn it off");
  if (!yes) return;
  try {
    await api("POST", "/api/kill-switch", { on });
    say(on ? "Kill switch is ON: the wall shows house content only." : "Kill switch is off.");
    poll();
  } catch (e) { say(e.message, true); }
});

// --- start (after posts.js and staff.js have registered their tabs) ----------------------
window.addEventListener("DOMContentLoaded", () => {
  api("GET", "/api/session").then(showApp).catch(() => showLogin());
});

// --- alerts (/api/alerts, alerts_api.cpp) -------------------------------------------------------
// A banner above the console for what needs staff now: a source failing for
// a long time, posts waiting too long. Asked every 5 s while logged in; a
// background request, so it does not keep an unattended session alive.
async function loadAlerts() {
  if ($("#app-view").hidden) return;
  let data;
  try { data = await api("GET", "/api/alerts", null, true); } catch (e) { return; }
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
