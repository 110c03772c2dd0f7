// The Screens page of a fleet hub's console (docs/fleet.md): the paired
// screens with their state, pairing by the code a screen shows, screens that
// enrolled with the key and wait for approval, rename / regroup / revoke, and
// each group's kill switch with "N of M screens confirmed". Loaded after
// console.js and uses its api(), el(), say() and when(). On a box that is
// not a hub /api/screens answers 404 and the tab stays hidden. Everything a
// screen sends (its name) is inserted as text, never as HTML.
"use strict";

const screensPage = { timer: null, data: null };
const SCREEN_STATE_WORDS = {
  online: "online", stale: "stale (not heard from for 2 min)", never: "not seen yet", revoked: "revoked",
  offline_showing_last_wall: "offline, showing its last wall", offline: "offline (announcements only by now)",
};

function screensTab() { return document.querySelector('.tabs button[data-tab="screens"]'); }

// A tab of console.js (TABS): refreshed every 3 s while it is open.
TABS.screens = {
  load() {
    loadScreens();
    clearInterval(screensPage.timer);
    screensPage.timer = setInterval(loadScreens, 3000);
  },
  leave() { clearInterval(screensPage.timer); },
};

async function screensAction(path, body, done) {
  try {
    await api("POST", path, body);
    say(done);
    loadScreens();
  } catch (e) { say(e.message, true); }
}

function killSummary(k) {
  if (!k.any_on) return el("p", { class: "note" }, `Kill switch off on every group. ${k.total} screen(s) paired.`);
  const text = `Kill switch on: ${k.confirmed} of ${k.total} screens confirmed.` +
    (k.unconfirmed.length ? ` Not yet: ${k.unconfirmed.join(", ")}.` : "");
  return el("p", { class: "kill", "aria-pressed": "true", id: "kill-confirmations" }, text);
}

function pairForm(groups) {
  const list = el("datalist", { id: "screen-groups" }, ...groups.map((g) => el("option", { value: g.name })));
  const form = el("form", { class: "editor admin-only", id: "pair-form" },
    el("h3", {}, "Pair a screen"),
    el("label", {}, "Code on the screen ", el("input", { name: "code", required: true, autocomplete: "off", placeholder: "ABCD-2345" })),
    el("label", {}, "Name ", el("input", { name: "name", required: true, placeholder: "Maternity waiting room" })),
    el("label", {}, "Group ", el("input", { name: "group", required: true, list: "screen-groups", placeholder: "maternity" })),
    list,
    el("button", { type: "submit" }, "Pair"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    screensAction("/api/screens/pair", { code: f.get("code"), name: f.get("name"), group: f.get("group") },
      `Paired ${f.get("name")}.`);
  });
  return form;
}

function pendingList(pending) {
  const enrolled = pending.filter((p) => p.enrolled);
  if (!enrolled.length) return null;
  return el("div", {},
    el("h3", {}, "Waiting for approval"),
    el("ul", { class: "items", id: "screens-pending" }, ...enrolled.map((p) => {
      const group = el("input", { placeholder: "group", "aria-label": `Group for ${p.name}` });
      return el("li", {}, el("span", {}, `${p.name} (asked ${when(p.asked_at)})`), group,
        el("button", { type: "button", class: "admin-only", onclick: () =>
          screensAction("/api/screens/pair", { code: p.code, name: p.name, group: group.value || "all" },
            `Approved ${p.name}.`) }, "Approve"));
    })));
}

function bytesWords(n) {
  if (n == null) return "?";
  const gb = n / 1e9;
  return gb >= 1 ? `${gb.toFixed(1)} GB` : `${Math.round(n / 1e6)} MB`;
}

function secondsWords(n) {
  if (n < 120) return `${Math.round(n)} s`;
  if (n < 7200) return `${Math.round(n / 60)} min`;
  if (n < 172800) return `${Math.round(n / 3600)} h`;
  return `${Math.round(n / 86400)} days`;
}

