// The fleet end to end, as real processes on 127.0.0.1: a hub (lobbywall
// --headless, role "hub", a web feed held for approval), Debian's nginx in
// front of it with packaging/nginx/lobbywall-hub.conf (TLS, the 1 s cache,
// auth_request), and three screens (one straight to the hub, two through
// nginx; one of them drawing in a window when there is a display). Pairing
// is done through the real console in Chromium (Screens page); then:
// approve -> on every screen, reject after approval -> gone from every
// screen, kill switch -> confirmed by every screen (and its screenshot has no
// post card), the hub SIGKILLed -> screens keep their walls, the hub back ->
// they converge. The grace period with a test clock is tests/fleet/test_fleet.cpp.
//
//   node fleet_e2e.mjs LOBBYWALL_BINARY OUTPUT_DIR SERVER_E2E_DIR
import { createRequire } from "node:module";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import net from "node:net";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [bin, outDir, serverE2e] = process.argv.slice(2);
if (!bin || !outDir || !serverE2e) {
  console.error("usage: node fleet_e2e.mjs LOBBYWALL_BINARY OUTPUT_DIR SERVER_E2E_DIR");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const { chromium } = createRequire(path.join(serverE2e, "package.json"))("playwright-core");
const { decodePng, findCards } = await import(path.join(serverE2e, "wall_png.mjs"));
const THEME = { card: "#1C3350", text: "#F4F7FB", top: 80 };
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lobbywall-fleet-"));
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log("fleet-e2e:", ...a);

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// Every wait is bounded; the message says what did not happen.
async function until(what, check, seconds = 20) {
  const end = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < end) {
    try { last = await check(); if (last) return last; } catch (e) { last = e.message; }
    await sleep(200);
  }
  throw new Error(`timed out after ${seconds} s waiting until ${what} (last: ${JSON.stringify(last)})`);
}

function start(name, args, env = {}) {
  const logFile = path.join(work, name + ".log");
  const out = fs.openSync(logFile, "a");
  const child = spawn(args[0], args.slice(1), { stdio: ["ignore", out, out], env: { ...process.env, ...env } });
  child.logFile = logFile;
  child.label = name;
  children.push(child);
  return child;
}

