// End-to-end test of the staff console in a real browser: Debian's chromium
// driven by playwright-core. Starts console_demo_server (a real store with
// two seeded pending posts), logs in, checks the privacy highlight, approves
// the newest post with the "a" key, finds it under Approved, turns the kill
// switch on through its confirmation, checks that the moderator sees no
// admin controls (and an admin, logged in after, does), uploads an announcement image through the form (and sees
// a text file refused, with nothing saved), takes screenshots, then stops the server and checks
// that the store recorded the changes.
//
// With the wall program (WALL_BINARY), the real wall renders the same store
// with --screenshot three times, and the PNGs are read by pixels: before the
// approval no post card, after it exactly one card with its words in it,
// after the kill switch no card again (wall-*.png in OUTPUT_DIR).
//
//   node console_e2e.mjs SERVER_BINARY ASSETS_DIR OUTPUT_DIR [WALL_BINARY]
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { decodePng, findCards } from "./wall_png.mjs";
import fs from "node:fs";
import zlib from "node:zlib";
import os from "node:os";
import path from "node:path";

const [serverBin, assetsDir, outDir, wallBin] = process.argv.slice(2);
if (!serverBin || !assetsDir || !outDir) {
  console.error("usage: node console_e2e.mjs SERVER_BINARY ASSETS_DIR OUTPUT_DIR [WALL_BINARY]");
  process.exit(2);
}
const CHROMIUM = "/usr/bin/chromium";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lobbywall-e2e-"));
let server = null;
let context = null;

function fail(message) {
  console.error("e2e: FAILED: " + message);
  cleanup().finally(() => process.exit(1));
}
const watchdog = setTimeout(() => fail("took longer than 80 s"), 80000);

async function cleanup() {
  try { if (context) await context.close(); } catch (e) { /* already gone */ }
  if (server && server.exitCode === null) server.kill("SIGKILL");
  fs.rmSync(work, { recursive: true, force: true });
}

// A small RGB PNG, made here (no binary fixture in the tree): magenta, a
// colour nothing else on the wall has, with a darker band at the bottom.
const MAGENTA = [230, 20, 200];
function makePng(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, "ascii");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;  // 8-bit RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = y * (1 + width * 3) + 1 + x * 3;
      const band = y >= height - 8 ? 0.5 : 1;
      raw[at] = MAGENTA[0] * band; raw[at + 1] = MAGENTA[1] * band; raw[at + 2] = MAGENTA[2] * band;
    }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

async function waitFor(what, check, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting for " + what);
}

// The default dark theme's colours (packaging/lobbywall.toml) and the header's
// height at 1280x720: cards are looked for below it.
const THEME = { card: "#1C3350", text: "#F4F7FB", top: 80 };

