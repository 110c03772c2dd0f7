// The staff console's post lists: the queue, approved and rejected posts,
// with privacy highlights and reasons in words. The card that has the
// keyboard focus is the current card, so a key always acts on the post the
// moderator is looking at. A post the privacy guard holds is approved only
// through a dialog that shows the reasons and the highlighted text again
// ("Approve anyway"); bulk approval leaves such posts alone, and after a
// decision the selection never moves onto one by itself.
"use strict";

const POST_TABS = ["pending", "approved", "rejected"];
const posts = { list: [], current: -1, selected: new Set() };

for (const tab of POST_TABS)
  TABS[tab] = {
    panel: "tab-posts",
    load: (keep) => { if (!keep) { posts.selected.clear(); posts.current = -1; } loadPosts(keep ? "keep" : "first"); },
    statusChanged: (old, s) => {
      if (state.tab !== tab || !old) return;
      if (old.version !== s.version || old.newest_pending !== s.newest_pending ||
          POST_TABS.some((k) => old.counts[k] !== s.counts[k])) loadPosts("keep");
    },
  };

const isHeld = (post) => post.held_for_privacy && post.held_for_privacy.length > 0;

// Where the current card goes after the list reloads: "keep" stays on the
// same post; "first" and "next" (after a decision) pick the nearest post
// that is not held for patient details, or none.
async function loadPosts(how) {
  const tab = state.tab;
  let data;
  try { data = await api("GET", "/api/posts?state=" + tab + "&limit=200"); }
  catch (e) { say(e.message, true); return; }
  if (tab !== state.tab) return;
  const keepId = posts.list[posts.current] && posts.list[posts.current].id;
  const from = Math.max(0, posts.current);
  posts.list = data.posts;
  for (const id of [...posts.selected]) if (!posts.list.some((p) => p.id === id)) posts.selected.delete(id);
  let at = -1;
  if (how === "keep") at = posts.list.findIndex((p) => p.id === keepId);
  if (at < 0 && how !== "keep") {
    const start = how === "first" ? 0 : Math.min(from, posts.list.length - 1);
    for (let i = start; i < posts.list.length && at < 0; i++) if (!isHeld(posts.list[i])) at = i;
    for (let i = start - 1; i >= 0 && at < 0; i--) if (!isHeld(posts.list[i])) at = i;
  }
  posts.current = at;
  renderPosts();
  if (how === "next") focusCurrent();
}

// "Held: looks like a phone number" in the queue; "Flagged: ..." in the
// approved and rejected lists, where a person has decided already.
function privacyLabel(why) {
  return (state.tab === "pending" ? "Held: " : "Flagged: ") + why;
}

