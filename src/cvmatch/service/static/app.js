// cvmatch recruiter page: a small dependency-free script over the JSON API (/docs).
// The token is entered once and kept in localStorage; every call sends it as a bearer token.
"use strict";

const $ = (sel) => document.querySelector(sel);
const PAGE = 25;
const UPLOAD_BATCH = 4; // files per request: progress moves while a folder uploads
const state = { job: null, offset: 0, total: 0, items: [], compare: new Set() };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function say(text, kind = "error") {
  const box = $("#message");
  box.textContent = text;
  box.className = "message" + (kind === "info" ? " info" : "");
  box.hidden = !text;
}

function token() { return localStorage.getItem("cvmatch-token") || ""; }

async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: "Bearer " + token() }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let detail = response.statusText;
    try { const problem = await response.json(); detail = problem.detail || problem.title; } catch (_) { /* not JSON */ }
    const error = new Error(`${response.status}: ${detail}`);
    error.status = response.status;
    throw error;
  }
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.blob();
}

async function guarded(action) {
  try { say(""); await action(); } catch (error) { say(error.message); }
}

// ---- jobs -------------------------------------------------------------------------------
async function loadJobs(selectId, open = true) {
  const jobs = await api("/api/jobs");
  const select = $("#job-select");
  select.replaceChildren(el("option", { value: "" }, "— choose —"),
    ...jobs.map((j) => el("option", { value: j.id }, `${j.title} (${j.candidates} CVs)`)));
  if (selectId) select.value = String(selectId);
  if (selectId && open) await openJob(selectId);
}

async function openJob(jobId) {
  if (!jobId) return;
  state.job = await api(`/api/jobs/${jobId}`);
  state.offset = 0;
  state.compare.clear();
  $("#job-name").textContent = state.job.title;
  $("#new-job").open = false;
  await refresh();
}

async function createJob(event) {
  event.preventDefault();
  const title = $("#job-title").value.trim();
  const file = $("#job-file").files[0];
  let job;
  if (file) {
    const form = new FormData();
    form.append("file", file);
    form.append("title", title);
    job = await api("/api/jobs/file", { method: "POST", body: form });
  } else {
    const body = JSON.stringify({ title, text: $("#job-text").value });
    job = await api("/api/jobs", { method: "POST", body, headers: { "Content-Type": "application/json" } });
  }
  $("#job-form").reset();
  say(`Job "${job.title}" created.`, "info");
  await loadJobs(job.id);
}

// ---- uploads ----------------------------------------------------------------------------
async function filesFromDrop(items) {
  const files = [];
  async function walk(entry) {
    if (entry.isFile) files.push(await new Promise((ok, ko) => entry.file(ok, ko)));
    else if (entry.isDirectory) {
      const reader = entry.createReader();
      let batch;
      do {
        batch = await new Promise((ok, ko) => reader.readEntries(ok, ko));
        for (const child of batch) await walk(child);
      } while (batch.length);
    }
  }
  for (const item of items) {
    const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
    if (entry) await walk(entry); else if (item.getAsFile()) files.push(item.getAsFile());
  }
  return files.filter((f) => !f.name.startsWith("."));
}

async function upload(files) {
  if (!state.job) { say("Choose or create a job first."); return; }
  const bar = $("#upload-progress");
  const failures = $("#upload-failures");
  failures.replaceChildren();
  bar.hidden = false; bar.max = files.length; bar.value = 0;
  const tally = { stored: 0, duplicates: 0, failed: 0 };
  for (let start = 0; start < files.length; start += UPLOAD_BATCH) {
    const form = new FormData();
    for (const file of files.slice(start, start + UPLOAD_BATCH)) form.append("files", file, file.name);
    const result = await api(`/api/jobs/${state.job.id}/cvs`, { method: "POST", body: form });
    tally.stored += result.stored; tally.duplicates += result.duplicates; tally.failed += result.failed;
    for (const f of result.files.filter((x) => x.error)) failures.append(el("li", {}, `${f.filename}: ${f.message}`));
    bar.value = Math.min(start + UPLOAD_BATCH, files.length);
    $("#upload-status").textContent =
      `${bar.value} / ${files.length} sent — ${tally.stored} new, ${tally.duplicates} duplicate, ${tally.failed} refused`;
  }
  $("#upload-status").textContent += " — ranking…";
  await refresh();
  await loadJobs(state.job.id, false);
  $("#upload-status").textContent = $("#upload-status").textContent.replace(" — ranking…", " — ranked.");
}