// The screen's last status report in words (docs/fleet.md, "Status").
function healthCell(s) {
  const r = s.status;
  if (!r) return el("td", { class: "health" }, "no status report yet");
  const parts = [];
  if (r.version) parts.push(`lobbywall ${r.version}`);
  if (r.uptime_seconds != null) parts.push(`up ${secondsWords(r.uptime_seconds)}`);
  parts.push(`${r.post_ids.length} posts on screen${r.layout ? ` (${r.layout})` : ""}`);
  if (r.last_frame_unix != null) parts.push(`last frame ${when(new Date(r.last_frame_unix * 1000).toISOString())}`);
  if (r.scheduled_on != null) parts.push(r.scheduled_on ? "display hours: on" : "display hours: off");
  if (r.cpu_temperature != null) parts.push(`CPU ${Math.round(r.cpu_temperature)} °C`);
  parts.push(`free disk ${bytesWords(r.free_store_bytes)} (store), ${bytesWords(r.free_cache_bytes)} (pictures)`);
  if (r.resident_bytes != null) parts.push(`memory ${bytesWords(r.resident_bytes)}`);
  const clockOff = r.clock_offset_seconds != null && Math.abs(r.clock_offset_seconds) > 120;
  if (r.clock_offset_seconds != null)
    parts.push(Math.abs(r.clock_offset_seconds) < 2 ? "clock in step with the hub"
      : `clock ${r.clock_offset_seconds > 0 ? "behind" : "ahead of"} the hub by ${secondsWords(Math.abs(r.clock_offset_seconds))}`);
  const cell = el("td", { class: "health" + (clockOff ? " bad" : "") }, parts.join(" · ") + ` (reported ${when(r.received)})`);
  if (r.errors.length)
    cell.append(el("details", {}, el("summary", {}, `${r.errors.length} recent error(s)`),
      el("ul", {}, ...r.errors.map((line) => el("li", {}, line)))));
  return cell;
}

function screenRow(s) {
  const actions = el("td", { class: "admin-only" });
  if (!s.revoked) {
    actions.append(
      el("button", { type: "button", onclick: () => {
        const name = prompt("New name for " + s.name, s.name);
        if (name) screensAction("/api/screens/rename", { id: s.id, name }, "Renamed.");
      } }, "Rename"),
      el("button", { type: "button", onclick: () => {
        const group = prompt("New group for " + s.name, s.group);
        if (group) screensAction("/api/screens/group", { id: s.id, group }, "Moved.");
      } }, "Regroup"),
      el("button", { type: "button", onclick: () => {
        if (confirm(`Revoke ${s.name}? It stops syncing at once and must be paired again.`))
          screensAction("/api/screens/revoke", { id: s.id }, `Revoked ${s.name}.`);
      } }, "Revoke"));
  }
  const ack = s.revoked ? "" : (s.kill_confirmed ? (s.kill_wanted ? "kill switch confirmed" : "up to date")
                                                 : (s.kill_wanted ? "kill switch NOT confirmed" : "not up to date yet"));
  return el("tr", { "data-screen": s.id },
    el("td", {}, s.name), el("td", {}, s.group),
    el("td", { class: s.state === "online" ? "" : "bad" }, SCREEN_STATE_WORDS[s.state] || s.state),
    // Worded cells: on a phone the table's header row is hidden.
    el("td", {}, s.last_seen ? "seen " + when(s.last_seen) : ""), el("td", {}, "version " + s.version),
    el("td", {}, s.media_pending ? `${s.media_pending} pictures pending` : "all pictures"),
    el("td", { class: s.kill_confirmed ? "" : "bad" }, ack), healthCell(s), actions);
}

function groupList(groups) {
  return el("ul", { class: "items", id: "screen-group-list" }, ...groups.map((g) =>
    el("li", {}, el("span", {}, `${g.name} (version ${g.version})`),
      el("button", { type: "button", class: "kill", "aria-pressed": g.kill ? "true" : "false", onclick: () =>
        screensAction("/api/screens/kill", { group: g.name, on: !g.kill },
          g.kill ? `Kill switch off for ${g.name}.` : `Kill switch on for ${g.name}.`) },
        g.kill ? `Kill switch ON: turn off` : `Kill switch for ${g.name}`))));
}

async function loadScreens() {
  let data;
  try { data = await api("GET", "/api/screens"); } catch (e) { say(e.message, true); return; }
  screensPage.data = data;
  const page = $("#tab-screens");
  const focused = page.contains(document.activeElement) && document.activeElement.tagName === "INPUT";
  if (focused) {  // somebody is typing: refresh only the summary and the table
    page.querySelector("#kill-confirmations, .note")?.replaceWith(killSummary(data.kill));
    page.querySelector("#screens")?.replaceChildren(...data.screens.map(screenRow));
    return;
  }
  page.replaceChildren(
    killSummary(data.kill),
    pairForm(data.groups),
    pendingList(data.pending) || "",
    el("h3", {}, "Screens"),
    el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ...["Name", "Group", "State", "Last seen", "Version", "Pictures pending",
        "Kill switch", "Health", ""].map((h) => el("th", {}, h)))),
      el("tbody", { id: "screens" }, ...data.screens.map(screenRow))),
    el("h3", {}, "Groups"),
    groupList(data.groups));
}

// The tab appears on a hub only.
// Asked without api(): a 401 before logging in must not disturb console.js.
async function offerScreensTab() {
  if ($("#app-view").hidden) return;
  try {
    const res = await fetch("/api/screens", { credentials: "same-origin" });
    screensTab().hidden = !res.ok;
  } catch (e) { /* not a hub, or not now */ }
}
new MutationObserver(offerScreensTab).observe($("#app-view"), { attributes: true, attributeFilter: ["hidden"] });
offerScreensTab();