function renderText(post) {
  const box = el("div", { class: "text", dir: "auto" });
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

// The reasons moderation and staff recorded, in words a moderator reads.
const REASON_WORDS = [
  [/^staff: approved anyway, though held for patient details \((.*)\)$/, (m) => "Approved anyway by staff, though held for patient details (" + m[1] + ")"],
  [/^staff: approved$/, () => "Approved by staff"],
  [/^staff: rejected$/, () => "Rejected by staff"],
  [/^staff: pending$/, () => "Put back in the queue by staff"],
  [/^staff: undo block$/, () => "Staff undid a block"],
  [/^staff: undo (\w+)$/, (m) => "Staff undid the decision (" + m[1] + ")"],
  [/^staff: blocked author (.*)$/, (m) => "Blocked by staff: " + m[1]],
  [/^source: manual approval$/, () => "This source's posts wait for a person to approve them"],
  [/^source: trusted$/, () => "From a trusted source"],
  [/^privacy: (.*)$/, (m) => "May hold patient details: " + m[1]],
  [/^rule: block word "(.*)"$/, (m) => "Holds the blocked word \u201c" + m[1] + "\u201d"],
  [/^rule: blocked author "(.*)"(.*)$/, (m) => "By a blocked author: " + m[1] + m[2]],
  [/^rule: blocked domain "(.*)"$/, (m) => "Links to a blocked site: " + m[1]],
  [/^rule: too old$/, () => "Too old for the wall"],
  [/^rule: reply$/, () => "A reply (replies wait for a person)"],
  [/^rule: boost$/, () => "A boost of someone else's post"],
  [/^rule: sensitive$/, () => "Marked sensitive by its author"],
  [/^rule: (.*)$/, (m) => m[1].charAt(0).toUpperCase() + m[1].slice(1)],
];
function reasonWords(r) {
  for (const [re, words] of REASON_WORDS) { const m = re.exec(r); if (m) return words(m); }
  return r;
}

function renderPost(post, index) {
  const tab = state.tab;
  const who = post.author || post.handle;
  const sel = el("input", { type: "checkbox", "aria-label": "Select the post by " + who });
  sel.checked = posts.selected.has(post.id);
  sel.addEventListener("change", () => { toggleSelect(post.id, sel.checked); });
  const meta = el("div", { class: "meta" }, el("label", { class: "check" }, sel), el("strong", { dir: "auto" }, who),
    post.handle && post.handle !== who ? el("span", {}, post.handle) : null, el("span", {}, when(post.created)),
    post.pinned ? el("span", { class: "pinned" }, "Pinned") : null);
  const reasons = el("ul", { class: "reasons", "aria-label": "Why it is here" });
  for (const r of post.reasons)
    reasons.append(el("li", { class: r.startsWith("privacy:") ? "privacy" : "" }, reasonWords(r)));
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
  const approveLabel = isHeld(post) ? "Approve\u2026" : "Approve";
  if (tab === "pending") {
    actions.append(act(approveLabel, "approve", () => approve(post, false), "a"),
      act("Reject", "reject", () => decide([post.id], "rejected"), "r"),
      act(isHeld(post) ? "Approve and pin\u2026" : "Approve and pin", "", () => approve(post, true), "p"));
  } else if (tab === "approved") {
    actions.append(act(post.pinned ? "Unpin" : "Pin", "", () => pin(post, !post.pinned), "p"),
      act("Reject", "reject", () => decide([post.id], "rejected"), "r"),
      act("Back to queue", "", () => decide([post.id], "pending")));
  } else {
    actions.append(act(approveLabel, "approve", () => approve(post, false), "a"),
      act("Back to queue", "", () => decide([post.id], "pending")));
  }
  if (post.block) actions.append(act(post.block.kind === "feed" ? "Block this feed\u2026" : "Block author\u2026", "", () => blockAuthor(post)));
  const card = el("article", {
    class: "post" + (index === posts.current ? " current" : "") + (sel.checked ? " selected" : "") + (isHeld(post) ? " held" : ""),
    "data-id": post.id, tabindex: "0", "aria-label": "Post by " + who + (isHeld(post) ? ", held for patient details" : ""),
  }, meta, post.content_warning ? el("div", { class: "cw", dir: "auto" }, "Content warning: " + post.content_warning) : null,
  renderText(post), post.media.length ? media : null, reasons, actions);
  // Focus anywhere in a card makes it the current one: keys act on it.
  card.addEventListener("focusin", () => { if (posts.current !== index) { posts.current = index; markCurrent(); } });
  card.addEventListener("click", (ev) => {
    if (ev.target.closest("button, input, a, label")) return;
    card.focus();
  });
  return card;
}

function renderPosts() {
  const a = document.activeElement;
  const hadFocus = a && a.closest && a.closest("#posts");
  $("#posts").replaceChildren(...posts.list.map(renderPost));
  if (hadFocus) focusCurrent();
  $("#posts-empty").hidden = posts.list.length > 0;
  $("#select-all").checked = posts.list.length > 0 && posts.selected.size === posts.list.length;
}

function markCurrent() {
  document.querySelectorAll("#posts .post").forEach((c, i) => c.classList.toggle("current", i === posts.current));
}
function focusCurrent() {
  const card = document.querySelectorAll("#posts .post")[posts.current];
  if (card) { card.focus({ preventScroll: true }); card.scrollIntoView({ block: "nearest" }); }
  else $("#posts").focus({ preventScroll: true });
}

function toggleSelect(id, on) {
  if (on) posts.selected.add(id); else posts.selected.delete(id);
  renderPosts();
}

const STATE_WORDS = { approved: "approved", rejected: "rejected", pending: "back in the queue" };

async function decide(ids, to, extra) {
  if (!ids.length) { say("Select posts first (x, or the boxes on the cards).", true); return false; }
  const from = state.tab;
  let r;
  try { r = await api("POST", "/api/posts/decide", { ids, state: to, ...(extra || {}) }); }
  catch (e) {
    say(e.message + (e.status === 409 ? "." : ""), true);
    return false;
  }
  const done = ids.filter((id) => !r.skipped_held.some((h) => h.id === id));
  for (const id of done) posts.selected.delete(id);
  let text = (done.length === 1 ? "The post is " : done.length + " posts are ") + STATE_WORDS[to] + ".";
  if (r.skipped_held.length)
    text += " " + r.skipped_held.length + (r.skipped_held.length === 1 ? " post was" : " posts were") +
      " not approved: held for patient details. Open each one and choose Approve to check it.";
  say(text, false, () => api("POST", "/api/posts/decide", { ids: done, state: from }).then(() => "Undone."));
  await loadPosts("next");
  poll();
  return true;
}

// Approving a held post takes a second, deliberate step in the dialog.
async function approve(post, andPin) {
  let extra;
  if (isHeld(post)) {
    const list = el("ul", { class: "reasons" }, ...post.held_for_privacy.map((r) => el("li", { class: "privacy" }, r)));
    const yes = await ask("This post may show patient details",
      [el("p", {}, "The privacy guard held this post by " + (post.author || post.handle) + ":"), list,
        el("div", { class: "text quoted" }, ...renderText(post).childNodes),
        el("p", {}, "Approve it only if no patient can be identified from it. Your name and the reasons are recorded in the audit log.")],
      andPin ? "Approve anyway and pin" : "Approve anyway");
    if (!yes) { say("Not approved."); focusCurrent(); return; }
    extra = { approve_anyway: post.id };
  }
  if (!(await decide([post.id], "approved", extra))) return;
  if (andPin) await pin(post, true);
}

async function pin(post, on) {
  try {
    await api("POST", "/api/posts/pin", { id: post.id, pinned: on });
    say(on ? "Pinned: the post comes round more often." : "Unpinned.", false,
      () => api("POST", "/api/posts/pin", { id: post.id, pinned: !on }).then(() => "Undone."));
    await loadPosts("keep");
  } catch (e) { say(e.message, true); }
}

async function blockAuthor(post) {
  const b = post.block;
  const words = b.kind === "feed"
    ? ["This feed does not say who wrote each item, so only the whole feed \u201c" + b.name + "\u201d can be blocked: every post from it, now and later, including its posts on the screen.",
       "To stop one person, ask IT to remove the feed or add a block word instead."]
    : b.kind === "feed_author"
      ? ["Only items the feed \u201c" + b.feed + "\u201d credits to " + b.name + " are blocked; the feed's other items are not.",
         "Their waiting posts are rejected and their posts on the screen are taken off."]
      : ["Their waiting posts are rejected, their posts on the screen are taken off, and new ones will be rejected."];
  const yes = await ask(b.kind === "feed" ? "Block the whole feed " + b.name + "?" : "Block " + b.name + "?",
    [...words.map((w) => el("p", {}, w)), el("p", { class: "hint" }, "You can undo this for 15 minutes; later, an admin can lift it under Blocked.")],
    b.kind === "feed" ? "Block the feed" : "Block");
  if (!yes) return;
  try {
    const r = await api("POST", "/api/blocked-authors", { post_id: post.id, scope: b.kind === "feed" ? "feed" : "author" });
    say("Blocked " + r.blocked + ": " + r.rejected + " waiting post(s) rejected, " + r.removed_from_screen +
      " taken off the screen.", false,
    () => api("POST", "/api/blocked-authors/undo", { undo: r.undo }).then((u) => "Block undone; " + u.restored + " post(s) put back."));
    await loadPosts("next");
    poll();
  } catch (e) { say(e.message, true); }
}

$("#select-all").addEventListener("change", (ev) => {
  posts.selected = new Set(ev.target.checked ? posts.list.map((p) => p.id) : []);
  renderPosts();
});
for (const b of document.querySelectorAll("[data-bulk]"))
  b.addEventListener("click", () => decide([...posts.selected], b.dataset.bulk));

document.addEventListener("keydown", (ev) => {
  if (!POST_TABS.includes(state.tab) || $("#app-view").hidden || $("#ask").open) return;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.target.closest && ev.target.closest("input, textarea, select")) return;
  // The post whose card (or a button in it) has the focus; else the current one.
  const focused = ev.target.closest && ev.target.closest("#posts .post");
  if (focused) posts.current = [...document.querySelectorAll("#posts .post")].indexOf(focused);
  const post = posts.list[posts.current];
  const key = ev.key;
  if (key === "j" || key === "k") {
    const n = posts.list.length;
    if (!n) return;
    posts.current = Math.max(0, Math.min(n - 1, posts.current + (key === "j" ? 1 : -1)));
    markCurrent();
    focusCurrent();
  } else if (key === "u") {
    if (state.undo) runUndo(); else say("Nothing to undo.");
  } else if (!post && "arpx".includes(key)) {
    say("No post is selected: press j or k, or click a post.");
  } else if (key === "a" && state.tab !== "approved") approve(post, false);
  else if (key === "r" && state.tab !== "rejected") decide([post.id], "rejected");
  else if (key === "p") {
    if (state.tab === "approved") pin(post, !post.pinned);
    else if (state.tab === "pending") approve(post, true);
  } else if (key === "x") toggleSelect(post.id, !posts.selected.has(post.id));
  else return;
  ev.preventDefault();
});