// ---- ranking ----------------------------------------------------------------------------
async function refresh() {
  if (!state.job) return;
  const page = await api(`/api/jobs/${state.job.id}/ranking?offset=${state.offset}&limit=${PAGE}`);
  state.total = page.total; state.items = page.items; state.stars = page.stars;
  const reranked = page.stars.length ? ` — re-ranked by ${page.stars.length} star(s), weight ${page.star_weight}` : "";
  $("#rank-summary").textContent = `${page.total} candidates${reranked}`;
  showLearning(page.learning);
  showSettings(page);
  $("#ranking tbody").replaceChildren(...page.items.map(row));
  const last = Math.min(state.offset + PAGE, state.total);
  $("#page-info").textContent = state.total ? `${state.offset + 1}–${last} of ${state.total}` : "no candidates yet";
  $("#prev").disabled = state.offset === 0;
  $("#next").disabled = last >= state.total;
  $("#compare-btn").disabled = state.compare.size !== 2;
}

// What the learning from decisions does to this job's list (GET /api/jobs/{id}/ranking → learning).
function learningText(l) {
  if (!l || l.status === "off") return "";
  if (l.status === "active") return `re-ranked from your ${l.decisions} decisions`;
  if (l.status === "one_class") return `learning: ${l.decisions} decisions, all alike — shortlist and reject to learn`;
  return `learning: ${l.decisions} of ${l.min_decisions} decisions`;
}

function showLearning(l) {
  $("#learning-toggle").checked = Boolean(l && l.enabled);
  $("#learning-info").textContent = learningText(l);
  $("#learning-reset").hidden = !(l && l.enabled && l.decisions > 0);
}

// The job's scoring settings (GET/PUT /api/jobs/{id}/settings) and what they did to the list.
function showSettings(page) {
  const s = page.settings;
  if (s && !$("#settings-form").contains(document.activeElement)) {
    $("#set-ranker").value = s.ranker_model || "";
    $("#set-rerank").value = s.rerank_model || "";
    $("#set-rerank-top").value = s.rerank_top;
    $("#set-llm").checked = s.llm;
    $("#set-llm-top").value = s.llm_top;
  }
  const notes = [];
  if (s && s.ranker_model) notes.push(`ranker ${s.ranker_model}`);
  if (s && s.rerank_model) notes.push(`re-ranker ${s.rerank_model} on the best ${s.rerank_top}`);
  if (page.llm) {
    notes.push(page.llm.degraded
      ? `LLM unavailable — deterministic ranking (${page.llm.warnings.join("; ")})`
      : `LLM ${page.llm.model} re-read the best ${page.llm.reviewed}`);
  }
  if (page.ann) notes.push(`large pool: the ${page.ann.candidates} nearest of ${page.ann.pool} CVs were scored (ANN)`);
  $("#stage-info").textContent = notes.join(" · ");
  $("#stage-info").className = page.llm && page.llm.degraded ? "message" : "";
}