// Renders the store in `stateDir` with the real wall program into
// OUTPUT_DIR/NAME.png and returns the post cards found in it. The config has
// no [[prompt]] and no [[source]]: the only cards can be posts.
async function wallCards(stateDir, name) {
  const cacheDir = path.join(work, "cache");
  fs.mkdirSync(cacheDir, { recursive: true });
  const config = path.join(work, "wall.toml");
  fs.writeFileSync(config, [
    "[paths]", `state_dir = ${JSON.stringify(stateDir)}`, `cache_dir = ${JSON.stringify(cacheDir)}`,
    "[server]", "enabled = false", "[display]", "fullscreen = false", ""].join("\n"));
  const png = path.join(outDir, name + ".png");
  fs.rmSync(png, { force: true });
  const wall = spawn(wallBin, ["--config", config, "--screenshot", png, "--size", "1280x720"],
    { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  wall.stdout.on("data", (d) => { log += d; });
  wall.stderr.on("data", (d) => { log += d; });
  const killer = setTimeout(() => wall.kill("SIGKILL"), 20000);
  const code = await new Promise((resolve) => wall.on("close", (c, sig) => resolve(sig || c)));
  clearTimeout(killer);
  if (code !== 0 || !fs.existsSync(png)) throw new Error(`the wall's --screenshot ended with ${code}: ${log}`);
  const cards = findCards(decodePng(png), THEME);
  console.log(`e2e: ${name}.png: ${cards.length} card(s) ` +
    cards.map((c) => `[${c.pixels} px, fill ${c.fill.toFixed(2)}, ${c.textPixels} text px]`).join(" "));
  return cards;
}

// Pixels of the uploaded picture's colour in a wall screenshot.
function magentaPixels(file) {
  const img = decodePng(file);
  let n = 0;
  for (let i = 0; i + 2 < img.data.length; i += img.channels)
    if (Math.abs(img.data[i] - MAGENTA[0]) <= 24 && Math.abs(img.data[i + 1] - MAGENTA[1]) <= 24 &&
        Math.abs(img.data[i + 2] - MAGENTA[2]) <= 24) n++;
  return n;
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(CHROMIUM + " is missing: apt-get install chromium (packaging/setup.sh)");
  let serverOut = "";
  server = spawn(serverBin, [path.join(work, "state"), assetsDir, "90"], { stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (d) => { serverOut += d; });
  server.stderr.on("data", (d) => { process.stderr.write("server: " + d); });
  const portFile = path.join(work, "state", "port");
  const port = await waitFor("the server's port", () => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").trim(), 15000);
  const base = "http://127.0.0.1:" + port;

  context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = context.pages()[0] || await context.newPage();
  const outside = [];
  // blob: URLs of this origin are the page's own (an image file's preview).
  page.on("request", (req) => { if (!req.url().startsWith(base) && !req.url().startsWith("blob:" + base)) outside.push(req.url()); });
  page.on("pageerror", (err) => fail("script error in the page: " + err.message));

  await page.goto(base + "/");
  await page.fill("#login-name", "e2e");
  await page.fill("#login-password", "e2e console password");
  await page.click("#login-form button[type=submit]");

  const newest = page.locator('#posts article[data-id="e2e-newest"]');
  await newest.waitFor({ state: "visible", timeout: 10000 });
  const order = await page.$$eval("#posts article", (as) => as.map((a) => a.dataset.id));
  if (order.join(",") !== "e2e-newest,e2e-older") throw new Error("queue order is " + order.join(","));
  // World text: post text and names take their direction from their first strong character.
  const dirs = await page.$$eval("#posts article .text, #posts article .meta strong", (es) => es.map((e) => e.getAttribute("dir")));
  if (!dirs.length || dirs.some((d) => d !== "auto")) throw new Error("post text and names need dir=auto: " + dirs.join(","));
  const mark = page.locator('#posts article[data-id="e2e-older"] mark').first();
  if ((await page.locator('#posts article[data-id="e2e-older"] mark').count()) !== 2) throw new Error("expected two privacy highlights");
  if ((await mark.textContent()) !== "07700 900123") throw new Error("the phone number is not highlighted");
  if (!(await mark.getAttribute("title")).includes("phone number")) throw new Error("the highlight has no reason");
  // The reason as a sentence, right after the highlighted span.
  const why = await page.$eval('#posts article[data-id="e2e-older"] mark', (m) => m.nextElementSibling && m.nextElementSibling.textContent);
  if (why !== "Held: looks like a person's phone number") throw new Error("no reason sentence next to the phone number: " + why);

  fs.mkdirSync(outDir, { recursive: true });
  const stateDir = path.join(work, "state");
  if (wallBin) {
    const before = await wallCards(stateDir, "wall-before-approval");
    if (before.length) throw new Error("the wall shows a post card before any approval");
  }

  // The newest post is the current one: "a" approves it.
  await page.keyboard.press("a");
  await newest.waitFor({ state: "detached", timeout: 10000 });
  await page.click('.tabs button[data-tab="approved"]');
  await page.locator('#posts article[data-id="e2e-newest"]').waitFor({ state: "visible", timeout: 10000 });

  if (wallBin) {
    // One card: the approved post, with its words; the held one stays off.
    const after = await wallCards(stateDir, "wall-approved");
    if (after.length !== 1) throw new Error(`the wall shows ${after.length} post cards after one approval`);
    const [card] = after;
    if (card.pixels < 20000 || card.fill < 0.6) throw new Error("the approved post's card is too small or broken up");
    if (card.textPixels < 300) throw new Error("the approved post's card has no text in it");
  }

  // The kill switch asks first, in the page's dialog.
  await page.click("#kill-switch");
  await page.locator("#ask").waitFor({ state: "visible", timeout: 5000 });
  const asked = await page.textContent("#ask");
  await page.click("#ask-ok");
  await page.waitForSelector('#kill-switch[aria-pressed="true"]', { timeout: 10000 });
  if (!asked.includes("kill switch")) throw new Error("no confirmation before the kill switch");
  if (wallBin) {
    const killed = await wallCards(stateDir, "wall-kill-switch");
    if (killed.length) throw new Error("the wall still shows a post card with the kill switch on");
  }

  // The audit log shows both changes with who and from where.
  await page.click('.tabs button[data-tab="audit"]');
  const killRow = page.locator("#audit tr", { hasText: "Kill switch" });
  await killRow.waitFor({ state: "visible", timeout: 10000 });
  const rowText = await killRow.first().innerText();
  if (!rowText.includes("e2e") || !rowText.includes("127.0.0.1")) throw new Error("audit row lacks who/where: " + rowText);
  // The approval names the post by its author and first words.
  await page.locator("#audit tr", { hasText: "Grateful Patient" }).first().waitFor({ timeout: 10000 });
  await page.screenshot({ path: path.join(outDir, "console-audit.png") });

  // "e2e" is a moderator: no prompt editor, no "Who" filter, a note instead.
  await page.click('.tabs button[data-tab="prompts"]');
  if (await page.locator("#prompt-form").isVisible()) throw new Error("a moderator sees the prompt editor");
  if (!(await page.locator("#tab-prompts .note.moderator-only").isVisible())) throw new Error("no note that prompts are an admin's");
  await page.click('.tabs button[data-tab="audit"]');
  if (await page.locator('#audit-form input[name="actor"]').isVisible()) throw new Error("a moderator sees the audit 'Who' filter");

  // An announcement with an image, through the form; then a text file, refused.
  // (After the wall screenshots: an announcement is a card on the wall.)
  await page.click('.tabs button[data-tab="announcements"]');
  await page.fill("#ann-title", "Flu jabs today");
  await page.setInputFiles("#ann-image", { name: "flu.png", mimeType: "image/png", buffer: makePng(96, 64) });
  await page.click('#announcement-form button[type="submit"]');
  const thumb = page.locator("#announcements li img.thumb");
  await thumb.waitFor({ state: "visible", timeout: 10000 });
  await page.waitForFunction(() => { const i = document.querySelector("#announcements li img.thumb"); return i && i.complete && i.naturalWidth === 96; }, null, { timeout: 10000 });
  await page.fill("#ann-title", "Not a picture");
  await page.setInputFiles("#ann-image", { name: "notes.png", mimeType: "image/png", buffer: Buffer.from("just some text") });
  await page.click('#announcement-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector("#message").textContent.includes("not an image"), null, { timeout: 10000 });
  await page.screenshot({ path: path.join(outDir, "console-announcements.png") });
  if (wallBin) {
    // The wall draws the uploaded picture in the announcement's card (the
    // kill switch is on: house content only); it had no magenta before.
    const before = magentaPixels(path.join(outDir, "wall-kill-switch.png"));
    await wallCards(stateDir, "wall-announcement");
    const after = magentaPixels(path.join(outDir, "wall-announcement.png"));
    console.log(`e2e: wall-announcement.png: ${after} pixels of the uploaded image (${before} before)`);
    if (before > 0 || after < 3000) throw new Error(`the wall does not show the uploaded image (${after} pixels of its colour)`);
  }

  // An admin sees the prompt editor and the audit log's "Who" filter.
  await page.click("#logout");
  await page.locator("#login-form").waitFor({ state: "visible", timeout: 10000 });
  await page.fill("#login-name", "e2e-admin");
  await page.fill("#login-password", "e2e admin password");
  await page.click("#login-form button[type=submit]");
  await page.locator("#whoami", { hasText: "e2e-admin (admin)" }).waitFor({ timeout: 10000 });
  await page.click('.tabs button[data-tab="prompts"]');
  if (!(await page.locator("#prompt-form").isVisible())) throw new Error("an admin does not see the prompt editor");
  if (await page.locator("#tab-prompts .note.moderator-only").isVisible()) throw new Error("an admin sees the moderators' note");
  await page.click('.tabs button[data-tab="audit"]');
  if (!(await page.locator('#audit-form input[name="actor"]').isVisible())) throw new Error("an admin does not see the audit 'Who' filter");

  await page.click('.tabs button[data-tab="pending"]');
  await page.locator('#posts article[data-id="e2e-older"]').waitFor({ state: "visible", timeout: 10000 });
  await page.screenshot({ path: path.join(outDir, "console.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(outDir, "console-phone.png") });
  if (outside.length) throw new Error("the page asked for outside resources: " + outside.join(" "));

  await context.close();
  context = null;
  server.kill("SIGTERM");
  await waitFor("the server to exit", () => server.exitCode !== null, 10000);
  if (!/approved: e2e-newest\n/.test(serverOut)) throw new Error("the store does not have the approval: " + serverOut);
  if (!/kill_switch: on/.test(serverOut)) throw new Error("the store does not have the kill switch on: " + serverOut);
  if (!/announcement: Flu jabs today \| image: \S+\/[0-9a-f]{64}\.(png|jpg)\n/.test(serverOut))
    throw new Error("the store does not have the announcement's image: " + serverOut);
  // The whole form is refused with its image: no text-only announcement either.
  if (/announcement: Not a picture/.test(serverOut))
    throw new Error("an announcement whose image was refused was stored: " + serverOut);
  console.log("e2e: passed; screenshots in " + outDir + (wallBin ? "" : " (console only: no wall program)"));
}

main().then(async () => { clearTimeout(watchdog); await cleanup(); process.exit(0); })
  .catch((e) => fail(e.message));
