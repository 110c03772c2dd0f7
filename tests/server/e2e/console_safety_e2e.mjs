// The console's safety and phone checks in a real browser (Debian's
// chromium, playwright-core), one fresh console_demo_server ("safety"
// scenario) per run, at 390x844 and 1440x900, as a moderator and as an admin:
//  1. a post held for patient details is approved only through the dialog
//     (key a, Approve, Approve and pin), bulk approval skips it, and after a
//     decision the selection skips held posts;
//  2. "Block author" on a web-feed item blocks that author, not the feed, takes
//     their approved post off the screen, and Undo in the toast puts it back;
//     the list of blocks, with Unblock for an admin;
//  3. the screen view shows the picture (naturalWidth > 0) and refreshes itself;
//  4. an announcement whose image is refused saves nothing; counters in
//     characters; HTML warned about; the preview;
//  5. one account's failed logins do not lock a colleague out; an unknown name
//     is not stored;
//  6. keys act on the focused card; on a phone every tab is in view, controls
//     are 44 px, the Undo toast stays in view;
//  7. the audit log names the post, its author and who decided, filters by the
//     post's words, shows the time zone; a session about to end for
//     inactivity is announced (with "Stay logged in"), one that ended too.
// axe-core finds no WCAG A/AA violation in each state looked at. Screenshots
// go to OUTPUT_DIR/safety-<width>-<role>-<state>.png.
//
//   node console_safety_e2e.mjs SERVER_BINARY ASSETS_DIR OUTPUT_DIR
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const [serverBin, assetsDir, outDir] = process.argv.slice(2);
if (!serverBin || !assetsDir || !outDir) {
  console.error("usage: node console_safety_e2e.mjs SERVER_BINARY ASSETS_DIR OUTPUT_DIR");
  process.exit(2);
}
const CHROMIUM = "/usr/bin/chromium";
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const USERS = {
  moderator: { name: "e2e", password: "e2e console password" },
  admin: { name: "e2e-admin", password: "e2e admin password" },
};
const SIZES = [{ width: 390, height: 844 }, { width: 1440, height: 900 }];
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lobbywall-safety-"));
let browser = null;
let server = null;

function check(ok, message) { if (!ok) throw new Error(message); }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitFor(what, fn, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await sleep(100);
  }
  throw new Error("timed out waiting for " + what);
}

async function startServer(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const proc = spawn(serverBin, [dir, assetsDir, "80", "safety"], { stdio: ["ignore", "ignore", "pipe"] });
  proc.stderr.on("data", (d) => { if (!/content changed/.test(d)) process.stderr.write("server: " + d); });
  const portFile = path.join(dir, "port");
  const port = await waitFor("the server's port", () => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").trim(), 15000);
  return { proc, base: "http://127.0.0.1:" + port };
}

// Runs axe-core in the page; any WCAG 2 A/AA violation fails the test.
async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => v.id + " (" + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ") + ")");
  });
  check(found.length === 0, "axe-core in " + where + ": " + found.join("; "));
}

async function apiGet(page, url) {
  return page.evaluate(async (u) => (await fetch(u, { credentials: "same-origin" })).json(), url);
}
async function postState(page, id) {
  for (const s of ["pending", "approved", "rejected"]) {
    const d = await apiGet(page, "/api/posts?state=" + s + "&limit=200");
    if (d.posts.some((p) => p.id === id)) return s;
  }
  return "gone";
}
const card = (page, id) => page.locator(`#posts article[data-id="${id}"]`);

async function login(page, base, who) {
  await page.goto(base + "/");
  await page.fill("#login-name", who.name);
  await page.fill("#login-password", who.password);
  await page.click("#login-form button[type=submit]");
  await page.waitForFunction((n) => document.querySelector("#whoami").textContent.startsWith(n + " (") &&
    !document.querySelector("#app-view").hidden, who.name, { timeout: 10000 });
}