async function stop(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await Promise.race([new Promise((r) => child.on("exit", r)), sleep(10000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

function toml(lines) { return lines.join("\n") + "\n"; }
const q = JSON.stringify;

// --- the pieces ---------------------------------------------------------------------
const feedPort = await freePort(), hubPort = await freePort(), nginxPort = await freePort();
const items = [["post-garden", "The new garden opens today"], ["post-choir", "The staff choir sings at noon"]];
const feed = http.createServer((req, res) => {
  res.setHeader("Content-Type", "application/rss+xml");
  res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>St Vincent's news</title>` +
    `<link>https://stvincents.example/</link><description>news</description>` +
    items.map(([id, text], i) => `<item><guid>https://stvincents.example/${id}</guid><title>${text}</title>` +
      `<description>${text}.</description><link>https://stvincents.example/${id}</link>` +
      `<pubDate>${new Date(Date.now() - (i + 1) * 60000).toUTCString()}</pubDate></item>`).join("") +
    `</channel></rss>`);
}).listen(feedPort, "127.0.0.1");

const hubDir = path.join(work, "hub");
fs.mkdirSync(hubDir);
const hubToml = path.join(work, "hub.toml");
fs.writeFileSync(hubToml, toml([
  "[wall]", `hospital_name = "St Vincent's"`,
  "[paths]", `state_dir = ${q(hubDir + "/state")}`, `cache_dir = ${q(hubDir + "/cache")}`,
  "[server]", `listen = "127.0.0.1:${hubPort}"`,
  "[fleet]", `role = "hub"`, `hub_name = "St Vincent's hub"`,
  "[[source]]", `name = "news"`, `kind = "web_feed"`, `url = "http://127.0.0.1:${feedPort}/feed.xml"`,
  `approval = "manual"`, `poll_seconds = 30`,
]));
execFileSync(bin, ["--config", hubToml, "user", "add", "ana", "--role", "admin"],
  { input: "correct horse battery\ncorrect horse battery\n" });

// TLS for nginx: a self-signed certificate the screens trust through ca_file.
const cert = path.join(work, "hub.crt"), key = path.join(work, "hub.key");
execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
const site = fs.readFileSync(path.join(repo, "packaging/nginx/lobbywall-hub.conf"), "utf8")
  .replace("listen 443 ssl;", `listen 127.0.0.1:${nginxPort} ssl;`)
  .replace("listen [::]:443 ssl;", "")
  .replace("/var/cache/nginx/lobbywall", path.join(work, "nginx-cache"))
  .replace("/run/nginx-lobbywall-auth", path.join(work, "nginx-auth"))
  .replace("server 127.0.0.1:8080;", `server 127.0.0.1:${hubPort};`)
  .replace("/etc/lobbywall/tls/hub.crt", cert).replace("/etc/lobbywall/tls/hub.key", key);
fs.mkdirSync(path.join(work, "nginx-tmp"));
fs.writeFileSync(path.join(work, "site.conf"), site);
fs.writeFileSync(path.join(work, "nginx.conf"), [
  process.getuid() === 0 ? "user root root;" : "", "daemon off;", "worker_processes 1;",
  `pid ${work}/nginx.pid;`, `error_log ${work}/nginx-error.log warn;`, "events { worker_connections 1024; }",
  "http {", "  access_log off;",
  ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${work}/nginx-tmp/${t};`),
  `  include ${work}/site.conf;`, "}", ""].join("\n"));

const screens = [
  { name: "Maternity 1", group: "maternity", url: `http://127.0.0.1:${hubPort}` },
  { name: "Maternity 2", group: "maternity", url: `https://127.0.0.1:${nginxPort}` },
  { name: "Emergency 1", group: "emergency", url: `https://127.0.0.1:${nginxPort}`, draws: true },
];
for (const [i, s] of screens.entries()) {
  s.dir = path.join(work, `screen${i + 1}`);
  s.toml = path.join(work, `screen${i + 1}.toml`);
  s.db = path.join(s.dir, "state", "lobbywall.db");
  fs.writeFileSync(s.toml, toml([
    "[paths]", `state_dir = ${q(s.dir + "/state")}`, `cache_dir = ${q(s.dir + "/cache")}`,
    "[server]", "enabled = false", "[display]", "fullscreen = false",
    "[fleet]", `role = "screen"`, `hub_url = ${q(s.url)}`, `screen_name = ${q("box-" + (i + 1))}`,
    s.url.startsWith("https") ? `ca_file = ${q(cert)}` : "", "poll_seconds = 1",
  ]));
}

function local(s, key) {
  if (!fs.existsSync(s.db)) return "";
  return execFileSync("sqlite3", [s.db, `SELECT value FROM fleet_local WHERE key = '${key}'`]).toString().trim();
}
function documentOf(s) { const d = local(s, "document"); return d ? JSON.parse(d) : null; }
function postIds(s) { const d = documentOf(s); return d ? d.posts.map((p) => p.id.replace(/^.*\//, "")).sort() : []; }

// --- the console's API, as a logged-in admin ---------------------------------------------
let cookie = "", csrf = "";
async function api(method, p, body) {
  const res = await fetch(`http://127.0.0.1:${hubPort}${p}`, {
    method, headers: { "Content-Type": "application/json", Cookie: cookie, "X-CSRF-Token": csrf },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${p}: HTTP ${res.status} ${JSON.stringify(data)}`);
  return data;
}

function throughNginx(p, token) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port: nginxPort, path: p, ca: fs.readFileSync(cert),
      headers: token ? { Authorization: "Bearer " + token } : {} }, (res) => {
      let body = "";
      res.on("data", (d) => { body += d; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function wallShot(s, name) {
  const png = path.join(outDir, name + ".png");
  fs.rmSync(png, { force: true });
  execFileSync(bin, ["--config", s.toml, "--screenshot", png, "--size", "1280x720"], { timeout: 30000, stdio: "ignore" });
  const cards = findCards(decodePng(png), THEME);
  log(`${name}.png: ${cards.length} post card(s)`);
  return cards;
}

let failed = false;
let browser;
try {
  let hub = start("hub", [bin, "--config", hubToml, "--headless"]);
  await until("the hub's console answers", async () => (await fetch(`http://127.0.0.1:${hubPort}/`)).ok);
  const nginx = start("nginx", ["nginx", "-p", work, "-c", path.join(work, "nginx.conf"), "-e", path.join(work, "nginx-error.log")]);
  await until("nginx answers", async () => (await throughNginx("/")).status === 200);

  for (const s of screens) {
    const args = [bin, "--config", s.toml];
    if (s.draws && process.env.DISPLAY) args.push("--windowed", "640x360");
    else args.push("--headless");
    s.process = start(s.name.replace(/ /g, "-"), args);
  }
  for (const s of screens) s.code = await until(`${s.name} shows a pairing code`, () => local(s, "pair_code"));
  log("pairing codes:", screens.map((s) => s.code).join(" "));

  // Pairing through the real console, as an admin would.
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`http://127.0.0.1:${hubPort}/`);
  await page.fill("#login-name", "ana");
  await page.fill("#login-password", "correct horse battery");
  await page.click("#login-form button[type=submit]");
  const tab = page.locator('.tabs button[data-tab="screens"]');
  await tab.waitFor({ state: "visible", timeout: 10000 });
  await tab.click();
  for (const s of screens) {
    await page.fill("#pair-form input[name=code]", s.code.slice(0, 4) + "-" + s.code.slice(4));
    await page.fill("#pair-form input[name=name]", s.name);
    await page.fill("#pair-form input[name=group]", s.group);
    await page.click("#pair-form button[type=submit]");
    await page.locator("#screens tr", { hasText: s.name }).waitFor({ timeout: 10000 });
  }
  for (const s of screens) await until(`${s.name} holds its token`, () => local(s, "token").length === 64);
  await page.locator("#screens tr", { hasText: "online" }).first().waitFor({ timeout: 15000 });
  await page.screenshot({ path: path.join(outDir, "console-screens.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(outDir, "console-screens-phone.png"), fullPage: true });
  log("paired through the console: console-screens.png");

  // An announcement for the maternity screens only, through the console's form.
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click('.tabs button[data-tab="announcements"]');
  const groupsField = page.locator("#ann-groups");
  await groupsField.waitFor({ state: "visible", timeout: 10000 });
  await page.locator("#ann-groups-known", { hasText: "maternity" }).waitFor({ timeout: 10000 });
  await page.fill("#ann-title", "Baby clinic moved");
  await page.fill("#ann-body", "To the second floor");
  await groupsField.fill("maternity");
  await page.click("#announcement-form button[type=submit]");
  await page.locator("#announcements li", { hasText: "for maternity" }).waitFor({ timeout: 10000 });
  await page.screenshot({ path: path.join(outDir, "console-announcement-groups.png"), fullPage: true });
  const titles = (s) => (documentOf(s)?.announcements || []).map((a) => a.title).join();
  for (const s of screens.filter((x) => x.group === "maternity"))
    await until(`${s.name} shows the maternity announcement`, () => titles(s) === "Baby clinic moved");
  // The hub's own answer for the emergency group, made now: without it.
  const ed = screens.find((x) => x.group === "emergency");
  const edWall = await (await fetch(`http://127.0.0.1:${hubPort}/api/sync/v1/wall?group=emergency`,
    { headers: { Authorization: "Bearer " + local(ed, "token") } })).json();
  if (edWall.announcements.some((a) => a.title === "Baby clinic moved") || titles(ed) !== "")
    throw new Error("the maternity announcement reached the emergency group");
  log("an announcement for one group: on its screens only (console-announcement-groups.png)");

  // The API session for the rest.
  const login = await fetch(`http://127.0.0.1:${hubPort}/api/login`, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "ana", password: "correct horse battery" }) });
  cookie = login.headers.get("set-cookie").split(";")[0];
  csrf = (await login.json()).csrf;

  // Approve the feed's two posts: on every screen.
  const pending = await until("the hub holds the feed's posts", async () => {
    const d = await api("GET", "/api/posts?state=pending");
    return d.posts.length === 2 ? d.posts : null;
  });
  await api("POST", "/api/posts/decide", { ids: pending.map((p) => p.id), state: "approved" });
  for (const s of screens)
    await until(`${s.name} shows both approved posts`, () => postIds(s).join() === "post-choir,post-garden");
  log("approved: on every screen");
  // The document and the pictures pass nginx's cache; the token is checked first.
  const token = local(screens[1], "token");
  const first = await throughNginx("/api/sync/v1/wall?group=maternity", token);
  const again = await throughNginx("/api/sync/v1/wall?group=maternity", token);
  if (first.status !== 200 || again.status !== 200) throw new Error(`nginx served the wall with ${first.status}/${again.status}`);
  log(`through nginx: X-Cache-Status ${first.headers["x-cache-status"]} then ${again.headers["x-cache-status"]}`);
  for (const [what, t, p, want] of [
    ["no token", "", "/api/sync/v1/wall?group=maternity", 401],
    ["a made-up token", "f".repeat(64), "/api/sync/v1/wall?group=maternity", 401],
    ["another group's wall", token, "/api/sync/v1/wall?group=emergency", 403],
    ["the staff queue", token, "/api/posts?state=pending", 401],
  ]) {
    const r = await throughNginx(p, t);
    if (r.status !== want) throw new Error(`through nginx, ${what}: HTTP ${r.status}, wanted ${want}`);
  }
  const drawn = screens.find((s) => s.draws);
  const cards = await wallShot(drawn, "fleet-screen-approved");
  if (cards.length !== 2) throw new Error(`the screen's wall shows ${cards.length} post cards, wanted 2`);

  // Rejected after approval: gone from every screen.
  const garden = pending.find((p) => p.id.endsWith("post-garden"));
  await api("POST", "/api/posts/decide", { ids: [garden.id], state: "rejected" });
  for (const s of screens) await until(`${s.name} drops the rejected post`, () => postIds(s).join() === "post-choir");
  log("rejected after approval: gone from every screen");

  // The kill switch: every screen applies it and says so.
  await api("POST", "/api/kill-switch", { on: true });
  const kill = await until("every screen confirms the kill switch", async () => {
    const k = (await api("GET", "/api/screens")).kill;
    return k.any_on && k.confirmed === 3 ? k : null;
  });
  log(`kill switch: ${kill.confirmed} of ${kill.total} screens confirmed`);
  for (const s of screens) if (!documentOf(s).kill_switch) throw new Error(`${s.name} has no kill state in its store`);
  if ((await wallShot(drawn, "fleet-screen-killed")).length !== 0) throw new Error("a post card is on the killed screen");
  await api("POST", "/api/kill-switch", { on: false });
  await until("every screen confirms the kill switch is off", async () => {
    const k = (await api("GET", "/api/screens")).kill;
    return !k.any_on && k.confirmed === 3;
  });

  // The hub dies mid-sync: screens keep their walls.
  await stop(hub, "SIGKILL");
  await sleep(3000);
  for (const s of screens) {
    if (s.process.exitCode !== null) throw new Error(`${s.name} exited when the hub died`);
    if (postIds(s).join() !== "post-choir") throw new Error(`${s.name} lost its wall when the hub died`);
  }
  log("hub killed: every screen keeps its wall");
  // The hub comes back; a retraction made then reaches every screen.
  hub = start("hub-again", [bin, "--config", hubToml, "--headless"]);
  await until("the hub answers again", async () => (await fetch(`http://127.0.0.1:${hubPort}/`)).ok);
  const relogin = await fetch(`http://127.0.0.1:${hubPort}/api/login`, { method: "POST",
    headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "ana", password: "correct horse battery" }) });
  cookie = relogin.headers.get("set-cookie").split(";")[0];
  csrf = (await relogin.json()).csrf;
  const choir = pending.find((p) => p.id.endsWith("post-choir"));
  await api("POST", "/api/posts/decide", { ids: [choir.id], state: "rejected" });
  for (const s of screens) await until(`${s.name} converges after the hub's restart`, () => postIds(s).length === 0, 30);
  log("hub back: every screen converged");
  await stop(nginx);
  log("passed");
} catch (e) {
  failed = true;
  console.error("fleet-e2e: FAILED:", e.message);
  for (const c of children) {
    try {
      const text = fs.readFileSync(c.logFile, "utf8").split("\n").slice(-15).join("\n");
      console.error(`--- ${c.label} (last lines) ---\n${text}`);
    } catch (err) { /* no log */ }
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  for (const c of children) await stop(c);
  feed.close();
  if (!failed) fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