async function saveSettings(event) {
  event.preventDefault();
  if (!state.job) return;
  const text = (id) => $(id).value.trim() || null;
  const number = (id) => ($(id).value ? Number($(id).value) : null);
  const body = { ranker_model: text("#set-ranker"), rerank_model: text("#set-rerank"),
    rerank_top: number("#set-rerank-top"), llm: $("#set-llm").checked, llm_top: number("#set-llm-top") };
  await api(`/api/jobs/${state.job.id}/settings`, {
    method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  say("Settings saved: the list is ranked with them.", "info");
  await refresh();
}

function stageMoves(item) {
  const moved = (item.stages || []).filter((s) => s.rank_after !== s.rank_before);
  const notes = moved.map((s) => `${s.rank_after < s.rank_before ? "↑" : "↓"}${Math.abs(s.rank_before - s.rank_after)} by ${s.model}`);
  if (item.fused_score !== null && item.fused_score !== undefined) notes.push(`LLM: ${item.fused_score.toFixed(1)}`);
  return notes.length ? el("span", { class: "sim", title: item.llm ? item.llm.summary : "" }, notes.join(", ")) : null;
}

function learnedMove(item) {
  const moved = item.learned;
  if (!moved || moved.rank_change === 0) return null;
  const arrow = moved.rank_change > 0 ? `↑${moved.rank_change}` : `↓${-moved.rank_change}`;
  return el("span", { class: "sim learned", title: `plain rank ${moved.plain_rank}, score ${moved.plain_score.toFixed(1)}` },
    `${arrow} from your decisions`);
}

function chips(terms, kind, max = 6) {
  const shown = terms.slice(0, max);
  const more = terms.length > max ? el("li", {}, `+${terms.length - max}`) : null;
  return el("ul", { class: `chips ${kind}`, "aria-label": kind === "met" ? "matched terms" : "missing terms" },
    shown.map((t) => el("li", {}, t)), more);
}

function row(item) {
  const m = item.match;
  const classes = [item.starred ? "starred" : "", item.decision === "reject" ? "rejected" : "",
    item.decision === "shortlist" ? "shortlisted" : ""].join(" ").trim();
  const starLabel = `${item.starred ? "Unstar" : "Star"} ${item.name}`;
  const sim = item.star_similarity === null ? null : el("span", { class: "sim" }, `like starred: ${Math.round(item.star_similarity * 100)}%`);
  return el("tr", { class: classes, "data-candidate": item.candidate_id },
    el("td", {}, item.rank),
    el("td", {}, el("button", { type: "button", class: "star", "aria-pressed": String(item.starred),
      "aria-label": starLabel, title: starLabel, onclick: () => guarded(() => toggleStar(item)) }, item.starred ? "★" : "☆")),
    el("td", {}, el("button", { type: "button", class: "linkish evidence-link", onclick: () => guarded(() => showEvidence(item.candidate_id)) }, item.name),
      m.flags.length ? el("span", { class: "sim" }, m.flags.join(", ")) : null),
    el("td", { class: "score" }, item.score.toFixed(1),
      item.score !== item.job_score ? el("span", { class: "sim" }, `job match ${item.job_score.toFixed(1)}`) : null,
      el("span", { class: "bar", style: `width:${Math.max(0, Math.min(100, item.score))}%` }), sim, learnedMove(item), stageMoves(item)),
    el("td", {}, chips(m.matched_terms, "met")),
    el("td", {}, chips(m.missing_terms, "miss")),
    el("td", { class: "decision" }, decisionButton(item, "shortlist", "Shortlist"), decisionButton(item, "reject", "Reject")),
    el("td", {}, el("input", { type: "checkbox", "aria-label": `Compare ${item.name}`, checked: state.compare.has(item.candidate_id),
      onchange: (e) => toggleCompare(item.candidate_id, e.target.checked) })));
}

function decisionButton(item, decision, label) {
  return el("button", { type: "button", "aria-pressed": String(item.decision === decision),
    onclick: () => guarded(async () => {
      await api(`/api/jobs/${state.job.id}/candidates/${item.candidate_id}/decisions`, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ decision }) });
      await refresh();
    }) }, label);
}

async function toggleStar(item) {
  const method = item.starred ? "DELETE" : "PUT";
  await api(`/api/jobs/${state.job.id}/stars/${item.candidate_id}`, { method });
  await refresh();
}

function toggleCompare(candidateId, on) {
  if (on) state.compare.add(candidateId); else state.compare.delete(candidateId);
  $("#compare-btn").disabled = state.compare.size !== 2;
}

// ---- evidence and comparison ------------------------------------------------------------
function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