async function run(size, role) {
  const tag = `${size.width}-${role}`;
  const shot = (page, name) => page.screenshot({ path: path.join(outDir, `safety-${tag}-${name}.png`) });
  const dir = path.join(work, tag);
  server = await startServer(dir);
  const { base } = server;
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text()); });
  const phone = size.width < 600;

  // --- 5. failed logins: the other role's typos lock only that account ------------------
  const other = USERS[role === "admin" ? "moderator" : "admin"];
  await page.goto(base + "/");
  // Five free failures, then waits of 1 s, 2 s, 4 s... (whole seconds): within
  // ten quick tries the account must be refused.
  let statuses = [];
  for (let i = 0; i < 10 && !statuses.includes(429); i++) {
    statuses.push(await page.evaluate(async (name) => {
      const r = await fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ name, password: "wrong password " }) });
      return r.status;
    }, other.name));
  }
  check(statuses.includes(429), "the colleague's account is not throttled after 10 failures: " + statuses);
  await page.fill("#login-name", "MySecretPassw0rd!");
  await page.fill("#login-password", "anything at all");
  await page.click("#login-form button[type=submit]");
  await page.locator("#login-error", { hasText: "Wrong user name or password" }).waitFor({ timeout: 10000 });
  await login(page, base, USERS[role]);  // same browser, same address: not locked out

  // --- 6. phone layout: every tab in view, 44 px targets ---------------------------------
  const tabs = await page.$$eval(".tabs button", (bs) => bs.map((b) => { const r = b.getBoundingClientRect(); return { t: b.textContent.trim(), r: [r.left, r.top, r.right, r.bottom] }; }));
  for (const t of tabs) check(t.r[0] >= 0 && t.r[2] <= size.width && t.r[1] >= 0 && t.r[3] <= size.height, `the tab "${t.t}" is not in view: ${t.r}`);
  await card(page, "ok-first").waitFor({ timeout: 10000 });
  const small = await page.$$eval("#app-view button, #app-view label.check", (els) => els
    .filter((e) => e.offsetParent !== null).map((e) => { const r = e.getBoundingClientRect(); return { t: e.textContent.trim() || e.getAttribute("aria-label"), w: r.width, h: r.height }; })
    .filter((r) => r.h < 44 || r.w < 44));
  check(small.length === 0, "controls smaller than 44 px: " + JSON.stringify(small.slice(0, 5)));
  if (phone) {
    const h = await page.$eval("#posts", (p) => p.getBoundingClientRect().height);
    console.log(`e2e: ${tag}: the 9-post queue is ${Math.round(h)} px tall`);
    check(h < 3000, "the queue of 9 posts is " + Math.round(h) + " px tall on a phone");
  }
  await axe(page, tag + " queue");
  await shot(page, "queue");

  // --- 1 + 6. the current card is the first post not held; a on it; the next skips the held one
  check(await page.evaluate(() => document.activeElement === document.body || !!document.activeElement), "no focus");
  check(await card(page, "ok-first").evaluate((c) => c.classList.contains("current")), "the first harmless post is not the current one");
  await card(page, "ok-first").focus();
  await page.keyboard.press("a");
  await card(page, "ok-first").waitFor({ state: "detached", timeout: 10000 });
  const focusedId = await page.waitForFunction(() => {
    const a = document.activeElement && document.activeElement.closest("#posts .post");
    return a && a.dataset.id;
  }, null, { timeout: 10000 }).then((h) => h.jsonValue());
  check(focusedId === "ok-second", "after approving, the focus moved to " + focusedId + ", not past the held post to ok-second");
  check(await card(page, "held-room").evaluate((c) => !c.classList.contains("current")), "the held post became the current one by itself");
  // The Undo toast stays in view, even scrolled to the bottom.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const undoBox = await page.locator("#toast-undo").boundingBox();
  check(undoBox && undoBox.y >= 0 && undoBox.y + undoBox.height <= size.height && undoBox.height >= 44, "the Undo button is not in view: " + JSON.stringify(undoBox));
  await shot(page, "toast");

  // Focus on another post's button: a acts on that post (ok-third), not the current one.
  await card(page, "ok-third").locator("button", { hasText: "Reject" }).focus();
  await page.keyboard.press("a");
  await card(page, "ok-third").waitFor({ state: "detached", timeout: 10000 });
  check(await postState(page, "ok-second") === "pending", "a approved the current post instead of the focused one");

  // a on a held post opens the dialog with the reasons and the highlighted text; Cancel keeps it.
  await card(page, "held-room").focus();
  await page.keyboard.press("a");
  const dialog = page.locator("#ask");
  await dialog.waitFor({ state: "visible", timeout: 5000 });
  const asked = await dialog.innerText();
  check(/room or bed number/.test(asked), "the dialog does not give the reason: " + asked);
  check(await dialog.locator("mark", { hasText: "room 214" }).count() === 1, "the dialog does not highlight the room number");
  await axe(page, tag + " privacy dialog");
  await shot(page, "dialog");
  await page.keyboard.press("Enter");  // Cancel has the focus: Enter must not approve
  await dialog.waitFor({ state: "hidden", timeout: 5000 });
  check(await postState(page, "held-room") === "pending", "Enter in the dialog approved the held post");
  // Approve and pin, then Cancel: nothing happens.
  await card(page, "held-phone").locator("button", { hasText: "Approve and pin" }).click();
  await dialog.waitFor({ state: "visible", timeout: 5000 });
  await page.click("#ask-cancel");
  check(await postState(page, "held-phone") === "pending", "Approve and pin approved a held post without the second step");
  // The Approve button, then Approve anyway: approved, and the log says so.
  await card(page, "held-room").locator("button", { hasText: "Approve" }).first().click();
  await dialog.waitFor({ state: "visible", timeout: 5000 });
  await page.click("#ask-ok");
  await card(page, "held-room").waitFor({ state: "detached", timeout: 10000 });
  check(await postState(page, "held-room") === "approved", "Approve anyway did not approve");

  // --- 2. block a web-feed author: only that author, their approved post leaves, Undo ----
  check(await card(page, "feed-nameless").locator("button", { hasText: "Block this feed" }).count() === 1, "a feed without item authors does not say it blocks the feed");
  await card(page, "feed-nameless").locator("button", { hasText: "Block this feed" }).click();
  await dialog.waitFor({ state: "visible", timeout: 5000 });
  check(/whole feed/.test(await dialog.innerText()), "blocking a feed does not say plainly that the whole feed goes");
  await page.click("#ask-cancel");
  await card(page, "feed-sam-1").locator("button", { hasText: "Block author" }).click();
  await dialog.waitFor({ state: "visible", timeout: 5000 });
  const blockText = await dialog.innerText();
  check(/Spammy Sam/.test(blockText) && /Community News/.test(blockText), "the block dialog does not name the author and the feed: " + blockText);
  await page.click("#ask-ok");
  await card(page, "feed-sam-1").waitFor({ state: "detached", timeout: 10000 });
  await page.locator("#message", { hasText: "1 taken off the screen" }).waitFor({ timeout: 10000 });
  check(await postState(page, "feed-sam-2") === "rejected", "the blocked author's approved post is still on the screen");
  for (const id of ["feed-kate", "feed-nameless"]) check(await postState(page, id) === "pending", id + " was blocked with the author");
  await page.click("#toast-undo");
  await card(page, "feed-sam-1").waitFor({ timeout: 10000 });
  check(await postState(page, "feed-sam-2") === "approved", "Undo did not put the approved post back");
  // Block again, then the list of blocks: Unblock for an admin only.
  await card(page, "feed-sam-1").locator("button", { hasText: "Block author" }).click();
  await page.click("#ask-ok");
  await card(page, "feed-sam-1").waitFor({ state: "detached", timeout: 10000 });
  await page.click('.tabs button[data-tab="blocked"]');
  const blockedRow = page.locator("#blocked li", { hasText: "spammy sam" });
  await blockedRow.waitFor({ timeout: 10000 });
  await axe(page, tag + " blocked");
  const unblock = blockedRow.locator("button", { hasText: "Unblock" });
  if (role === "admin") {
    await unblock.click();
    await page.click("#ask-ok");
    await page.locator("#blocked li", { hasText: "Nobody is blocked" }).waitFor({ timeout: 10000 });
  } else {
    check(!(await unblock.isVisible()), "a moderator sees Unblock");
  }

  // --- 1. bulk approval skips held posts ----------------------------------------------------
  await page.click('.tabs button[data-tab="pending"]');
  await card(page, "held-phone").waitFor({ timeout: 10000 });
  await page.locator("label.check", { hasText: "Select all" }).click();
  await page.click('[data-bulk="approved"]');
  await page.locator("#message", { hasText: "held for patient details" }).waitFor({ timeout: 10000 });
  check(await postState(page, "held-phone") === "pending", "bulk approval published a held post");
  check(await postState(page, "ok-second") === "approved", "bulk approval did not approve the harmless post");

  // --- 3. the screen view shows the picture and refreshes itself ----------------------------
  await page.click('.tabs button[data-tab="screen"]');
  await page.waitForFunction(() => { const i = document.querySelector("#screen-image"); return i && !i.hidden && i.complete && i.naturalWidth > 0; }, null, { timeout: 10000 });
  check(await page.$eval("#screen-image", (i) => i.naturalWidth) === 320, "the screen picture has the wrong size");
  const firstSrc = await page.$eval("#screen-image", (i) => i.src);
  await page.waitForFunction((s) => document.querySelector("#screen-image").src !== s, firstSrc, { timeout: 12000 });
  await axe(page, tag + " screen");
  await shot(page, "screen");

  // --- 4. announcements: a refused image saves nothing; characters; HTML; preview ------------
  await page.click('.tabs button[data-tab="announcements"]');
  await page.fill("#ann-title", "Flu jabs today");
  await page.setInputFiles("#ann-image", { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text") });
  await page.click('#announcement-form button[type="submit"]');
  await page.locator("#message", { hasText: "Nothing was saved" }).waitFor({ timeout: 10000 });
  check((await apiGet(page, "/api/announcements")).announcements.length === 0, "an announcement with a refused image was saved");
  await page.setInputFiles("#ann-image", []);
  await page.fill("#ann-body", "Привіт, с ".repeat(190));
  check(/1,900 of 2,000 characters/.test(await page.textContent("#ann-body-count")), "the counter does not count characters: " + await page.textContent("#ann-body-count"));
  await page.fill("#ann-title", "<b>Flu</b> jabs");
  check(/<b>/.test(await page.textContent("#ann-html")), "HTML in the title is not pointed out");
  check((await page.textContent("#ann-preview-heading")) === "<b>Flu</b> jabs", "the preview does not show the title as typed");
  await page.fill("#ann-title", "Flu jabs today");
  // A real picture (the screen's) previewed in the card before it is saved.
  const png = Buffer.from(await page.evaluate(async () =>
    Array.from(new Uint8Array(await (await fetch("/api/screen.png?background=1")).arrayBuffer()))));
  await page.setInputFiles("#ann-image", { name: "flu.png", mimeType: "image/png", buffer: png });
  await page.waitForFunction(() => { const i = document.querySelector("#ann-preview-image"); return !i.hidden && i.complete && i.naturalWidth > 0; }, null, { timeout: 10000 });
  check(/wall may cut it/.test(await page.textContent("#ann-preview-note")), "1,900 characters do not overflow the preview card");
  await page.locator("#ann-preview").scrollIntoViewIfNeeded();
  await shot(page, "announcement-preview");
  await page.click('#announcement-form button[type="submit"]');
  await page.locator("#announcements li", { hasText: "Flu jabs today" }).locator("img.thumb").waitFor({ timeout: 10000 });
  await axe(page, tag + " announcements");
  await shot(page, "announcements");

  // --- 7. the audit log names the post and who decided; filter; time zone -----------------------
  check(/Europe\/London/.test(await page.textContent("#zone-note")), "the time zone is not named");
  await page.click('.tabs button[data-tab="audit"]');
  await page.fill('#audit-form input[name="post"]', "Patel");
  await page.click('#audit-form button[type="submit"]');
  // The filtered list replaces the whole one: one entry, about that post.
  await page.waitForFunction(() => document.querySelectorAll("#audit tr").length === 1, null, { timeout: 10000 })
    .catch(async () => { throw new Error("the filter by the post's words lets other entries through: " + await page.textContent("#audit")); });
  const row = page.locator("#audit tr", { hasText: "Approved anyway" });
  await row.waitFor({ timeout: 10000 });
  const rowText = await row.innerText();
  check(rowText.includes("Worried Visitor") && rowText.includes(USERS[role].name) && /room 214/.test(rowText), "the audit row lacks the post or who: " + rowText);
  if (role === "admin") {
    await page.fill('#audit-form input[name="post"]', "");
    await page.selectOption('#audit-form select[name="action"]', "login.failed");
    await page.click('#audit-form button[type="submit"]');
    await page.locator("#audit tr", { hasText: "unknown account" }).waitFor({ timeout: 10000 });
    check(!(await page.textContent("#audit")).includes("MySecretPassw0rd"), "the typed unknown name is in the audit log");
  }
  await axe(page, tag + " audit");
  await shot(page, "audit");

  // --- 7. an idle session is announced a minute before it ends, and one that ends is too ------
  // (as if the person had done nothing for 28.5 of the 30 minutes: polling does not count)
  await page.evaluate(() => { state.lastSeen = Date.now() - (state.idleTimeoutS - 90) * 1000; });
  await page.locator("#message", { hasText: "logged out in about a minute" }).waitFor({ timeout: 10000 });
  await page.click("#toast-undo");
  await page.locator("#message", { hasText: "You stay logged in" }).waitFor({ timeout: 10000 });
  await page.evaluate(async () => {
    const s = await (await fetch("/api/session")).json();
    await fetch("/api/logout", { method: "POST", headers: { "X-CSRF-Token": s.csrf, "Content-Type": "application/json" }, body: "{}" });
  });
  await page.locator("#login-note", { hasText: "Your session has ended" }).waitFor({ timeout: 10000 });
  await axe(page, tag + " login");

  check(errors.length === 0, "errors in the page: " + errors.join("; "));
  await context.close();
  server.proc.kill("SIGTERM");
  await waitFor("the server to exit", () => server.proc.exitCode !== null || server.proc.signalCode !== null, 10000);
  server = null;
  console.log(`e2e: ${tag}: passed`);
}

async function main() {
  check(fs.existsSync(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium (packaging/setup.sh)");
  fs.mkdirSync(outDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  for (const size of SIZES) for (const role of ["moderator", "admin"]) await run(size, role);
}

const watchdog = setTimeout(() => { console.error("e2e: FAILED: took longer than 170 s"); cleanup().then(() => process.exit(1)); }, 170000);
async function cleanup() {
  try { if (browser) await browser.close(); } catch (e) { /* already gone */ }
  if (server && server.proc.exitCode === null) server.proc.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
}
main().then(async () => { clearTimeout(watchdog); await cleanup(); console.log("e2e: safety checks passed; screenshots in " + outDir); process.exit(0); })
  .catch(async (e) => { clearTimeout(watchdog); console.error("e2e: FAILED: " + e.message); await cleanup(); process.exit(1); });
