// The editor's page of jpnews-tags serve: no build step, no library, nothing loaded from elsewhere.
"use strict";

const LABELS = {
  ORG: "組織", PRODUCT: "製品", PERSON: "人物", GPE: "国・地域", LOC: "場所", EVENT: "出来事",
  LAW: "法令", MONEY: "金額", QUANTITY: "数量", PERCENT: "割合", DATE: "日付",
};
const SOURCES = { entity: "固有名詞", topic: "トピック", keyphrase: "キーフレーズ" };
const $ = (id) => document.getElementById(id);
let current = { tags: [], frontMatter: "" };
let latest = 0; // the number of the last run started: an earlier run's answer, arriving late, is dropped
let running = 0; // runs in flight; <body data-busy> says whether any is

function el(tag, attrs = {}, text = null) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

function status(message, error = false) {
  $("status").textContent = message;
  $("status").className = error ? "error" : "";
}

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({ error: `HTTP ${res.status}` }));
  if (!res.ok) throw new Error(data.error || `HTTP ${res.status}`);
  return data;
}

// Offsets from the service count code points (Python); JavaScript strings count UTF-16 units.
function highlight(text, entities) {
  const chars = Array.from(text);
  const box = $("highlighted");
  box.replaceChildren();
  let at = 0;
  for (const e of entities) {
    if (e.start < at) continue; // overlapping: keep the first
    box.append(document.createTextNode(chars.slice(at, e.start).join("")));
    const name = e.canonical || e.text;
    const kind = e.kind ? ` · ${e.kind}` : "";
    const mark = el("mark", {
      class: `ent ent-${e.label}`,
      title: `${name}（${LABELS[e.label] || e.label}${kind}）`,
      "data-label": e.label,
      "data-canonical": name,
    }, chars.slice(e.start, e.end).join(""));
    box.append(mark);
    at = e.end;
  }
  box.append(document.createTextNode(chars.slice(at).join("")));
}

function showTags(result) {
  const list = $("tags");
  list.replaceChildren();
  for (const t of result.tags) {
    const item = el("li", { "data-tag": t.tag });
    item.append(el("span", { class: "name" }, t.tag));
    item.append(el("span", { class: "score" }, t.score.toFixed(2)));
    item.append(el("span", { class: "source" }, `［${SOURCES[t.source] || t.source}］`));
    const reasons = el("ul");
    for (const r of t.reasons) reasons.append(el("li", {}, r));
    item.append(reasons);
    list.append(item);
  }
  if (!result.tags.length) list.append(el("li", {}, "（タグ候補はありません）"));
  const left = $("left-out");
  left.replaceChildren();
  for (const x of result.left_out || []) left.append(el("li", {}, `見送り: ${x.tag} — ${x.reason}`));
}

function showEnrich(result) {
  current.frontMatter = result.front_matter || "";
  $("front-matter").textContent = current.frontMatter || "（フロントマターはありません）";
  const notes = $("notes");
  notes.replaceChildren();
  for (const n of result.notes) notes.append(el("li", {}, n));
  if (result.status === "skipped" && result.reason) notes.append(el("li", {}, result.reason));
}

async function run() {
  const text = $("article").value;
  if (!text.trim()) {
    status("記事が空です。", true);
    return;
  }
  const preset = $("preset").value || null;
  const mine = ++latest;
  running += 1;
  document.body.dataset.busy = "true";
  status("解析中…");
  $("run").disabled = true;
  try {
    const [analysis, tags, enrich] = await Promise.all([
      post("/analyze", { text }),
      post("/tags", { text, preset }),
      post("/enrich", { text, preset, add_front_matter: "yaml" }),
    ]);
    if (mine !== latest) return; // a later run (the text or the preset changed) shows its own answer
    highlight(text, analysis.entities);
    showTags(tags);
    showEnrich(enrich);
    current.tags = tags.tags.map((t) => t.tag);
    $("copy-tags").disabled = !current.tags.length;
    $("copy-front-matter").disabled = !current.frontMatter;
    status(`固有名詞 ${analysis.entities.length} 件、タグ候補 ${tags.tags.length} 件`);
  } catch (err) {
    if (mine === latest) status(`エラー: ${err.message}`, true);
  } finally {
    running -= 1;
    if (!running) {
      $("run").disabled = false;
      document.body.dataset.busy = "false";
    }
  }
}

async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea");
    area.value = text;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  status(`${what}をコピーしました`);
}

function legend() {
  for (const [label, name] of Object.entries(LABELS)) {
    const item = el("li");
    item.append(el("mark", { class: `ent-${label}` }, name));
    $("legend").append(item);
  }
}

function dropping() {
  const area = $("article");
  area.addEventListener("dragover", (e) => { e.preventDefault(); area.classList.add("dragging"); });
  area.addEventListener("dragleave", () => area.classList.remove("dragging"));
  area.addEventListener("drop", async (e) => {
    e.preventDefault();
    area.classList.remove("dragging");
    const file = e.dataTransfer.files[0];
    if (!file) return;
    area.value = await file.text();
    run();
  });
}

legend();
dropping();
$("run").addEventListener("click", run);
$("preset").addEventListener("change", () => { if ($("article").value.trim()) run(); });
$("copy-tags").addEventListener("click", () => copy(current.tags.join(", "), "タグ"));
$("copy-front-matter").addEventListener("click", () => copy(current.frontMatter, "フロントマター"));