function highlighted(text, terms) {
  const words = terms.filter((t) => t.length > 1).sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (!words.length) return [text];
  const pattern = new RegExp(`\\b(${words.join("|")})\\b`, "gi");
  const parts = [];
  let last = 0;
  for (const hit of text.matchAll(pattern)) {
    parts.push(text.slice(last, hit.index), el("mark", {}, hit[0]));
    last = hit.index + hit[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function yearsText(req) {
  if (req.required_years === null || req.required_years === undefined) return "";
  const found = req.found_years === null || req.found_years === undefined ? 0 : req.found_years;
  return `${found} of ${req.required_years} years`;
}

function requirementsTable(match) {
  // One row per job requirement: met / partial / missing, with the CV line that supports it.
  const reqs = match.requirements || [];
  if (!reqs.length) return null;
  const head = el("tr", {}, ["Requirement", "Asked", "Status", "CV evidence"].map((h) => el("th", { scope: "col" }, h)));
  const rows = reqs.map((r) => el("tr", { class: `req ${r.status}` },
    el("td", {}, r.text),
    el("td", {}, `${r.importance}${r.hard ? " · must" : ""} (${r.kind})`),
    el("td", {}, el("span", { class: `status ${r.status}` }, r.status), yearsText(r) ? el("div", { class: "years" }, yearsText(r)) : null),
    el("td", {}, r.cv_span || "—")));
  return [el("h4", {}, "Requirements"),
    match.knockout ? el("p", { class: "knockout" }, "A must-have requirement is missing: the score is capped.") : null,
    el("table", { class: "requirements" }, el("thead", {}, head), el("tbody", {}, rows))];
}

function extraEvidence(match) {
  // Fields added to Match later are shown generically; requirements have their own table.
  const known = new Set(["job_id", "cv_id", "score", "signals", "reasons", "matched_terms", "missing_terms", "flags",
    "requirements", "missing_requirements", "knockout"]);
  return Object.entries(match).filter(([key]) => !known.has(key)).map(([key, value]) =>
    el("div", {}, el("h4", {}, key.replace(/_/g, " ")),
      Array.isArray(value) ? el("ul", {}, value.map((v) => el("li", {}, typeof v === "object" ? JSON.stringify(v) : v)))
        : el("p", {}, JSON.stringify(value))));
}

function evidenceCard(item) {
  const m = item.match;
  return el("article", { class: "card", "data-candidate": item.candidate_id },
    el("h3", {}, `#${item.rank} ${item.name}`),
    el("dl", { class: "signals" },
      el("dt", {}, "score"), el("dd", {}, item.score.toFixed(1)),
      el("dt", {}, "job match"), el("dd", {}, item.job_score.toFixed(1)),
      item.star_similarity === null ? null : [el("dt", {}, "like starred"),
        el("dd", {}, `${Math.round(item.star_similarity * 100)}%`)],
      el("dt", {}, "decision"), el("dd", {}, item.decision || "—"),
      el("dt", {}, "dense"), el("dd", {}, `${m.signals.dense} (${m.signals.dense_model})`),
      el("dt", {}, "lexical"), el("dd", {}, m.signals.lexical),
      el("dt", {}, "file"), el("dd", {}, `${item.filename} (${item.language})`)),
    el("h4", {}, "Matched"), chips(m.matched_terms, "met", 100),
    el("h4", {}, "Missing"), chips(m.missing_terms, "miss", 100),
    el("h4", {}, "Evidence from the CV"),
    el("ol", { class: "reasons" }, m.reasons.map((r) => el("li", {}, highlighted(r, m.matched_terms)))),
    requirementsTable(m),
    extraEvidence(m));
}

async function showEvidence(candidateId) {
  const item = await api(`/api/jobs/${state.job.id}/candidates/${candidateId}`);
  $("#evidence-body").replaceChildren(evidenceCard(item));
  $("#evidence").hidden = false;
  $("#evidence").scrollIntoView({ block: "start" });
}

async function compare() {
  const ids = [...state.compare];
  const items = await Promise.all(ids.map((id) => api(`/api/jobs/${state.job.id}/candidates/${id}`)));
  $("#compare-body").replaceChildren(...items.map(evidenceCard));
  $("#compare").hidden = false;
  $("#compare").scrollIntoView({ block: "start" });
}

async function download(format) {
  const blob = await api(`/api/jobs/${state.job.id}/export?format=${format}`);
  const link = el("a", { href: URL.createObjectURL(blob), download: `job-${state.job.id}-ranking.${format}` });
  document.body.append(link); link.click(); link.remove();
}

// ---- wiring -----------------------------------------------------------------------------
function wire() {
  $("#token").value = token();
  $("#token-state").textContent = token() ? "saved" : "not set";
  $("#token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem("cvmatch-token", $("#token").value.trim());
    $("#token-state").textContent = "saved";
    guarded(() => loadJobs());
  });
  $("#job-form").addEventListener("submit", (e) => guarded(() => createJob(e)));
  $("#job-select").addEventListener("change", (e) => guarded(() => openJob(e.target.value)));
  for (const id of ["#cv-files", "#cv-folder"]) {
    $(id).addEventListener("change", (e) => guarded(async () => { await upload([...e.target.files]); e.target.value = ""; }));
  }
  const drop = $("#drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault(); drop.classList.remove("over");
    guarded(async () => upload(await filesFromDrop([...e.dataTransfer.items])));
  });
  $("#reset-stars").addEventListener("click", () => guarded(async () => {
    if (!state.job) return;
    await api(`/api/jobs/${state.job.id}/stars`, { method: "DELETE" });
    await refresh();
  }));
  $("#learning-toggle").addEventListener("change", (e) => guarded(async () => {
    if (!state.job) return;
    await api(`/api/jobs/${state.job.id}/learning`, {
      method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ enabled: e.target.checked }) });
    await refresh();
  }));
  $("#learning-reset").addEventListener("click", () => guarded(async () => {
    if (!state.job) return;
    await api(`/api/jobs/${state.job.id}/learning/reset`, { method: "POST" });
    await refresh();
  }));
  $("#settings-form").addEventListener("submit", (e) => guarded(() => saveSettings(e)));
  $("#prev").addEventListener("click", () => guarded(async () => { state.offset = Math.max(0, state.offset - PAGE); await refresh(); }));
  $("#next").addEventListener("click", () => guarded(async () => { state.offset += PAGE; await refresh(); }));
  $("#compare-btn").addEventListener("click", () => guarded(compare));
  $("#export-csv").addEventListener("click", () => guarded(() => download("csv")));
  $("#export-json").addEventListener("click", () => guarded(() => download("json")));
  if (token()) guarded(() => loadJobs());
}

wire();
